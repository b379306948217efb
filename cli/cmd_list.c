/* SPDX-License-Identifier: ISC */
/*
 * cmd_list.c - `cvault ls` and `cvault search TERM`: titles in order, one
 * a line (with --json, an array of entry summaries without secrets).
 * Lines are gathered in one guarded buffer and sorted by title through a
 * plain array of offsets, so a large vault costs one allocation, not one
 * guarded allocation per entry.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "render.h"

struct row {
	size_t key, key_len;    /* lower-cased title, inside the buffer */
	size_t line, line_len;  /* what to print */
};

struct listing {
	struct obuf *ob;
	const uint8_t *base;    /* refreshed after the walk */
	struct row *rows;
	size_t n, cap;
	int json;
	vault_err rc;
};

static int
collect(void *ctx, const vault_entry *e)
{
	struct listing *l = ctx;
	const uint8_t *t;
	size_t tl, start;
	struct row *r;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct row *nu = realloc(l->rows, cap * sizeof *nu);

		if (nu == NULL) {
			l->rc = VAULT_ERR_NOMEM;
			return 1;
		}
		l->rows = nu;
		l->cap = cap;
	}
	if ((l->rc = vault_entry_field(e, VAULT_FIELD_TITLE, &t, &tl)) != 0)
		return 1;
	r = &l->rows[l->n];
	r->key = ob_len(l->ob);
	r->key_len = tl;
	if ((l->rc = ob_put(l->ob, t, tl)) != VAULT_OK)
		return 1;
	{
		uint8_t *k = (uint8_t *)(uintptr_t)ob_data(l->ob) + r->key;
		for (size_t i = 0; i < tl; i++)
			if (k[i] >= 'A' && k[i] <= 'Z')
				k[i] += 32;
	}
	start = r->line = ob_len(l->ob);
	l->rc = l->json ? ob_entry_json(l->ob, e, 0) : ob_safe(l->ob, t, tl, 0);
	if (l->rc != VAULT_OK)
		return 1;
	r->line_len = ob_len(l->ob) - start;
	l->n++;
	return 0;
}

static const uint8_t *sort_base;

static int
by_title(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int d = memcmp(sort_base + x->key, sort_base + y->key, n);

	if (d != 0)
		return d;
	return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

static int
list(struct cli *c, const char *term)
{
	struct listing l = { NULL, NULL, NULL, 0, 0, c->json, VAULT_OK };
	struct obuf *out = NULL;
	vault_err rc;
	int status;

	if ((rc = ob_new(&l.ob)) != VAULT_OK || (rc = ob_new(&out)) != VAULT_OK)
		goto out;
	if ((rc = vault_entry_search(c->v, term, collect, &l, NULL)) !=
	    VAULT_OK || (rc = l.rc) != VAULT_OK)
		goto out;
	sort_base = ob_data(l.ob);
	qsort(l.rows, l.n, sizeof *l.rows, by_title);
	if (c->json)
		rc = ob_str(out, "[");
	for (size_t i = 0; rc == VAULT_OK && i < l.n; i++) {
		if (c->json && i)
			rc = ob_str(out, ",");
		if (rc == VAULT_OK)
			rc = ob_put(out, ob_data(l.ob) + l.rows[i].line,
			    l.rows[i].line_len);
		if (rc == VAULT_OK && !c->json)
			rc = ob_str(out, "\n");
	}
	if (rc == VAULT_OK && c->json)
		rc = ob_str(out, "]\n");
out:
	if (rc == VAULT_OK) {
		status = cli_emit(c, out);
		out = NULL;
	} else {
		status = cli_fail(c, rc, rc == VAULT_ERR_CORRUPT ? "an entry "
		    "is damaged or has been tampered with; run 'cvault verify'"
		    : NULL);
	}
	ob_free(out);
	ob_free(l.ob);
	free(l.rows);
	return status;
}

int
cmd_ls(struct cli *c, int argc, char **argv)
{
	int st;

	(void)argv;
	if (argc != 1)
		return cli_usage(c);
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	return list(c, NULL);
}

int
cmd_search(struct cli *c, int argc, char **argv)
{
	int st;

	/* "--" before a term that starts with "-"; else it is an option,
	 * and search has none. */
	if (argc == 3 && strcmp(argv[1], "--") == 0) {
		argc--;
		argv++;
	} else if (argc == 2 && argv[1][0] == '-') {
		return cli_fail(c, VAULT_ERR_INVALID, "unknown option %s; "
		    "'cvault search -- %s' searches for it", argv[1], argv[1]);
	}
	if (argc != 2 || argv[1][0] == '\0')
		return cli_usage(c);
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	return list(c, argv[1]);
}
