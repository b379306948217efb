/* SPDX-License-Identifier: ISC */
/*
 * manifest.c - keeping and checking the entries' part of the vault's
 * state (state.c): which rows exist and which sealed copy of each, so
 * that removing a row, or putting back an older copy of one (or of the
 * whole table) from another copy of the same vault, is caught even though
 * every such row authenticates on its own. Each add, change and delete
 * folds one row hash in or out of its bucket (O(1)); reading an entry
 * checks only its own bucket (about n/256 rows), so `get` refuses an
 * older copy without reading every row; `verify` checks them all.
 */
#include <string.h>
#include <sodium.h>
#include "internal.h"

/* The hash of the row `id` as it is in the file now (CORRUPT if none). */
static vault_err
stored_row_hash(vault *v, int64_t id, uint8_t out[32])
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	if ((rc = vlt_db_prepare(v, "SELECT summary, body FROM entry WHERE"
	    " id = ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		vlt_row_hash(v, id, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), out);
	else
		rc = step == SQLITE_DONE ? VAULT_ERR_CORRUPT :
		    vlt_db_err(v->db, step);
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_manifest_fold_into(vault *v, struct vlt_state *s, int64_t id, int sign)
{
	uint8_t h[32];
	unsigned b = vlt_bucket_of(id);
	vault_err rc;

	if ((rc = stored_row_hash(v, id, h)) != VAULT_OK)
		return rc;
	if (sign < 0 && s->count == 0)
		return VAULT_ERR_CORRUPT;
	for (int i = 0; i < 32; i++)
		s->bucket[b][i] ^= h[i];        /* XOR: out = in */
	s->count = sign < 0 ? s->count - 1 : s->count + 1;
	return VAULT_OK;
}

vault_err
vlt_manifest_fold(vault *v, int64_t id, int sign)
{
	struct vlt_state s;
	vault_err rc;

	if ((rc = vlt_state_read(v, &s)) != VAULT_OK ||
	    (rc = vlt_manifest_fold_into(v, &s, id, sign)) != VAULT_OK)
		return rc;
	return vlt_state_write(v, &s);
}

vault_err
vlt_manifest_check_bucket(vault *v, int64_t id)
{
	return vlt_manifest_check_bucket_in(v, NULL, id);
}

vault_err
vlt_manifest_check_bucket_in(vault *v, const struct vlt_state *in,
    int64_t id)
{
	uint8_t acc[VLT_BUCKETS][32];
	uint64_t n = 0, lo, hi;
	unsigned b = vlt_bucket_of(id);
	struct vlt_state s;
	sqlite3_stmt *st = NULL;
	vault_err rc;

	if (id < 1 || (uint64_t)id > (uint64_t)1 << VLT_ID_BITS)
		return VAULT_ERR_CORRUPT;       /* no such id is ever written */
	if (v->findings & VLT_FROZEN)
		return VAULT_ERR_CORRUPT;       /* the state itself is in doubt */
	if (v->version < 2)
		return VAULT_OK;        /* a format-1 file read as it is */
	if (in != NULL)
		s = *in;
	else if ((rc = vlt_state_read(v, &s)) != VAULT_OK)
		return rc;
	memset(acc[b], 0, sizeof acc[b]);
	lo = ((uint64_t)b << (VLT_ID_BITS - 8)) + 1;
	hi = (uint64_t)(b + 1) << (VLT_ID_BITS - 8);
	if ((rc = vlt_db_prepare(v, "SELECT id, summary, body FROM entry"
	    " WHERE id BETWEEN ? AND ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)lo);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)hi);
	rc = vlt_fold_rows(v, st, &n, acc);         /* every row is in bucket b */
	sqlite3_finalize(st);
	if (rc != VAULT_OK)
		return rc;
	return sodium_memcmp(acc[b], s.bucket[b], 32) == 0 ? VAULT_OK :
	    VAULT_ERR_CORRUPT;
}

vault_err
vlt_manifest_matches(vault *v, const struct vlt_state *seen)
{
	struct vlt_state s;
	vault_err rc;

	if (v->version < 2)
		return VAULT_OK;        /* a format-1 file read as it is */
	if ((rc = vlt_state_read(v, &s)) != VAULT_OK)
		return rc;
	return s.count == seen->count && sodium_memcmp(s.bucket, seen->bucket,
	    sizeof s.bucket) == 0 ? VAULT_OK : VAULT_ERR_CORRUPT;
}
