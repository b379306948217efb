/* SPDX-License-Identifier: ISC */
/*
 * find.c - the entry a person means by what they typed (vault_entry_find):
 * the exact title (case-insensitive, through the blind index: no
 * decryption), else a unique prefix of a title or a unique run of whole
 * words in one; when several titles fit, the candidates; when none does,
 * the nearest titles by edit distance. Every command that takes a TITLE
 * goes through here (the CLI and the shell alike), so they agree.
 *
 * Only summaries are decrypted (vault_entry_search), nothing is logged,
 * and titles are ASCII-folded as the blind index folds them (index.c).
 * Titles are what `ls` prints: not secret, but the copies handed out are
 * wiped when freed all the same.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

#define FIND_TITLE_MAX 256u     /* longer titles: compared on this much */

struct cand {
	char *title;
	unsigned dist;          /* edit distance (nearest) */
	int prefix;             /* 1: a prefix, 0: whole words */
};

struct finder {
	const uint8_t *q;       /* the query, trimmed */
	size_t qlen;
	unsigned limit;         /* the largest distance suggested */
	struct cand *match, *near;
	size_t nmatch, nnear, cap_match, cap_near;
	vault_err rc;
};

static uint8_t
fold(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

/* A byte that ends a word: ASCII white space and punctuation. Bytes of
 * other scripts (>= 0x80) are letters. */
static int
sep(uint8_t c)
{
	return c < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
	    !(c >= 'A' && c <= 'Z');
}

static int
same_at(const uint8_t *t, const uint8_t *q, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fold(t[i]) != fold(q[i]))
			return 0;
	return 1;
}

/* 2: the title starts with q; 1: q is a run of whole words in it. */
static int
fits(const uint8_t *t, size_t tl, const uint8_t *q, size_t ql)
{
	if (ql > tl)
		return 0;
	if (same_at(t, q, ql))
		return 2;
	for (size_t i = 1; i + ql <= tl; i++)
		if (sep(t[i - 1]) && !sep(t[i]) && same_at(t + i, q, ql) &&
		    (i + ql == tl || sep(t[i + ql])))
			return 1;
	return 0;
}

/* Levenshtein distance of folded a and b, or limit + 1 once it must
 * exceed limit. Two rows on the stack: b is at most FIND_TITLE_MAX. */
static unsigned
distance(const uint8_t *a, size_t al, const uint8_t *b, size_t bl,
    unsigned limit)
{
	unsigned row[2][FIND_TITLE_MAX + 1];

	if (al > FIND_TITLE_MAX)
		al = FIND_TITLE_MAX;
	if (bl > FIND_TITLE_MAX)
		bl = FIND_TITLE_MAX;
	if ((al > bl ? al - bl : bl - al) > limit)
		return limit + 1;
	for (size_t j = 0; j <= bl; j++)
		row[0][j] = (unsigned)j;
	for (size_t i = 1; i <= al; i++) {
		unsigned *prev = row[(i - 1) & 1], *cur = row[i & 1], best;

		cur[0] = best = (unsigned)i;
		for (size_t j = 1; j <= bl; j++) {
			unsigned d = prev[j - 1] +
			    (fold(a[i - 1]) != fold(b[j - 1]));

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > limit)
			return limit + 1;
	}
	return row[al & 1][bl];
}

/* The nearest the query comes to the title, or to one of its words. */
static unsigned
nearness(const struct finder *f, const uint8_t *t, size_t tl)
{
	unsigned best = distance(f->q, f->qlen, t, tl, f->limit);

	for (size_t i = 0; i < tl; i++) {
		size_t j = i;

		if (sep(t[i]) || (i > 0 && !sep(t[i - 1])))
			continue;
		while (j < tl && !sep(t[j]))
			j++;
		unsigned d = distance(f->q, f->qlen, t + i, j - i, f->limit);
		if (d < best)
			best = d;
	}
	return best;
}

static vault_err
push(struct cand **v, size_t *n, size_t *cap, const uint8_t *t, size_t tl,
    unsigned dist, int prefix)
{
	struct cand *c;

	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 8;
		struct cand *nv = realloc(*v, nc * sizeof *nv);

		if (nv == NULL)
			return VAULT_ERR_NOMEM;
		*v = nv;
		*cap = nc;
	}
	c = &(*v)[*n];
	if ((c->title = malloc(tl + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	memcpy(c->title, t, tl);
	c->title[tl] = '\0';
	c->dist = dist;
	c->prefix = prefix;
	(*n)++;
	return VAULT_OK;
}

static int
visit(void *ctx, const vault_entry *e)
{
	struct finder *f = ctx;
	const uint8_t *t;
	size_t tl;
	unsigned d;
	int how;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &tl) != VAULT_OK)
		return 0;
	if ((how = fits(t, tl, f->q, f->qlen)) != 0)
		f->rc = push(&f->match, &f->nmatch, &f->cap_match, t, tl, 0,
		    how == 2);
	else if (f->nmatch == 0 && (d = nearness(f, t, tl)) <= f->limit)
		f->rc = push(&f->near, &f->nnear, &f->cap_near, t, tl, d, 0);
	return f->rc != VAULT_OK;
}

static int
by_dist(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	const char *s = x->title, *t = y->title;

	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	for (; *s && fold((uint8_t)*s) == fold((uint8_t)*t); s++, t++)
		;
	return (int)fold((uint8_t)*s) - (int)fold((uint8_t)*t);
}

static void
free_cands(struct cand *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].title != NULL) {
			sodium_memzero(v[i].title, strlen(v[i].title));
			free(v[i].title);
		}
	free(v);
}

/* Move up to `max` of v (sorted) into out->titles; the rest are freed. */
static vault_err
hand_over(struct cand *v, size_t n, size_t max, vault_found *out)
{
	if (n > 1)
		qsort(v, n, sizeof *v, by_dist);
	out->total = n;
	if (n > max)
		n = max;
	if (n > 0 && (out->titles = calloc(n, sizeof *out->titles)) == NULL)
		return VAULT_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		out->titles[i] = v[i].title;
		v[i].title = NULL;
		out->n++;
	}
	return VAULT_OK;
}

/* The exact title: the blind index answers without decrypting. */
static vault_err
exact(vault *v, const char *query, vault_found *out)
{
	vault_err rc = vault_entry_exists(v, query);

	if (rc != VAULT_OK)
		return rc;
	if ((out->titles = calloc(1, sizeof *out->titles)) == NULL ||
	    (out->titles[0] = strdup(query)) == NULL)
		return VAULT_ERR_NOMEM;
	out->n = out->total = 1;
	out->how = VAULT_FIND_EXACT;
	return VAULT_OK;
}

vault_err
vault_entry_find(vault *v, const char *query, size_t max, vault_found *out)
{
	struct finder f;
	vault_err rc;

	if (out != NULL)
		memset(out, 0, sizeof *out);
	if (v == NULL || query == NULL || out == NULL || max == 0)
		return VAULT_ERR_INVALID;
	memset(&f, 0, sizeof f);
	f.q = (const uint8_t *)query;
	f.qlen = strlen(query);
	while (f.qlen > 0 && (*f.q == ' ' || *f.q == '\t')) {
		f.q++;
		f.qlen--;
	}
	while (f.qlen > 0 && (f.q[f.qlen - 1] == ' ' || f.q[f.qlen - 1] ==
	    '\t'))
		f.qlen--;
	if (f.qlen == 0 || f.qlen > VAULT_TITLE_MAX)
		return VAULT_ERR_INVALID;
	if ((rc = exact(v, query, out)) != VAULT_ERR_NOTFOUND)
		goto out;
	/* One typo in three letters, at least one. */
	f.limit = f.qlen / 3 > 1 ? (unsigned)(f.qlen / 3) : 1;
	if ((rc = vault_entry_search(v, NULL, visit, &f, NULL)) == VAULT_OK)
		rc = f.rc;
	if (rc != VAULT_OK)
		goto out;
	if (f.nmatch == 1) {
		out->how = f.match[0].prefix ? VAULT_FIND_PREFIX :
		    VAULT_FIND_WORD;
		rc = hand_over(f.match, f.nmatch, 1, out);
	} else if (f.nmatch > 1) {
		out->how = VAULT_FIND_MANY;
		if ((rc = hand_over(f.match, f.nmatch, max, out)) == VAULT_OK)
			rc = VAULT_ERR_NOTFOUND;
	} else {
		out->how = VAULT_FIND_NEAREST;
		if ((rc = hand_over(f.near, f.nnear, max, out)) == VAULT_OK)
			rc = VAULT_ERR_NOTFOUND;
	}
out:
	free_cands(f.match, f.nmatch);
	free_cands(f.near, f.nnear);
	if (rc != VAULT_OK && rc != VAULT_ERR_NOTFOUND)
		vault_found_clear(out);
	return rc;
}

void
vault_found_clear(vault_found *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		if (f->titles[i] != NULL) {
			sodium_memzero(f->titles[i], strlen(f->titles[i]));
			free(f->titles[i]);
		}
	free(f->titles);
	memset(f, 0, sizeof *f);
}
