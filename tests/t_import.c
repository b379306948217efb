/* SPDX-License-Identifier: ISC */
/*
 * t_import.c - bulk adds and the import driver through the public API:
 * a batch commits as one IMPORT record and leaves a vault that verifies;
 * an abort leaves nothing; imported times and history are kept; replace
 * keeps the replaced entry's history; duplicates by NFC and case; weak
 * passwords flagged, not refused (refused whole in a build without the
 * estimate); Windows-1252 cells; malformed files import nothing.
 */
#include "tap.h"
#include "testutil.h"

#define CLERK "correct horse battery staple"

/* 1 when this build has the strength estimate (zxcvbn-c): the Windows
 * build may not (docs/testing.md). */
static int have_estimate;

static int
estimate_built(void)
{
	vault_strength *st = NULL;
	vault_err rc = vault_strength_check((const uint8_t *)"x", 1,
	    VAULT_STRENGTH_CREDENTIAL, NULL, 0, &st);

	vault_strength_free(st);
	return rc != VAULT_ERR_UNAVAILABLE;
}

struct mem {
	const char *p;
	size_t len, off, step;
};

/* Hands out the text a few bytes at a time: readers must stream. */
static vault_err
mem_read(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	struct mem *m = ctx;
	size_t n = m->len - m->off;

	if (n > cap)
		n = cap;
	if (n > m->step)
		n = m->step;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	*got = n;
	return VAULT_OK;
}

static int
count_kind(void *ctx, const vault_log_event *ev)
{
	size_t *n = ctx;

	n[0] += ev->kind == VAULT_EVENT_IMPORT;
	n[1] += ev->kind == VAULT_EVENT_ADD;
	return 0;
}

static size_t
entries(vault *v)
{
	size_t n = 0;

	if (vault_verify(v, NULL, NULL, &n) != VAULT_OK)
		return (size_t)-1;
	return n;   /* damaged count: 0 when intact */
}

static int
count_entry(void *ctx, const vault_entry *e)
{
	(void)e;
	(*(size_t *)ctx)++;
	return 0;
}

static size_t
how_many(vault *v)
{
	size_t n = 0;

	if (vault_entry_search(v, NULL, count_entry, &n, NULL) != VAULT_OK)
		return (size_t)-1;
	return n;
}

static void
test_batch_commit_is_one_record(void)
{
	vault *v = test_create("batch.vault", CLERK);
	char path[160];
	vault_batch *b = NULL;
	vault_entry *e;
	size_t kinds[2] = { 0, 0 };
	char t[32];

	REQUIRE(v != NULL);
	snprintf(path, sizeof path, "%s/batch.vault", test_dir);
	REQUIRE(vault_batch_begin(v, &b) == VAULT_OK);
	for (int i = 0; i < 50; i++) {
		snprintf(t, sizeof t, "Account %d", i);
		e = test_entry(t, "Xq7#mL2!vR9$wK4p");
		CHECK(e != NULL && vault_batch_add(b, e, 0) == VAULT_OK);
		vault_entry_free(e);
	}
	e = test_entry("account 3", "x");
	CHECK(vault_batch_add(b, e, 0) == VAULT_ERR_EXISTS);
	vault_entry_free(e);
	CHECK(vault_batch_count(b) == 50);
	CHECK(vault_batch_commit(b, "test: 50 entries") == VAULT_OK);
	CHECK(vault_log_walk(v, 0, count_kind, kinds) == VAULT_OK);
	CHECK(kinds[0] == 1 && kinds[1] == 0);
	CHECK(how_many(v) == 50);
	CHECK(entries(v) == 0);         /* the state matches the rows */
	vault_close(v);
	/* and it opens again, its state whole */
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(how_many(v) == 50 && vault_findings(v) == 0);
	vault_close(v);
}

static void
test_batch_abort_leaves_nothing(void)
{
	vault *v = test_create("abort.vault", CLERK);
	vault_batch *b = NULL;
	vault_entry *e = test_entry("Bank", "Xq7#mL2!vR9$wK4p");

	REQUIRE(v != NULL && e != NULL);
	REQUIRE(vault_batch_begin(v, &b) == VAULT_OK);
	CHECK(vault_batch_add(b, e, 0) == VAULT_OK);
	vault_batch_abort(b);
	CHECK(how_many(v) == 0);
	CHECK(vault_entry_add(v, e) == VAULT_OK);   /* not locked any more */
	CHECK(entries(v) == 0);
	vault_entry_free(e);
	vault_close(v);
}

static void
test_batch_keeps_times_and_replaces_with_history(void)
{
	vault *v = test_create("times.vault", CLERK);
	vault_batch *b = NULL;
	vault_entry *e = test_entry("Bank", "first-Xq7#mL2!vR9"), *g = NULL;
	const uint8_t *p;
	size_t len;
	int64_t when;

	REQUIRE(v != NULL && e != NULL);
	CHECK(vault_entry_time_set(e, VAULT_TIME_CREATED, 1000000000) ==
	    VAULT_OK);
	CHECK(vault_entry_history_push(e, PASS("older-Kx9#p"), 999999999) ==
	    VAULT_OK);
	REQUIRE(vault_batch_begin(v, &b) == VAULT_OK);
	CHECK(vault_batch_add(b, e, 0) == VAULT_OK);
	vault_entry_free(e);
	/* the same title again, in the same batch, replacing */
	e = test_entry("BANK", "second-Wq8#nM3!x");
	CHECK(vault_batch_add(b, e, VAULT_BATCH_REPLACE) == VAULT_OK);
	vault_entry_free(e);
	CHECK(vault_batch_commit(b, "test: 2 entries") == VAULT_OK);
	REQUIRE(vault_entry_get(v, "Bank", &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_PASSWORD, "second-Wq8#nM3!x"));
	CHECK(vault_entry_time(g, VAULT_TIME_CREATED) == 1000000000);
	CHECK(vault_entry_history(g, 0, &p, &len, &when) == VAULT_OK &&
	    len == 17 && memcmp(p, "first-Xq7#mL2!vR9", 17) == 0);
	CHECK(vault_entry_history(g, 1, &p, &len, &when) == VAULT_OK &&
	    len == 11 && when == 999999999);
	CHECK(how_many(v) == 1 && entries(v) == 0);
	vault_entry_free(g);
	vault_close(v);
}

struct seen {
	size_t rows, weak, dup, bad;
	char last_title[64];
};

static void
on_row(void *ctx, const vault_import_row *r)
{
	struct seen *s = ctx;

	s->rows++;
	s->weak += r->weak;
	s->dup += r->status != VAULT_IMPORT_NEW &&
	    r->status != VAULT_IMPORT_UNREADABLE;
	s->bad += r->status == VAULT_IMPORT_UNREADABLE;
	if (r->title != NULL)
		snprintf(s->last_title, sizeof s->last_title, "%s", r->title);
}

/* Import `text`, committing on success; the result code. */
static vault_err
import(vault *v, const char *text, const char *fmt, vault_dup dup,
    struct seen *s, vault_import_result *res)
{
	struct mem m = { text, strlen(text), 0, 7 };
	vault_import_opts o;
	vault_import_report rep = { on_row, NULL, s };
	vault_batch *b = NULL;
	vault_err rc;

	memset(&o, 0, sizeof o);
	memset(s, 0, sizeof *s);
	o.format = fmt;
	o.duplicates = dup;
	rc = vault_import_run(v, mem_read, &m, &o, &rep, res, &b);
	if (rc == VAULT_OK)
		rc = vault_batch_commit(b, "test");
	return rc;
}

static const char bw_json[] =
    "{\"encrypted\":false,\"folders\":[{\"id\":\"f1\",\"name\":\"Finance\"}],"
    "\"items\":[{\"type\":1,\"name\":\"Bank\",\"folderId\":\"f1\","
    "\"creationDate\":\"2021-02-01T08:00:00.000Z\",\"notes\":\"n1\","
    "\"fields\":[{\"name\":\"PIN\",\"value\":\"4821\",\"type\":1}],"
    "\"passwordHistory\":[{\"lastUsedDate\":\"2023-03-01T10:00:00.000Z\","
    "\"password\":\"new-old\"},{\"lastUsedDate\":\"2022-03-01T10:00:00Z\","
    "\"password\":\"old-old\"}],"
    "\"login\":{\"username\":\"clerk\",\"password\":\"Bj4$nW8!qZ2#tY6r\","
    "\"totp\":\"otpauth://totp/B?secret=JBSWY3DPEHPK3PXP\","
    "\"uris\":[{\"uri\":\"https://bank.example\"}]}},"
    "{\"type\":1,\"name\":\"Mail\",\"login\":{\"password\":\"letmein\"}}]}";

static void
test_bitwarden_json_fields(void)
{
	vault *v = test_create("bw.vault", CLERK);
	vault_import_result res;
	struct seen s;
	vault_entry *g = NULL;
	const uint8_t *p, *n;
	size_t len, nl;
	int64_t when;

	REQUIRE(v != NULL);
	if (!have_estimate) {
		/* Every imported password is judged: without the estimate
		 * the import is refused, and adds nothing. */
		CHECK(import(v, bw_json, NULL, 0, &s, &res) ==
		    VAULT_ERR_UNAVAILABLE);
		CHECK(how_many(v) == 0);
		printf("# no strength estimate in this build: the import of "
		    "passwords is refused\n");
		vault_close(v);
		return;
	}
	CHECK(import(v, bw_json, NULL, 0, &s, &res) == VAULT_OK);
	CHECK(strcmp(res.format, "bitwarden-json") == 0);
	CHECK(res.added == 2 && res.weak == 1 && s.weak == 1);
	REQUIRE(vault_entry_get(v, "Bank", &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_USERNAME, "clerk"));
	CHECK(test_field_is(g, VAULT_FIELD_URL, "https://bank.example"));
	CHECK(test_field_is(g, VAULT_FIELD_NOTES, "n1"));
	CHECK(test_field_is(g, VAULT_FIELD_TOTP,
	    "otpauth://totp/B?secret=JBSWY3DPEHPK3PXP"));
	CHECK(vault_entry_tag(g, 0, &p, &len) == VAULT_OK && len == 7 &&
	    memcmp(p, "Finance", 7) == 0);
	CHECK(vault_entry_custom(g, 0, &n, &nl, &p, &len) == VAULT_OK &&
	    nl == 3 && len == 4 && memcmp(p, "4821", 4) == 0);
	CHECK(vault_entry_time(g, VAULT_TIME_CREATED) == 1612166400);
	CHECK(vault_entry_history(g, 0, &p, &len, &when) == VAULT_OK &&
	    len == 7 && memcmp(p, "new-old", 7) == 0);
	CHECK(vault_entry_history(g, 1, &p, &len, &when) == VAULT_OK &&
	    len == 7 && memcmp(p, "old-old", 7) == 0);
	CHECK((vault_entry_flags(g) & VAULT_ENTRY_WEAK) == 0);
	vault_entry_free(g);
	REQUIRE(vault_entry_get(v, "Mail", &g) == VAULT_OK);
	CHECK(vault_entry_flags(g) & VAULT_ENTRY_WEAK);
	vault_entry_free(g);
	vault_close(v);
}

static void
test_duplicates_nfc_and_case(void)
{
	vault *v = test_create("dup.vault", CLERK);
	vault_import_result res;
	struct seen s;
	vault_entry *e = test_entry("Caf\xc3\xa9", "Xq7#mL2!vR9$wK4p");
	/* "CAFE" + U+0301 COMBINING ACUTE: NFC-folds to "café". No
	 * passwords: this runs in a build without the strength estimate
	 * too (the titles are what is matched). */
	const char *csv = "Account,Password,Notes\n"
	    "CAFE\xcc\x81,,n1\nNew,,n2\nnew,,n3\n";

	REQUIRE(v != NULL && e != NULL);
	REQUIRE(vault_entry_add(v, e) == VAULT_OK);
	vault_entry_free(e);
	CHECK(import(v, csv, NULL, VAULT_DUP_SKIP, &s, &res) == VAULT_OK);
	CHECK(res.added == 1 && res.dup_skipped == 2 && how_many(v) == 2);
	CHECK(import(v, csv, "csv", VAULT_DUP_SUFFIX, &s, &res) == VAULT_OK);
	CHECK(res.dup_suffixed == 3 && how_many(v) == 5);
	CHECK(vault_entry_exists(v, "CAFE\xcc\x81 (2)") == VAULT_OK);
	CHECK(vault_entry_exists(v, "new (3)") == VAULT_OK);
	CHECK(import(v, csv, "csv", VAULT_DUP_REPLACE, &s, &res) == VAULT_OK);
	CHECK(res.dup_replaced == 3 && how_many(v) == 5);
	REQUIRE(vault_entry_get(v, "Caf\xc3\xa9", &e) == VAULT_OK);
	CHECK(test_field_is(e, VAULT_FIELD_NOTES, "n1"));
	CHECK(test_field_is(e, VAULT_FIELD_PASSWORD, NULL));
	vault_entry_free(e);
	CHECK(entries(v) == 0);
	vault_close(v);
}

/* Excel's plain CSV on UK Windows: Windows-1252, converted cell by cell
 * (vlt_os_from_cp1252, iconv or the Windows code page API); a byte the
 * code page leaves undefined becomes '?', and UTF-8 cells stay as they
 * are. No password, so it runs without the strength estimate too (every
 * column goes through the one conversion). */
static void
test_windows_1252_cells(void)
{
	vault *v = test_create("cp1252.vault", CLERK);
	vault_import_result res;
	struct seen s;
	vault_entry *e = NULL;
	const uint8_t *n, *p;
	size_t nl, len;
	const char *csv = "Account;Username;Password;Notes;R\xe9" "f\n"
	    "Caf\xe9;J\xf6rg \x80\xa3;;\x93q\x94 \x81\x8d\x8f\x90\x9d;"
	    "\xe2\x82\xac\n";

	REQUIRE(v != NULL);
	CHECK(import(v, csv, "csv", 0, &s, &res) == VAULT_OK);
	CHECK(res.added == 1 && s.bad == 0);
	REQUIRE(vault_entry_get(v, "Caf\xc3\xa9", &e) == VAULT_OK);
	CHECK(test_field_is(e, VAULT_FIELD_USERNAME,
	    "J\xc3\xb6rg \xe2\x82\xac\xc2\xa3"));
	CHECK(test_field_is(e, VAULT_FIELD_NOTES,
	    "\xe2\x80\x9cq\xe2\x80\x9d ?????"));
	CHECK(vault_entry_custom(e, 0, &n, &nl, &p, &len) == VAULT_OK &&
	    nl == 4 && memcmp(n, "R\xc3\xa9" "f", 4) == 0 &&
	    len == 3 && memcmp(p, "\xe2\x82\xac", 3) == 0);
	vault_entry_free(e);
	vault_close(v);
}

static void
test_malformed_imports_nothing(void)
{
	static const struct {
		const char *text, *fmt, *why;
	} bad[] = {
		{ "Account,Password\nA,\"unterminated\n", NULL, "never closed" },
		{ "Account,Password\nA,x\"y\n", NULL, "stray quote" },
		{ "Account,Password\r\n", NULL, "no rows" },
		{ "{\"encrypted\":false,\"items\":[{\"type\":1,\"name\":\"A\"",
		  NULL, "ends too soon" },
		{ "{\"encrypted\":true,\"items\":[]}", NULL, "encrypted" },
		{ "\x01\x02garbage\xff\xfe", NULL, "not a file" },
		{ "", NULL, "empty" },
		{ "Foo,Bar\n1,2\n", "csv", "no column" },
	};
	vault *v = test_create("bad.vault", CLERK);
	vault_import_result res;
	struct seen s;

	REQUIRE(v != NULL);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK(import(v, bad[i].text, bad[i].fmt, 0, &s, &res) ==
		    VAULT_ERR_FORMAT);
		if (strstr(res.why, bad[i].why) == NULL)
			printf("# case %zu: %s\n", i, res.why);
		CHECK(strstr(res.why, bad[i].why) != NULL);
	}
	CHECK(how_many(v) == 0);
	CHECK(import(v, "Account,Password\nA,x\n", "no-such", 0, &s, &res) ==
	    VAULT_ERR_INVALID);
	vault_close(v);
}

int
main(void)
{
	test_dir_make();
	have_estimate = estimate_built();
	RUN(test_batch_commit_is_one_record);
	RUN(test_batch_abort_leaves_nothing);
	RUN(test_batch_keeps_times_and_replaces_with_history);
	RUN(test_bitwarden_json_fields);
	RUN(test_duplicates_nfc_and_case);
	RUN(test_windows_1252_cells);
	RUN(test_malformed_imports_nothing);
	test_dir_remove();
	return TAP_END();
}
