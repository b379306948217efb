/* SPDX-License-Identifier: ISC */
/*
 * backup.c - a consistent copy of the open vault, made with SQLite's
 * online backup API while other processes may be using the file, into a
 * new private file, created exclusively (os.h), that is then opened read-only with the
 * session's master key and verified; and the copy-opening itself
 * (vlt_copy_open), which merge.c uses for the other copy of a vault.
 *
 * The copy is the file's pages: ciphertext, sealed rows and the public
 * header, exactly as on disk. Nothing is decrypted into it and no
 * temporary file holds anything else.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "internal.h"
#include "os.h"

#define SETTING_LAST_BACKUP 6
#define BACKUP_TRIES 200        /* x 25 ms: another writer's commit */

vault_err
vlt_copy_open(const vault *v, const char *path, vault **out)
{
	vault *c = NULL;
	vault_err rc;

	*out = NULL;
	if ((rc = vlt_vault_alloc(&c)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_open(path, VLT_DB_READONLY, &c->db, &c->readonly)) !=
	    VAULT_OK || (rc = vlt_read_header(c)) != VAULT_OK)
		goto out;
	if (sodium_memcmp(c->id, v->id, VLT_ID_BYTES) != 0) {
		rc = VAULT_ERR_INVALID;         /* another vault */
		goto out;
	}
	/* The same vault: the same master key, unless one copy was rekeyed
	 * (the council name then fails its seal: CORRUPT). No clerk key, no
	 * escrow: the whole chain and the state are checked by verify. */
	memcpy(c->keys->buf, v->keys->buf, VLT_KEY_BYTES);
	c->readonly = 1;
	snprintf(c->actor, sizeof c->actor, "%s", v->actor);
	if ((rc = vlt_session_start(c)) != VAULT_OK)
		goto out;
	*out = c;
	c = NULL;
out:
	if (rc == VAULT_ERR_AUTH)
		rc = VAULT_ERR_CORRUPT;
	vault_close(c);
	return rc;
}

/* The pages of v's file into the empty database at `dest`, retrying
 * while another process writes. */
static vault_err
copy_pages(vault *v, const char *dest)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	vault_err rc = VAULT_ERR_IO;
	int step = SQLITE_OK;

	if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
		goto out;
	sqlite3_busy_timeout(dst, 2000);
	if (sqlite3_exec(dst, "PRAGMA synchronous=FULL", NULL, NULL, NULL) !=
	    SQLITE_OK || (b = sqlite3_backup_init(dst, "main", v->db,
	    "main")) == NULL) {
		rc = vlt_db_err(dst, sqlite3_errcode(dst));
		goto out;
	}
	for (int i = 0; i < BACKUP_TRIES; i++) {
		step = sqlite3_backup_step(b, -1);
		if (step != SQLITE_BUSY && step != SQLITE_LOCKED)
			break;
		sqlite3_sleep(25);
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK || step != SQLITE_DONE) {
		rc = step == SQLITE_DONE ? VAULT_ERR_DB : vlt_db_err(dst, step);
		if (rc == VAULT_OK)
			rc = VAULT_ERR_DB;
		goto out;
	}
	rc = VAULT_OK;
out:
	if (sqlite3_close(dst) != SQLITE_OK && rc == VAULT_OK)
		rc = VAULT_ERR_IO;
	return rc;
}

/* The copy, opened read-only with this session's key, must verify. */
static vault_err
check_copy(vault *v, const char *dest)
{
	vault *c = NULL;
	size_t damaged = 0;
	vault_err rc;

	if ((rc = vlt_copy_open(v, dest, &c)) == VAULT_OK)
		rc = vault_verify(c, NULL, NULL, &damaged);
	vault_close(c);
	return rc;
}

/* The time of this backup, in the vault (recorded like any setting). */
static vault_err
record(vault *v, int64_t when)
{
	static const char name[] = "last-backup";
	char val[24];
	vault_err rc;

	snprintf(val, sizeof val, "%lld", (long long)when);
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = vlt_setting_put(v, SETTING_LAST_BACKUP, name,
	    (const uint8_t *)val, strlen(val))) != VAULT_OK ||
	    (rc = vlt_log_append(v, VAULT_EVENT_CONFIG, (const uint8_t *)name,
	    sizeof name - 1)) != VAULT_OK ||
	    (rc = vlt_db_commit(v)) != VAULT_OK)
		vlt_db_rollback(v);
	return rc;
}

vault_err
vault_backup(vault *v, const char *dest, int *recorded)
{
	vault_err rc;

	if (recorded != NULL)
		*recorded = 0;
	if (v == NULL || dest == NULL || dest[0] == '\0')
		return VAULT_ERR_INVALID;
	/* SECURITY: a new file only, never a link, never over another. */
	if ((rc = vlt_os_create_new(dest)) != VAULT_OK)
		return rc;
	if ((rc = copy_pages(v, dest)) != VAULT_OK ||
	    (rc = check_copy(v, dest)) != VAULT_OK) {
		vlt_os_remove(dest);
		return rc == VAULT_ERR_AUTH ? VAULT_ERR_CORRUPT : rc;
	}
	/* A read-only session (a copy on read-only media) records nothing. */
	if (v->readonly)
		return VAULT_OK;
	/* The backup is good even if recording its time fails (busy, a
	 * full disk): *recorded tells. */
	if (record(v, (int64_t)time(NULL)) == VAULT_OK && recorded != NULL)
		*recorded = 1;
	return VAULT_OK;
}
