/* SPDX-License-Identifier: ISC */
/*
 * shell_run.c - the shell's lines: split (words.c) in guarded memory and
 * dispatched through main.c's command table with the vault already
 * open; the shell's own words (help, lock, exit, quit); the commands
 * refused inside; and Tab completion of command names and titles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sodium.h>
#include "cli.h"
#include "shell.h"
#include "words.h"

#define SHELL_LINE_MAX 4096u
#define LIST_MAX 40             /* candidates shown for one Tab */
#define CHECKPOINT_EVERY 30     /* seconds */

static int64_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* Commands that make no sense with the vault already open: a new vault,
 * or a change of keys that asks for a fresh unlock of its own. */
static const struct {
	const char *name, *why;
} refused[] = {
	{ "init", "it creates a new vault" },
	{ "passwd", "it changes the passphrase, so it asks for it afresh" },
	{ "rekey", "it makes a new master key, so it needs a fresh unlock" },
	{ "handover", "it hands the vault to a new clerk, so it needs a fresh "
	  "unlock" },
	{ "shell", "this is the shell already" },
};

/* Commands whose first word after the name is a title. */
static const char *const titled[] = { "get", "show", "edit", "rm",
    "history", "totp" };

static const char *
refusal(const char *name)
{
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		if (strcmp(name, refused[i].name) == 0)
			return refused[i].why;
	return NULL;
}

static void
shell_help(void)
{
	const struct cmd *cmd;

	printf("Commands (each as 'cvault COMMAND' would run it; "
	    "'COMMAND --help' for its options):\n");
	for (size_t i = 0; (cmd = cli_command_at(i)) != NULL; i++)
		if (refusal(cmd->name) == NULL)
			printf("  %-8s %s\n", cmd->name, cmd->help);
	printf("  %-8s %s\n  %-8s %s\n", "lock", "lock now: the keys are "
	    "wiped until the passphrase is typed again", "exit", "leave "
	    "(also 'quit' or Ctrl-D); the keys are wiped");
	printf("Quote titles with spaces as in a shell: get 'Bank of "
	    "Scotland'. Tab completes commands and titles.\n");
}

static int
command_help(const struct cmd *cmd, int argc, char **argv)
{
	for (int k = 1; k < argc && strcmp(argv[k], "--") != 0; k++)
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") ==
		    0) {
			printf("usage: %s\n%s\n", cmd->usage, cmd->help);
			return 1;
		}
	return 0;
}

static int
dispatch(struct shell *sh, int argc, char **argv)
{
	struct cli *c = sh->c;
	const struct cmd *cmd;
	const char *why;

	if (strcmp(argv[0], "exit") == 0 || strcmp(argv[0], "quit") == 0)
		return SHELL_EXIT;
	if (strcmp(argv[0], "lock") == 0)
		return SHELL_LOCK;
	if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "?") == 0) {
		shell_help();
		return SHELL_GO_ON;
	}
	if ((cmd = cli_command(argv[0])) == NULL) {
		sh->status = cli_fail(c, VAULT_ERR_INVALID, "unknown command "
		    "'%s'; 'help' lists them", argv[0]);
		return SHELL_GO_ON;
	}
	if ((why = refusal(cmd->name)) != NULL) {
		sh->status = cli_fail(c, VAULT_ERR_INVALID, "'%s' does not run "
		    "inside the shell: %s. Type 'exit', then 'cvault %s'",
		    cmd->name, why, cmd->name);
		return SHELL_GO_ON;
	}
	if (command_help(cmd, argc, argv))
		return SHELL_GO_ON;
	c->name = cmd->name;
	c->usage = cmd->usage;
	sh->status = cmd->run(c, argc, argv);
	fflush(stdout);
	/* This computer's record of the vault (checkpoint.c) costs two
	 * synced writes: at most every CHECKPOINT_EVERY seconds here, and
	 * always at lock and exit. A record left behind only weakens the
	 * rollback check; it never raises a false alarm. */
	if (c->v != NULL && now_s() - sh->checkpointed >= CHECKPOINT_EVERY) {
		(void)cli_checkpoint(c, 0);
		sh->checkpointed = now_s();
	}
	c->name = "shell";
	c->usage = "shell";
	return SHELL_GO_ON;
}

int
shell_run_line(struct shell *sh, const char *line, size_t len)
{
	static const char *const why[] = { "", "a quote is not closed (or the "
	    "line ends in a backslash)", "too many words on one line",
	    "the line holds a NUL byte" };
	struct words w;
	char *buf;
	int r;

	sh->status = EXIT_OK;
	if (len > SHELL_LINE_MAX) {
		sh->status = cli_fail(sh->c, VAULT_ERR_INVALID, "the line is "
		    "longer than %u bytes", SHELL_LINE_MAX);
		return SHELL_GO_ON;
	}
	/* SECURITY: the words may hold a value typed on the line. */
	if ((buf = sodium_malloc(len + 1)) == NULL) {
		sh->status = cli_fail(sh->c, VAULT_ERR_NOMEM, NULL);
		return SHELL_GO_ON;
	}
	r = words_split(line, len, 0, buf, len + 1, &w);
	if (r != WORDS_OK) {
		sh->status = cli_fail(sh->c, VAULT_ERR_INVALID, "%s",
		    why[-r]);
		r = SHELL_GO_ON;
	} else if (w.argc == 0) {
		r = SHELL_GO_ON;
	} else {
		r = dispatch(sh, w.argc, w.argv);
	}
	sodium_free(buf);
	return r;
}

/* --- completion --- */

struct matches {
	struct obuf *ob;        /* the matching titles, NUL after each */
	size_t *off;
	size_t n, cap;
	const char *prefix;
	size_t plen;
	vault_err rc;
};

static int
add_match(struct matches *m, const char *s, size_t len)
{
	if (len < m->plen || strncasecmp(s, m->prefix, m->plen) != 0)
		return 0;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		size_t *nu = realloc(m->off, cap * sizeof *nu);

		if (nu == NULL)
			return -1;
		m->off = nu;
		m->cap = cap;
	}
	m->off[m->n++] = ob_len(m->ob);
	if (ob_put(m->ob, s, len) != VAULT_OK || ob_put(m->ob, "", 1) !=
	    VAULT_OK)
		return -1;
	return 0;
}

static int
title_match(void *ctx, const vault_entry *e)
{
	struct matches *m = ctx;
	const uint8_t *t;
	size_t tl;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &tl) != VAULT_OK)
		return 0;
	return add_match(m, (const char *)t, tl) != 0;
}

static const char *
match_at(const struct matches *m, size_t i)
{
	return (const char *)ob_data(m->ob) + m->off[i];
}

/* Candidates for word `idx` of the line: commands, or titles. */
static void
gather(struct shell *sh, const struct words *w, int idx, struct matches *m)
{
	const struct cmd *cmd;
	int is_titled = 0;

	if (idx == 0) {
		static const char *const own[] = { "help", "lock", "exit",
		    "quit" };

		for (size_t i = 0; (cmd = cli_command_at(i)) != NULL; i++)
			if (refusal(cmd->name) == NULL &&
			    add_match(m, cmd->name, strlen(cmd->name)) != 0)
				return;
		for (size_t i = 0; i < sizeof own / sizeof *own; i++)
			if (add_match(m, own[i], strlen(own[i])) != 0)
				return;
		return;
	}
	for (size_t i = 0; i < sizeof titled / sizeof *titled; i++)
		if (strcmp(w->argv[0], titled[i]) == 0)
			is_titled = 1;
	if (!is_titled || m->prefix[0] == '-' || sh->c->v == NULL)
		return;
	m->rc = vault_entry_search(sh->c->v, NULL, title_match, m, NULL);
}

/* How many leading bytes all matches share (case-insensitively). */
static size_t
common_len(const struct matches *m)
{
	const char *first = match_at(m, 0);
	size_t n = strlen(first);

	for (size_t i = 1; i < m->n; i++) {
		const char *s = match_at(m, i);
		size_t k = 0;

		while (k < n && s[k] && (s[k] == first[k] ||
		    ((unsigned char)s[k] < 0x80 && (s[k] | 32) == (first[k] |
		    32) && ((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z'))))
			k++;
		n = k;
	}
	return n;
}

static void
list_matches(const struct matches *m)
{
	fputc('\n', stdout);
	for (size_t i = 0; i < m->n && i < LIST_MAX; i++)
		printf("  %s\n", cli_safe(match_at(m, i)));
	if (m->n > LIST_MAX)
		printf("  ... and %zu more\n", m->n - LIST_MAX);
}

/* Replace the word being typed (from `start` to the cursor) by the
 * matches' common part, quoted; a single match gets a space after it. */
static unsigned char
insert(EditLine *el, const struct matches *m, size_t start, size_t cursor)
{
	size_t n = common_len(m), q;
	char *quoted;

	if (n < m->plen && m->n > 1) {
		list_matches(m);
		return CC_REDISPLAY;
	}
	if ((quoted = malloc(2 * n + 2)) == NULL)
		return CC_ERROR;
	q = words_quote(match_at(m, 0), n, quoted, 2 * n + 2);
	if (q == (size_t)-1) {
		free(quoted);
		return CC_ERROR;
	}
	if (m->n == 1)
		strcat(quoted, " ");
	el_deletestr(el, (int)(cursor - start));
	el_insertstr(el, quoted);
	free(quoted);
	if (m->n > 1 && n == m->plen) {
		list_matches(m);
		return CC_REDISPLAY;
	}
	return CC_REFRESH;
}

unsigned char
shell_complete(EditLine *el, int ch)
{
	const LineInfo *li = el_line(el);
	struct shell *sh = NULL;
	struct matches m;
	struct words w;
	size_t cursor = (size_t)(li->cursor - li->buffer), start;
	unsigned char r = CC_REFRESH_BEEP;
	char *buf = NULL;
	int idx;

	(void)ch;
	memset(&m, 0, sizeof m);
	el_get(el, EL_CLIENTDATA, &sh);
	if ((buf = sodium_malloc(cursor + 1)) == NULL ||
	    words_split(li->buffer, cursor, 1, buf, cursor + 1, &w) !=
	    WORDS_OK || ob_new(&m.ob) != VAULT_OK)
		goto out;
	idx = w.ends_in_word ? w.argc - 1 : w.argc;
	start = w.ends_in_word ? w.start[idx] : cursor;
	m.prefix = w.ends_in_word ? w.argv[idx] : "";
	m.plen = strlen(m.prefix);
	gather(sh, &w, idx, &m);
	if (m.n > 0 && m.rc == VAULT_OK)
		r = insert(el, &m, start, cursor);
out:
	free(m.off);
	ob_free(m.ob);
	sodium_free(buf);
	return r;
}
