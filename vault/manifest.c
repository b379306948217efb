/* SPDX-License-Identifier: ISC */
/*
 * manifest.c - the sealed summary of the set of entries, so that removing
 * an entry row, or putting back an older sealed copy of one (from a
 * backup of the same vault), is caught by `verify` even though every
 * remaining record authenticates on its own:
 *
 *   row hash = BLAKE2b-256(key = index subkey, "cvault-row" || id ||
 *              len || summary || len || body)
 *   manifest = count (u64 LE) || XOR of all row hashes
 *
 * kept in setting 2, sealed like any record, and updated in the same
 * transaction as every add, change and delete (O(1) each). Replacing the
 * whole file with an older copy cannot be detected this way; the threat
 * model says so.
 */
#include <string.h>
#include <sodium.h>
#include "internal.h"

#define SETTING_MANIFEST 2
#define MANIFEST_BYTES 40u

struct manifest {
	uint64_t count;
	uint8_t acc[32];
};

static void
put_u64(uint8_t *p, uint64_t x)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(x >> (8 * i));
}

static void
row_hash(const vault *v, int64_t id, const uint8_t *s, size_t sl,
    const uint8_t *b, size_t bl, uint8_t out[32])
{
	crypto_generichash_state h;
	uint8_t n[8];

	crypto_generichash_init(&h, vlt_key(v, VLT_SUBKEY_INDEX),
	    VLT_KEY_BYTES, 32);
	crypto_generichash_update(&h, (const uint8_t *)"cvault-row", 10);
	put_u64(n, (uint64_t)id);
	crypto_generichash_update(&h, n, 8);
	put_u64(n, sl);
	crypto_generichash_update(&h, n, 8);
	crypto_generichash_update(&h, s, sl);
	put_u64(n, bl);
	crypto_generichash_update(&h, n, 8);
	crypto_generichash_update(&h, b, bl);
	crypto_generichash_final(&h, out, 32);
}

static vault_err
manifest_read(vault *v, struct manifest *m)
{
	vault_secret *plain = NULL;
	vault_err rc;

	if ((rc = vlt_setting_get(v, SETTING_MANIFEST, "manifest",
	    MANIFEST_BYTES, &plain)) != VAULT_OK)
		return rc;
	if (plain->len != MANIFEST_BYTES) {
		vault_secret_free(plain);
		return VAULT_ERR_CORRUPT;
	}
	m->count = 0;
	for (int i = 7; i >= 0; i--)
		m->count = m->count << 8 | plain->buf[i];
	memcpy(m->acc, plain->buf + 8, 32);
	vault_secret_free(plain);
	return VAULT_OK;
}

static vault_err
manifest_write(vault *v, const struct manifest *m)
{
	uint8_t plain[MANIFEST_BYTES];

	put_u64(plain, m->count);
	memcpy(plain + 8, m->acc, 32);
	return vlt_setting_put(v, SETTING_MANIFEST, "manifest", plain,
	    sizeof plain);
}

/* The manifest of the rows as they are in the file now. */
static vault_err
manifest_compute(vault *v, struct manifest *m)
{
	sqlite3_stmt *st = NULL;
	uint8_t h[32];
	vault_err rc;
	int step;

	memset(m, 0, sizeof *m);
	if ((rc = vlt_db_prepare(v, "SELECT id, summary, body FROM entry",
	    &st)) != VAULT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const uint8_t *s = sqlite3_column_blob(st, 1);
		int sl = sqlite3_column_bytes(st, 1);
		const uint8_t *b = sqlite3_column_blob(st, 2);
		int bl = sqlite3_column_bytes(st, 2);

		row_hash(v, sqlite3_column_int64(st, 0), s ? s : h, (size_t)sl,
		    b ? b : h, (size_t)bl, h);
		for (int i = 0; i < 32; i++)
			m->acc[i] ^= h[i];
		m->count++;
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_manifest_reset(vault *v)
{
	struct manifest m;
	vault_err rc;

	if ((rc = manifest_compute(v, &m)) != VAULT_OK)
		return rc;
	return manifest_write(v, &m);
}

vault_err
vlt_manifest_fold(vault *v, int64_t id, int sign)
{
	sqlite3_stmt *st = NULL;
	struct manifest m;
	uint8_t h[32];
	vault_err rc;

	if ((rc = manifest_read(v, &m)) != VAULT_OK ||
	    (rc = vlt_db_prepare(v, "SELECT summary, body FROM entry WHERE"
	    " id = ?", &st)) != VAULT_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	row_hash(v, id, sqlite3_column_blob(st, 0) ? sqlite3_column_blob(st, 0)
	    : h, (size_t)sqlite3_column_bytes(st, 0), sqlite3_column_blob(st,
	    1) ? sqlite3_column_blob(st, 1) : h,
	    (size_t)sqlite3_column_bytes(st, 1), h);
	for (int i = 0; i < 32; i++)
		m.acc[i] ^= h[i];       /* XOR: folding out = folding in */
	if (sign < 0 && m.count == 0) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	m.count = sign < 0 ? m.count - 1 : m.count + 1;
	rc = manifest_write(v, &m);
out:
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_manifest_check(vault *v)
{
	struct manifest want, have;
	vault_err rc;

	if ((rc = manifest_read(v, &want)) != VAULT_OK ||
	    (rc = manifest_compute(v, &have)) != VAULT_OK)
		return rc;
	return want.count == have.count &&
	    sodium_memcmp(want.acc, have.acc, 32) == 0 ? VAULT_OK :
	    VAULT_ERR_CORRUPT;
}
