/* SPDX-License-Identifier: ISC */
/*
 * cli.h - what the cvault program's files share.
 *
 * main.c parses the global options, finds the command in its table,
 * unlocks the vault when the command's flags ask for it, runs it and maps
 * the result to the documented exit status. Each cmd_<name>.c exports only
 * its cmd_<name>() function.
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>
#include <stdint.h>
#include "vault.h"
#include "sys.h"

/* printf-style checking of cvault's own formatters (C99 on every
 * system: mingw-w64 is built with __USE_MINGW_ANSI_STDIO). */
#ifdef _WIN32
#define CLI_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#else
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#endif

/* Exit statuses: the documented contract (docs/user-guide.md, cvault(1)). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_AUTH = 3,          /* wrong passphrase or shares */
	EXIT_NOTFOUND = 4,
	EXIT_CORRUPT = 5,       /* vault damaged or tampered with */
	EXIT_POLICY = 6,        /* password refused by the policy */
	EXIT_BUSY = 7           /* another cvault is writing */
};

#define CMD_OPEN  0x1   /* main unlocks the vault before run() */
/* With CMD_OPEN: run() checks its arguments first, then calls
 * cli_unlock() itself, so a usage error never costs a passphrase. */
#define CMD_LATE  0x2
#define CMD_LOOK  0x4   /* a look only: read-only unless the live vault */
#define CLI_CONTEXT_MAX 48

struct cli {
	const char *path;       /* the vault file */
	const char *name;       /* the command's name, for messages */
	const char *usage;      /* the command's usage line */
	int pass_fd;            /* --passphrase-fd, or -1 for the terminal */
	int json;               /* --json */
	int readonly;           /* --read-only, or a look at a copy */
	int look_copy;          /* a look at a file that is not the live one */
	int no_live;            /* not the live vault (a git merge's file) */
	int ro_quiet;           /* read-only until a merge goes ahead */
	const char *escrow;     /* --escrow ROLE,ROLE: open without the clerk */
	const char *shares;     /* --shares FILE: paper shares, one a line */
	const char *hibp;       /* --hibp FILE: breached-password list */
	char *hibp_owned;       /* the vault's hibp setting, when used */
	vault *v;               /* open when the command has CMD_OPEN */
	uint64_t notice_last;   /* the last log record the notice showed */
	/* Words no password may contain (policy.c): the council's name,
	 * holders' names; public strings, not owned. */
	const char *context[CLI_CONTEXT_MAX];
	size_t ncontext;
};

struct cmd {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	unsigned flags;
	const char *usage;
	const char *help;
};

/* main.c */
const struct cmd *cli_command(const char *name);   /* NULL: no such */
const struct cmd *cli_command_at(size_t i);        /* NULL past the end */
int cli_usage(struct cli *c);                   /* prints usage, returns 2 */
/* Print "cvault: <cmd>: <message>" for rc (or `msg` when not NULL,
 * printf-style) and return the exit status for rc. Never prints secrets:
 * callers pass only public text. */
int cli_fail(struct cli *c, vault_err rc, const char *msg, ...)
    CLI_PRINTF(3, 4);
int cli_exit_status(vault_err rc);
void cli_warn(struct cli *c, const char *msg, ...)
    CLI_PRINTF(2, 3);

/* unlock.c: open c->path for a CMD_OPEN command, by the clerk's
 * passphrase or through escrow; then, for the clerk, the notice of what
 * happened in escrow openings (notice.c). Returns an exit status; does
 * nothing when the vault is already open (c->v). */
int cli_unlock(struct cli *c);
/* Ask holder `role` for their passphrase and add their share to an
 * escrow opening; names the holder whose passphrase failed, and sends a
 * paper-only holder to --shares (unlock.c). Returns an exit status. */
int cli_escrow_holder(struct cli *c, vault_escrow *eo, const char *role);
/* Add paper shares from FILE or "-" to an escrow opening, all of them
 * (shares.c); `report` says whose each good share is. */
int cli_paper_shares(struct cli *c, vault_escrow *eo, const char *src,
    int report);
/* The same for an opening: stops once `have` (shares already given by
 * passphrase) plus those read reach the threshold. */
int cli_paper_shares_open(struct cli *c, vault_escrow *eo, const char *src,
    unsigned have);
int cli_notice(struct cli *c, int interactive);
/* checkpoint.c: check (first = 1, after the clerk's unlock: warns when
 * the file is older than this computer last saw) or advance (at the
 * end) the clerk's out-of-file checkpoint. */
int cli_checkpoint(struct cli *c, int first);
/* checkpoint.c: 1 when c->path is this computer's live vault: the file
 * the clerk last worked in (recorded, by path, at the end of every
 * writable clerk session), or any file of a vault with no such record
 * yet; 0 for another file of the same vault (a backup, a copy). */
int cli_is_live(struct cli *c);
/* conflict.c: tell the clerk of sync programs' conflict copies of the
 * open vault beside it (same vault id), and how to merge each. */
void cli_conflicts(struct cli *c);
/* The state directory ($XDG_STATE_HOME/cvault), created; malloc'd. */
char *cli_state_dir(void);

/* term.c: secrets in. Reads one line from --passphrase-fd, or asks on
 * /dev/tty with echo off. The newline is not kept. */
vault_err cli_read_secret(struct cli *c, const char *prompt,
    vault_secret **out);
/* The longest line read as a secret: passphrase, password or URI. */
#define CLI_LINE_MAX 4096u
/* One line from fd into a new guarded secret, quietly; the newline (and
 * a CR before it) dropped. 0 ok, 1 end of input, -1 error or too long. */
int cli_read_line(int fd, vault_secret **out);
/* A new secret: on a terminal asked twice and compared. */
vault_err cli_read_new_secret(struct cli *c, const char *prompt,
    vault_secret **out);
/* Ask a yes/no question on the terminal; 1 for yes. No terminal: `dflt`. */
int cli_confirm(const char *question, int dflt);
/* Read all of standard input (at most `max` bytes) into a secret. */
vault_err cli_read_stdin(size_t max, vault_secret **out);

/* out.c: output built in guarded memory, written with write(2). */
struct obuf;
vault_err ob_new(struct obuf **out);
void ob_free(struct obuf *ob);                  /* wipes; NULL no-op */
vault_err ob_put(struct obuf *ob, const void *p, size_t len);
vault_err ob_str(struct obuf *ob, const char *s);
vault_err ob_fmt(struct obuf *ob, const char *fmt, ...)
    CLI_PRINTF(2, 3);      /* public data only */
vault_err ob_flush(struct obuf *ob, int fd);
/* Read access for callers that index into the buffer; the pointer
 * changes when the buffer grows. */
const uint8_t *ob_data(const struct obuf *ob);
size_t ob_len(const struct obuf *ob);

/* safe_text.c: the one escaping helper. Text a person chose or the file
 * holds (titles, tags, fields, names, roles, the council, log subjects,
 * paths) is shown with control characters, bidirectional controls and
 * malformed UTF-8 escaped (\x1b, \u202e): the rule is vault_text_check's.
 * flags: 0, or VAULT_TEXT_MULTILINE to keep newlines and tabs. */
vault_err ob_safe(struct obuf *ob, const uint8_t *p, size_t len,
    unsigned flags);
vault_err ob_safe_str(struct obuf *ob, const char *s);
/* The escaped text as a NUL-terminated string for a message or prompt,
 * in one of four static buffers used in turn (so at most four at once),
 * cut after about `max` bytes (at most 1,196) with "...". Public text
 * only: the buffers are plain memory. */
const char *cli_safe_n(const uint8_t *p, size_t len, size_t max);
const char *cli_safe(const char *s);
/* Write `len` bytes at `s`, escaped, to stderr (cli_fail, cli_warn). */
void cli_safe_stderr(const char *s, size_t len);
/* Check text given for storing against the text rules (vault.h); on a
 * breach print one line - "the WHAT contains a control character (byte
 * N); <the rule>" or "... is not valid UTF-8 ..." - and return -1 (the
 * caller exits 2). `secret`: the position is left out. 0 when fine. */
int cli_text_check(struct cli *c, const char *what, const uint8_t *p,
    size_t len, unsigned flags, int secret);
/* A JSON string, quoted; controls and bidi escaped as \uXXXX, bytes that
 * are not UTF-8 as U+FFFD, so the output is always valid JSON. */
vault_err ob_json_str(struct obuf *ob, const uint8_t *p, size_t len);

/* options.c: shared option helpers. */
struct option;
/* getopt_long(argc, argv, "", longopts, NULL) for a command, saying what
 * is wrong ("cvault: get: unknown option --x", "... --field needs a
 * value") on one line before returning '?'. */
int cli_getopt(struct cli *c, int argc, char **argv,
    const struct option *longopts);
vault_err cli_parse_u32(const char *s, uint32_t lo, uint32_t hi,
    uint32_t *out);
/* Parse --kdf-memory/--kdf-time/--kdf-lanes values into p (only those
 * given: NULL leaves the field). Prints its own error; 0 on success. */
int cli_kdf_params(struct cli *c, const char *mib, const char *passes,
    const char *lanes, vault_params *p);
/* The same values checked only (before the vault is opened); 0 ok. */
int cli_kdf_check(struct cli *c, const char *mib, const char *passes,
    const char *lanes);
/* Hex digits into a new guarded secret of *len bytes; INVALID else. */
vault_err cli_hex_decode(const vault_secret *hex, vault_secret **out,
    size_t *len);
/* policy.c: words no password may contain; then the checks. */
void cli_context_add(struct cli *c, const char *word);
/* Ask for a new vault passphrase (twice on a terminal) until one meets
 * the policy: up to three tries on a terminal, one from a script. */
int cli_new_passphrase(struct cli *c, const char *prompt, const char *who,
    vault_secret **out);
/* Check a vault passphrase against the policy; prints reasons; 0 ok. */
int cli_passphrase_ok(struct cli *c, const vault_secret *pass,
    const char *who);

/* cmd_backup.c: a council's name as a file name ("Llanfair-Parish-
 * Council"), and whether `name` is a backup's name made from it
 * (SLUG-YYYY-MM-DD[-N].vault): 1, with the date and counter. */
void cli_backup_slug(const char *council, char *out, size_t cap);
int cli_backup_name(const char *name, const char *slug, const char **date,
    unsigned *counter);

/* find.c: the entry a person means by `query` (vault_entry_find): on
 * EXIT_OK *title is the title to use (free()) and *how (may be NULL)
 * VAULT_FIND_EXACT, _PREFIX or _WORD. Several or none: the candidates or
 * the nearest titles are listed on stderr and EXIT_NOTFOUND returned. */
int cli_find(struct cli *c, const char *query, char **title, int *how);
/* cli_find, then vault_entry_reveal(shown): the entry in *e (free with
 * vault_entry_free) and its title in *title (free()); every failure
 * explained on stderr. Returns an exit status. */
int cli_entry(struct cli *c, const char *query, unsigned shown,
    vault_entry **e, char **title);

/* clipboard.c: --copy. The value goes to the desktop's clipboard tool
 * on a pipe (never argv); a detached cleaner clears it after `seconds`
 * if the clipboard still holds it. `what` names it in the message
 * ("the password of ..."). Prints its own errors; an exit status (1 when
 * no clipboard tool is found: nothing copied). */
#define CLI_CLEAR_MAX VAULT_CLIPBOARD_SECONDS_MAX  /* a day */
#define CLI_CLEANER_ARG "--clipboard-cleaner"  /* internal: clipboard.c */
int cli_copy(struct cli *c, const uint8_t *p, size_t len, unsigned seconds,
    const char *what);
/* The clearing delay: `opt` (--clear-after), else the vault's
 * clipboard-seconds setting when a vault is open, else 20. Prints a
 * usage error for a bad `opt`; an exit status. */
int cli_clear_seconds(struct cli *c, const char *opt, unsigned *out);
/* For a command with --copy: a bad --clear-after refused first, then the
 * vault unlocked, then the delay taken (cli_clear_seconds) when `copy`.
 * An exit status. */
int cli_unlock_copy(struct cli *c, int copy, const char *clear_after,
    unsigned *seconds);
/* After a copy: says when it will be cleared, or, when the cleaner did
 * not start (`cleaner` 0), that it will not be. */
void cli_copied(struct cli *c, int cleaner, const char *what,
    unsigned seconds);
/* The cleaner's process (main.c runs it for CLI_CLEANER_ARG). */
int cli_clip_cleaner(void);

/* otp_codes.c: the code(s) of `o` at `at` as text ("123456 (17 s left)",
 * the next one too when fewer than 5 s are left) or JSON, with a
 * newline; code buffers wiped. What `totp` prints and `show` shows. */
vault_err cli_otp_codes(struct obuf *ob, const vault_otp *o, int64_t at,
    int json);

/* The commands. */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_add(struct cli *c, int argc, char **argv);
int cmd_get(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_ls(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_edit(struct cli *c, int argc, char **argv);
int cmd_rm(struct cli *c, int argc, char **argv);
int cmd_history(struct cli *c, int argc, char **argv);
int cmd_passwd(struct cli *c, int argc, char **argv);
int cmd_verify(struct cli *c, int argc, char **argv);
int cmd_accept_restore(struct cli *c, int argc, char **argv);
int cmd_escrow(struct cli *c, int argc, char **argv);
int cmd_log(struct cli *c, int argc, char **argv);
int cmd_rekey(struct cli *c, int argc, char **argv);
int cmd_handover(struct cli *c, int argc, char **argv);
int cmd_slip39(struct cli *c, int argc, char **argv);
int cmd_gen(struct cli *c, int argc, char **argv);
int cmd_config(struct cli *c, int argc, char **argv);
int cmd_strength(struct cli *c, int argc, char **argv);
int cmd_totp(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);
int cmd_merge(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_shell(struct cli *c, int argc, char **argv);

#endif
