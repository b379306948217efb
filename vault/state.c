/* SPDX-License-Identifier: ISC */
/*
 * state.c - the vault's state as a whole, so that no part of the file can
 * be rolled back on its own (docs/format.md, "State").
 *
 * One row, state(id = 1), sealed under the record key with its
 * generation bound in, is rewritten by every transaction as its last
 * write (log.c's append). It holds the log's head (generation = the last
 * record's seq, and its chain value), the entries' count and buckets
 * (manifest.c), and keyed digests of the escrow and holder rows, of the
 * header and setting rows and of the clerk's keyslot. Each log record in
 * turn commits to the content (entries, escrow, settings) after its
 * action. So:
 *   - cutting the log's tail leaves the state pointing past it;
 *   - putting back older settings, escrow, holder or keyslot rows, or an
 *     older entry table, no longer matches the state;
 *   - putting back an older state row as well no longer matches the log,
 *     unless the log is cut back to it too - which is a whole older copy,
 *     caught only by what the clerk's computer remembers (checkpoint.c).
 * Holders who reach the threshold hold the master key and could forge a
 * consistent state with modified software; the stock tools cannot.
 *
 * The entries' part: row hash = BLAKE2b-256(key = row subkey,
 * "cvault-row" || id || len || summary || len || body), and bucket[b] =
 * the XOR of the row hashes of the rows whose id falls in bucket b (the
 * top 8 of the id's 62 random bits). manifest.c keeps and checks them.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

/* ---- the entries: row hashes in 256 buckets of row ids ------------ */

void
vlt_row_hash_keyed(const uint8_t *key, int64_t id, const uint8_t *s,
    size_t sl, const uint8_t *b, size_t bl, uint8_t out[32])
{
	static const uint8_t none[1];
	crypto_generichash_state h;
	uint8_t n[8];

	crypto_generichash_init(&h, key, VLT_KEY_BYTES, 32);
	crypto_generichash_update(&h, (const uint8_t *)"cvault-row", 10);
	vlt_put_u64(n, (uint64_t)id);
	crypto_generichash_update(&h, n, 8);
	vlt_put_u64(n, sl);
	crypto_generichash_update(&h, n, 8);
	crypto_generichash_update(&h, s ? s : none, sl);
	vlt_put_u64(n, bl);
	crypto_generichash_update(&h, n, 8);
	crypto_generichash_update(&h, b ? b : none, bl);
	crypto_generichash_final(&h, out, 32);
}

void
vlt_row_hash(const vault *v, int64_t id, const uint8_t *s, size_t sl,
    const uint8_t *b, size_t bl, uint8_t out[32])
{
	vlt_row_hash_keyed(vlt_key(v, VLT_SUBKEY_ROW), id, s, sl, b, bl, out);
}

unsigned
vlt_bucket_of(int64_t id)
{
	return (unsigned)(((uint64_t)id - 1) >> (VLT_ID_BITS - 8)) &
	    (VLT_BUCKETS - 1);
}

void
vlt_fold_row(const vault *v, sqlite3_stmt *st, int col, uint64_t *count,
    uint8_t (*bucket)[32])
{
	int64_t id = sqlite3_column_int64(st, 0);
	uint8_t h[32];

	vlt_row_hash(v, id, sqlite3_column_blob(st, col),
	    (size_t)sqlite3_column_bytes(st, col),
	    sqlite3_column_blob(st, col + 1),
	    (size_t)sqlite3_column_bytes(st, col + 1), h);
	for (int i = 0; i < 32; i++)
		bucket[vlt_bucket_of(id)][i] ^= h[i];
	(*count)++;
}

/* Fold every row of `st` (id, summary, body) into count and buckets. */
vault_err
vlt_fold_rows(vault *v, sqlite3_stmt *st, uint64_t *count,
    uint8_t (*bucket)[32])
{
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		vlt_fold_row(v, st, 1, count, bucket);
	return step == SQLITE_DONE ? VAULT_OK : vlt_db_err(v->db, step);
}

vault_err
vlt_manifest_compute(vault *v, struct vlt_state *s)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;

	s->count = 0;
	memset(s->bucket, 0, sizeof s->bucket);
	if ((rc = vlt_db_prepare(v, "SELECT id, summary, body FROM entry",
	    &st)) != VAULT_OK)
		return rc;
	rc = vlt_fold_rows(v, st, &s->count, s->bucket);
	sqlite3_finalize(st);
	return rc;
}

/* ---- the state row ------------------------------------------------ */

static void
state_place(struct vlt_place *pl, uint8_t extra[8], uint64_t generation)
{
	memset(pl, 0, sizeof *pl);
	vlt_put_u64(extra, generation);
	pl->table = "state";
	pl->column = "value";
	pl->row = 1;
	pl->extra = extra;
	pl->extra_len = 8;
}

static void
encode(const struct vlt_state *s, uint8_t *p)
{
	vlt_put_u64(p, s->generation);
	memcpy(p + 8, s->head, 32);
	vlt_put_u64(p + 40, s->count);
	memcpy(p + 48, s->escrow, 32);
	memcpy(p + 80, s->settings, 32);
	memcpy(p + 112, s->keyslot, 32);
	memcpy(p + 144, s->bucket, sizeof s->bucket);
}

static void
decode(const uint8_t *p, struct vlt_state *s)
{
	s->generation = vlt_get_u64(p);
	memcpy(s->head, p + 8, 32);
	s->count = vlt_get_u64(p + 40);
	memcpy(s->escrow, p + 48, 32);
	memcpy(s->settings, p + 80, 32);
	memcpy(s->keyslot, p + 112, 32);
	memcpy(s->bucket, p + 144, sizeof s->bucket);
}

vault_err
vlt_state_read(vault *v, struct vlt_state *s)
{
	uint8_t plain[VLT_STATE_BYTES], extra[8];
	struct vlt_place pl;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 gen;
	size_t len = 0;
	vault_err rc;
	int step;

	memset(s, 0, sizeof *s);
	if ((rc = vlt_db_prepare(v, "SELECT generation, value FROM state"
	    " WHERE id = 1", &st)) != VAULT_OK)
		return rc;
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? VAULT_ERR_CORRUPT :
		    vlt_db_err(v->db, step);
		goto out;
	}
	/* SECURITY: bounded before anything is decrypted. */
	gen = sqlite3_column_int64(st, 0);
	if (sqlite3_column_type(st, 0) != SQLITE_INTEGER || gen < 0 ||
	    sqlite3_column_type(st, 1) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, 1) !=
	    (int)vlt_sealed_len(VLT_STATE_BYTES)) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	state_place(&pl, extra, (uint64_t)gen);
	if (vlt_open_sealed_into(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
	    sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
	    plain, sizeof plain, &len) != VAULT_OK || len != sizeof plain) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	decode(plain, s);
	if (s->generation != (uint64_t)gen)
		rc = VAULT_ERR_CORRUPT;
out:
	sodium_memzero(plain, sizeof plain);
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_state_write(vault *v, const struct vlt_state *s)
{
	uint8_t plain[VLT_STATE_BYTES], extra[8], *blob = NULL;
	struct vlt_place pl;
	sqlite3_stmt *st = NULL;
	size_t blob_len = 0;
	vault_err rc;

	if (s->generation > INT64_MAX)
		return VAULT_ERR_CORRUPT;
	encode(s, plain);
	state_place(&pl, extra, s->generation);
	if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl, plain,
	    sizeof plain, &blob, &blob_len)) != VAULT_OK ||
	    (rc = vlt_db_prepare(v, "INSERT OR REPLACE INTO state (id,"
	    " generation, value) VALUES (1, ?, ?)", &st)) != VAULT_OK)
		goto out;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)s->generation);
	sqlite3_bind_blob(st, 2, blob, (int)blob_len, SQLITE_STATIC);
	rc = vlt_db_err(v->db, sqlite3_step(st));
out:
	sodium_memzero(plain, sizeof plain);
	sqlite3_finalize(st);
	free(blob);
	return rc;
}

/* Hash every column of every row `sql` gives, in order, unambiguously:
 * a row marker, then per column its type and value (integers as i64,
 * text and blobs as length and bytes). */
static vault_err
hash_rows(vault *v, crypto_generichash_state *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	uint8_t n[8], t;
	vault_err rc;
	int step;

	if ((rc = vlt_db_prepare(v, sql, &st)) != VAULT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int cols = sqlite3_column_count(st);

		t = 0xff;
		crypto_generichash_update(h, &t, 1);
		for (int c = 0; c < cols; c++) {
			t = (uint8_t)sqlite3_column_type(st, c);
			crypto_generichash_update(h, &t, 1);
			if (t == SQLITE_INTEGER) {
				vlt_put_u64(n, (uint64_t)sqlite3_column_int64(st,
				    c));
				crypto_generichash_update(h, n, 8);
			} else if (t == SQLITE_TEXT || t == SQLITE_BLOB) {
				const void *p = t == SQLITE_TEXT ?
				    (const void *)sqlite3_column_text(st, c) :
				    sqlite3_column_blob(st, c);
				size_t len = (size_t)sqlite3_column_bytes(st, c);

				vlt_put_u64(n, len);
				crypto_generichash_update(h, n, 8);
				if (len > 0 && p != NULL)
					crypto_generichash_update(h, p, len);
			}
		}
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
	sqlite3_finalize(st);
	return rc;
}

static vault_err
digest(vault *v, const char *label, const char *const *sql, size_t nsql,
    uint8_t out[32])
{
	crypto_generichash_state h;
	vault_err rc = VAULT_OK;
	uint8_t sep = 0xfe;

	crypto_generichash_init(&h, vlt_key(v, VLT_SUBKEY_ROW),
	    VLT_KEY_BYTES, 32);
	crypto_generichash_update(&h, (const uint8_t *)label, strlen(label));
	for (size_t i = 0; i < nsql && rc == VAULT_OK; i++) {
		crypto_generichash_update(&h, &sep, 1);
		rc = hash_rows(v, &h, sql[i]);
	}
	crypto_generichash_final(&h, out, 32);
	return rc;
}

vault_err
vlt_state_digest_parts(vault *v, struct vlt_state *s, unsigned parts)
{
	static const char *const escrow[] = {
		"SELECT id, rotation, threshold, holders, wrapped, info FROM"
		" escrow ORDER BY id",
		"SELECT id, role, rotation, member, kdf, memory_kib, passes,"
		" lanes, salt, share, commitment, info FROM holder ORDER BY id",
	};
	static const char *const settings[] = {
		"SELECT id, magic, version, vault_id FROM header ORDER BY id",
		"SELECT id, name, value FROM setting ORDER BY id",
	};
	static const char *const keyslot[] = {
		"SELECT id, kind, kdf, memory_kib, passes, lanes, salt, wrapped,"
		" seen FROM keyslot ORDER BY id",
	};
	vault_err rc = VAULT_OK;

	if ((parts & VLT_DIGEST_CONTENT) &&
	    ((rc = digest(v, "cvault-escrow", escrow, 2, s->escrow)) !=
	    VAULT_OK ||
	    (rc = digest(v, "cvault-settings", settings, 2, s->settings)) !=
	    VAULT_OK))
		return rc;
	if (parts & VLT_DIGEST_KEYSLOT)
		rc = digest(v, "cvault-keyslot", keyslot, 1, s->keyslot);
	return rc;
}

vault_err
vlt_state_digest(vault *v, struct vlt_state *s)
{
	return vlt_state_digest_parts(v, s, VLT_DIGEST_CONTENT |
	    VLT_DIGEST_KEYSLOT);
}

void
vlt_state_content(const vault *v, const struct vlt_state *s, uint8_t out[32])
{
	crypto_generichash_state h;
	uint8_t n[8];

	crypto_generichash_init(&h, vlt_key(v, VLT_SUBKEY_ROW),
	    VLT_KEY_BYTES, 32);
	crypto_generichash_update(&h, (const uint8_t *)"cvault-content", 14);
	vlt_put_u64(n, s->count);
	crypto_generichash_update(&h, n, 8);
	crypto_generichash_update(&h, &s->bucket[0][0], sizeof s->bucket);
	crypto_generichash_update(&h, s->escrow, 32);
	crypto_generichash_update(&h, s->settings, 32);
	crypto_generichash_final(&h, out, 32);
}

vault_err
vlt_state_rebuild(vault *v, uint64_t generation, const uint8_t head[32])
{
	struct vlt_state s;
	vault_err rc;

	memset(&s, 0, sizeof s);
	if ((rc = vlt_manifest_compute(v, &s)) != VAULT_OK ||
	    (rc = vlt_state_digest(v, &s)) != VAULT_OK)
		return rc;
	s.generation = generation;
	memcpy(s.head, head, 32);
	return vlt_state_write(v, &s);
}
