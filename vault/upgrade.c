/* SPDX-License-Identifier: ISC */
/*
 * upgrade.c - format 1 to format 2, in one transaction, the first time a
 * format-1 file is opened where it can be written (by the clerk or
 * through escrow). Nothing sealed needs a passphrase to move: seals keep
 * scheme 1 (crypto.c), so the holders' shares and the clerk's slot stay
 * as they are; what changes is
 *   - each entry's body is sealed again, bound to its own summary seal;
 *   - the manifest setting (format 1, keyed with the index subkey) is
 *     checked, then replaced by the state row (state.c);
 *   - header.version becomes 2, and a format-upgrade record is appended,
 *     which commits the new state and, for the clerk, gives the keyslot
 *     its checkpoint key.
 * A format-1 manifest or log that does not check out is not laundered:
 * the finding is kept (the clerk is told; an escrow opening is refused).
 * A damaged entry stops the upgrade and the file is left as it was.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"

#define V1_SETTING_MANIFEST 2
#define V1_MANIFEST_BYTES 40u

/* Format 1's manifest: count || XOR of BLAKE2b(index subkey, "cvault-row"
 * || id || len || summary || len || body) over every row, in setting 2.
 * 1 when it matches the rows. */
static vault_err
v1_manifest_ok(vault *v, int *ok)
{
	vault_secret *want = NULL;
	sqlite3_stmt *st = NULL;
	uint8_t acc[32] = { 0 }, h[32];
	uint64_t count = 0;
	vault_err rc;
	int step;

	*ok = 0;
	rc = vlt_setting_get(v, V1_SETTING_MANIFEST, "manifest",
	    V1_MANIFEST_BYTES, &want);
	if (rc == VAULT_ERR_CORRUPT)
		return VAULT_OK;                /* missing or damaged */
	if (rc != VAULT_OK)
		return rc;
	if ((rc = vlt_db_prepare(v, "SELECT id, summary, body FROM entry",
	    &st)) != VAULT_OK)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		vlt_row_hash_keyed(vlt_key(v, VLT_SUBKEY_INDEX),
		    sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1),
		    sqlite3_column_blob(st, 2),
		    (size_t)sqlite3_column_bytes(st, 2), h);
		for (int i = 0; i < 32; i++)
			acc[i] ^= h[i];
		count++;
	}
	if (step != SQLITE_DONE) {
		rc = vlt_db_err(v->db, step);
		goto out;
	}
	*ok = want->len == V1_MANIFEST_BYTES &&
	    vlt_get_u64(want->buf) == count &&
	    sodium_memcmp(want->buf + 8, acc, 32) == 0;
out:
	sqlite3_finalize(st);
	vault_secret_free(want);
	return rc;
}

/* Seal row `id`'s body again, bound to its summary (format 2). */
static vault_err
rebind_body(vault *v, int64_t id)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	vault_secret *plain = NULL;
	struct vlt_place old = { "entry", "body", id, NULL, 0 }, nu;
	uint8_t extra[VLT_NONCE_BYTES], *blob = NULL;
	size_t len = 0;
	vault_err rc;
	int n;

	if ((rc = vlt_db_prepare(v, "SELECT summary, body FROM entry WHERE"
	    " id = ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_bytes(st, 0) < (int)vlt_sealed_len(0) ||
	    (n = sqlite3_column_bytes(st, 1)) < 0 ||
	    vlt_open_sealed(v, vlt_key(v, VLT_SUBKEY_RECORD), &old,
	    sqlite3_column_blob(st, 1), (size_t)n, &plain) != VAULT_OK ||
	    vlt_codec_check(plain->buf, plain->len) != VAULT_OK) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	vlt_body_place(&nu, id, sqlite3_column_blob(st, 0), extra);
	if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &nu, plain->buf,
	    plain->len, &blob, &len)) != VAULT_OK ||
	    (rc = vlt_db_prepare(v, "UPDATE entry SET body = ? WHERE id = ?",
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
rebind_bodies(vault *v)
{
	int64_t *ids = NULL;
	size_t n = 0;
	vault_err rc;

	if ((rc = vlt_db_ids(v, "SELECT id FROM entry", &ids, &n)) ==
	    VAULT_OK)
		for (size_t i = 0; i < n && rc == VAULT_OK; i++)
			rc = rebind_body(v, ids[i]);
	free(ids);
	return rc;
}

vault_err
vlt_upgrade(vault *v)
{
	static const char what[] = "format 1 to 2";
	sqlite3_stmt *st = NULL;
	struct vlt_logstate before = v->seen;
	uint8_t head[32];
	uint64_t tail;
	vault_err rc;
	int ok;

	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	/* Another process may have upgraded it since the open. */
	if (vlt_db_schema_version(v->db) != 1 || v->version != 1) {
		rc = VAULT_ERR_BUSY;
		goto out;
	}
	/* What format 1 can check, checked before its checks are dropped. */
	if ((rc = vlt_log_check(v, 1)) != VAULT_OK ||
	    (rc = v1_manifest_ok(v, &ok)) != VAULT_OK)
		goto out;
	if (!ok)
		v->findings |= VAULT_FINDING_ROWS;
	if (v->escrow_session && v->findings != 0) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	/* The clerk is told (sealed in the keyslot until acknowledged);
	 * the new state describes the rows as they are. */
	if (v->clerk_kek != NULL)
		v->seen.alarm |= v->findings;
	v->findings &= ~VLT_FROZEN;
	if ((rc = vlt_db_add_state_table(v)) != VAULT_OK ||
	    (rc = rebind_bodies(v)) != VAULT_OK ||
	    (rc = vlt_db_err(v->db, sqlite3_exec(v->db, "DELETE FROM setting"
	    " WHERE id = 2 AND name = 'manifest'", NULL, NULL, NULL))) !=
	    VAULT_OK ||
	    (rc = vlt_db_prepare(v, "UPDATE header SET version = 2 WHERE"
	    " id = 1", &st)) != VAULT_OK ||
	    (rc = vlt_db_err(v->db, sqlite3_step(st))) != VAULT_OK)
		goto out;
	v->version = 2;
	if ((rc = vlt_log_tail(v, &tail, head)) != VAULT_OK ||
	    (rc = vlt_state_rebuild(v, tail, head)) != VAULT_OK ||
	    (rc = vlt_log_append(v, VAULT_EVENT_UPGRADE, (const uint8_t *)what,
	    sizeof what - 1)) != VAULT_OK)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	rc = vlt_db_commit(v);
out:
	sqlite3_finalize(st);
	if (rc != VAULT_OK) {
		vlt_db_rollback(v);
		v->version = 1;
		v->seen = before;
	}
	return rc;
}
