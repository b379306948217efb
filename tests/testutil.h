/* SPDX-License-Identifier: ISC */
/* testutil.h - small helpers shared by the unit tests: a private temp
 * directory, cheap KDF settings, hex decoding, file byte search, and a
 * vault with entries to work on. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "vault.h"

#define TU_UNUSED __attribute__((unused))

/* Cheap Argon2id so the suite stays fast (accepted with a CLI warning). */
TU_UNUSED static const vault_params test_params = { 8 * 1024, 1, 1 };

static char test_dir[64];

TU_UNUSED static void
test_dir_make(void)
{
	snprintf(test_dir, sizeof test_dir, "/tmp/cvault-test-XXXXXX");
	if (mkdtemp(test_dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
}

TU_UNUSED static void
test_dir_remove(void)
{
	char cmd[128];

#ifdef _WIN32
	snprintf(cmd, sizeof cmd, "rmdir /s /q \"%s\"", test_dir);
#else
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
#endif
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", test_dir);
}

/* Copy a file byte for byte (as cp would, on every system): 0 on success. */
TU_UNUSED static int
test_copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[8192];
	size_t n;
	int rc = in && out ? 0 : -1;

	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in != NULL && ferror(in))
		rc = -1;
	if (in != NULL)
		fclose(in);
	if (out != NULL && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* A fresh path inside the test directory. */
TU_UNUSED static const char *
test_path(const char *name)
{
	static char buf[8][160];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "%s/%s", test_dir, name);
	unlink(buf[i]);
	return buf[i];
}

TU_UNUSED static size_t
hex_decode(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;

	while (hex[0] && hex[1] && n < cap) {
		unsigned v;
		if (sscanf(hex, "%2x", &v) != 1)
			break;
		out[n++] = (unsigned char)v;
		hex += 2;
	}
	return n;
}

/* 1 if `needle` occurs anywhere in the file's bytes. */
TU_UNUSED static int
file_contains(const char *path, const void *needle, size_t len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;
	int found = 0;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		if (f)
			fclose(f);
		return -1;
	}
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
		for (long i = 0; !found && i + (long)len <= n; i++)
			found = memcmp(buf + i, needle, len) == 0;
	free(buf);
	fclose(f);
	return found;
}

/* Run SQL on the vault file behind the library's back (tampering). */
TU_UNUSED static int
sql(const char *path, const char *q)
{
	sqlite3 *db = NULL;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, q, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The integer the query's first row gives, or -1 (no row, an error). */
TU_UNUSED static long long
sql_int(const char *path, const char *q)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long x = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		x = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return x;
}

#define PASS(s) (const uint8_t *)(s), strlen(s)

/* A new vault `name` in the test directory for "Little Snoring Parish
 * Council", the clerk's passphrase `clerk`, cheap KDF; or NULL. */
TU_UNUSED static vault *
test_create(const char *name, const char *clerk)
{
	vault *v = NULL;

	if (vault_create(test_path(name), "Little Snoring Parish Council",
	    PASS(clerk), &test_params, &v) != VAULT_OK)
		return NULL;
	return v;
}

/* A new entry `title` with password `pw` (none when NULL), or NULL. */
TU_UNUSED static vault_entry *
test_entry(const char *title, const char *pw)
{
	vault_entry *e = NULL;

	if (vault_entry_new(&e) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_TITLE, PASS(title)) != VAULT_OK ||
	    (pw && vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS(pw)) !=
	    VAULT_OK)) {
		vault_entry_free(e);
		return NULL;
	}
	return e;
}

/* Store test_entry(title, pw) in v: 0, or -1. */
TU_UNUSED static int
test_add(vault *v, const char *title, const char *pw)
{
	vault_entry *e = test_entry(title, pw);
	int ok = e != NULL && vault_entry_add(v, e) == VAULT_OK;

	vault_entry_free(e);
	return ok ? 0 : -1;
}

/* 1 when field f of e is exactly `want` (absent when want is NULL). */
TU_UNUSED static int
test_field_is(const vault_entry *e, vault_field f, const char *want)
{
	const uint8_t *p;
	size_t len;

	if (vault_entry_field(e, f, &p, &len) != VAULT_OK)
		return want == NULL;
	return want != NULL && len == strlen(want) && memcmp(p, want, len) == 0;
}

#endif
