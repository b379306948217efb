/* SPDX-License-Identifier: ISC */
/*
 * setting.c - the setting table: small sealed values by id and name (the
 * council's name, the breach-list path, the review age of passwords).
 * Each is sealed under the record key with the name as the place's
 * column, so a value cannot be moved to another
 * setting.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

vault_err
vlt_setting_put(vault *v, int64_t id, const char *name, const uint8_t *plain,
    size_t len)
{
	struct vlt_place pl = { "setting", name, id, NULL, 0 };
	sqlite3_stmt *st = NULL;
	uint8_t *blob = NULL;
	size_t blob_len;
	vault_err rc;

	if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl, plain, len,
	    &blob, &blob_len)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_prepare(v, "INSERT OR REPLACE INTO setting (id, name,"
	    " value) VALUES (?, ?, ?)", &st)) == VAULT_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, blob, (int)blob_len, SQLITE_STATIC);
		rc = vlt_db_err(v->db, sqlite3_step(st));
	}
	sqlite3_finalize(st);
	free(blob);
	return rc;
}

vault_err
vlt_setting_get(vault *v, int64_t id, const char *name, size_t max,
    vault_secret **out)
{
	struct vlt_place pl = { "setting", name, id, NULL, 0 };
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step, n;

	*out = NULL;
	if ((rc = vlt_db_prepare(v, "SELECT value FROM setting WHERE id = ?"
	    " AND name = ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		/* A missing setting is damage; a locked file is not. */
		rc = step == SQLITE_DONE ? VAULT_ERR_CORRUPT :
		    vlt_db_err(v->db, step);
		goto out;
	}
	/* SECURITY: bounded before anything is allocated or decrypted. */
	if (sqlite3_column_type(st, 0) != SQLITE_BLOB ||
	    (n = sqlite3_column_bytes(st, 0)) < (int)vlt_sealed_len(0) ||
	    (size_t)n > vlt_sealed_len(max) ||
	    vlt_open_sealed(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
	    sqlite3_column_blob(st, 0), (size_t)n, out) != VAULT_OK)
		rc = VAULT_ERR_CORRUPT;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Settings a caller may read, by name, their ids, whether the value
 * must be a number (lo..hi; hi 0: any text) or one line of text
 * (vault_text_check, at most VAULT_LOCATION_MAX bytes), and whether a
 * caller may set it (last-backup is set by vault_backup only). Ids 1, 2
 * and 7 are the library's own (docs/format.md). */
static const struct {
	const char *name;
	int64_t id;
	unsigned long lo, hi;
	int fixed, line;
} config[] = {
	{ "hibp", 3, 0, 0, 0, 0 },
	{ "max-age-days", 4, 0, VAULT_MAX_AGE_DAYS_MAX, 0, 0 },
	{ "backup-dir", 5, 0, 0, 0, 0 },
	{ "last-backup", 6, 0, 0, 1, 0 },
	{ "clipboard-seconds", 9, 1, VAULT_CLIPBOARD_SECONDS_MAX, 0, 0 },
	{ "idle-timeout", 21, 1, VAULT_IDLE_TIMEOUT_MAX, 0, 0 },
	{ "location", 22, 0, 0, 0, 1 },
};
#define CONFIG_VALUE_MAX 4096u

static int64_t
config_id(const char *name, size_t *at)
{
	for (size_t i = 0; name && i < sizeof config / sizeof *config; i++)
		if (strcmp(name, config[i].name) == 0) {
			*at = i;
			return config[i].id;
		}
	return 0;
}

/* A decimal number, 1 to 5 digits, in lo..hi. */
static int
number_ok(const char *s, size_t len, unsigned long lo, unsigned long hi)
{
	unsigned long n = 0;

	if (len == 0 || len > 5)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	return n >= lo && n <= hi;
}

static int
value_ok(size_t at, const char *s, size_t len)
{
	size_t bad;
	uint32_t cp;

	if (config[at].line)
		return len <= VAULT_LOCATION_MAX && vault_text_check(
		    (const uint8_t *)s, len, 0, &bad, &cp) == 0;
	return config[at].hi == 0 ||
	    number_ok(s, len, config[at].lo, config[at].hi);
}

vault_err
vault_config_set(vault *v, const char *name, const char *value)
{
	size_t at = 0;
	int64_t id = config_id(name, &at);
	size_t len = value ? strlen(value) : 0;
	sqlite3_stmt *st = NULL;
	vault_err rc;

	if (v == NULL || id == 0 || config[at].fixed ||
	    len > CONFIG_VALUE_MAX || (len > 0 && !value_ok(at, value, len)))
		return VAULT_ERR_INVALID;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if (len > 0)
		rc = vlt_setting_put(v, id, name, (const uint8_t *)value, len);
	else if ((rc = vlt_db_prepare(v, "DELETE FROM setting WHERE id = ?",
	    &st)) == VAULT_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = vlt_db_err(v->db, sqlite3_step(st));
		sqlite3_finalize(st);
	}
	/* Every change is recorded, and moves the vault's state. */
	if (rc == VAULT_OK && (rc = vlt_log_append(v, VAULT_EVENT_CONFIG,
	    (const uint8_t *)name, strlen(name))) == VAULT_OK)
		rc = vlt_db_commit(v);
	else
		vlt_db_rollback(v);
	return rc;
}

vault_err
vault_config_get(vault *v, const char *name, char **out)
{
	size_t at;
	int64_t id = config_id(name, &at);
	vault_secret *plain = NULL;
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	if (out != NULL)
		*out = NULL;
	if (v == NULL || out == NULL || id == 0)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_db_prepare(v, "SELECT 1 FROM setting WHERE id = ?",
	    &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_DONE)
		return VAULT_ERR_NOTFOUND;
	if (step != SQLITE_ROW)
		return vlt_db_err(v->db, step);
	if ((rc = vlt_setting_get(v, id, name, CONFIG_VALUE_MAX, &plain)) !=
	    VAULT_OK)
		return rc;
	if ((*out = calloc(1, plain->len + 1)) == NULL)
		rc = VAULT_ERR_NOMEM;
	else
		memcpy(*out, plain->buf, plain->len);
	vault_secret_free(plain);
	return rc;
}
