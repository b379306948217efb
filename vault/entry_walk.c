/* SPDX-License-Identifier: ISC */
/*
 * entry_walk.c - walks over every entry row: search, walk (the report,
 * export) and the entries' part of verify. A walk reuses one scratch
 * buffer, grown when a row needs more and wiped after each row, so it
 * makes a handful of guarded allocations rather than several per row;
 * the entry a callback sees lives in that buffer (entry_store.c opens
 * each row into it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

struct scratch {
	vault_secret *s;        /* guarded; s->len is the current row's */
	size_t cap;             /* bytes allocated in s->buf */
	vault_entry e;          /* e.rec == s: what callbacks see */
};

/* Load a row into the walk's scratch buffer, growing it (a new guarded
 * buffer; the old one is wiped as it is freed) when the row needs more. */
static vault_err
scratch_load(vault *v, sqlite3_stmt *st, int with_body, struct scratch *sc)
{
	size_t need;
	vault_err rc;

	if ((rc = vlt_entry_row_need(st, with_body, &need)) != VAULT_OK)
		return rc;
	if (sc->s == NULL || need > sc->cap) {
		size_t cap = sc->cap < 4096 ? 4096 : sc->cap;

		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : 2 * cap;
		vault_secret_free(sc->s);
		sc->e.rec = sc->s = NULL;
		sc->cap = 0;
		if ((rc = vlt_secret_new(&sc->s, cap)) != VAULT_OK)
			return rc;
		sc->cap = cap;
		sc->e.rec = sc->s;
	}
	return vlt_entry_load_into(v, st, with_body, &sc->e, sc->cap);
}

/* Wipe what the last row left in the scratch buffer. */
static void
scratch_wipe(struct scratch *sc)
{
	if (sc->s != NULL) {
		sodium_memzero(sc->s->buf, sc->s->len);
		sc->s->len = 0;
	}
}

static void
scratch_free(struct scratch *sc)
{
	vault_secret_free(sc->s);       /* wipes all of it */
	sc->e.rec = sc->s = NULL;
	sc->cap = 0;
}

/* Case-insensitive (ASCII) substring test. */
static int
contains(const uint8_t *hay, size_t hlen, const uint8_t *needle, size_t nlen)
{
	if (nlen == 0)
		return 1;
	for (size_t i = 0; i + nlen <= hlen; i++) {
		size_t j = 0;

		while (j < nlen) {
			uint8_t a = hay[i + j], b = needle[j];

			if (a >= 'A' && a <= 'Z')
				a += 32;
			if (b >= 'A' && b <= 'Z')
				b += 32;
			if (a != b)
				break;
			j++;
		}
		if (j == nlen)
			return 1;
	}
	return 0;
}

static int
entry_matches(const vault_entry *e, const char *term)
{
	static const vault_field f[] = { VAULT_FIELD_TITLE,
	    VAULT_FIELD_USERNAME, VAULT_FIELD_URL };
	const uint8_t *p;
	size_t len, tl = term ? strlen(term) : 0;

	if (tl == 0)
		return 1;
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		if (vault_entry_field(e, f[i], &p, &len) == VAULT_OK &&
		    contains(p, len, (const uint8_t *)term, tl))
			return 1;
	for (size_t i = 0; vault_entry_tag(e, i, &p, &len) == VAULT_OK; i++)
		if (contains(p, len, (const uint8_t *)term, tl))
			return 1;
	return 0;
}

/* The rows seen, all of them, are the set the state names. */
static vault_err
same_entries(vault *v, const struct vlt_state *seen)
{
	if (v->findings & VLT_FROZEN)
		return VAULT_ERR_CORRUPT;       /* the state itself is in doubt */
	return vlt_manifest_matches(v, seen);
}

/* The walk behind vault_entry_search and vault_entry_walk: every row,
 * summaries only or whole entries, matched against `term`. Nothing is
 * logged: the caller decides what a walk means. */
static vault_err
walk_rows(vault *v, int with_body, const char *term, vault_entry_fn fn,
    void *ctx, int *stopped)
{
	struct scratch sc = { NULL, 0, { NULL } };
	struct vlt_state seen;
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step, stop = 0, started = 0;

	if (stopped != NULL)
		*stopped = 0;
	if (v == NULL || fn == NULL)
		return VAULT_ERR_INVALID;
	memset(&seen, 0, sizeof seen);
	/* One read transaction: the rows and the state they are checked
	 * against are of the same moment. */
	if ((rc = vlt_db_begin_read(v, &started)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_prepare(v, "SELECT id, title_index, summary, body"
	    " FROM entry", &st)) != VAULT_OK)
		goto out;
	/* SECURITY: each row is decrypted into the one guarded scratch
	 * buffer and wiped before the next row is read; every row's hash
	 * is folded into its bucket, checked against the state below. */
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = scratch_load(v, st, with_body, &sc)) != VAULT_OK)
			goto out;
		vlt_fold_row(v, st, 2, &seen.count, seen.bucket);
		if (entry_matches(&sc.e, term))
			stop = fn(ctx, &sc.e);
		scratch_wipe(&sc);
		if (stop)
			break;
	}
	if (!stop && step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
	else if (!stop)
		rc = same_entries(v, &seen);
	if (stopped != NULL)
		*stopped = stop;
out:
	scratch_free(&sc);
	sqlite3_finalize(st);
	vlt_db_end_read(v, started);
	return rc;
}

vault_err
vault_entry_search(vault *v, const char *term, vault_entry_fn fn, void *ctx,
    int *stopped)
{
	return walk_rows(v, 0, term, fn, ctx, stopped);
}

vault_err
vault_entry_walk(vault *v, vault_entry_fn fn, void *ctx, int *stopped)
{
	return walk_rows(v, 1, NULL, fn, ctx, stopped);
}

/* Verify every entry row, reporting each damaged one through fn. */
vault_err
vlt_verify_entries(vault *v, vault_damage_fn fn, void *ctx, size_t *damaged)
{
	struct scratch sc = { NULL, 0, { NULL } };
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;
	char what[96];

	if ((rc = vlt_db_prepare(v, "SELECT id, title_index, summary, body"
	    " FROM entry ORDER BY id", &st)) != VAULT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = scratch_load(v, st, 1, &sc);
		scratch_wipe(&sc);
		if (rc == VAULT_ERR_CORRUPT) {
			(*damaged)++;
			snprintf(what, sizeof what, "entry record %lld",
			    (long long)sqlite3_column_int64(st, 0));
			if (fn != NULL)
				fn(ctx, what);
		} else if (rc != VAULT_OK) {
			goto out;
		}
	}
	rc = step == SQLITE_DONE ? VAULT_OK : vlt_db_err(v->db, step);
out:
	scratch_free(&sc);
	sqlite3_finalize(st);
	return rc;
}
