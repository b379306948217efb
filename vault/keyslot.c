/* SPDX-License-Identifier: ISC */
/*
 * keyslot.c - the master key wrapped under passphrase-derived keys.
 *
 * A keyslot row holds the Argon2id settings and salt in the clear and the
 * master key sealed under the derived key-encryption key. The settings
 * are bound into the seal's associated data, so editing them in the file
 * makes the slot fail to open rather than weakening it. Settings read from
 * the file are bounded before the KDF runs.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

static void
params_bytes(const vault_params *p, uint8_t out[12])
{
	uint32_t x[3] = { p->kdf_memory_kib, p->kdf_passes, p->kdf_lanes };

	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(x[i] >> (8 * j));
}

static void
slot_place(struct vlt_place *pl, int64_t slot, const char *kind,
    const uint8_t extra[12])
{
	pl->table = "keyslot";
	pl->column = kind;
	pl->row = slot;
	pl->extra = extra;
	pl->extra_len = 12;
}

vault_err
vlt_keyslot_write(vault *v, int64_t slot, const char *kind,
    const vault_params *p, const uint8_t *pass, size_t pass_len)
{
	uint8_t salt[VLT_SALT_BYTES], extra[12], *blob = NULL;
	size_t blob_len = 0;
	vault_secret *kek = NULL;
	sqlite3_stmt *st = NULL;
	struct vlt_place pl;
	vault_err rc;

	randombytes_buf(salt, sizeof salt);
	if ((rc = vlt_kdf_derive(p, pass, pass_len, salt, &kek)) != VAULT_OK)
		goto out;
	params_bytes(p, extra);
	slot_place(&pl, slot, kind, extra);
	if ((rc = vlt_seal(v, kek->buf, &pl, vlt_key(v, 0), VLT_KEY_BYTES,
	    &blob, &blob_len)) != VAULT_OK)
		goto out;
	if ((rc = vlt_db_prepare(v, "INSERT OR REPLACE INTO keyslot (id, kind,"
	    " kdf, memory_kib, passes, lanes, salt, wrapped) VALUES"
	    " (?, ?, 'argon2id13', ?, ?, ?, ?, ?)", &st)) != VAULT_OK)
		goto out;
	sqlite3_bind_int64(st, 1, slot);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, p->kdf_memory_kib);
	sqlite3_bind_int64(st, 4, p->kdf_passes);
	sqlite3_bind_int64(st, 5, p->kdf_lanes);
	sqlite3_bind_blob(st, 6, salt, sizeof salt, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, blob, (int)blob_len, SQLITE_STATIC);
	rc = vlt_db_err(v->db, sqlite3_step(st));
out:
	sqlite3_finalize(st);
	free(blob);
	vault_secret_free(kek);
	return rc;
}

/* Read a slot's public settings; anything out of bounds is damage. */
static vault_err
slot_read(vault *v, int64_t slot, sqlite3_stmt **st, vault_params *p)
{
	vault_err rc;
	int step;
	sqlite3_int64 m, t, l;

	if ((rc = vlt_db_prepare(v, "SELECT kind, kdf, memory_kib, passes,"
	    " lanes, salt, wrapped FROM keyslot WHERE id = ?", st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(*st, 1, slot);
	if ((step = sqlite3_step(*st)) != SQLITE_ROW)
		return step == SQLITE_DONE ? VAULT_ERR_NOTFOUND :
		    vlt_db_err(v->db, step);
	m = sqlite3_column_int64(*st, 2);
	t = sqlite3_column_int64(*st, 3);
	l = sqlite3_column_int64(*st, 4);
	if (sqlite3_column_type(*st, 0) != SQLITE_TEXT ||
	    sqlite3_column_bytes(*st, 0) > 32 ||
	    sqlite3_column_type(*st, 1) != SQLITE_TEXT ||
	    strcmp((const char *)sqlite3_column_text(*st, 1), "argon2id13") ||
	    m < 0 || m > UINT32_MAX || t < 0 || t > UINT32_MAX ||
	    l < 0 || l > UINT32_MAX ||
	    sqlite3_column_bytes(*st, 5) != VLT_SALT_BYTES ||
	    sqlite3_column_bytes(*st, 6) != (int)vlt_sealed_len(VLT_KEY_BYTES))
		return VAULT_ERR_CORRUPT;
	p->kdf_memory_kib = (uint32_t)m;
	p->kdf_passes = (uint32_t)t;
	p->kdf_lanes = (uint32_t)l;
	/* SECURITY: bound what the file asks of the KDF before running it. */
	return vault_params_check(p) == VAULT_OK ? VAULT_OK : VAULT_ERR_CORRUPT;
}

vault_err
vlt_keyslot_params(vault *v, int64_t slot, vault_params *out)
{
	sqlite3_stmt *st = NULL;
	vault_err rc = slot_read(v, slot, &st, out);

	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_keyslot_unlock(vault *v, int64_t slot, const uint8_t *pass,
    size_t pass_len)
{
	sqlite3_stmt *st = NULL;
	vault_secret *kek = NULL, *mk = NULL;
	vault_params p;
	struct vlt_place pl;
	uint8_t extra[12];
	vault_err rc;

	if ((rc = slot_read(v, slot, &st, &p)) != VAULT_OK)
		goto out;
	if ((rc = vlt_kdf_derive(&p, pass, pass_len,
	    sqlite3_column_blob(st, 5), &kek)) != VAULT_OK)
		goto out;
	params_bytes(&p, extra);
	slot_place(&pl, slot, (const char *)sqlite3_column_text(st, 0), extra);
	/* AUTH: wrong passphrase, or a slot damaged or edited. */
	if ((rc = vlt_open_sealed(v, kek->buf, &pl, sqlite3_column_blob(st, 6),
	    (size_t)sqlite3_column_bytes(st, 6), &mk)) != VAULT_OK)
		goto out;
	memcpy(v->keys->buf, mk->buf, VLT_KEY_BYTES);
out:
	vault_secret_free(mk);
	vault_secret_free(kek);
	sqlite3_finalize(st);
	return rc;
}
