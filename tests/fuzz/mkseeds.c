/* SPDX-License-Identifier: ISC */
/*
 * mkseeds.c - writes the generated part of the seed corpora into
 * tests/fuzz/corpus/ (run from the top directory: `make fuzz-seeds`).
 * The seeds are checked in; rerun this only when the file format or
 * the entry encoding changes (vault ids and nonces are random, so every
 * run gives different bytes). Share and combine seeds come from
 * tests/vectors/slip39-vectors.txt by tests/fuzz/seeds.sh.
 *   fuzz_vault/   small real vaults: cheap KDF {8 MiB, 1, 1} (one with
 *                 2 lanes), passphrase "correct horse battery staple",
 *                 vacuumed to 512-byte pages so each is a few KiB
 *   fuzz_entry/   a cut byte, then summary || body plaintexts of entries
 *   fuzz_sealed/  a place byte, then a short plaintext
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "internal.h"

#define PASSPHRASE "correct horse battery staple"
#define OUT "tests/fuzz/corpus/"
#define S(x) (const uint8_t *)(x), strlen(x)

static void
die(const char *what, int rc)
{
	fprintf(stderr, "mkseeds: %s: %d\n", what, rc);
	exit(1);
}

static void
put(const char *name, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen)
{
	FILE *f = fopen(name, "wb");

	if (f == NULL || fwrite(a, 1, alen, f) != alen ||
	    (blen && fwrite(b, 1, blen, f) != blen) || fclose(f) != 0)
		die(name, 0);
	printf("%s\n", name);
}

/* An entry with every kind of record, as the library builds it. */
static vault_entry *
full_entry(const char *title, size_t notes_len)
{
	vault_entry *e = NULL;
	char *notes = malloc(notes_len + 1);
	int rc;

	if (notes == NULL)
		die("malloc", 0);
	for (size_t i = 0; i < notes_len; i++)
		notes[i] = (char)('a' + i % 26);
	notes[notes_len] = '\0';
	if ((rc = vault_entry_new(&e)) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TITLE, S(title))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_USERNAME, S("clerk@ls.example"))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_URL, S("https://bank.example/"))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD, S("S3cure!pass#1"))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TOTP,
	    S("otpauth://totp/X?secret=JBSWY3DPEHPK3PXP"))) ||
	    (notes_len && (rc = vault_entry_set(e, VAULT_FIELD_NOTES,
	    (const uint8_t *)notes, notes_len))) ||
	    (rc = vault_entry_tag_add(e, "finance")) ||
	    (rc = vault_entry_tag_add(e, "bank")) ||
	    (rc = vault_entry_custom_set(e, "sort code", S("12-34-56"))) ||
	    (rc = vault_entry_history_push(e, S("old-pass"), 1700000000)) ||
	    (rc = vault_entry_time_set(e, VAULT_TIME_CREATED, 1690000000)) ||
	    (rc = vault_entry_flags_set(e, VAULT_ENTRY_WEAK)))
		die("entry", rc);
	free(notes);
	return e;
}

static void
entry_seeds(void)
{
	static const size_t notes[] = { 0, 40 };
	vault_secret *sum = NULL, *body = NULL;
	char name[128];

	for (size_t i = 0; i < 2; i++) {
		vault_entry *e = full_entry("Lloyds online banking", notes[i]);
		uint8_t cut;
		int rc;

		if ((rc = vlt_codec_split(e, &sum, &body)))
			die("split", rc);
		cut = (uint8_t)sum->len;        /* the real cut when it fits */
		snprintf(name, sizeof name, OUT "fuzz_entry/full-%zu", i);
		{
			uint8_t *all = malloc(1 + sum->len + body->len);

			all[0] = cut;
			memcpy(all + 1, sum->buf, sum->len);
			memcpy(all + 1 + sum->len, body->buf, body->len);
			put(name, all, 1 + sum->len + body->len, NULL, 0);
			free(all);
		}
		vault_secret_free(sum);
		vault_secret_free(body);
		vault_entry_free(e);
	}
	{       /* a bare entry: title only */
		vault_entry *e = NULL;
		if (vault_entry_new(&e) ||
		    vault_entry_set(e, VAULT_FIELD_TITLE, S("Door PIN")))
			die("entry", 0);
		put(OUT "fuzz_entry/title-only", (const uint8_t *)"\0", 1,
		    e->rec->buf, e->rec->len);
		vault_entry_free(e);
	}
}

static void
shrink(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA page_size=512; VACUUM;", NULL, NULL,
	    NULL) != SQLITE_OK)
		die("vacuum", 0);
	sqlite3_close(db);
}

static void
vault_seed(const char *name, const vault_params *p, size_t entries,
    size_t notes)
{
	char path[256];
	vault *v = NULL;
	int rc;

	snprintf(path, sizeof path, OUT "fuzz_vault/%s", name);
	unlink(path);
	if ((rc = vault_create(path, "Little Snoring PC", S(PASSPHRASE), p,
	    &v)))
		die("create", rc);
	for (size_t i = 0; i < entries; i++) {
		char title[32];
		vault_entry *e;

		snprintf(title, sizeof title, i ? "Email %zu" : "Bank", i);
		e = full_entry(title, i ? 0 : notes);
		if ((rc = vault_entry_add(v, e)))
			die("add", rc);
		vault_entry_free(e);
	}
	if (entries > 1) {      /* an update: history, a new title */
		vault_entry *e = NULL;
		if ((rc = vault_entry_get(v, "Email 1", &e)) ||
		    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD, S("n3w!"))) ||
		    (rc = vault_entry_update(v, "Email 1", e)))
			die("update", rc);
		vault_entry_free(e);
	}
	vault_close(v);
	shrink(path);
	printf("%s\n", path);
}

static void
sealed_seeds(void)
{
	static const uint8_t rec[] = { 1, 4, 0, 0, 0, 'B', 'a', 'n', 'k' };

	put(OUT "fuzz_sealed/entry-summary", (const uint8_t *)"\x30", 1,
	    rec, sizeof rec);
	put(OUT "fuzz_sealed/keyslot", (const uint8_t *)"\x1b", 1,
	    S("0123456789abcdef0123456789abcdef"));
	put(OUT "fuzz_sealed/setting-empty", (const uint8_t *)"\x46", 1,
	    NULL, 0);
}

int
main(void)
{
	vault_params cheap = { 8 * 1024, 1, 1 }, lanes = { 8 * 1024, 1, 2 };

	entry_seeds();
	vault_seed("empty", &cheap, 0, 0);
	vault_seed("two-entries", &cheap, 2, 0);
	vault_seed("overflow-notes", &cheap, 1, 1500);
	vault_seed("two-lanes", &lanes, 1, 0);
	sealed_seeds();
	return 0;
}
