/* SPDX-License-Identifier: ISC */
/*
 * rekey.c - a new master key. Every sealed record (entries, settings,
 * the audit log and its chain, the state row) is opened under the old
 * keys and sealed again under the new ones, the clerk's slot re-wraps the new key, and
 * escrow is set up afresh, all in one transaction: a failure anywhere
 * leaves the file exactly as it was. Old backups still open with the old
 * keys (docs/emergency-access.md says what to do about them).
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"
#include "escrow.h"

/* Open blob `col` of `st` under `old_key` at place `pl`. */
static vault_err
open_old(vault *v, sqlite3_stmt *st, int col, const uint8_t *old_key,
    const struct vlt_place *pl, vault_secret **plain)
{
	int n = sqlite3_column_bytes(st, col);

	*plain = NULL;
	if (n < 0 || vlt_open_sealed(v, old_key, pl, sqlite3_column_blob(st,
	    col), (size_t)n, plain) != VAULT_OK)
		return VAULT_ERR_CORRUPT;
	return VAULT_OK;
}

/* Open blob `col` of `st` under `old_key` and seal it under the vault's
 * current key `new_key`, for the same place. */
static vault_err
reseal(vault *v, sqlite3_stmt *st, int col, const uint8_t *old_key,
    const uint8_t *new_key, const struct vlt_place *pl, vault_secret **plain,
    uint8_t **blob, size_t *blob_len)
{
	vault_err rc;

	*blob = NULL;
	if ((rc = open_old(v, st, col, old_key, pl, plain)) != VAULT_OK)
		return rc;
	return vlt_seal(v, new_key, pl, (*plain)->buf, (*plain)->len, blob,
	    blob_len);
}

static vault_err
reseal_entry(vault *v, const uint8_t *old, int64_t id)
{
	static const char *const col[2] = { "summary", "body" };
	sqlite3_stmt *st = NULL, *up = NULL;
	vault_secret *plain[2] = { NULL, NULL };
	uint8_t *blob[2] = { NULL, NULL }, idx[VLT_INDEX_BYTES];
	uint8_t extra[VLT_NONCE_BYTES];
	size_t len[2];
	struct vlt_tlv it;
	struct vlt_place pl = { "entry", NULL, id, NULL, 0 };
	vault_err rc;

	if ((rc = vlt_db_prepare(v, "SELECT summary, body FROM entry WHERE"
	    " id = ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	if (sqlite3_column_bytes(st, 0) < (int)vlt_sealed_len(0)) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		pl.column = col[i];
		if (i == 1)     /* the body, bound to the old summary's seal */
			vlt_body_place(&pl, id, sqlite3_column_blob(st, 0),
			    extra);
		if ((rc = open_old(v, st, i, old + VLT_SUBKEY_RECORD *
		    VLT_KEY_BYTES, &pl, &plain[i])) != VAULT_OK)
			goto out;
		if (i == 1)     /* and sealed again to the new one's */
			vlt_body_place(&pl, id, blob[0], extra);
		if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
		    plain[i]->buf, plain[i]->len, &blob[i], &len[i])) !=
		    VAULT_OK)
			goto out;
		if ((rc = vlt_codec_check(plain[i]->buf, plain[i]->len)) !=
		    VAULT_OK)
			goto out;
	}
	/* The title is in the summary; index it under the new key. */
	it = (struct vlt_tlv){ plain[0]->buf, plain[0]->len, 0, 0, NULL, 0 };
	rc = VAULT_ERR_CORRUPT;
	while (vlt_tlv_next(&it))
		if (it.tag == VLT_TAG_TITLE)
			rc = vlt_index_title(v, it.val, it.vlen, idx);
	if (rc != VAULT_OK)
		goto out;
	if ((rc = vlt_db_prepare(v, "UPDATE entry SET title_index = ?,"
	    " summary = ?, body = ? WHERE id = ?", &up)) != VAULT_OK)
		goto out;
	sqlite3_bind_blob(up, 1, idx, sizeof idx, SQLITE_STATIC);
	sqlite3_bind_blob(up, 2, blob[0], (int)len[0], SQLITE_STATIC);
	sqlite3_bind_blob(up, 3, blob[1], (int)len[1], SQLITE_STATIC);
	sqlite3_bind_int64(up, 4, id);
	rc = vlt_db_err(v->db, sqlite3_step(up));
out:
	for (int i = 0; i < 2; i++) {
		vault_secret_free(plain[i]);
		free(blob[i]);
	}
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	return rc;
}

static vault_err
reseal_setting(vault *v, const uint8_t *old, int64_t id)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	vault_secret *plain = NULL;
	struct vlt_place pl = { "setting", NULL, id, NULL, 0 };
	uint8_t *blob = NULL;
	size_t len;
	char name[33];
	vault_err rc;

	if ((rc = vlt_db_prepare(v, "SELECT value, name FROM setting WHERE"
	    " id = ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_text(st, 1) ==
	    NULL || sqlite3_column_bytes(st, 1) > 32) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	snprintf(name, sizeof name, "%s", sqlite3_column_text(st, 1));
	pl.column = name;
	if ((rc = reseal(v, st, 0, old + VLT_SUBKEY_RECORD * VLT_KEY_BYTES,
	    vlt_key(v, VLT_SUBKEY_RECORD), &pl, &plain, &blob, &len)) !=
	    VAULT_OK)
		goto out;
	if ((rc = vlt_db_prepare(v, "UPDATE setting SET value = ? WHERE id = ?",
	    &up)) != VAULT_OK)
		goto out;
	sqlite3_bind_blob(up, 1, blob, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(up, 2, id);
	rc = vlt_db_err(v->db, sqlite3_step(up));
out:
	vault_secret_free(plain);
	free(blob);
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	return rc;
}

static vault_err
reseal_all(vault *v, const uint8_t *old)
{
	int64_t *ids = NULL;
	size_t n = 0;
	vault_err rc;

	if ((rc = vlt_db_ids(v, "SELECT id FROM entry", &ids, &n)) != VAULT_OK)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = reseal_entry(v, old, ids[i])) != VAULT_OK)
			goto out;
	free(ids);
	ids = NULL;
	if ((rc = vlt_db_ids(v, "SELECT id FROM setting", &ids, &n)) !=
	    VAULT_OK)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = reseal_setting(v, old, ids[i])) != VAULT_OK)
			goto out;
	rc = vlt_log_reseal(v, old);
out:
	free(ids);
	return rc;
}

vault_err
vault_rekey(vault *v, const uint8_t *clerk_pass, size_t clerk_len,
    const vault_holder_spec *holders, size_t n, unsigned threshold,
    const vault_params *params, vault_share_sheet *paper)
{
	struct vlt_escrow_plan plan;
	struct vlt_logstate seen = v ? v->seen : (struct vlt_logstate){ 0 };
	vault_secret *old = NULL, *kek = NULL;
	vault_params cp, kek_params = v ? v->clerk_params : (vault_params){ 0 };
	uint8_t kek_salt[VLT_SALT_BYTES], head[32];
	uint64_t tail;
	vault_err rc;
	int planned = 0;

	memset(&plan, 0, sizeof plan);
	if (v != NULL)
		memcpy(kek_salt, v->clerk_salt, sizeof kek_salt);
	if (v == NULL || (clerk_pass == NULL && clerk_len) ||
	    (clerk_pass == NULL && v->clerk_kek == NULL) ||
	    (holders == NULL && n != 0) ||
	    vlt_escrow_paper_prepare(holders, n, paper) != VAULT_OK)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_clerk_params(v, &cp)) != VAULT_OK)
		return rc;
	if (holders != NULL) {
		if ((rc = vlt_escrow_plan(v, holders, n, threshold, params,
		    &plan)) != VAULT_OK)
			return rc;
		planned = 1;
	}
	if (v->log_damaged) {
		rc = VAULT_ERR_CORRUPT;         /* would launder the damage */
		goto out;
	}
	if (planned && (rc = vlt_escrow_paper_out(&plan, paper)) != VAULT_OK)
		goto out;
	if ((rc = vault_secret_from(v->keys->buf, v->keys->len, &old)) !=
	    VAULT_OK || (v->clerk_kek != NULL && (rc = vault_secret_from(
	    v->clerk_kek->buf, v->clerk_kek->len, &kek)) != VAULT_OK))
		goto out;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		goto out;
	/* SECURITY: the new master key and subkeys replace the old in place;
	 * `old` keeps the old ones only until the re-seal is done. */
	randombytes_buf(v->keys->buf, VLT_KEY_BYTES);
	vlt_keys_derive(v);
	if ((rc = reseal_all(v, old->buf)) != VAULT_OK ||
	    (rc = vlt_log_tail(v, &tail, head)) != VAULT_OK ||
	    (rc = vlt_state_rebuild(v, tail, head)) != VAULT_OK)
		goto fail;
	if (clerk_pass != NULL)
		rc = vlt_clerk_write(v, &cp, clerk_pass, clerk_len);
	else
		rc = vlt_clerk_save_seen(v);    /* re-wraps the new key */
	if (rc != VAULT_OK)
		goto fail;
	if (planned)
		rc = vlt_escrow_write(v, &plan);
	else
		rc = vlt_db_err(v->db, sqlite3_exec(v->db, "DELETE FROM holder;"
		    " DELETE FROM escrow", NULL, NULL, NULL));
	if (rc != VAULT_OK ||
	    (rc = vlt_log_append(v, VAULT_EVENT_REKEY, NULL, 0)) != VAULT_OK ||
	    (rc = vlt_db_commit(v)) != VAULT_OK)
		goto fail;
	goto out;
fail:
	/* Memory back to what the file still says. */
	vlt_db_rollback(v);
	memcpy(v->keys->buf, old->buf, old->len);
	v->seen = seen;
	vault_secret_free(v->clerk_kek);        /* the session's as before */
	v->clerk_kek = kek;
	kek = NULL;
	v->clerk_params = kek_params;
	memcpy(v->clerk_salt, kek_salt, sizeof kek_salt);
out:
	if (rc != VAULT_OK && planned)
		vlt_escrow_paper_free(paper, n);
	vault_secret_free(kek);
	vault_secret_free(old);
	vlt_escrow_plan_free(&plan);
	return rc;
}
