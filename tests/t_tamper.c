/* SPDX-License-Identifier: ISC */
/*
 * t_tamper.c - a file changed behind cvault's back is caught: every byte
 * of every sealed blob, KDF settings, ids, swapped and moved rows, rows
 * from another vault, schema additions, truncation, a newer format
 * version, SQLite's own header, schema text and b-trees; and another
 * process holding the lock gives BUSY.
 */
#include <sys/stat.h>
#include "tap.h"
#include "testutil.h"

#define CLERK "correct horse battery staple"

static int
add(vault *v, const char *title, const char *pw)
{
	vault_entry *e = NULL;
	int ok = vault_entry_new(&e) == 0 &&
	    vault_entry_set(e, VAULT_FIELD_TITLE, PASS(title)) == 0 &&
	    vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS(pw)) == 0 &&
	    vault_entry_set(e, VAULT_FIELD_NOTES, PASS("some notes")) == 0 &&
	    vault_entry_add(v, e) == 0;

	vault_entry_free(e);
	return ok ? 0 : -1;
}

/* A closed vault holding the given entries (NULL-terminated titles). */
static const char *
make_vault(const char *name, const char *const *titles)
{
	const char *path = test_path(name);
	vault *v = NULL;

	if (vault_create(path, "PC", PASS(CLERK), &test_params, &v) != 0)
		return NULL;
	for (; *titles; titles++)
		if (add(v, *titles, "password-of-some-length") != 0)
			path = NULL;
	vault_close(v);
	return path;
}

static const char *const one[] = { "Bank", NULL };
static const char *const two[] = { "Bank", "Email", NULL };

static vault_err
get_rc(vault *v, const char *title)
{
	vault_entry *e = NULL;
	vault_err rc = vault_entry_get(v, title, &e);

	vault_entry_free(e);
	return rc;
}

static vault_err
open_rc(const char *path)
{
	vault *v = NULL;
	vault_err rc = vault_open(path, PASS(CLERK), &v);

	vault_close(v);
	return rc;
}

static vault_err
verify_rc(vault *v)
{
	size_t n = 0;

	return vault_verify(v, NULL, NULL, &n);
}

typedef int (*probe_fn)(void *ctx);

/* Flip each byte of `col` in the first row of `table` in turn, running
 * `probe` each time (it returns 1 when the damage was caught); restore
 * and return the number of flips that went unnoticed, or -1. */
static int
sweep(const char *path, const char *table, const char *col, probe_fn probe,
    void *ctx)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *orig = NULL, *bad = NULL;
	char q[160];
	int n = -1, missed = 0;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	snprintf(q, sizeof q, "SELECT %s FROM %s LIMIT 1", col, table);
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto out;
	n = sqlite3_column_bytes(st, 0);
	orig = malloc((size_t)n + 1);
	bad = malloc((size_t)n + 1);
	memcpy(orig, sqlite3_column_blob(st, 0), (size_t)n);
	sqlite3_finalize(st);
	st = NULL;
	snprintf(q, sizeof q, "UPDATE %s SET %s = ?", table, col);
	for (int i = 0; i <= n; i++) {
		memcpy(bad, orig, (size_t)n);
		if (i < n)
			bad[i] ^= (unsigned char)(1u << (i % 8));
		sqlite3_prepare_v2(db, q, -1, &st, NULL);
		sqlite3_bind_blob(st, 1, bad, i < n ? n : n - 1, SQLITE_STATIC);
		sqlite3_step(st);       /* i == n: truncated by one byte */
		sqlite3_finalize(st);
		st = NULL;
		if (!probe(ctx))
			missed++;
	}
	sqlite3_prepare_v2(db, q, -1, &st, NULL);
	sqlite3_bind_blob(st, 1, orig, n, SQLITE_STATIC);
	sqlite3_step(st);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(orig);
	free(bad);
	return n < 0 ? -1 : missed;
}

static int
get_is_corrupt(void *v)
{
	return get_rc(v, "Bank") == VAULT_ERR_CORRUPT &&
	    verify_rc(v) == VAULT_ERR_CORRUPT;
}

static int
index_damage_caught(void *v)
{
	/* A changed index no longer finds the row; verify names it. */
	return get_rc(v, "Bank") == VAULT_ERR_NOTFOUND &&
	    verify_rc(v) == VAULT_ERR_CORRUPT;
}

/* A flipped keyslot byte is AUTH (indistinguishable from a wrong
 * passphrase); a slot blob of the wrong length is CORRUPT. */
static int
open_is_refused(void *path)
{
	vault_err rc = open_rc(path);

	return rc == VAULT_ERR_AUTH || rc == VAULT_ERR_CORRUPT;
}

static int
open_is_corrupt(void *path)
{
	return open_rc(path) == VAULT_ERR_CORRUPT;
}

static void
test_entry_blob_flips_are_corrupt(void)
{
	const char *path = make_vault("flip.vault", one);
	vault *v = NULL;

	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(sweep(path, "entry", "summary", get_is_corrupt, v) == 0);
	CHECK(sweep(path, "entry", "body", get_is_corrupt, v) == 0);
	CHECK(sweep(path, "entry", "title_index", index_damage_caught, v) == 0);
	CHECK(get_rc(v, "Bank") == VAULT_OK);   /* restored */
	CHECK(verify_rc(v) == VAULT_OK);
	vault_close(v);
}

static void
test_keyslot_and_setting_flips(void)
{
	const char *path = make_vault("slot.vault", one);

	REQUIRE(path != NULL);
	CHECK(sweep(path, "keyslot", "wrapped", open_is_refused, (void *)path) == 0);
	CHECK(sweep(path, "keyslot", "salt", open_is_refused, (void *)path) == 0);
	CHECK(sweep(path, "setting", "value", open_is_corrupt, (void *)path) == 0);
	CHECK(open_rc(path) == VAULT_OK);
}

static void
test_kdf_settings_are_bound_and_bounded(void)
{
	const char *path = make_vault("kdf.vault", one);

	REQUIRE(path != NULL);
	/* In range but not what the slot was sealed with: AUTH. */
	CHECK(sql(path, "UPDATE keyslot SET memory_kib = 9216") == 0);
	CHECK(open_rc(path) == VAULT_ERR_AUTH);
	CHECK(sql(path, "UPDATE keyslot SET memory_kib = 8192, passes = 2") == 0);
	CHECK(open_rc(path) == VAULT_ERR_AUTH);
	/* Out of range: refused before the KDF runs (no hang, no OOM). */
	CHECK(sql(path, "UPDATE keyslot SET passes = 4000000000") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "UPDATE keyslot SET passes = 1,"
	    " memory_kib = 1099511627776") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "UPDATE keyslot SET memory_kib = 8192, lanes = 64") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "UPDATE keyslot SET lanes = 1, kdf = 'scrypt'") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "UPDATE keyslot SET kdf = 'argon2id13'") == 0);
	CHECK(open_rc(path) == VAULT_OK);
}

static void
test_header_changes(void)
{
	const char *path = make_vault("hdr.vault", one);

	REQUIRE(path != NULL);
	CHECK(sql(path, "UPDATE header SET version = 3") == 0);
	CHECK(open_rc(path) == VAULT_ERR_VERSION);
	CHECK(sql(path, "UPDATE header SET version = 0") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	/* Format 1 with format 2's schema (the state table) is damage. */
	CHECK(sql(path, "UPDATE header SET version = 1") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "UPDATE header SET version = 2, magic = 'other'") == 0);
	CHECK(open_rc(path) == VAULT_ERR_VERSION);
	CHECK(sql(path, "UPDATE header SET magic = 'cvault',"
	    " vault_id = zeroblob(16)") == 0);
	CHECK(open_rc(path) == VAULT_ERR_AUTH);
}

static void
test_swapped_and_moved_rows(void)
{
	const char *path = make_vault("swap.vault", two);
	vault *v = NULL;

	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	/* Swap the summaries of the two rows. */
	CHECK(sql(path, "CREATE TEMP TABLE t AS SELECT id, summary FROM entry;"
	    "UPDATE entry SET summary = (SELECT summary FROM t WHERE"
	    " t.id != entry.id)") == 0);
	CHECK(get_rc(v, "Bank") == VAULT_ERR_CORRUPT);
	CHECK(get_rc(v, "Email") == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "CREATE TEMP TABLE t AS SELECT id, summary FROM entry;"
	    "UPDATE entry SET summary = (SELECT summary FROM t WHERE"
	    " t.id != entry.id)") == 0);  /* swap back */
	CHECK(get_rc(v, "Bank") == VAULT_OK);
	/* Swap the indexes: each title now finds the other's row. */
	CHECK(sql(path, "CREATE TEMP TABLE t AS SELECT id, title_index FROM"
	    " entry; UPDATE entry SET title_index = randomblob(32);"
	    "UPDATE entry SET title_index = (SELECT title_index FROM t WHERE"
	    " t.id != entry.id)") == 0);
	CHECK(get_rc(v, "Bank") == VAULT_ERR_CORRUPT);
	CHECK(get_rc(v, "Email") == VAULT_ERR_CORRUPT);
	CHECK(verify_rc(v) == VAULT_ERR_CORRUPT);
	vault_close(v);

	/* A summary moved into the body column of its own row. */
	path = make_vault("move.vault", one);
	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(sql(path, "UPDATE entry SET body = summary") == 0);
	CHECK(get_rc(v, "Bank") == VAULT_ERR_CORRUPT);
	vault_close(v);
	v = NULL;

	/* A row's id changed: its seals were made for the old id. */
	path = make_vault("renum.vault", one);
	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(sql(path, "UPDATE entry SET id = id + 1") == 0);
	CHECK(get_rc(v, "Bank") == VAULT_ERR_CORRUPT);
	vault_close(v);
}

static void
test_row_from_another_vault(void)
{
	const char *a = make_vault("a.vault", one);
	const char *b = make_vault("b.vault", one);
	char q[512];
	vault *v = NULL;

	REQUIRE(a && b);
	snprintf(q, sizeof q, "ATTACH '%s' AS other;"
	    "UPDATE entry SET summary = (SELECT summary FROM other.entry),"
	    " body = (SELECT body FROM other.entry),"
	    " id = (SELECT id FROM other.entry)", b);
	CHECK(sql(a, q) == 0);
	REQUIRE(vault_open(a, PASS(CLERK), &v) == VAULT_OK);
	CHECK(get_rc(v, "Bank") == VAULT_ERR_CORRUPT);
	vault_close(v);
}

static void
test_schema_additions_refused(void)
{
	const char *path = make_vault("trig.vault", one);

	REQUIRE(path != NULL);
	CHECK(sql(path, "CREATE TRIGGER t AFTER INSERT ON entry BEGIN"
	    " DELETE FROM entry; END") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "DROP TRIGGER t; CREATE VIEW w AS SELECT 1") == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(sql(path, "DROP VIEW w") == 0);
	CHECK(open_rc(path) == VAULT_OK);
}

static void
test_truncated_and_foreign_files(void)
{
	const char *path = make_vault("trunc.vault", two);
	struct stat sb;
	FILE *f;

	REQUIRE(path && stat(path, &sb) == 0);
	CHECK(truncate(path, sb.st_size / 2) == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(truncate(path, 100) == 0);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
	CHECK(truncate(path, 0) == 0);
	CHECK(open_rc(path) == VAULT_ERR_VERSION);   /* empty: not a vault */
	f = fopen(path, "w");
	REQUIRE(f != NULL);
	fputs("Dear clerk, this is a letter, not a vault.\n", f);
	fclose(f);
	CHECK(open_rc(path) == VAULT_ERR_CORRUPT);
}

static void
test_busy_vault(void)
{
	const char *path = make_vault("busy.vault", one);
	sqlite3 *db = NULL;
	vault *v = NULL;

	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	REQUIRE(sqlite3_open(path, &db) == SQLITE_OK);
	REQUIRE(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == 0);
	CHECK(add(v, "Blocked", "blocked-password") != 0);
	CHECK(get_rc(v, "Bank") == VAULT_ERR_BUSY);
	CHECK(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == 0);
	sqlite3_close(db);
	CHECK(add(v, "Blocked", "blocked-password") == 0);
	CHECK(get_rc(v, "blocked") == VAULT_OK);
	vault_close(v);
}

/* Every remaining record authenticates, but the set has changed. */
static void
test_removed_and_rolled_back_rows(void)
{
	const char *path = make_vault("set.vault", two);
	vault *v = NULL;
	vault_entry *e = NULL;
	size_t damaged = 0;

	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_verify(v, NULL, NULL, &damaged) == VAULT_OK);
	/* An older copy of Bank's row, put back after a change. */
	CHECK(sql(path, "CREATE TABLE old AS SELECT * FROM entry") == 0);
	REQUIRE(vault_entry_get(v, "Bank", &e) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS("changed-pw")) == 0);
	CHECK(vault_entry_update(v, "Bank", e) == VAULT_OK);
	vault_entry_free(e);
	CHECK(sql(path, "UPDATE entry SET summary = (SELECT summary FROM old"
	    " WHERE old.id = entry.id), body = (SELECT body FROM old WHERE"
	    " old.id = entry.id); DROP TABLE old") == 0);
	/* Each record is genuine, but not the one the state names: `get`
	 * refuses it rather than return the older password (issue 9.5). */
	CHECK(get_rc(v, "Bank") == VAULT_ERR_CORRUPT);
	CHECK(vault_verify(v, NULL, NULL, &damaged) == VAULT_ERR_CORRUPT);
	CHECK(damaged == 1);
	vault_close(v);
	v = NULL;
	/* A row removed. */
	path = make_vault("removed.vault", two);
	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(sql(path, "DELETE FROM entry WHERE id = (SELECT min(id) FROM"
	    " entry)") == 0);
	CHECK(vault_verify(v, NULL, NULL, &damaged) == VAULT_ERR_CORRUPT);
	CHECK(damaged == 1);
	/* Changes through the library keep the manifest right. */
	vault_close(v);
	v = NULL;
	path = make_vault("kept.vault", two);
	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_entry_delete(v, "Email") == VAULT_OK);
	CHECK(add(v, "Third", "third-password") == 0);
	CHECK(vault_verify(v, NULL, NULL, &damaged) == VAULT_OK);
	vault_close(v);
}

/* ---- SQLite's own bytes: damage is CORRUPT, never IO, DB or EXISTS ---- */

/* The file's bytes, or NULL. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) != NULL &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n)
		*len = (size_t)n;
	else {
		free(buf);
		buf = NULL;
	}
	if (f != NULL)
		fclose(f);
	return buf;
}

/* Write `b` to `path` with byte `pos` xor `mask`; 0 on success. */
static int
write_flipped(const char *path, unsigned char *b, size_t len, size_t pos,
    unsigned mask)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (f == NULL)
		return -1;
	b[pos] ^= (unsigned char)mask;
	ok = fwrite(b, 1, len, f) == len;
	b[pos] ^= (unsigned char)mask;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Open the file with byte `pos` xor `mask`. After OK, Bank's password
 * must read back exactly or give CORRUPT, and verify OK or CORRUPT;
 * *wrong counts any other outcome (a wrong secret above all). */
static vault_err
open_flipped(unsigned char *b, size_t len, size_t pos, unsigned mask,
    int *wrong)
{
	const char *path = test_path("flipped.vault");
	vault *v = NULL;
	vault_entry *e = NULL;
	const uint8_t *pw;
	size_t n = 0;
	vault_err rc, g;

	if (write_flipped(path, b, len, pos, mask) != 0) {
		(*wrong)++;
		return VAULT_ERR_IO;
	}
	if ((rc = vault_open(path, PASS(CLERK), &v)) != VAULT_OK)
		return rc;
	g = vault_entry_get(v, "Bank", &e);
	if (g == VAULT_OK ? vault_entry_field(e, VAULT_FIELD_PASSWORD, &pw,
	    &n) != VAULT_OK || n != strlen("password-of-some-length") ||
	    memcmp(pw, "password-of-some-length", n) != 0 :
	    g != VAULT_ERR_CORRUPT)
		(*wrong)++;
	g = verify_rc(v);
	if (g != VAULT_OK && g != VAULT_ERR_CORRUPT)
		(*wrong)++;
	vault_entry_free(e);
	vault_close(v);
	return rc;
}

/* The 100-byte database header (docs/testing.md, finding 2): the write
 * version (byte 18) made every write fail as "cannot access the vault
 * file"; the schema format (byte 47) and page 1's cell count (bytes
 * 103-104: the schema's rows) gave "database error". */
static void
test_sqlite_header_damage_is_corrupt(void)
{
	static const struct { size_t pos; unsigned mask; } named[] = {
		{ 18, 0x02 }, { 18, 0x04 }, { 18, 0x80 }, { 18, 0xff },
		{ 19, 0x04 }, { 47, 0x01 }, { 47, 0x80 }, { 104, 0x02 },
		{ 104, 0x01 }, { 103, 0x01 }, { 0, 0x01 },
	};
	const char *path = make_vault("sqlhdr.vault", one);
	unsigned char *b = NULL;
	size_t len = 0;
	int wrong = 0, bad_open = 0;

	REQUIRE(path && (b = slurp(path, &len)) != NULL && len > 4096);
	for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
		vault_err rc = open_flipped(b, len, named[i].pos,
		    named[i].mask, &wrong);

		if (rc != VAULT_ERR_CORRUPT)
			printf("# byte %zu xor 0x%02x: %s\n", named[i].pos,
			    named[i].mask, vault_strerror(rc));
		CHECK(rc == VAULT_ERR_CORRUPT);
	}
	/* Every byte of the header, two flips: damage or no effect. */
	for (size_t pos = 0; pos < 100; pos++)
		for (int k = 0; k < 2; k++) {
			unsigned mask = k ? 0x80 : 0x04;
			vault_err rc = open_flipped(b, len, pos, mask, &wrong);

			if (rc != VAULT_OK && rc != VAULT_ERR_CORRUPT &&
			    bad_open++ < 5)
				printf("# byte %zu xor 0x%02x: %s\n", pos, mask,
				    vault_strerror(rc));
		}
	CHECK(bad_open == 0);
	CHECK(wrong == 0);
	free(b);
}

/* Every bit of the schema's text (sqlite_master.sql) changed in turn:
 * SQLite would prepare our statements against other columns, or fail
 * to ("no such column": "database error"). The schema must be ours. */
static void
test_schema_text_damage_is_corrupt(void)
{
	const char *path = make_vault("sqltext.vault", one);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *b = NULL;
	size_t len = 0, flips = 0;
	int wrong = 0, not_corrupt = 0, texts = 0;

	REQUIRE(path && (b = slurp(path, &len)) != NULL);
	REQUIRE(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK);
	REQUIRE(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE"
	    " sql NOT NULL", -1, &st, NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 0);
		size_t n = strlen(sql), at;

		for (at = 0; at + n <= len && memcmp(b + at, sql, n) != 0; at++)
			;
		CHECK(at + n <= len);   /* on page 1, in one piece */
		if (at + n > len)
			continue;
		texts++;
		for (size_t i = 0; i < n; i++, flips++) {
			unsigned mask = 1u << (i % 8);
			vault_err rc = open_flipped(b, len, at + i, mask,
			    &wrong);

			if (rc != VAULT_ERR_CORRUPT && not_corrupt++ < 5)
				printf("# schema byte %zu xor 0x%02x: %s\n",
				    at + i, mask, vault_strerror(rc));
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	printf("# %zu schema bytes flipped in %d statements\n", flips, texts);
	CHECK(texts == 8);      /* seven tables and, in format 2, state */
	CHECK(not_corrupt == 0);
	CHECK(wrong == 0);
	free(b);
}

/* The log's leaf page with its last two cell pointers swapped: the last
 * record is no longer found last, so the next append (the opening's own
 * record) takes a sequence number that is already there. That was
 * EXISTS, "already exists". */
static void
test_log_btree_damage_is_corrupt(void)
{
	const char *path = make_vault("logbt.vault", two);
	unsigned char *b = NULL, *p, t[2];
	long long root, ps;
	size_t len = 0, cells;
	int wrong = 0;
	vault_err rc;

	REQUIRE(path != NULL);
	root = sql_int(path, "SELECT rootpage FROM sqlite_master WHERE"
	    " name = 'log'");
	ps = sql_int(path, "PRAGMA page_size");
	REQUIRE(root > 1 && ps >= 512 && (b = slurp(path, &len)) != NULL);
	REQUIRE((size_t)(root * ps) <= len);
	p = b + (root - 1) * ps;
	cells = (size_t)p[3] << 8 | p[4];
	REQUIRE(p[0] == 13 && cells >= 2);      /* one leaf: every record */
	memcpy(t, p + 8 + 2 * (cells - 2), 2);
	memcpy(p + 8 + 2 * (cells - 2), p + 8 + 2 * (cells - 1), 2);
	memcpy(p + 8 + 2 * (cells - 1), t, 2);
	/* Format 2: the log's last record is no longer the one the state
	 * names. The clerk's opening reports it (nothing is appended, no
	 * entry is read) rather than failing as "already exists". */
	rc = open_flipped(b, len, 0, 0, &wrong);
	CHECK(rc == VAULT_ERR_CORRUPT || rc == VAULT_OK);
	CHECK(wrong == 0);
	{
		const char *cut = test_path("logbt-cut.vault");
		vault *v = NULL;

		REQUIRE(write_flipped(cut, b, len, 0, 0) == 0);
		REQUIRE(vault_open(cut, PASS(CLERK), &v) == VAULT_OK);
		CHECK(vault_findings(v) & VAULT_FINDING_CUT);
		CHECK(get_rc(v, "Bank") == VAULT_ERR_CORRUPT);
		CHECK(verify_rc(v) == VAULT_ERR_CORRUPT);
		vault_close(v);
	}
	free(b);
}

int
main(void)
{
	test_dir_make();
	RUN(test_entry_blob_flips_are_corrupt);
	RUN(test_keyslot_and_setting_flips);
	RUN(test_kdf_settings_are_bound_and_bounded);
	RUN(test_header_changes);
	RUN(test_swapped_and_moved_rows);
	RUN(test_row_from_another_vault);
	RUN(test_schema_additions_refused);
	RUN(test_truncated_and_foreign_files);
	RUN(test_busy_vault);
	RUN(test_removed_and_rolled_back_rows);
	RUN(test_sqlite_header_damage_is_corrupt);
	RUN(test_schema_text_damage_is_corrupt);
	RUN(test_log_btree_damage_is_corrupt);
	test_dir_remove();
	return TAP_END();
}
