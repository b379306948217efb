/* SPDX-License-Identifier: ISC */
/*
 * keyslot.c - payloads sealed under passphrase-derived keys: the clerk's
 * keyslot (the master key, and the audit-log head the clerk last saw) and
 * each escrow holder's share.
 *
 * The Argon2id settings and salt are stored in the clear beside the blob
 * and bound into its associated data, so editing them makes the slot fail
 * to open rather than weakening it. Settings read from the file are
 * bounded (vault_params_check) before the KDF runs.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

#define EXTRA_MAX 64u

/* place->extra becomes KDF settings || the caller's extra. */
static vault_err
bind_params(const struct vlt_place *pl, const vault_params *p,
    struct vlt_place *out, uint8_t buf[12 + EXTRA_MAX])
{
	uint32_t x[3] = { p->kdf_memory_kib, p->kdf_passes, p->kdf_lanes };

	if (pl->extra_len > EXTRA_MAX)
		return VAULT_ERR_INVALID;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 4; j++)
			buf[4 * i + j] = (uint8_t)(x[i] >> (8 * j));
	if (pl->extra_len)
		memcpy(buf + 12, pl->extra, pl->extra_len);
	*out = *pl;
	out->extra = buf;
	out->extra_len = 12 + pl->extra_len;
	return VAULT_OK;
}

vault_err
vlt_kek_seal(const vault *v, const vault_secret *kek, const vault_params *p,
    const struct vlt_place *pl, const uint8_t *plain, size_t len,
    uint8_t **blob, size_t *blob_len)
{
	uint8_t extra[12 + EXTRA_MAX];
	struct vlt_place bound;
	vault_err rc;

	if ((rc = bind_params(pl, p, &bound, extra)) != VAULT_OK)
		return rc;
	return vlt_seal(v, kek->buf, &bound, plain, len, blob, blob_len);
}

vault_err
vlt_kek_open(const vault *v, const vault_secret *kek, const vault_params *p,
    const struct vlt_place *pl, const uint8_t *blob, size_t blob_len,
    vault_secret **plain)
{
	uint8_t extra[12 + EXTRA_MAX];
	struct vlt_place bound;
	vault_err rc;

	if ((rc = bind_params(pl, p, &bound, extra)) != VAULT_OK)
		return rc;
	return vlt_open_sealed(v, kek->buf, &bound, blob, blob_len, plain);
}

vault_err
vlt_pw_seal(const vault *v, const vault_params *p, const uint8_t *pass,
    size_t pass_len, const struct vlt_place *pl, const uint8_t *plain,
    size_t len, uint8_t salt[VLT_SALT_BYTES], uint8_t **blob,
    size_t *blob_len, vault_secret **kek_out)
{
	vault_secret *kek = NULL;
	vault_err rc;

	*blob = NULL;
	if (kek_out != NULL)
		*kek_out = NULL;
	randombytes_buf(salt, VLT_SALT_BYTES);
	if ((rc = vlt_kdf_derive(p, pass, pass_len, salt, &kek)) != VAULT_OK)
		return rc;
	rc = vlt_kek_seal(v, kek, p, pl, plain, len, blob, blob_len);
	if (rc == VAULT_OK && kek_out != NULL) {
		*kek_out = kek;
		kek = NULL;
	}
	vault_secret_free(kek);
	return rc;
}

vault_err
vlt_pw_open(const vault *v, const vault_params *p,
    const uint8_t salt[VLT_SALT_BYTES], const uint8_t *pass, size_t pass_len,
    const struct vlt_place *pl, const uint8_t *blob, size_t blob_len,
    vault_secret **plain, vault_secret **kek_out)
{
	vault_secret *kek = NULL;
	vault_err rc;

	*plain = NULL;
	if (kek_out != NULL)
		*kek_out = NULL;
	if ((rc = vlt_kdf_derive(p, pass, pass_len, salt, &kek)) != VAULT_OK)
		return rc;
	/* AUTH: wrong passphrase, or a slot damaged or edited. */
	rc = vlt_kek_open(v, kek, p, pl, blob, blob_len, plain);
	if (rc == VAULT_OK && kek_out != NULL) {
		*kek_out = kek;
		kek = NULL;
	}
	vault_secret_free(kek);
	return rc;
}

vault_err
vlt_row_params(sqlite3_stmt *st, int col, vault_params *p,
    const uint8_t **salt)
{
	sqlite3_int64 m, t, l;
	const unsigned char *kdf;

	/* Columns col..col+4: kdf, memory_kib, passes, lanes, salt. */
	kdf = sqlite3_column_text(st, col);
	m = sqlite3_column_int64(st, col + 1);
	t = sqlite3_column_int64(st, col + 2);
	l = sqlite3_column_int64(st, col + 3);
	if (kdf == NULL || strcmp((const char *)kdf, "argon2id13") != 0 ||
	    m < 0 || m > UINT32_MAX || t < 0 || t > UINT32_MAX ||
	    l < 0 || l > UINT32_MAX ||
	    sqlite3_column_type(st, col + 4) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, col + 4) != VLT_SALT_BYTES)
		return VAULT_ERR_CORRUPT;
	p->kdf_memory_kib = (uint32_t)m;
	p->kdf_passes = (uint32_t)t;
	p->kdf_lanes = (uint32_t)l;
	*salt = sqlite3_column_blob(st, col + 4);
	/* SECURITY: bound what the file asks of the KDF before running it. */
	return vault_params_check(p) == VAULT_OK ? VAULT_OK : VAULT_ERR_CORRUPT;
}

/* ---- the clerk's keyslot ------------------------------------------ */

/* The clerk's view of the log (docs/format.md, "The clerk's keyslot"):
 * seq, head, acked, alarm and, from format 2, the checkpoint key. */
void
vlt_logstate_encode(const struct vlt_logstate *s,
    uint8_t out[VLT_LOGSTATE_BYTES])
{
	vlt_put_u64(out, s->seq);
	memcpy(out + 8, s->head, 32);
	vlt_put_u64(out + 40, s->acked);
	vlt_put_u64(out + 48, s->alarm);
	memcpy(out + 56, s->ck, 32);
}

void
vlt_logstate_decode(const uint8_t *in, size_t len, struct vlt_logstate *s)
{
	memset(s, 0, sizeof *s);
	s->seq = vlt_get_u64(in);
	memcpy(s->head, in + 8, 32);
	s->acked = vlt_get_u64(in + 40);
	s->alarm = vlt_get_u64(in + 48);
	if (len >= VLT_LOGSTATE_BYTES) {
		memcpy(s->ck, in + 56, 32);
		s->has_ck = 1;
	}
}

static void
clerk_place(struct vlt_place *pl, const char *column)
{
	memset(pl, 0, sizeof *pl);
	pl->table = "keyslot";
	pl->column = column;
	pl->row = VLT_SLOT_CLERK;
}

/* Seal the master key and the clerk's log state under `kek` and store
 * them with `p` and `salt` as the clerk's slot. */
static vault_err
clerk_store(vault *v, const vault_secret *kek, const vault_params *p,
    const uint8_t salt[VLT_SALT_BYTES])
{
	uint8_t *mk = NULL, *seen = NULL, state[VLT_LOGSTATE_BYTES];
	size_t mk_len = 0, seen_len = 0;
	sqlite3_stmt *st = NULL;
	struct vlt_place pl;
	vault_err rc;

	/* A format-1 state has no checkpoint key yet: the clerk's first
	 * write makes one (a random key, kept only in this sealed slot). */
	if (!v->seen.has_ck) {
		randombytes_buf(v->seen.ck, sizeof v->seen.ck);
		v->seen.has_ck = 1;
	}
	vlt_logstate_encode(&v->seen, state);
	clerk_place(&pl, "clerk");
	if ((rc = vlt_kek_seal(v, kek, p, &pl, vlt_key(v, 0), VLT_KEY_BYTES,
	    &mk, &mk_len)) != VAULT_OK)
		goto out;
	clerk_place(&pl, "seen");
	if ((rc = vlt_kek_seal(v, kek, p, &pl, state, sizeof state, &seen,
	    &seen_len)) != VAULT_OK)
		goto out;
	if ((rc = vlt_db_prepare(v, "INSERT OR REPLACE INTO keyslot (id, kind,"
	    " kdf, memory_kib, passes, lanes, salt, wrapped, seen) VALUES"
	    " (?, 'clerk', 'argon2id13', ?, ?, ?, ?, ?, ?)", &st)) != VAULT_OK)
		goto out;
	sqlite3_bind_int64(st, 1, VLT_SLOT_CLERK);
	sqlite3_bind_int64(st, 2, p->kdf_memory_kib);
	sqlite3_bind_int64(st, 3, p->kdf_passes);
	sqlite3_bind_int64(st, 4, p->kdf_lanes);
	sqlite3_bind_blob(st, 5, salt, VLT_SALT_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, mk, (int)mk_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, seen, (int)seen_len, SQLITE_STATIC);
	rc = vlt_db_err(v->db, sqlite3_step(st));
out:
	sodium_memzero(state, sizeof state);
	sqlite3_finalize(st);
	free(mk);
	free(seen);
	return rc;
}

vault_err
vlt_clerk_write(vault *v, const vault_params *p, const uint8_t *pass,
    size_t pass_len)
{
	uint8_t salt[VLT_SALT_BYTES];
	vault_secret *kek = NULL;
	vault_err rc;

	randombytes_buf(salt, sizeof salt);
	if ((rc = vlt_kdf_derive(p, pass, pass_len, salt, &kek)) != VAULT_OK)
		return rc;
	if ((rc = clerk_store(v, kek, p, salt)) == VAULT_OK) {
		/* The session keeps the clerk's key to record what it sees. */
		vault_secret_free(v->clerk_kek);
		v->clerk_kek = kek;
		v->clerk_params = *p;
		memcpy(v->clerk_salt, salt, sizeof salt);
		kek = NULL;
	}
	vault_secret_free(kek);
	return rc;
}

vault_err
vlt_clerk_save_seen(vault *v)
{
	if (v->clerk_kek == NULL)
		return VAULT_ERR_INVALID;       /* only a clerk session */
	return clerk_store(v, v->clerk_kek, &v->clerk_params, v->clerk_salt);
}

static vault_err
clerk_read(vault *v, sqlite3_stmt **st, vault_params *p, const uint8_t **salt)
{
	vault_err rc;
	int step;

	if ((rc = vlt_db_prepare(v, "SELECT kdf, memory_kib, passes, lanes,"
	    " salt, wrapped, seen FROM keyslot WHERE id = ? AND"
	    " kind = 'clerk'", st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(*st, 1, VLT_SLOT_CLERK);
	if ((step = sqlite3_step(*st)) != SQLITE_ROW)
		return step == SQLITE_DONE ? VAULT_ERR_CORRUPT :
		    vlt_db_err(v->db, step);
	if ((rc = vlt_row_params(*st, 0, p, salt)) != VAULT_OK)
		return rc;
	/* `seen` is 88 bytes, or 56 as a format-1 file wrote it. */
	if (sqlite3_column_bytes(*st, 5) != (int)vlt_sealed_len(VLT_KEY_BYTES) ||
	    (sqlite3_column_bytes(*st, 6) !=
	    (int)vlt_sealed_len(VLT_LOGSTATE_BYTES) &&
	    sqlite3_column_bytes(*st, 6) !=
	    (int)vlt_sealed_len(VLT_LOGSTATE_V1_BYTES)))
		return VAULT_ERR_CORRUPT;
	return VAULT_OK;
}

vault_err
vlt_clerk_params(vault *v, vault_params *out)
{
	sqlite3_stmt *st = NULL;
	const uint8_t *salt;
	vault_err rc = clerk_read(v, &st, out, &salt);

	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_clerk_unlock(vault *v, const uint8_t *pass, size_t pass_len)
{
	sqlite3_stmt *st = NULL;
	vault_secret *kek = NULL, *mk = NULL, *seen = NULL;
	const uint8_t *salt;
	struct vlt_place pl;
	vault_params p;
	vault_err rc;

	if ((rc = clerk_read(v, &st, &p, &salt)) != VAULT_OK)
		goto out;
	clerk_place(&pl, "clerk");
	if ((rc = vlt_pw_open(v, &p, salt, pass, pass_len, &pl,
	    sqlite3_column_blob(st, 5), (size_t)sqlite3_column_bytes(st, 5),
	    &mk, &kek)) != VAULT_OK)
		goto out;
	clerk_place(&pl, "seen");
	/* The right key but a bad seal here is damage, not a wrong pass. */
	if ((rc = vlt_kek_open(v, kek, &p, &pl, sqlite3_column_blob(st, 6),
	    (size_t)sqlite3_column_bytes(st, 6), &seen)) != VAULT_OK) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	memcpy(v->keys->buf, mk->buf, VLT_KEY_BYTES);
	vlt_logstate_decode(seen->buf, seen->len, &v->seen);
	v->clerk_kek = kek;
	v->clerk_params = p;
	memcpy(v->clerk_salt, salt, VLT_SALT_BYTES);
	kek = NULL;
out:
	vault_secret_free(seen);
	vault_secret_free(mk);
	vault_secret_free(kek);
	sqlite3_finalize(st);
	return rc;
}
