/* SPDX-License-Identifier: ISC */
/*
 * main.c - cvault's entry point: global options, the command table, the
 * unlocking that commands ask for through their flags, and the one place
 * where vault_err becomes an exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "paths.h"

#define CVAULT_VERSION "0.1.0"

static const struct cmd commands[] = {
	{ "init", cmd_init, 0,
	  "init --council NAME [--holder ROLE=NAME... --threshold K]\n"
	  "           [--paper-holder ROLE=NAME...]\n"
	  "           [--kdf-memory MIB] [--kdf-time N] [--kdf-lanes N]",
	  "create a new vault" },
	{ "add", cmd_add, CMD_OPEN | CMD_LATE,
	  "add TITLE [--username U] [--url URL] [--notes TEXT|-] [--tag T]...\n"
	  "           [--field NAME=VALUE|NAME=-]... [--totp - | --totp-qr IMAGE]\n"
	  "           [--recovery-codes -] [--2fa-device TEXT] [--generate]\n"
	  "           [--allow-weak]",
	  "store a new account" },
	{ "get", cmd_get, CMD_OPEN | CMD_LATE,
	  "get TITLE [--field NAME] [--copy [--clear-after SECONDS]]",
	  "print an account's password (or one field)\n"
	  "fields: password (the default), username, url, notes, title, tags,\n"
	  "  totp, recovery-codes, 2fa-device, created, modified,\n"
	  "  password-changed, or the name of a custom field" },
	{ "show", cmd_show, CMD_OPEN | CMD_LATE,
	  "show TITLE [--copy [--clear-after SECONDS]]",
	  "show an account to read: every field, labelled" },
	{ "ls", cmd_ls, CMD_OPEN | CMD_LATE, "ls", "list the accounts" },
	{ "search", cmd_search, CMD_OPEN | CMD_LATE, "search TERM",
	  "find accounts by title, username, URL or tag" },
	{ "edit", cmd_edit, CMD_OPEN | CMD_LATE,
	  "edit TITLE [--title NEW] [--username U] [--url URL] [--notes TEXT|-]\n"
	  "           [--tag T] [--untag T] [--field NAME=VALUE] [--unfield NAME]\n"
	  "           [--totp - | --totp-qr IMAGE] [--recovery-codes -]\n"
	  "           [--2fa-device TEXT] [--password | --generate] [--allow-weak]",
	  "change an account" },
	{ "totp", cmd_totp, 0,
	  "totp TITLE [--at UNIXTIME] | totp --uri - [--at UNIXTIME]\n"
	  "           [--copy [--clear-after SECONDS]]",
	  "an account's two-factor code (or one from a URI, no vault)" },
	{ "rm", cmd_rm, CMD_OPEN | CMD_LATE, "rm TITLE [--yes]",
	  "delete an account" },
	{ "history", cmd_history, CMD_OPEN | CMD_LATE, "history TITLE",
	  "show an account's previous passwords" },
	{ "passwd", cmd_passwd, CMD_OPEN | CMD_LATE,
	  "passwd [--kdf-memory MIB] [--kdf-time N] [--kdf-lanes N]",
	  "change the clerk's passphrase or key-stretching settings" },
	{ "verify", cmd_verify, CMD_OPEN | CMD_LATE | CMD_LOOK, "verify",
	  "check every record in the vault for damage or tampering" },
	{ "backup", cmd_backup, CMD_OPEN | CMD_LATE, "backup [DEST] [--keep N]",
	  "a verified copy of the vault, made while it may be in use" },
	{ "merge", cmd_merge, 0, "merge OTHER | merge --git BASE OURS THEIRS",
	  "bring the changes of another copy of the vault into it" },
	{ "restore", cmd_restore, 0, "restore BACKUP [--yes]",
	  "put a verified backup in place of the vault (the old file kept)" },
	{ "accept-restore", cmd_accept_restore, CMD_OPEN | CMD_LATE,
	  "accept-restore",
	  "make an older copy, put back on purpose, the new starting point" },
	{ "escrow", cmd_escrow, 0,
	  "escrow setup|rotate --holder ROLE=NAME... --threshold K\n"
	  "           [--paper-holder ROLE=NAME...]\n"
	  "           [--kdf-memory MIB] [--kdf-time N] [--kdf-lanes N]\n"
	  "           | status | print ROLE | verify-share [ROLE] | remove [--yes]",
	  "holders who together can open the vault without the clerk" },
	{ "log", cmd_log, CMD_OPEN | CMD_LATE,
	  "log [--since YYYY-MM-DD] [--openings] [--ack]",
	  "the activity log: openings, reveals and changes" },
	{ "rekey", cmd_rekey, CMD_OPEN | CMD_LATE,
	  "rekey [--holder ROLE=NAME... [--paper-holder ROLE=NAME...]\n"
	  "           --threshold K | --no-escrow]\n"
	  "           [--kdf-memory MIB] [--kdf-time N] [--kdf-lanes N]",
	  "new master key; new escrow shares" },
	{ "handover", cmd_handover, CMD_OPEN | CMD_LATE,
	  "handover [--holder ROLE=NAME... [--paper-holder ROLE=NAME...]\n"
	  "           --threshold K | --no-escrow]\n"
	  "           [--kdf-memory MIB] [--kdf-time N] [--kdf-lanes N]",
	  "a new clerk: new passphrase, new master key, new shares" },
	{ "report", cmd_report, CMD_OPEN | CMD_LATE,
	  "report [--format text|html|json] [--out FILE]",
	  "the annual review: weak, reused, old, breached passwords; 2FA; keys" },
	{ "import", cmd_import, CMD_OPEN | CMD_LATE,
	  "import [--format F] [--map COLUMN=FIELD]... [--dry-run] [--yes]\n"
	  "           [--duplicates skip|suffix|replace] FILE|-",
	  "bring in a spreadsheet or another password manager's export" },
	{ "export", cmd_export, CMD_OPEN | CMD_LATE,
	  "export --format csv|json FILE --plaintext\n"
	  "           | export --format kdbx FILE [--kdf-memory MIB] [--kdf-time N]\n"
	  "           [--kdf-lanes N]",
	  "every account out: KeePass KDBX 4 (encrypted), or CSV/JSON (clear)" },
	{ "config", cmd_config, CMD_OPEN | CMD_LATE,
	  "config [hibp [FILE | --clear] | max-age-days [DAYS | --clear]\n"
	  "           | clipboard-seconds [SECONDS | --clear]\n"
	  "           | backup-dir [DIR | --clear]\n"
	  "           | idle-timeout [SECONDS|Nm | --clear]"
	  " | location [TEXT | --clear]]",
	  "the vault's settings: a breach list, the review age of passwords,"
	  " the clipboard, backups, the shell's idle lock, where the vault is"
	  " kept" },
	{ "gen", cmd_gen, 0,
	  "gen [--length N [--charset SET] | --words N | --passphrase]\n"
	  "           [--copy [--clear-after SECONDS]]",
	  "a new random password (20 characters, N random words, or five "
	  "words for a vault passphrase)" },
	{ "strength", cmd_strength, 0,
	  "strength [--passphrase] [--context WORD]...",
	  "check passwords, one a line on standard input, against the policy" },
	{ "shell", cmd_shell, 0, "shell [--idle-timeout SECONDS|Nm]",
	  "unlock once, then run commands at a prompt (locks when idle)" },
	{ "slip39", cmd_slip39, 0,
	  "slip39 split --threshold K --shares N [--exponent E] | combine",
	  "SLIP-0039 shares of a hex secret (recovery drills)" },
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

/* The table, for the shell (shell.c): by name, or the i-th. */
const struct cmd *
cli_command(const char *name)
{
	for (size_t k = 0; k < NCOMMANDS; k++)
		if (strcmp(name, commands[k].name) == 0)
			return &commands[k];
	return NULL;
}

const struct cmd *
cli_command_at(size_t i)
{
	return i < NCOMMANDS ? &commands[i] : NULL;
}

int
cli_exit_status(vault_err rc)
{
	switch (rc) {
	case VAULT_OK:
		return EXIT_OK;
	case VAULT_ERR_INVALID: case VAULT_ERR_KDF:
		return EXIT_USAGE;
	case VAULT_ERR_AUTH: case VAULT_ERR_SHARES: case VAULT_ERR_MNEMONIC:
		return EXIT_AUTH;
	case VAULT_ERR_NOTFOUND:
		return EXIT_NOTFOUND;
	case VAULT_ERR_CORRUPT: case VAULT_ERR_VERSION:
		return EXIT_CORRUPT;
	case VAULT_ERR_POLICY:
		return EXIT_POLICY;
	case VAULT_ERR_BUSY:
		return EXIT_BUSY;
	default:
		return EXIT_ERROR;
	}
}

/* The message, formatted, then escaped on its way to stderr: it may
 * quote a title, a role or a path (safe_text.c). */
static void
put_message(const char *msg, va_list ap)
{
	char small[512], *big = NULL;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof small, msg, ap);
	if (n >= 0 && (size_t)n >= sizeof small &&
	    (big = malloc((size_t)n + 1)) != NULL)
		vsnprintf(big, (size_t)n + 1, msg, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if (big != NULL)
		cli_safe_stderr(big, (size_t)n);
	else
		cli_safe_stderr(small, strlen(small));
	free(big);
}

int
cli_fail(struct cli *c, vault_err rc, const char *msg, ...)
{
	va_list ap;

	fprintf(stderr, "cvault: %s: ", c->name);
	if (msg != NULL) {
		va_start(ap, msg);
		put_message(msg, ap);
		va_end(ap);
	} else {
		fputs(vault_strerror(rc), stderr);
	}
	fputc('\n', stderr);
	return cli_exit_status(rc);
}

void
cli_warn(struct cli *c, const char *msg, ...)
{
	va_list ap;

	fprintf(stderr, "cvault: %s: warning: ", c->name);
	va_start(ap, msg);
	put_message(msg, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The usage line, as an error: it starts "cvault: COMMAND:" like every
 * other (a specific reason, when there is one, was printed before it). */
int
cli_usage(struct cli *c)
{
	fprintf(stderr, "cvault: %s: usage: cvault [global options] %s\n",
	    c->name, c->usage);
	return EXIT_USAGE;
}

static void
help(FILE *f)
{
	fprintf(f, "cvault %s - the council's credential vault\n\n"
	    "usage: cvault [-f FILE] [--passphrase-fd N] [--json]"
	    " [--read-only]\n"
	    "              [--escrow ROLE,ROLE] [--shares FILE|-] [--hibp FILE]"
	    " COMMAND "
	    "[ARGS]\n       cvault --help | --version\n\ncommands:\n",
	    CVAULT_VERSION);
	/* One line a command here; `cvault COMMAND --help` has the rest. */
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %.*s\n", commands[i].name,
		    (int)strcspn(commands[i].help, "\n"), commands[i].help);
	fprintf(f, "  %-8s %s\n", "help", "this list");
	fprintf(f, "\nThe vault is FILE, else $CVAULT_FILE, else "
	    "$XDG_DATA_HOME/cvault/council.vault.\n"
	    "Without the clerk: --escrow chair,deputy asks each holder for "
	    "their passphrase;\n--shares FILE adds paper shares. "
	    "See " CVAULT_DOCDIR "/emergency-access.md.\n"
	    "'cvault COMMAND --help' shows a command's options. "
	    "See " CVAULT_DOCDIR "/user-guide.md\nand cvault(1).\n");
}

/* -f FILE, else $CVAULT_FILE, else the system's data folder (sys.h). */
static char *
default_path(void)
{
	const char *env = getenv("CVAULT_FILE");
	char *dir, *p = NULL;
	size_t n;

	if (env != NULL && *env)
		return strdup(env);
	if ((dir = sys_data_dir()) == NULL)
		return NULL;
	n = strlen(dir) + sizeof SYS_SEP "council.vault";
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s" SYS_SEP "council.vault", dir);
	free(dir);
	return p;
}

/* The command named after the global options, for the messages about
 * them ("cvault: get: -f needs a FILE"); NULL when there is none. */
static const char *
command_named(int argc, char **argv, int from)
{
	for (int k = from; k < argc; k++)
		for (size_t j = 0; j < NCOMMANDS; j++)
			if (strcmp(argv[k], commands[j].name) == 0)
				return commands[j].name;
	return NULL;
}

/* A global option's error: one line (the text is escaped), then -1. */
static int CLI_PRINTF(4, 5)
global_error(int argc, char **argv, int i, const char *msg, ...)
{
	const char *cmd = command_named(argc, argv, i + 1);
	va_list ap;

	if (cmd != NULL)
		fprintf(stderr, "cvault: %s: ", cmd);
	else
		fputs("cvault: ", stderr);
	va_start(ap, msg);
	put_message(msg, ap);
	va_end(ap);
	fputs("; 'cvault --help' lists the options\n", stderr);
	return -1;
}

/* The value of the global option at argv[*i], or NULL (said) if none. */
static const char *
global_value(int argc, char **argv, int *i, const char *what)
{
	if (*i + 1 < argc)
		return argv[++*i];
	(void)global_error(argc, argv, *i, "%s needs %s", argv[*i], what);
	return NULL;
}

static int
global_options(struct cli *c, int argc, char **argv, int *i)
{
	for (*i = 1; *i < argc && argv[*i][0] == '-'; (*i)++) {
		const char *a = argv[*i], *v;

		if (strcmp(a, "-f") == 0 || strcmp(a, "--file") == 0) {
			if ((v = global_value(argc, argv, i, "a FILE")) == NULL)
				return -1;
			c->path = v;
		} else if (strcmp(a, "--passphrase-fd") == 0) {
			uint32_t fd;

			if ((v = global_value(argc, argv, i, "a number")) ==
			    NULL)
				return -1;
			if (cli_parse_u32(v, 0, 1024, &fd) != VAULT_OK)
				return global_error(argc, argv, *i, "--passphrase-"
				    "fd takes a file descriptor number (0 to "
				    "1024), not \"%s\"", v);
			c->pass_fd = (int)fd;
		} else if (strcmp(a, "--escrow") == 0) {
			if ((c->escrow = global_value(argc, argv, i,
			    "ROLE,ROLE")) == NULL)
				return -1;
		} else if (strcmp(a, "--shares") == 0) {
			if ((c->shares = global_value(argc, argv, i,
			    "a FILE (or - to type them)")) == NULL)
				return -1;
		} else if (strcmp(a, "--hibp") == 0) {
			if ((c->hibp = global_value(argc, argv, i, "a FILE")) ==
			    NULL)
				return -1;
		} else if (strcmp(a, "--json") == 0) {
			c->json = 1;
		} else if (strcmp(a, "--read-only") == 0) {
			c->readonly = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			help(stdout);
			return 1;
		} else if (strcmp(a, "--version") == 0) {
			printf("cvault %s (file format %d)\n", CVAULT_VERSION,
			    VAULT_FORMAT_VERSION);
			return 1;
		} else {
			return global_error(argc, argv, *i, "unknown option %s",
			    a);
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static char shell_word[] = "shell";
	char *shell_argv[2] = { shell_word, NULL };
	struct cli c;
	const struct cmd *cmd = NULL;
	char *path = NULL;
	int i, r, status;

	memset(&c, 0, sizeof c);
	c.name = "cvault";
	c.usage = "";
	c.pass_fd = -1;
	if (sys_start(&argc, &argv) != 0) {
		fputs("cvault: cannot read the command line\n", stderr);
		return EXIT_ERROR;
	}
	if (argc == 2 && strcmp(argv[1], CLI_CLEANER_ARG) == 0)
		return cli_clip_cleaner();      /* clipboard.c */
	if (sodium_init() < 0) {
		fputs("cvault: cannot initialise libsodium\n", stderr);
		return EXIT_ERROR;
	}
	if ((r = global_options(&c, argc, argv, &i)) != 0)
		return r > 0 ? EXIT_OK : EXIT_USAGE;
	/* No command, at a terminal: the shell. */
	if (i == argc && sys_isatty(STDIN_FILENO) &&
	    sys_isatty(STDOUT_FILENO)) {
		argv = shell_argv;
		argc = 1;
		i = 0;
	}
	if (i == argc) {
		help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		help(stdout);
		return EXIT_OK;
	}
	for (size_t k = 0; k < NCOMMANDS; k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			cmd = &commands[k];
	if (cmd == NULL) {
		fprintf(stderr, "cvault: %s: there is no such command; "
		    "'cvault help' lists them\n", cli_safe(argv[i]));
		return EXIT_USAGE;
	}
	c.name = cmd->name;
	c.usage = cmd->usage;
	for (int k = i + 1; k < argc && strcmp(argv[k], "--") != 0; k++)
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
			printf("usage: cvault [global options] %s\n%s\n",
			    cmd->usage, cmd->help);
			return EXIT_OK;
		}
	if (c.path == NULL && (c.path = path = default_path()) == NULL) {
		fprintf(stderr, "cvault: %s: no vault file: name it with "
		    "-f FILE or the CVAULT_FILE variable\n", c.name);
		return EXIT_USAGE;
	}
	status = EXIT_OK;
	opterr = 0;     /* option errors are the commands' (cli_getopt) */
	/* A look at a file other than the live vault changes nothing. */
	if ((cmd->flags & CMD_LOOK) && !c.readonly && c.escrow == NULL &&
	    c.shares == NULL && !cli_is_live(&c))
		c.readonly = c.look_copy = 1;
	if ((cmd->flags & CMD_OPEN) && !(cmd->flags & CMD_LATE) &&
	    (status = cli_unlock(&c)) != EXIT_OK)
		goto out;
	status = cmd->run(&c, argc - i, argv + i);
	(void)cli_checkpoint(&c, 0);    /* this computer has seen it all */
out:
	vault_close(c.v);
	free(c.hibp_owned);
	free(path);
	return status;
}
