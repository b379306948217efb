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
#include <stdlib.h>
#include "internal.h"
#include "os.h"

#define BUSY_TIMEOUT_MS 2000

/* The whole schema of format 2, in the order it is created: each table
 * with the text of its CREATE statement, which SQLite keeps verbatim in
 * sqlite_master, and the automatic indexes of the UNIQUE constraints
 * (sql NULL). Only opaque ids and public KDF settings are in the clear;
 * every user datum is a sealed blob. Format 1 is the same without the
 * `state` table (the last object). */
static const struct object {
	const char *name, *table, *sql;
} objects[] = {
	{ "header", "header",
	"CREATE TABLE header (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" magic TEXT NOT NULL, version INTEGER NOT NULL,"
	" vault_id BLOB NOT NULL)" },
	{ "keyslot", "keyslot",
	"CREATE TABLE keyslot (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
	" kdf TEXT NOT NULL, memory_kib INTEGER NOT NULL,"
	" passes INTEGER NOT NULL, lanes INTEGER NOT NULL,"
	" salt BLOB NOT NULL, wrapped BLOB NOT NULL, seen BLOB NOT NULL)" },
	{ "escrow", "escrow",
	"CREATE TABLE escrow (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" rotation INTEGER NOT NULL, threshold INTEGER NOT NULL,"
	" holders INTEGER NOT NULL, wrapped BLOB NOT NULL,"
	" info BLOB NOT NULL)" },
	{ "holder", "holder",
	"CREATE TABLE holder (id INTEGER PRIMARY KEY, role TEXT NOT NULL"
	" UNIQUE, rotation INTEGER NOT NULL, member INTEGER NOT NULL,"
	" kdf TEXT NOT NULL, memory_kib INTEGER NOT NULL,"
	" passes INTEGER NOT NULL, lanes INTEGER NOT NULL,"
	" salt BLOB NOT NULL, share BLOB NOT NULL, commitment BLOB NOT NULL,"
	" info BLOB NOT NULL)" },
	{ "sqlite_autoindex_holder_1", "holder", NULL },
	{ "log", "log",
	"CREATE TABLE log (seq INTEGER PRIMARY KEY, record BLOB NOT NULL,"
	" chain BLOB NOT NULL)" },
	{ "setting", "setting",
	"CREATE TABLE setting (id INTEGER PRIMARY KEY, name TEXT NOT NULL"
	" UNIQUE, value BLOB NOT NULL)" },
	{ "sqlite_autoindex_setting_1", "setting", NULL },
	{ "entry", "entry",
	"CREATE TABLE entry (id INTEGER PRIMARY KEY, title_index BLOB NOT NULL"
	" UNIQUE, summary BLOB NOT NULL, body BLOB NOT NULL)" },
	{ "sqlite_autoindex_entry_1", "entry", NULL },
	{ "state", "state",
	"CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" generation INTEGER NOT NULL, value BLOB NOT NULL)" },
};
#define NOBJECTS (sizeof objects / sizeof *objects)
#define STATE_OBJECT (NOBJECTS - 1)     /* format 2 only */

/* What SQLite's answer means to the user. CORRUPT is "the file is
 * damaged", IO and DB are "the file could not be read or written" (disk
 * full, I/O error, permissions): only codes that no sound file can cause
 * with our statements are damage. MISMATCH (a value of the wrong type for
 * a rowid) is one: we bind integers to every INTEGER PRIMARY KEY. */
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
	case SQLITE_MISMATCH:
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

/* For our own fixed, valid statements on an existing file: the PRAGMAs
 * of vlt_db_open (the first to need it loads the schema), the schema
 * check, and every prepare. A plain SQLITE_ERROR there ("unsupported file
 * format": page 1's schema format number; "no such column") or TOOBIG (a
 * schema text longer than SQLite allows) can only come from the file's
 * bytes. BUSY, FULL, IOERR, CANTOPEN and READONLY keep their meaning.
 * Not for steps: there SQLITE_ERROR can be ours (COMMIT after SQLite
 * rolled back on its own). */
static vault_err
file_err(sqlite3 *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_ERROR: case SQLITE_TOOBIG:
		return VAULT_ERR_CORRUPT;
	default:
		return vlt_db_err(db, rc);
	}
}

static vault_err
exec(sqlite3 *db, const char *sql)
{
	return vlt_db_err(db, sqlite3_exec(db, sql, NULL, NULL, NULL));
}

static vault_err
exec_file(sqlite3 *db, const char *sql)
{
	return file_err(db, sqlite3_exec(db, sql, NULL, NULL, NULL));
}

/* 1 when row `st` (type, name, tbl_name, sql of sqlite_master) is object
 * `o`, character for character. */
static int
is_object(sqlite3_stmt *st, const struct object *o)
{
	const char *type = (const char *)sqlite3_column_text(st, 0);
	const char *tbl = (const char *)sqlite3_column_text(st, 2);
	const char *sql = (const char *)sqlite3_column_text(st, 3);

	if (type == NULL || tbl == NULL || strcmp(tbl, o->table) != 0 ||
	    strcmp(type, o->sql != NULL ? "table" : "index") != 0)
		return 0;
	return o->sql == NULL ? sql == NULL : sql != NULL &&
	    strcmp(sql, o->sql) == 0;
}

/* A schema other than ours is damage, unless our own header table, intact,
 * says the file is of a newer format (whose schema may differ): that is
 * VERSION, as vlt_read_header would say. Triggers and views are off, so
 * this read runs nothing of the file's. */
static vault_err
not_ours(sqlite3 *db, int header_ok)
{
	sqlite3_stmt *st = NULL;
	vault_err rc = VAULT_ERR_CORRUPT;

	if (header_ok && sqlite3_prepare_v2(db, "SELECT version FROM header"
	    " WHERE id = 1 AND magic = 'cvault'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) == SQLITE_INTEGER &&
	    sqlite3_column_int64(st, 0) > VAULT_FORMAT_VERSION)
		rc = VAULT_ERR_VERSION;
	sqlite3_finalize(st);
	return rc;
}

/* The schema must be exactly ours, of format 2 or format 1: every object
 * of objects[] (format 1: all but `state`), once, with its exact text,
 * and nothing else. Anything added (a trigger or view could run on our
 * statements), missing or changed (a damaged page 1 or schema text:
 * SQLite would prepare our statements against other columns, or fail
 * to) is damage. An empty file is not a vault. The header, checked next,
 * must say the same format (vlt_read_header). */
static vault_err
check_schema(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	vault_err rc = VAULT_OK;
	unsigned seen = 0;
	int step, rows = 0, bad = 0;

	if ((step = sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql"
	    " FROM sqlite_master", -1, &st, NULL)) != SQLITE_OK) {
		rc = file_err(db, step);
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		size_t i;

		rows++;
		for (i = 0; name != NULL && i < NOBJECTS; i++)
			if (strcmp(name, objects[i].name) == 0)
				break;
		if (name == NULL || i == NOBJECTS || (seen & 1u << i) ||
		    !is_object(st, &objects[i]))
			bad = 1;
		else
			seen |= 1u << i;
	}
	if (step != SQLITE_DONE)
		rc = file_err(db, step);
	else if (rows == 0)
		rc = VAULT_ERR_VERSION;         /* empty file: not a vault */
	else if (bad || (seen != (1u << NOBJECTS) - 1 &&
	    seen != (1u << STATE_OBJECT) - 1))
		rc = not_ours(db, seen & 1u);   /* objects[0] is the header */
out:
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_db_open(const char *path, int flags, sqlite3 **out, int *readonly)
{
	int create = flags & VLT_DB_CREATE;
	sqlite3 *db = NULL;
	vault_err rc;
	int ro, rw, oflags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_FULLMUTEX;

	*out = NULL;
	/* SQLite would create a missing file; a vault must exist first. */
	switch (vlt_os_is_regular(path)) {
	case -1: return VAULT_ERR_NOTFOUND;
	case 0: return VAULT_ERR_IO;
	}
	/* A copy on read-only media can still be read (never changed); so
	 * can any file on request (VLT_DB_READONLY: a backup being checked),
	 * opened SQLITE_OPEN_READONLY, SQLite's mode=ro, which writes
	 * nothing to the file. */
	ro = !create && ((flags & VLT_DB_READONLY) || !vlt_os_writable(path));
	oflags |= ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (readonly != NULL)
		*readonly = ro;
	if (sqlite3_open_v2(path, &db, oflags, NULL) != SQLITE_OK) {
		rc = VAULT_ERR_IO;
		goto out;
	}
	/* Opened read-write (SQLite falls back to read-only when the system
	 * refuses): nothing of the file has been read yet. */
	rw = !ro && sqlite3_db_readonly(db, "main") == 0;
	sqlite3_extended_result_codes(db, 0);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	/* The first PRAGMA that needs the schema reads page 1 and the
	 * schema (a new file is empty: nothing to read). */
	if ((rc = exec_file(db, "PRAGMA secure_delete=ON")) != VAULT_OK ||
	    (rc = exec_file(db, "PRAGMA synchronous=FULL")) != VAULT_OK ||
	    (rc = exec_file(db, "PRAGMA cell_size_check=ON")) != VAULT_OK)
		goto out;
	if (create) {
		for (size_t i = 0; i < NOBJECTS; i++)
			if (objects[i].sql != NULL &&
			    (rc = exec(db, objects[i].sql)) != VAULT_OK)
				goto out;
	} else if ((rc = check_schema(db)) != VAULT_OK) {
		goto out;
	}
	/* SQLite makes a connection read-only when page 1's write version
	 * (byte 18) is above 2; cvault writes 1. Every write would then
	 * fail as if the file system refused: the file is damaged. */
	if (!create && rw && sqlite3_db_readonly(db, "main") != 0) {
		rc = VAULT_ERR_CORRUPT;
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

int
vlt_db_schema_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int v = 1;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE"
	    " type = 'table' AND name = 'state'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = 2;
	sqlite3_finalize(st);
	return v;
}

vault_err
vlt_db_add_state_table(vault *v)
{
	return exec(v->db, objects[STATE_OBJECT].sql);
}

/* Our statements are fixed and valid for our schema, which the open found
 * to be exactly ours: SQLITE_ERROR here ("no such table", "no such
 * column") means the file's schema was changed since. */
vault_err
vlt_db_prepare(vault *v, const char *sql, sqlite3_stmt **st)
{
	int rc;

	*st = NULL;
	if ((rc = sqlite3_prepare_v2(v->db, sql, -1, st, NULL)) != SQLITE_OK)
		return file_err(v->db, rc);
	return VAULT_OK;
}

vault_err
vlt_db_begin(vault *v)
{
	/* Read-only: a plain read transaction; any write in it fails. */
	return exec(v->db, v->readonly ? "BEGIN" : "BEGIN IMMEDIATE");
}

vault_err
vlt_db_begin_read(vault *v, int *started)
{
	/* Inside a caller's transaction already: nothing to do. */
	*started = sqlite3_get_autocommit(v->db) != 0;
	return *started ? exec(v->db, "BEGIN") : VAULT_OK;
}

void
vlt_db_end_read(vault *v, int started)
{
	if (started && !sqlite3_get_autocommit(v->db))
		sqlite3_exec(v->db, "COMMIT", NULL, NULL, NULL);
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

/* Read all ids of `sql` (one integer column) into a malloc'd array. */
vault_err
vlt_db_ids(vault *v, const char *sql, int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	vault_err rc;
	int step;

	*ids = NULL;
	*n = 0;
	if ((rc = vlt_db_prepare(v, sql, &st)) != VAULT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int64_t *nu;
			cap = cap ? cap * 2 : 256;
			if ((nu = realloc(*ids, cap * sizeof *nu)) == NULL) {
				rc = VAULT_ERR_NOMEM;
				goto out;
			}
			*ids = nu;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
out:
	sqlite3_finalize(st);
	return rc;
}
