/* SPDX-License-Identifier: ISC */
/*
 * shell_complete.c - Tab in the shell (libedit, shell_libedit.c): the
 * word being typed completed as a command name or, after a command that
 * takes one, an account title; several candidates are listed.
 */
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>
#include "cli.h"
#include "shell.h"
#include "shell_libedit.h"
#include "words.h"

#define LIST_MAX 40             /* candidates shown for one Tab */

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

	if (idx == 0) {
		static const char *const own[] = { "help", "lock", "exit",
		    "quit" };

		for (size_t i = 0; (cmd = cli_command_at(i)) != NULL; i++)
			if (shell_refusal(cmd->name) == NULL &&
			    add_match(m, cmd->name, strlen(cmd->name)) != 0)
				return;
		for (size_t i = 0; i < sizeof own / sizeof *own; i++)
			if (add_match(m, own[i], strlen(own[i])) != 0)
				return;
		return;
	}
	if (!shell_titled(w->argv[0]) || m->prefix[0] == '-' ||
	    sh->c->v == NULL)
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
