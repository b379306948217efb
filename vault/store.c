/* SPDX-License-Identifier: ISC */
/*
 * store.c - the SQLite side: opening the file with safe settings, the
 * schema, transactions and mapping sqlite3 codes to vault_err.
 *
 * Durability: rollback journal (no WAL side files), synchronous=FULL, and
 * every write is one BEGIN IMMEDIATE ... COMMIT, so a crash or a full disk
 * leaves the last committed state. secure_delete overwrites freed pages.
 * A hostile file cannot run code through the schema: trusted_schema is
 * off, the connection is defensive, and the schema must be exactly ours.
 */
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "internal.h"

#define BUSY_TIMEOUT_MS 2000

/* The whole schema of format 1. Only opaque ids and public KDF
 * settings are in the clear; every user datum is a sealed blob. */
static const char *const schema[] = {
	"CREATE TABLE header (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" magic TEXT NOT NULL, version INTEGER NOT NULL,"
	" vault_id BLOB NOT NULL)",
	"CREATE TABLE keyslot (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
	" kdf TEXT NOT NULL, memory_kib INTEGER NOT NULL,"
	" passes INTEGER NOT NULL, lanes INTEGER NOT NULL,"
	" salt BLOB NOT NULL, wrapped BLOB NOT NULL, seen BLOB NOT NULL)",
	"CREATE TABLE escrow (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" rotation INTEGER NOT NULL, threshold INTEGER NOT NULL,"
	" holders INTEGER NOT NULL, wrapped BLOB NOT NULL,"
	" info BLOB NOT NULL)",
	"CREATE TABLE holder (id INTEGER PRIMARY KEY, role TEXT NOT NULL"
	" UNIQUE, rotation INTEGER NOT NULL, member INTEGER NOT NULL,"
	" kdf TEXT NOT NULL, memory_kib INTEGER NOT NULL,"
	" passes INTEGER NOT NULL, lanes INTEGER NOT NULL,"
	" salt BLOB NOT NULL, share BLOB NOT NULL, commitment BLOB NOT NULL,"
	" info BLOB NOT NULL)",
	"CREATE TABLE log (seq INTEGER PRIMARY KEY, record BLOB NOT NULL,"
	" chain BLOB NOT NULL)",
	"CREATE TABLE setting (id INTEGER PRIMARY KEY, name TEXT NOT NULL"
	" UNIQUE, value BLOB NOT NULL)",
	"CREATE TABLE entry (id INTEGER PRIMARY KEY, title_index BLOB NOT NULL"
	" UNIQUE, summary BLOB NOT NULL, body BLOB NOT NULL)",
};

/* Names in sqlite_master a format-1 file may have (tables, and the
 * automatic indexes of their UNIQUE constraints). */
static const char *const known_objects[] = {
	"header", "keyslot", "setting", "entry", "escrow", "holder", "log",
	"sqlite_autoindex_setting_1", "sqlite_autoindex_entry_1",
	"sqlite_autoindex_holder_1",
};

vault_err
vlt_db_err(sqlite3 *db, int rc)
{
	(void)db;
	switch (rc & 0xff) {
	case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW:
		return VAULT_OK;
	case SQLITE_BUSY: case SQLITE_LOCKED:
		return VAULT_ERR_BUSY;
	case SQLITE_CORRUPT: case SQLITE_NOTADB: case SQLITE_FORMAT:
		return VAULT_ERR_CORRUPT;
	case SQLITE_NOMEM:
		return VAULT_ERR_NOMEM;
	case SQLITE_CANTOPEN: case SQLITE_PERM: case SQLITE_READONLY:
		return VAULT_ERR_IO;
	case SQLITE_CONSTRAINT:
		return VAULT_ERR_EXISTS;
	default:
		return VAULT_ERR_DB;
	}
}

static vault_err
exec(sqlite3 *db, const char *sql)
{
	return vlt_db_err(db, sqlite3_exec(db, sql, NULL, NULL, NULL));
}

/* Refuse any file whose schema holds anything we did not create
 * (triggers and views could otherwise run on our statements). */
static vault_err
check_schema(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	vault_err rc = VAULT_OK;
	int step, seen = 0;

	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master", -1, &st,
	    NULL) != SQLITE_OK) {
		rc = vlt_db_err(db, sqlite3_errcode(db));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		size_t i, n = sizeof known_objects / sizeof *known_objects;

		for (i = 0; name != NULL && i < n; i++)
			if (strcmp(name, known_objects[i]) == 0)
				break;
		if (name == NULL || i == n) {
			rc = VAULT_ERR_CORRUPT;
			goto out;
		}
		seen++;
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(db, step);
	else if (seen == 0)
		rc = VAULT_ERR_VERSION;         /* empty file: not a vault */
out:
	sqlite3_finalize(st);
	return rc;
}

/* Can this process write the file and create a journal beside it? */
static int
writable(const char *path)
{
	char *dir = strdup(path), *slash;
	int ok;

	if (dir == NULL)
		return 0;
	if ((slash = strrchr(dir, '/')) == NULL)
		ok = access(".", W_OK) == 0;
	else if (slash == dir)
		ok = access("/", W_OK) == 0;
	else {
		*slash = '\0';
		ok = access(dir, W_OK) == 0;
	}
	free(dir);
	return ok && access(path, W_OK) == 0;
}

vault_err
vlt_db_open(const char *path, int create, sqlite3 **out, int *readonly)
{
	sqlite3 *db = NULL;
	struct stat sb;
	vault_err rc;
	int ro, flags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_FULLMUTEX;

	*out = NULL;
	/* SQLite would create a missing file; a vault must exist first. */
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return errno == ENOENT || errno == 0 ? VAULT_ERR_NOTFOUND :
		    VAULT_ERR_IO;
	/* A copy on read-only media can still be read (never changed). */
	ro = !create && !writable(path);
	flags |= ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (readonly != NULL)
		*readonly = ro;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		rc = VAULT_ERR_IO;
		goto out;
	}
	sqlite3_extended_result_codes(db, 0);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	if ((rc = exec(db, "PRAGMA secure_delete=ON")) != VAULT_OK ||
	    (rc = exec(db, "PRAGMA synchronous=FULL")) != VAULT_OK ||
	    (rc = exec(db, "PRAGMA cell_size_check=ON")) != VAULT_OK)
		goto out;
	if (create) {
		for (size_t i = 0; i < sizeof schema / sizeof *schema; i++)
			if ((rc = exec(db, schema[i])) != VAULT_OK)
				goto out;
	} else if ((rc = check_schema(db)) != VAULT_OK) {
		goto out;
	}
	/* DELETE, not WAL: one file, no side files left behind. Needs no
	 * lock when already in that mode, which every vault is. */
	if (!ro && (rc = exec(db, "PRAGMA journal_mode=DELETE")) != VAULT_OK)
		goto out;
	*out = db;
	db = NULL;
out:
	sqlite3_close(db);
	return rc;
}

vault_err
vlt_db_prepare(vault *v, const char *sql, sqlite3_stmt **st)
{
	*st = NULL;
	if (sqlite3_prepare_v2(v->db, sql, -1, st, NULL) != SQLITE_OK)
		return vlt_db_err(v->db, sqlite3_errcode(v->db));
	return VAULT_OK;
}

vault_err
vlt_db_begin(vault *v)
{
	/* Read-only: a plain read transaction; any write in it fails. */
	return exec(v->db, v->readonly ? "BEGIN" : "BEGIN IMMEDIATE");
}

vault_err
vlt_db_commit(vault *v)
{
	vault_err rc = exec(v->db, "COMMIT");

	if (rc != VAULT_OK)
		vlt_db_rollback(v);
	return rc;
}

void
vlt_db_rollback(vault *v)
{
	/* Harmless when SQLite already rolled back on its own. */
	if (!sqlite3_get_autocommit(v->db))
		sqlite3_exec(v->db, "ROLLBACK", NULL, NULL, NULL);
}
