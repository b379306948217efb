/* SPDX-License-Identifier: ISC */
/*
 * vault.c - the vault's lifecycle: create, open, change passphrase, close.
 *
 * Creation builds the whole file under a temporary name (private,
 * created exclusively) in one transaction, then moves it into place
 * without replacing anything (os.h): the target is never overwritten,
 * and a crash leaves either no vault or a whole one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "os.h"

#define MAGIC "cvault"
#define COUNCIL_MAX 256u
#define SETTING_COUNCIL 1

vault_err
vlt_vault_alloc(vault **out)
{
	vault *v;
	vault_err rc;

	*out = NULL;
	if ((rc = vlt_init()) != VAULT_OK)
		return rc;
	if ((v = calloc(1, sizeof *v)) == NULL)
		return VAULT_ERR_NOMEM;
	if ((rc = vlt_secret_new(&v->keys, VLT_KEY_BYTES * VLT_SUBKEY_COUNT))
	    != VAULT_OK) {
		free(v);
		return rc;
	}
	v->version = VAULT_FORMAT_VERSION;
	snprintf(v->actor, sizeof v->actor, "clerk");
	*out = v;
	return VAULT_OK;
}

void
vault_close(vault *v)
{
	if (v == NULL)
		return;
	sqlite3_close(v->db);
	vault_secret_free(v->keys);     /* wipes the master key and subkeys */
	vault_secret_free(v->clerk_kek);
	sodium_memzero(&v->seen, sizeof v->seen);
	free(v->council);
	free(v->path);
	free(v);
}

int
vault_is_readonly(const vault *v)
{
	return v != NULL && v->readonly;
}

const char *
vault_council(const vault *v)
{
	return v && v->council ? v->council : "";
}

vault_err
vlt_council_read(vault *v)
{
	vault_secret *plain = NULL;
	vault_err rc;

	if ((rc = vlt_setting_get(v, SETTING_COUNCIL, "council", COUNCIL_MAX,
	    &plain)) != VAULT_OK)
		return rc;
	if ((v->council = calloc(1, plain->len + 1)) == NULL)
		rc = VAULT_ERR_NOMEM;
	else
		memcpy(v->council, plain->buf, plain->len);
	vault_secret_free(plain);
	return rc;
}

/* Build a complete vault in the fresh, empty file at `tmp`. */
static vault_err
build(vault *v, const char *tmp, const char *council, const uint8_t *pass,
    size_t pass_len, const vault_params *p)
{
	static const uint8_t zero[32];
	sqlite3_stmt *st = NULL;
	vault_err rc;

	if ((rc = vlt_db_open(tmp, 1, &v->db, NULL)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_prepare(v, "INSERT INTO header (id, magic, version,"
	    " vault_id) VALUES (1, ?, ?, ?)", &st)) != VAULT_OK)
		goto out;
	sqlite3_bind_text(st, 1, MAGIC, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v->version);
	sqlite3_bind_blob(st, 3, v->id, VLT_ID_BYTES, SQLITE_STATIC);
	if ((rc = vlt_db_err(v->db, sqlite3_step(st))) != VAULT_OK ||
	    (rc = vlt_clerk_write(v, p, pass, pass_len)) != VAULT_OK ||
	    (rc = vlt_setting_put(v, SETTING_COUNCIL, "council",
	    (const uint8_t *)council, strlen(council))) != VAULT_OK ||
	    (rc = vlt_state_rebuild(v, 0, zero)) != VAULT_OK)
		goto out;
	rc = vlt_db_commit(v);
out:
	sqlite3_finalize(st);
	if (rc != VAULT_OK)
		vlt_db_rollback(v);
	return rc;
}

vault_err
vault_create(const char *path, const char *council, const uint8_t *pass,
    size_t pass_len, const vault_params *params, vault **out)
{
	vault *v = NULL;
	vault_params p;
	char *tmp = NULL;
	vault_err rc;

	if (out != NULL)
		*out = NULL;
	if (path == NULL || council == NULL || out == NULL ||
	    (pass == NULL && pass_len) || strlen(council) == 0 ||
	    strlen(council) > COUNCIL_MAX)
		return VAULT_ERR_INVALID;
	if (params == NULL)
		vault_params_default(&p);
	else
		p = *params;
	if ((rc = vault_params_check(&p)) != VAULT_OK)
		return rc;
	if (vlt_os_exists(path))
		return VAULT_ERR_EXISTS;
	if ((rc = vlt_vault_alloc(&v)) != VAULT_OK)
		return rc;
	randombytes_buf(v->id, VLT_ID_BYTES);
	randombytes_buf(v->keys->buf, VLT_KEY_BYTES);   /* the master key */
	vlt_keys_derive(v);
	if ((rc = vlt_os_temp_beside(path, &tmp)) != VAULT_OK)
		goto out;
	if ((rc = build(v, tmp, council, pass, pass_len, &p)) != VAULT_OK)
		goto out;
	sqlite3_close(v->db);
	v->db = NULL;
	/* Never over an existing vault: EXISTS if one appeared meanwhile. */
	if ((rc = vlt_os_move_new(tmp, path)) != VAULT_OK)
		goto out;
	if ((rc = vlt_db_open(path, 0, &v->db, &v->readonly)) != VAULT_OK ||
	    (rc = vlt_read_header(v)) != VAULT_OK ||
	    (rc = vlt_council_read(v)) != VAULT_OK)
		goto out;
	*out = v;
	v = NULL;
out:
	if (tmp != NULL) {
		vlt_os_remove(tmp);
		free(tmp);
	}
	vault_close(v);
	return rc;
}

vault_err
vlt_read_header(vault *v)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	sqlite3_int64 version;
	int step;

	if ((rc = vlt_db_prepare(v, "SELECT magic, version, vault_id FROM"
	    " header WHERE id = 1", &st)) != VAULT_OK)
		return rc;
	/* No row is "not a vault"; a row SQLite cannot read is damage. */
	if ((step = sqlite3_step(st)) != SQLITE_ROW && step != SQLITE_DONE) {
		rc = vlt_db_err(v->db, step);
		goto out;
	}
	if (step != SQLITE_ROW ||
	    sqlite3_column_type(st, 0) != SQLITE_TEXT ||
	    strcmp((const char *)sqlite3_column_text(st, 0), MAGIC) != 0) {
		rc = VAULT_ERR_VERSION;         /* not a cvault file */
		goto out;
	}
	version = sqlite3_column_int64(st, 1);
	if (version > VAULT_FORMAT_VERSION) {
		rc = VAULT_ERR_VERSION;         /* newer: refuse, never rewrite */
		goto out;
	}
	/* The schema (checked at open) must be the one of this version. */
	if (version < 1 || version != vlt_db_schema_version(v->db) ||
	    sqlite3_column_type(st, 2) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, 2) != VLT_ID_BYTES) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	v->version = (uint32_t)version;
	memcpy(v->id, sqlite3_column_blob(st, 2), VLT_ID_BYTES);
out:
	sqlite3_finalize(st);
	return rc;
}

/* After the master key is in v->keys: derive the subkeys, read the
 * council, upgrade a format-1 file, check the log and the state against
 * what the clerk last saw, and record the opening. Shared by the clerk's
 * and the escrow openings. */
vault_err
vlt_session_start(vault *v)
{
	vault_err rc;

	/* SECURITY: an opening without the clerk is recorded, or refused:
	 * never shown from a file that cannot take the record. */
	if (v->escrow_session && v->readonly)
		return VAULT_ERR_READONLY;
	vlt_keys_derive(v);
	if ((rc = vlt_council_read(v)) != VAULT_OK)
		return rc;
	if (v->version < 2 && !v->readonly &&
	    (rc = vlt_upgrade(v)) != VAULT_OK)
		return rc;
	if ((rc = vlt_log_check(v, 0)) != VAULT_OK ||
	    (rc = vlt_log_settle(v)) != VAULT_OK)
		return rc;
	/* A read-only copy records nothing; nor does a clerk's opening of a
	 * frozen file (the clerk is told, and decides). */
	if (v->readonly || (v->findings & VLT_FROZEN))
		return VAULT_OK;
	if ((rc = vlt_db_begin(v)) == VAULT_OK &&
	    (rc = vlt_log_append(v, VAULT_EVENT_OPEN, NULL, 0)) == VAULT_OK &&
	    (rc = vlt_db_commit(v)) == VAULT_OK)
		return VAULT_OK;
	vlt_db_rollback(v);
	/* A full disk must not lock the clerk out of the passwords: carry on
	 * read-only (unrecorded), as for a copy on read-only media. Escrow
	 * openings are always recorded, or refused. */
	if (!v->escrow_session &&
	    (sqlite3_errcode(v->db) & 0xff) == SQLITE_FULL) {
		v->readonly = v->disk_full = 1;
		return VAULT_OK;
	}
	return rc;
}

vault_err
vault_open(const char *path, const uint8_t *pass, size_t pass_len,
    vault **out)
{
	return vault_open_flags(path, pass, pass_len, 0, out);
}

vault_err
vault_open_flags(const char *path, const uint8_t *pass, size_t pass_len,
    unsigned flags, vault **out)
{
	vault *v = NULL;
	vault_err rc;

	if (out != NULL)
		*out = NULL;
	if (path == NULL || out == NULL || (pass == NULL && pass_len) ||
	    (flags & ~VAULT_OPEN_READONLY) != 0)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_vault_alloc(&v)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_open(path, (flags & VAULT_OPEN_READONLY) ?
	    VLT_DB_READONLY : 0, &v->db, &v->readonly)) != VAULT_OK ||
	    (rc = vlt_read_header(v)) != VAULT_OK ||
	    (rc = vlt_clerk_unlock(v, pass, pass_len)) != VAULT_OK ||
	    (rc = vlt_session_start(v)) != VAULT_OK)
		goto out;
	if ((flags & VAULT_OPEN_READONLY) && (v->path = strdup(path)) == NULL) {
		rc = VAULT_ERR_NOMEM;
		goto out;
	}
	*out = v;
	v = NULL;
out:
	vault_close(v);
	return rc;
}

vault_err
vault_passwd(vault *v, const uint8_t *new_pass, size_t new_len,
    const vault_params *params)
{
	vault_secret *kek = NULL;
	vault_params p, old_params;
	uint8_t old_salt[VLT_SALT_BYTES];
	vault_err rc;

	/* SECURITY: holders cannot install a clerk passphrase over the old
	 * master key, which they hold: that is a handover (vault_rekey). */
	if (v == NULL || (new_pass == NULL && new_len) || v->escrow_session ||
	    v->clerk_kek == NULL)
		return VAULT_ERR_INVALID;
	if (params != NULL)
		p = *params;
	else if ((rc = vlt_clerk_params(v, &p)) != VAULT_OK)
		return rc;
	if ((rc = vault_params_check(&p)) != VAULT_OK)
		return rc;
	/* The session's key, as the file has it, should the change fail. */
	if ((rc = vault_secret_from(v->clerk_kek->buf, v->clerk_kek->len,
	    &kek)) != VAULT_OK)
		return rc;
	old_params = v->clerk_params;
	memcpy(old_salt, v->clerk_salt, sizeof old_salt);
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		goto out;
	if ((rc = vlt_clerk_write(v, &p, new_pass, new_len)) != VAULT_OK ||
	    (rc = vlt_log_append(v, VAULT_EVENT_PASSWD, NULL, 0)) != VAULT_OK ||
	    (rc = vlt_db_commit(v)) != VAULT_OK) {
		vlt_db_rollback(v);
		vault_secret_free(v->clerk_kek);
		v->clerk_kek = kek;
		kek = NULL;
		v->clerk_params = old_params;
		memcpy(v->clerk_salt, old_salt, sizeof old_salt);
	}
out:
	vault_secret_free(kek);
	return rc;
}

vault_err
vault_params_get(vault *v, vault_params *out)
{
	if (v == NULL || out == NULL)
		return VAULT_ERR_INVALID;
	return vlt_clerk_params(v, out);
}

vault_err
vault_params_read(const char *path, vault_params *out)
{
	vault *v = NULL;
	vault_err rc;

	if (path == NULL || out == NULL)
		return VAULT_ERR_INVALID;
	memset(out, 0, sizeof *out);
	if ((rc = vlt_vault_alloc(&v)) == VAULT_OK &&
	    (rc = vlt_db_open(path, VLT_DB_READONLY, &v->db, &v->readonly)) ==
	    VAULT_OK && (rc = vlt_read_header(v)) == VAULT_OK)
		rc = vlt_clerk_params(v, out);
	vault_close(v);
	return rc;
}

void
vault_id(const vault *v, uint8_t id[VAULT_ID_BYTES])
{
	if (v == NULL)
		memset(id, 0, VAULT_ID_BYTES);
	else
		memcpy(id, v->id, VAULT_ID_BYTES);
}

vault_err
vault_id_read(const char *path, uint8_t id[VAULT_ID_BYTES])
{
	vault *v = NULL;
	vault_err rc;

	if (path == NULL || id == NULL)
		return VAULT_ERR_INVALID;
	memset(id, 0, VAULT_ID_BYTES);
	if ((rc = vlt_vault_alloc(&v)) == VAULT_OK &&
	    (rc = vlt_db_open(path, VLT_DB_READONLY, &v->db, &v->readonly)) ==
	    VAULT_OK && (rc = vlt_read_header(v)) == VAULT_OK)
		memcpy(id, v->id, VAULT_ID_BYTES);
	vault_close(v);
	return rc;
}

vault_err
vlt_session_writable(vault *v)
{
	uint8_t id[VLT_ID_BYTES];
	vault_err rc;

	if (v->path == NULL || v->escrow_session)
		return VAULT_ERR_INVALID;
	memcpy(id, v->id, sizeof id);
	sqlite3_close(v->db);
	v->db = NULL;
	v->readonly = 1;                /* until the file is open again */
	if ((rc = vlt_db_open(v->path, 0, &v->db, &v->readonly)) != VAULT_OK ||
	    (rc = vlt_read_header(v)) != VAULT_OK)
		return rc;
	/* SECURITY: the same file it was, or nothing more is done. */
	if (v->readonly || sodium_memcmp(id, v->id, sizeof id) != 0)
		return v->readonly ? VAULT_ERR_READONLY : VAULT_ERR_CORRUPT;
	free(v->council);
	v->council = NULL;
	free(v->path);
	v->path = NULL;
	return vlt_session_start(v);
}
