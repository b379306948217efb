/* SPDX-License-Identifier: ISC */
/*
 * entry_store.c - entries in the file: add, get, update, delete (walks
 * over every row: entry_walk.c).
 *
 * A row is (id, title_index, summary, body). The id is random and opaque;
 * each blob is sealed for its own column and row (crypto.c). On every read
 * the decrypted title is indexed again and compared with the row's index,
 * so index values moved between rows are caught as tampering.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"

#define BLOB_MAX (64u * 1024u * 1024u)  /* bound on any stored blob */

static void
place(struct vlt_place *pl, int64_t row, const char *column)
{
	memset(pl, 0, sizeof *pl);
	pl->table = "entry";
	pl->column = column;
	pl->row = row;
}

/* SECURITY: a body opens only beside the summary it was sealed with, so
 * an older body under a newer summary of the same row is damage. */
void
vlt_body_place(struct vlt_place *pl, int64_t id, const uint8_t *summary,
    uint8_t extra[VLT_NONCE_BYTES])
{
	place(pl, id, "body");
	memcpy(extra, summary, VLT_NONCE_BYTES);
	pl->extra = extra;
	pl->extra_len = VLT_NONCE_BYTES;
}

/* Read column `col` of `st` as a blob, bounded. */
static vault_err
column_blob(sqlite3_stmt *st, int col, const uint8_t **p, size_t *len)
{
	int n;

	if (sqlite3_column_type(st, col) != SQLITE_BLOB)
		return VAULT_ERR_CORRUPT;
	*p = sqlite3_column_blob(st, col);
	n = sqlite3_column_bytes(st, col);
	if (*p == NULL || n < 0 || (unsigned)n > BLOB_MAX)
		return VAULT_ERR_CORRUPT;
	*len = (size_t)n;
	return VAULT_OK;
}

/*
 * Reading rows. A row's summary (and body) are decrypted straight into
 * one guarded buffer, summary first, so that the buffer is the entry's
 * record run with no further copy. fetch() gives each entry its own
 * buffer of the exact size; a walk over every row (entry_walk.c) reuses
 * one scratch buffer.
 */

/* Plaintext bytes the row needs: columns 2 (summary) and, with body, 3. */
vault_err
vlt_entry_row_need(sqlite3_stmt *st, int with_body, size_t *need)
{
	const uint8_t *blob;
	size_t len;
	vault_err rc;

	*need = 0;
	for (int col = 2; col <= (with_body ? 3 : 2); col++) {
		if ((rc = column_blob(st, col, &blob, &len)) != VAULT_OK)
			return rc;
		if (len < vlt_sealed_len(0))
			return VAULT_ERR_CORRUPT;
		*need += len - vlt_sealed_len(0);   /* each <= BLOB_MAX */
	}
	return VAULT_OK;
}

/* Decrypt and validate one column into dst (cap bytes); a failed MAC is
 * damage, not AUTH. */
static vault_err
open_column(vault *v, sqlite3_stmt *st, int col, int64_t row,
    const char *name, uint8_t *dst, size_t cap, size_t *len)
{
	uint8_t extra[VLT_NONCE_BYTES];
	struct vlt_place pl;
	const uint8_t *blob;
	size_t blen;
	vault_err rc;

	*len = 0;
	if ((rc = column_blob(st, col, &blob, &blen)) != VAULT_OK)
		return rc;
	place(&pl, row, name);
	if (col == 3 && v->version >= 2) {      /* the body, after summary */
		const uint8_t *s;
		size_t slen;

		if ((rc = column_blob(st, 2, &s, &slen)) != VAULT_OK)
			return rc;
		if (slen < vlt_sealed_len(0))
			return VAULT_ERR_CORRUPT;
		vlt_body_place(&pl, row, s, extra);
	}
	rc = vlt_open_sealed_into(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl, blob,
	    blen, dst, cap, len);
	if (rc == VAULT_ERR_AUTH)
		rc = VAULT_ERR_CORRUPT;
	if (rc == VAULT_OK)
		rc = vlt_codec_check(dst, *len);
	return rc;
}

/* Check the row's index against its decrypted title (and that the
 * summary has a title and the body holds no summary records). */
static vault_err
check_index(vault *v, sqlite3_stmt *st, int col, const vault_entry *e)
{
	uint8_t idx[VLT_INDEX_BYTES];
	const uint8_t *title, *stored;
	size_t len;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &title, &len) != VAULT_OK ||
	    vlt_index_title(v, title, len, idx) != VAULT_OK)
		return VAULT_ERR_CORRUPT;
	stored = sqlite3_column_blob(st, col);
	if (stored == NULL || sqlite3_column_bytes(st, col) != VLT_INDEX_BYTES ||
	    sodium_memcmp(idx, stored, VLT_INDEX_BYTES) != 0)
		return VAULT_ERR_CORRUPT;
	return VAULT_OK;
}

static int
body_only(const uint8_t *body, size_t len)
{
	struct vlt_tlv it = { body, len, 0, 0, NULL, 0 };

	while (vlt_tlv_next(&it))
		if (vlt_tag_in_summary(it.tag))
			return 0;
	return 1;
}

/* Decrypt a row (columns id, title_index, summary[, body]) into e->rec,
 * whose buffer holds `cap` >= row_need() bytes, and validate it: each
 * part, the two together, and the title against the row's index. Sets
 * e->rec->len; on failure the buffer is wiped and the length is 0. */
vault_err
vlt_entry_load_into(vault *v, sqlite3_stmt *st, int with_body, vault_entry *e,
    size_t cap)
{
	uint8_t *buf = e->rec->buf;
	int64_t row = sqlite3_column_int64(st, 0);
	size_t slen = 0, blen = 0;
	vault_err rc;

	e->rec->len = 0;
	if ((rc = open_column(v, st, 2, row, "summary", buf, cap, &slen)) !=
	    VAULT_OK)
		goto out;
	if (with_body) {
		if ((rc = open_column(v, st, 3, row, "body", buf + slen,
		    cap - slen, &blen)) != VAULT_OK)
			goto out;
		if (!body_only(buf + slen, blen) ||
		    vlt_codec_check(buf, slen + blen) != VAULT_OK) {
			rc = VAULT_ERR_CORRUPT;
			goto out;
		}
	}
	e->rec->len = slen + blen;
	rc = check_index(v, st, 1, e);
out:
	if (rc != VAULT_OK) {
		sodium_memzero(buf, cap);
		e->rec->len = 0;
	}
	return rc;
}

/* Build a new entry, in its own exact-size buffer, from a row. */
static vault_err
load_row(vault *v, sqlite3_stmt *st, int with_body, vault_entry **out)
{
	vault_entry *e = NULL;
	size_t need;
	vault_err rc;

	*out = NULL;
	if ((rc = vlt_entry_row_need(st, with_body, &need)) != VAULT_OK ||
	    (rc = vault_entry_new(&e)) != VAULT_OK ||
	    (rc = vlt_secret_new(&e->rec, need)) != VAULT_OK ||
	    (rc = vlt_entry_load_into(v, st, with_body, e, need)) != VAULT_OK)
		goto out;
	*out = e;
	e = NULL;
out:
	vault_entry_free(e);
	return rc;
}

/* Seal e's summary and body for `row` and bind them to statement params
 * 2 and 3 (param 1 is the index, 4 the row id). Blobs are freed by SQLite. */
static vault_err
bind_sealed(vault *v, sqlite3_stmt *st, int64_t row, const vault_entry *e)
{
	vault_secret *part[2] = { NULL, NULL };
	static const char *const col[2] = { "summary", "body" };
	uint8_t extra[VLT_NONCE_BYTES];
	const uint8_t *summary = NULL;
	struct vlt_place pl;
	vault_err rc;

	if ((rc = vlt_codec_split(e, &part[0], &part[1])) != VAULT_OK)
		goto out;
	for (int i = 0; i < 2; i++) {
		uint8_t *blob = NULL;
		size_t len = 0;

		if (part[i]->len > BLOB_MAX - vlt_sealed_len(0)) {
			rc = VAULT_ERR_INVALID;
			goto out;
		}
		if (i == 0)
			place(&pl, row, col[i]);
		else
			vlt_body_place(&pl, row, summary, extra);
		if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
		    part[i]->buf, part[i]->len, &blob, &len)) != VAULT_OK)
			goto out;
		if (i == 0)
			summary = blob;         /* SQLite frees it after the step */
		if (sqlite3_bind_blob(st, 2 + i, blob, (int)len, free) !=
		    SQLITE_OK) {
			rc = VAULT_ERR_NOMEM;
			goto out;
		}
	}
	sqlite3_bind_int64(st, 4, row);
out:
	vault_secret_free(part[0]);
	vault_secret_free(part[1]);
	return rc;
}

/* Prepare a statement and bind the title's index as parameter 1. */
static vault_err
prepare_by_title(vault *v, const char *sql, const uint8_t *title,
    size_t len, sqlite3_stmt **st)
{
	uint8_t idx[VLT_INDEX_BYTES];
	vault_err rc;

	if ((rc = vlt_index_title(v, title, len, idx)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_prepare(v, sql, st)) != VAULT_OK)
		return rc;
	sqlite3_bind_blob(*st, 1, idx, sizeof idx, SQLITE_TRANSIENT);
	return VAULT_OK;
}

static vault_err
title_of(const vault_entry *e, const uint8_t **t, size_t *len)
{
	return vault_entry_field(e, VAULT_FIELD_TITLE, t, len) == VAULT_OK ?
	    VAULT_OK : VAULT_ERR_INVALID;
}

#define SQL_INSERT "INSERT INTO entry (title_index, summary, body, id)" \
	" VALUES (?, ?, ?, ?)"
#define SQL_UPDATE "UPDATE entry SET title_index = ?, summary = ?," \
	" body = ? WHERE id = ?"

/* Inside the caller's transaction: run `sql` (an INSERT or UPDATE of
 * title_index, summary, body, id) with e sealed for `row`. */
static vault_err
put_row(vault *v, const char *sql, int64_t row, const vault_entry *e)
{
	sqlite3_stmt *st = NULL;
	const uint8_t *t;
	size_t tlen;
	vault_err rc;

	if ((rc = title_of(e, &t, &tlen)) == VAULT_OK &&
	    (rc = prepare_by_title(v, sql, t, tlen, &st)) == VAULT_OK &&
	    (rc = bind_sealed(v, st, row, e)) == VAULT_OK)
		rc = vlt_db_err(v->db, sqlite3_step(st));
	sqlite3_finalize(st);
	return rc;
}

/* put_row, then fold the new row into the manifest and log `kind` under
 * the entry's title. */
static vault_err
write_row(vault *v, const char *sql, int64_t row, const vault_entry *e,
    vault_event kind)
{
	const uint8_t *t;
	size_t tlen;
	vault_err rc;

	if ((rc = put_row(v, sql, row, e)) == VAULT_OK &&
	    (rc = vlt_manifest_fold(v, row, +1)) == VAULT_OK &&
	    (rc = title_of(e, &t, &tlen)) == VAULT_OK)
		rc = vlt_log_append(v, kind, t, tlen);
	return rc;
}

/* Opaque random row id (2^62 space): reveals no order or count. */
static int64_t
new_row_id(void)
{
	int64_t row;

	randombytes_buf(&row, sizeof row);
	return (int64_t)((uint64_t)row >> 2) + 1;
}

vault_err
vlt_entry_put(vault *v, int64_t *row, const vault_entry *e, int insert)
{
	if (insert)
		*row = new_row_id();
	return put_row(v, insert ? SQL_INSERT : SQL_UPDATE, *row, e);
}

vault_err
vlt_entry_insert_as(vault *v, int64_t row, const vault_entry *e)
{
	return put_row(v, SQL_INSERT, row, e);
}

vault_err
vlt_entry_load(vault *v, int64_t id, vault_entry **out)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	*out = NULL;
	if ((rc = vlt_db_prepare(v, "SELECT id, title_index, summary, body"
	    " FROM entry WHERE id = ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		rc = load_row(v, st, 1, out);
	else
		rc = step == SQLITE_DONE ? VAULT_ERR_NOTFOUND :
		    vlt_db_err(v->db, step);
	sqlite3_finalize(st);
	return rc;
}

/* The row id of the entry titled `title`; NOTFOUND if none. */
static vault_err
row_of(vault *v, const char *title, int64_t *row)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	if ((rc = prepare_by_title(v, "SELECT id FROM entry WHERE"
	    " title_index = ?", (const uint8_t *)title, strlen(title),
	    &st)) != VAULT_OK)
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*row = sqlite3_column_int64(st, 0);
	else
		rc = step == SQLITE_DONE ? VAULT_ERR_NOTFOUND :
		    vlt_db_err(v->db, step);
	sqlite3_finalize(st);
	return rc;
}

static vault_err
title_taken(vault *v, const uint8_t *t, size_t len, int64_t except)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	if ((rc = prepare_by_title(v, "SELECT id FROM entry WHERE"
	    " title_index = ?", t, len, &st)) != VAULT_OK)
		return rc;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rc = sqlite3_column_int64(st, 0) == except ? VAULT_OK :
		    VAULT_ERR_EXISTS;
	else
		rc = vlt_db_err(v->db, step);
	sqlite3_finalize(st);
	return rc;
}

vault_err
vault_entry_add(vault *v, vault_entry *e)
{
	const uint8_t *t;
	size_t tlen;
	int64_t row, now = (int64_t)time(NULL);
	vault_err rc;

	if (v == NULL || e == NULL || title_of(e, &t, &tlen) != VAULT_OK)
		return VAULT_ERR_INVALID;
	if ((rc = vault_entry_time_set(e, VAULT_TIME_CREATED, now)) != VAULT_OK ||
	    (rc = vault_entry_time_set(e, VAULT_TIME_MODIFIED, now)) != VAULT_OK ||
	    (rc = vault_entry_time_set(e, VAULT_TIME_PASSWORD, now)) != VAULT_OK)
		return rc;
	/* Setters rebuild e's buffer: take the title pointer afresh. */
	if ((rc = title_of(e, &t, &tlen)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = title_taken(v, t, tlen, 0)) != VAULT_OK)
		goto out;
	row = new_row_id();
	if ((rc = write_row(v, SQL_INSERT, row, e, VAULT_EVENT_ADD)) ==
	    VAULT_OK)
		rc = vlt_db_commit(v);
out:
	if (rc != VAULT_OK)
		vlt_db_rollback(v);
	return rc;
}

static vault_err
fetch(vault *v, const char *title, vault_entry **out)
{
	int64_t row;

	return vlt_entry_fetch(v, NULL, title, out, &row);
}

vault_err
vlt_entry_title_free(vault *v, const vault_entry *e, int64_t except)
{
	const uint8_t *t;
	size_t tlen;

	if (title_of(e, &t, &tlen) != VAULT_OK)
		return VAULT_ERR_INVALID;
	return title_taken(v, t, tlen, except);
}

/* Look up by title and load the whole entry; NOTFOUND if absent. */
vault_err
vlt_entry_fetch(vault *v, const struct vlt_state *s, const char *title,
    vault_entry **out, int64_t *row)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	if ((rc = prepare_by_title(v, "SELECT id, title_index, summary, body"
	    " FROM entry WHERE title_index = ?", (const uint8_t *)title,
	    strlen(title), &st)) != VAULT_OK)
		goto out;
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? VAULT_ERR_NOTFOUND :
		    vlt_db_err(v->db, step);
		goto out;
	}
	/* SECURITY: the row must be the one the vault's state names (its
	 * bucket checks out): never an older copy put back. */
	*row = sqlite3_column_int64(st, 0);
	if ((rc = load_row(v, st, 1, out)) == VAULT_OK &&
	    (rc = vlt_manifest_check_bucket_in(v, s, *row)) != VAULT_OK) {
		vault_entry_free(*out);
		*out = NULL;
	}
out:
	sqlite3_finalize(st);
	return rc;
}

vault_err
vault_entry_exists(vault *v, const char *title)
{
	vault_err rc;

	if (v == NULL || title == NULL)
		return VAULT_ERR_INVALID;
	/* Row ids are positive, so -1 excepts none. */
	rc = title_taken(v, (const uint8_t *)title, strlen(title), -1);
	return rc == VAULT_ERR_EXISTS ? VAULT_OK : rc == VAULT_OK ?
	    VAULT_ERR_NOTFOUND : rc;
}

/* Log `kind` for `e` under its stored title; a reveal names what was
 * shown. */
static vault_err
log_entry(vault *v, vault_event kind, const vault_entry *e, unsigned shown)
{
	const uint8_t *t;
	size_t len;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &len) != VAULT_OK)
		return VAULT_ERR_INVALID;
	return vlt_log_append_shown(v, kind, t, len, shown);
}

vault_err
vault_entry_get(vault *v, const char *title, vault_entry **out)
{
	return vault_entry_reveal(v, title, VAULT_SHOWN_ENTRY, out);
}

vault_err
vault_entry_reveal(vault *v, const char *title, unsigned shown,
    vault_entry **out)
{
	vault_entry *e = NULL;
	vault_err rc;

	if (out != NULL)
		*out = NULL;
	if (v == NULL || title == NULL || out == NULL || shown == 0 ||
	    (shown & ~VAULT_SHOWN_ENTRY) != 0)
		return VAULT_ERR_INVALID;
	/* A reveal is written to the log in the same transaction. */
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = fetch(v, title, &e)) != VAULT_OK ||
	    (rc = log_entry(v, VAULT_EVENT_REVEAL, e, shown)) != VAULT_OK ||
	    (rc = vlt_db_commit(v)) != VAULT_OK) {
		vlt_db_rollback(v);
		vault_entry_free(e);
		return rc;
	}
	*out = e;
	return VAULT_OK;
}

/* Carry history and times from the stored entry `old` into `e`. */
static vault_err
merge_update(const vault_entry *old, vault_entry *e, int64_t now)
{
	const uint8_t *op = NULL, *np = NULL;
	size_t ol = 0, nl = 0;
	int changed;
	vault_err rc;

	/* An absent password reads as empty (outputs are zeroed). */
	if (vault_entry_field(old, VAULT_FIELD_PASSWORD, &op, &ol) != VAULT_OK)
		ol = 0;
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &np, &nl) != VAULT_OK)
		nl = 0;
	/* SECURITY: constant-time comparison of the two passwords. */
	changed = ol != nl || (ol != 0 && sodium_memcmp(op, np, ol) != 0);
	if ((rc = vault_entry_time_set(e, VAULT_TIME_CREATED,
	    vault_entry_time(old, VAULT_TIME_CREATED))) != VAULT_OK ||
	    (rc = vault_entry_time_set(e, VAULT_TIME_MODIFIED, now)) != VAULT_OK)
		return rc;
	if (!changed)
		return vault_entry_time_set(e, VAULT_TIME_PASSWORD,
		    vault_entry_time(old, VAULT_TIME_PASSWORD));
	if (ol != 0 && (rc = vault_entry_history_push(e, op, ol, now)) !=
	    VAULT_OK)
		return rc;
	return vault_entry_time_set(e, VAULT_TIME_PASSWORD, now);
}

vault_err
vault_entry_update(vault *v, const char *title, vault_entry *e)
{
	vault_entry *old = NULL;
	const uint8_t *t;
	size_t tlen;
	int64_t row;
	vault_err rc;

	if (v == NULL || title == NULL || e == NULL ||
	    title_of(e, &t, &tlen) != VAULT_OK)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = fetch(v, title, &old)) != VAULT_OK ||
	    (rc = row_of(v, title, &row)) != VAULT_OK ||
	    (rc = merge_update(old, e, (int64_t)time(NULL))) != VAULT_OK ||
	    (rc = title_of(e, &t, &tlen)) != VAULT_OK ||   /* after rebuild */
	    (rc = title_taken(v, t, tlen, row)) != VAULT_OK)
		goto out;
	if ((rc = vlt_manifest_fold(v, row, -1)) == VAULT_OK &&
	    (rc = write_row(v, SQL_UPDATE, row, e, VAULT_EVENT_EDIT)) ==
	    VAULT_OK)
		rc = vlt_db_commit(v);
out:
	if (rc != VAULT_OK)
		vlt_db_rollback(v);
	vault_entry_free(old);
	return rc;
}

vault_err
vault_entry_delete(vault *v, const char *title)
{
	sqlite3_stmt *st = NULL;
	vault_entry *old = NULL;
	int64_t row;
	vault_err rc;

	if (v == NULL || title == NULL)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	/* Fetch first: the log names the stored title, and a damaged row
	 * is reported rather than silently removed. */
	if ((rc = fetch(v, title, &old)) != VAULT_OK ||
	    (rc = row_of(v, title, &row)) != VAULT_OK ||
	    (rc = vlt_manifest_fold(v, row, -1)) != VAULT_OK)
		goto out;
	if ((rc = vlt_db_prepare(v, "DELETE FROM entry WHERE id = ?", &st)) !=
	    VAULT_OK)
		goto out;
	sqlite3_bind_int64(st, 1, row);
	if ((rc = vlt_db_err(v->db, sqlite3_step(st))) != VAULT_OK ||
	    (rc = vlt_tomb_add(v, row, (int64_t)time(NULL))) != VAULT_OK ||
	    (rc = log_entry(v, VAULT_EVENT_DELETE, old, 0)) != VAULT_OK)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	rc = vlt_db_commit(v);
out:
	sqlite3_finalize(st);
	if (rc != VAULT_OK)
		vlt_db_rollback(v);
	vault_entry_free(old);
	return rc;
}
