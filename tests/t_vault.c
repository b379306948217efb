/* SPDX-License-Identifier: ISC */
/*
 * t_vault.c - the library's lifecycle and entries: round trips of every
 * field, wrong passphrase, lookups, history, and each error code the core
 * can return. Tampering has its own file (t_tamper.c).
 */
#include <sys/stat.h>
#include "tap.h"
#include "testutil.h"

#define CLERK "correct horse battery staple"

/* Create, store, close, reopen, read every field back. */
static void
test_every_field_survives_reopen(void)
{
	const char *path;
	vault *v = NULL;
	vault_entry *e = test_entry("Bank", "S3cure!pass"), *g = NULL;
	const uint8_t *n, *val, *t;
	size_t nl, vl, tl;
	struct stat sb TU_UNUSED;

	REQUIRE(e != NULL);
	path = test_path("every.vault");
	REQUIRE(vault_create(path, "Little Snoring PC", PASS(CLERK),
	    &test_params, &v) == VAULT_OK);
#ifndef _WIN32  /* Windows: the folder's ACL, not a mode (docs/testing.md) */
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
#endif
	CHECK(vault_entry_set(e, VAULT_FIELD_USERNAME, PASS("clerk")) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_URL, PASS("https://bank.example/")) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_NOTES, PASS("line 1\nline 2")) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_TOTP, PASS("otpauth://totp/B?secret=JBSW")) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_RECOVERY_CODES, PASS("1111-2222 3333-4444")) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_2FA_DEVICE, PASS("the council phone in the safe")) == 0);
	CHECK(vault_entry_tag_add(e, "finance") == 0);
	CHECK(vault_entry_tag_add(e, "bank") == 0);
	CHECK(vault_entry_tag_add(e, "finance") == 0);
	CHECK(vault_entry_custom_set(e, "sort code", PASS("12-34-56")) == 0);
	CHECK(vault_entry_custom_set(e, "PIN", PASS("4321")) == 0);
	CHECK(vault_entry_flags_set(e, VAULT_ENTRY_WEAK) == 0);
	REQUIRE(vault_entry_add(v, e) == VAULT_OK);
	vault_close(v);
	v = NULL;
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(strcmp(vault_council(v), "Little Snoring PC") == 0);
	REQUIRE(vault_entry_get(v, "bank", &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_TITLE, "Bank"));
	CHECK(test_field_is(g, VAULT_FIELD_PASSWORD, "S3cure!pass"));
	CHECK(test_field_is(g, VAULT_FIELD_USERNAME, "clerk"));
	CHECK(test_field_is(g, VAULT_FIELD_URL, "https://bank.example/"));
	CHECK(test_field_is(g, VAULT_FIELD_NOTES, "line 1\nline 2"));
	CHECK(test_field_is(g, VAULT_FIELD_TOTP,
	    "otpauth://totp/B?secret=JBSW"));
	CHECK(test_field_is(g, VAULT_FIELD_RECOVERY_CODES,
	    "1111-2222 3333-4444"));
	CHECK(test_field_is(g, VAULT_FIELD_2FA_DEVICE, "the council phone in the safe"));
	CHECK(vault_entry_tag(g, 0, &t, &tl) == 0 && tl == 4 &&
	    memcmp(t, "bank", 4) == 0);
	CHECK(vault_entry_tag(g, 1, &t, &tl) == 0 && tl == 7 &&
	    memcmp(t, "finance", 7) == 0);
	CHECK(vault_entry_tag(g, 2, &t, &tl) == VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_custom(g, 0, &n, &nl, &val, &vl) == 0 &&
	    nl == 9 && memcmp(n, "sort code", 9) == 0 &&
	    vl == 8 && memcmp(val, "12-34-56", 8) == 0);
	CHECK(vault_entry_custom(g, 1, &n, &nl, &val, &vl) == 0 &&
	    nl == 3 && vl == 4 && memcmp(val, "4321", 4) == 0);
	CHECK(vault_entry_flags(g) == VAULT_ENTRY_WEAK);
	CHECK(vault_entry_time(g, VAULT_TIME_CREATED) > 1700000000);
	CHECK(vault_entry_time(g, VAULT_TIME_PASSWORD) ==
	    vault_entry_time(g, VAULT_TIME_CREATED));
	vault_entry_free(g);
	vault_entry_free(e);
	vault_close(v);
}

static void
test_wrong_passphrase_is_auth(void)
{
	const char *path = test_path("wrong.vault");
	vault *v = NULL;

	REQUIRE(vault_create(path, "PC", PASS(CLERK), &test_params, &v) == 0);
	vault_close(v);
	v = NULL;
	CHECK(vault_open(path, PASS("correct horse battery stapl"), &v) ==
	    VAULT_ERR_AUTH);
	CHECK(v == NULL);
	CHECK(vault_open(path, NULL, 0, &v) == VAULT_ERR_AUTH);
	CHECK(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	vault_close(v);
}

static void
test_create_refuses_existing_file(void)
{
	const char *path = test_path("exists.vault");
	FILE *f = fopen(path, "w");
	vault *v = NULL;

	REQUIRE(f != NULL);
	fputs("precious", f);
	fclose(f);
	CHECK(vault_create(path, "PC", PASS(CLERK), &test_params, &v) ==
	    VAULT_ERR_EXISTS);
	CHECK(v == NULL);
	CHECK(file_contains(path, "precious", 8) == 1);
}

static void
test_missing_file_is_notfound(void)
{
	vault *v = NULL;

	CHECK(vault_open(test_path("absent.vault"), PASS(CLERK), &v) ==
	    VAULT_ERR_NOTFOUND);
	CHECK(vault_open(test_dir, PASS(CLERK), &v) != VAULT_OK);
}

static void
test_titles_are_case_insensitive_and_unique(void)
{
	vault *v = test_create("unique.vault", CLERK);
	vault_entry *a = test_entry("Email", "Aa1!aaaaaaa"), *b = test_entry("  EMAIL ", "x");
	vault_entry *g = NULL;

	REQUIRE(v && a && b);
	CHECK(vault_entry_add(v, a) == VAULT_OK);
	CHECK(vault_entry_add(v, b) == VAULT_ERR_EXISTS);
	CHECK(vault_entry_get(v, "eMaIl", &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_TITLE, "Email"));
	vault_entry_free(g);
	g = NULL;
	CHECK(vault_entry_get(v, "Emails", &g) == VAULT_ERR_NOTFOUND);
	CHECK(g == NULL);
	CHECK(vault_entry_get(v, "", &g) == VAULT_ERR_INVALID);
	vault_entry_free(a);
	vault_entry_free(b);
	vault_close(v);
}

static void
test_unicode_titles_and_values(void)
{
	vault *v = test_create("unicode.vault", CLERK);
	const char *t = "Caf\xc3\xa9 \xe2\x98\x95 \xe6\x9d\xb1\xe4\xba\xac";
	vault_entry *e = test_entry(t, "p\xc3\xa4ssw\xc3\xb6rd-\xf0\x9f\x94\x91-long");
	vault_entry *g = NULL;

	REQUIRE(v && e);
	CHECK(vault_entry_add(v, e) == VAULT_OK);
	CHECK(vault_entry_get(v, t, &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_PASSWORD,
	    "p\xc3\xa4ssw\xc3\xb6rd-\xf0\x9f\x94\x91-long"));
	vault_entry_free(g);
	vault_entry_free(e);
	vault_close(v);
}

static void
test_one_mib_notes(void)
{
	vault *v = test_create("big.vault", CLERK);
	vault_entry *e = test_entry("Minutes archive", "Aa1!aaaaaaa"), *g = NULL;
	size_t n = 1024 * 1024, len;
	uint8_t *big = malloc(n);
	const uint8_t *p;

	REQUIRE(v && e && big);
	for (size_t i = 0; i < n; i++)
		big[i] = (uint8_t)('a' + i % 26);
	CHECK(vault_entry_set(e, VAULT_FIELD_NOTES, big, n) == VAULT_OK);
	CHECK(vault_entry_add(v, e) == VAULT_OK);
	CHECK(vault_entry_get(v, "minutes archive", &g) == VAULT_OK);
	CHECK(vault_entry_field(g, VAULT_FIELD_NOTES, &p, &len) == VAULT_OK &&
	    len == n && memcmp(p, big, n) == 0);
	vault_entry_free(g);
	vault_entry_free(e);
	free(big);
	vault_close(v);
}

static void
test_empty_fields_are_absent(void)
{
	vault *v = test_create("empty.vault", CLERK);
	vault_entry *e = test_entry("Library card", NULL), *g = NULL;
	const uint8_t *p;
	size_t len;

	REQUIRE(v && e);
	CHECK(vault_entry_set(e, VAULT_FIELD_USERNAME, PASS("")) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_URL, PASS("x")) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_URL, NULL, 0) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_TITLE, NULL, 0) == VAULT_ERR_INVALID);
	CHECK(vault_entry_add(v, e) == VAULT_OK);
	CHECK(vault_entry_get(v, "library card", &g) == VAULT_OK);
	CHECK(vault_entry_field(g, VAULT_FIELD_PASSWORD, &p, &len) ==
	    VAULT_ERR_NOTFOUND && p == NULL && len == 0);
	CHECK(vault_entry_field(g, VAULT_FIELD_USERNAME, &p, &len) ==
	    VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_field(g, VAULT_FIELD_URL, &p, &len) ==
	    VAULT_ERR_NOTFOUND);
	vault_entry_free(g);
	vault_entry_free(e);
	vault_close(v);
}

static void
test_update_keeps_history(void)
{
	vault *v = test_create("hist.vault", CLERK);
	vault_entry *e = test_entry("Website", "first-password-0"), *g = NULL;
	const uint8_t *p;
	size_t len;
	int64_t when;
	char pw[32];

	REQUIRE(v && e);
	REQUIRE(vault_entry_add(v, e) == VAULT_OK);
	for (int i = 1; i <= 12; i++) {
		snprintf(pw, sizeof pw, "password-number-%d", i);
		REQUIRE(vault_entry_get(v, "website", &g) == VAULT_OK);
		CHECK(vault_entry_set(g, VAULT_FIELD_PASSWORD, PASS(pw)) == 0);
		CHECK(vault_entry_update(v, "website", g) == VAULT_OK);
		vault_entry_free(g);
		g = NULL;
	}
	REQUIRE(vault_entry_get(v, "Website", &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_PASSWORD, "password-number-12"));
	CHECK(vault_entry_history(g, 0, &p, &len, &when) == VAULT_OK &&
	    len == 18 && memcmp(p, "password-number-11", 18) == 0 && when > 0);
	CHECK(vault_entry_history(g, VAULT_HISTORY_MAX - 1, &p, &len, &when) ==
	    VAULT_OK && len == 17 && memcmp(p, "password-number-2", 17) == 0);
	CHECK(vault_entry_history(g, VAULT_HISTORY_MAX, &p, &len, &when) ==
	    VAULT_ERR_NOTFOUND);
	/* A change that keeps the password adds no history. */
	CHECK(vault_entry_set(g, VAULT_FIELD_USERNAME, PASS("new")) == 0);
	CHECK(vault_entry_update(v, "Website", g) == VAULT_OK);
	vault_entry_free(g);
	g = NULL;
	REQUIRE(vault_entry_get(v, "Website", &g) == VAULT_OK);
	CHECK(vault_entry_history(g, 0, &p, &len, &when) == VAULT_OK &&
	    len == 18 && memcmp(p, "password-number-11", 18) == 0);
	CHECK(test_field_is(g, VAULT_FIELD_USERNAME, "new"));
	vault_entry_free(g);
	vault_entry_free(e);
	vault_close(v);
}

static void
test_rename_and_delete(void)
{
	vault *v = test_create("rename.vault", CLERK);
	vault_entry *a = test_entry("Alpha", "pw-alpha-1234"), *b = test_entry("Beta", "pw-beta-1234");
	vault_entry *g = NULL;

	REQUIRE(v && a && b);
	REQUIRE(vault_entry_add(v, a) == 0 && vault_entry_add(v, b) == 0);
	REQUIRE(vault_entry_get(v, "alpha", &g) == VAULT_OK);
	CHECK(vault_entry_set(g, VAULT_FIELD_TITLE, PASS("beta")) == 0);
	CHECK(vault_entry_update(v, "alpha", g) == VAULT_ERR_EXISTS);
	CHECK(vault_entry_set(g, VAULT_FIELD_TITLE, PASS("Gamma")) == 0);
	CHECK(vault_entry_update(v, "alpha", g) == VAULT_OK);
	CHECK(vault_entry_update(v, "alpha", g) == VAULT_ERR_NOTFOUND);
	vault_entry_free(g);
	g = NULL;
	CHECK(vault_entry_get(v, "gamma", &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_PASSWORD, "pw-alpha-1234"));
	vault_entry_free(g);
	g = NULL;
	CHECK(vault_entry_delete(v, "GAMMA") == VAULT_OK);
	CHECK(vault_entry_delete(v, "gamma") == VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_get(v, "gamma", &g) == VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_get(v, "beta", &g) == VAULT_OK);
	vault_entry_free(g);
	vault_entry_free(a);
	vault_entry_free(b);
	vault_close(v);
}

struct seen {
	int n, has_password;
	char titles[512];
};

static int
collect(void *ctx, const vault_entry *e)
{
	struct seen *s = ctx;
	const uint8_t *p;
	size_t len;

	s->n++;
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &len) == VAULT_OK)
		s->has_password = 1;
	if (vault_entry_field(e, VAULT_FIELD_TITLE, &p, &len) == VAULT_OK) {
		strncat(s->titles, (const char *)p, len);
		strcat(s->titles, ";");
	}
	return 0;
}

static int
stop_at_first(void *ctx, const vault_entry *e)
{
	(void)e;
	(*(int *)ctx)++;
	return 7;
}

static void
test_search_matches_summary_only(void)
{
	vault *v = test_create("search.vault", CLERK);
	vault_entry *a = test_entry("Council bank", "pw-aaaaaaaa1"),
	    *b = test_entry("Email", "pw-bbbbbbbbb1"), *c = test_entry("Planning portal", "pw-ccccccccc1");
	struct seen s;
	int n = 0, stopped = 0;

	REQUIRE(v && a && b && c);
	CHECK(vault_entry_set(b, VAULT_FIELD_USERNAME, PASS("clerk@BANKSIDE.example")) == 0);
	CHECK(vault_entry_tag_add(c, "banking") == 0);
	CHECK(vault_entry_set(c, VAULT_FIELD_NOTES, PASS("not bank")) == 0);
	REQUIRE(vault_entry_add(v, a) == 0 && vault_entry_add(v, b) == 0 &&
	    vault_entry_add(v, c) == 0);
	memset(&s, 0, sizeof s);
	CHECK(vault_entry_search(v, "BANK", collect, &s, NULL) == VAULT_OK);
	CHECK(s.n == 3 && s.has_password == 0);
	memset(&s, 0, sizeof s);
	CHECK(vault_entry_search(v, "portal", collect, &s, NULL) == VAULT_OK);
	CHECK(s.n == 1 && strcmp(s.titles, "Planning portal;") == 0);
	memset(&s, 0, sizeof s);
	CHECK(vault_entry_search(v, "zzz", collect, &s, NULL) == VAULT_OK);
	CHECK(s.n == 0);
	memset(&s, 0, sizeof s);
	CHECK(vault_entry_search(v, NULL, collect, &s, NULL) == VAULT_OK);
	CHECK(s.n == 3);
	CHECK(vault_entry_search(v, "", stop_at_first, &n, &stopped) == 0);
	CHECK(n == 1 && stopped == 7);
	vault_entry_free(a);
	vault_entry_free(b);
	vault_entry_free(c);
	vault_close(v);
}

/*
 * Many entries of mixed summary sizes (walks reuse one buffer, grown for
 * the long URLs): every search must report exactly the matching entries,
 * each once, with its own fields and nothing left over from another row.
 */
#define MANY 160

static void
many_expect(int i, char *user, size_t ucap, char *url, size_t cap)
{
	size_t n;

	snprintf(user, ucap, "user%d@example.org", i);
	n = (size_t)snprintf(url, cap, i % 7 == 3 ? "https://big%d.example/" :
	    "https://s%d.example/", i);
	if (i % 7 == 3) {               /* 6,000 or 20,000 bytes */
		size_t want = i == 101 ? 20000 : 6000;

		memset(url + n, 'x', want - n);
		url[want] = '\0';
	}
}

static int
has_ci(const char *hay, const char *needle)
{
	size_t hl = strlen(hay), nl = strlen(needle);

	for (size_t i = 0; i + nl <= hl; i++) {
		size_t j = 0;

		while (j < nl && (hay[i + j] | 32) == (needle[j] | 32))
			j++;
		if (j == nl)
			return 1;
	}
	return 0;
}

static char many_url[2][20001], many_user[2][64];

static int
many_matches(int i, const char *term)
{
	char title[32];

	snprintf(title, sizeof title, "Row %03d", i);
	many_expect(i, many_user[0], sizeof many_user[0], many_url[0],
	    sizeof many_url[0]);
	return term == NULL || has_ci(title, term) ||
	    has_ci(many_user[0], term) || has_ci(many_url[0], term) ||
	    (i % 2 == 0 && has_ci("even", term));
}

struct many_seen {
	int count[MANY], n, bad, stop_after;
};

static int
many_collect(void *ctx, const vault_entry *e)
{
	struct many_seen *s = ctx;
	const uint8_t *p, *t;
	size_t len, tl, ntags = 0;
	int i;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &p, &len) != VAULT_OK ||
	    len != 7 || memcmp(p, "Row ", 4) != 0 ||
	    (i = atoi((const char *)p + 4)) < 0 || i >= MANY) {
		s->bad++;
		return 0;
	}
	s->count[i]++;
	s->n++;
	many_expect(i, many_user[1], sizeof many_user[1], many_url[1],
	    sizeof many_url[1]);
	while (vault_entry_tag(e, ntags, &t, &tl) == VAULT_OK)
		ntags++;
	if (!test_field_is(e, VAULT_FIELD_USERNAME, many_user[1]) ||
	    !test_field_is(e, VAULT_FIELD_URL, many_url[1]) ||
	    vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &len) == VAULT_OK ||
	    vault_entry_field(e, VAULT_FIELD_NOTES, &p, &len) == VAULT_OK ||
	    ntags != (i % 2 == 0 ? 1u : 0u) ||
	    vault_entry_time(e, VAULT_TIME_CREATED) == 0)
		s->bad++;
	return s->stop_after && s->n == s->stop_after;
}

static void
test_search_many_entries(void)
{
	static const char *const terms[] = { NULL, "even", "USER1", "big",
	    "row 04", "s15.example", "xxxxxxxxxx", "nothing-here" };
	vault *v = test_create("many.vault", CLERK);
	vault_entry *g = NULL;
	struct many_seen s;
	char title[32], pw[32];
	size_t damaged = 99;
	int stopped = 0;

	REQUIRE(v != NULL);
	for (int i = 0; i < MANY; i++) {
		vault_entry *e;

		snprintf(title, sizeof title, "Row %03d", i);
		snprintf(pw, sizeof pw, "pw-%d-Qz8vKt2m", i);
		many_expect(i, many_user[0], sizeof many_user[0], many_url[0],
		    sizeof many_url[0]);
		REQUIRE((e = test_entry(title, pw)) != NULL);
		CHECK(vault_entry_set(e, VAULT_FIELD_USERNAME,
		    PASS(many_user[0])) == 0);
		CHECK(vault_entry_set(e, VAULT_FIELD_URL, PASS(many_url[0])) == 0);
		CHECK(vault_entry_set(e, VAULT_FIELD_NOTES, PASS("a note")) == 0);
		if (i % 2 == 0)
			CHECK(vault_entry_tag_add(e, "even") == 0);
		CHECK(vault_entry_add(v, e) == VAULT_OK);
		vault_entry_free(e);
	}
	for (size_t k = 0; k < sizeof terms / sizeof *terms; k++) {
		int want = 0;

		memset(&s, 0, sizeof s);
		CHECK(vault_entry_search(v, terms[k], many_collect, &s,
		    &stopped) == VAULT_OK && stopped == 0);
		CHECK(s.bad == 0);
		for (int i = 0; i < MANY; i++) {
			int m = many_matches(i, terms[k]);

			want += m;
			CHECK(s.count[i] == m);
		}
		CHECK(s.n == want);
		if (s.bad || s.n != want)
			printf("# term %s: %d of %d, %d bad\n",
			    terms[k] ? terms[k] : "(all)", s.n, want, s.bad);
	}
	memset(&s, 0, sizeof s);
	s.stop_after = 5;
	CHECK(vault_entry_search(v, NULL, many_collect, &s, &stopped) ==
	    VAULT_OK && stopped == 1 && s.n == 5 && s.bad == 0);
	/* verify walks summaries and bodies through the same reuse. */
	CHECK(vault_verify(v, NULL, NULL, &damaged) == VAULT_OK &&
	    damaged == 0);
	CHECK(vault_entry_get(v, "row 101", &g) == VAULT_OK);
	many_expect(101, many_user[0], sizeof many_user[0], many_url[0],
	    sizeof many_url[0]);
	CHECK(g && test_field_is(g, VAULT_FIELD_URL, many_url[0]) &&
	    test_field_is(g, VAULT_FIELD_PASSWORD, "pw-101-Qz8vKt2m") &&
	    test_field_is(g, VAULT_FIELD_NOTES, "a note"));
	vault_entry_free(g);
	vault_close(v);
}

static void
test_passwd_changes_passphrase_and_kdf(void)
{
	const char *path = test_path("passwd.vault");
	vault *v = NULL;
	vault_params p = { 16 * 1024, 2, 2 }, got;
	vault_entry *e = test_entry("Kept", "kept-password-1"), *g = NULL;

	REQUIRE(e && vault_create(path, "PC", PASS(CLERK), &test_params, &v) == 0);
	REQUIRE(vault_entry_add(v, e) == VAULT_OK);
	CHECK(vault_passwd(v, PASS("new clerk passphrase here"), &p) == 0);
	vault_close(v);
	v = NULL;
	CHECK(vault_open(path, PASS(CLERK), &v) == VAULT_ERR_AUTH);
	REQUIRE(vault_open(path, PASS("new clerk passphrase here"), &v) == 0);
	CHECK(vault_params_get(v, &got) == VAULT_OK);
	CHECK(got.kdf_memory_kib == p.kdf_memory_kib &&
	    got.kdf_passes == 2 && got.kdf_lanes == 2);
	CHECK(vault_entry_get(v, "kept", &g) == VAULT_OK);
	CHECK(test_field_is(g, VAULT_FIELD_PASSWORD, "kept-password-1"));
	p.kdf_passes = VAULT_KDF_PASSES_MAX + 1;
	CHECK(vault_passwd(v, PASS("whatever passphrase"), &p) == VAULT_ERR_KDF);
	CHECK(vault_passwd(v, PASS("another clerk passphrase"), NULL) == 0);
	vault_close(v);
	v = NULL;
	CHECK(vault_open(path, PASS("another clerk passphrase"), &v) == 0);
	vault_entry_free(g);
	vault_entry_free(e);
	vault_close(v);
}

static void
test_kdf_bounds(void)
{
	vault_params p;
	vault *v = NULL;

	vault_params_default(&p);
	CHECK(vault_params_check(&p) == VAULT_OK);
	CHECK(p.kdf_memory_kib >= VAULT_KDF_MEMORY_SAFE_KIB &&
	    p.kdf_passes >= VAULT_KDF_PASSES_SAFE);
	p.kdf_memory_kib = VAULT_KDF_MEMORY_MIN_KIB - 1;
	CHECK(vault_params_check(&p) == VAULT_ERR_KDF);
	CHECK(vault_create(test_path("kdf.vault"), "PC", PASS(CLERK), &p, &v) ==
	    VAULT_ERR_KDF);
	vault_params_default(&p);
	p.kdf_lanes = 0;
	CHECK(vault_params_check(&p) == VAULT_ERR_KDF);
	p.kdf_lanes = VAULT_KDF_LANES_MAX + 1;
	CHECK(vault_params_check(&p) == VAULT_ERR_KDF);
	vault_params_default(&p);
	p.kdf_passes = 0;
	CHECK(vault_params_check(&p) == VAULT_ERR_KDF);
	CHECK(vault_params_check(NULL) == VAULT_ERR_INVALID);
}

static void
test_plaintext_never_in_file(void)
{
	const char *path = test_path("scan.vault");
	static const char *const secrets[] = {
		"Treasurer online banking", "treasurer.login@example.org",
		"https://secure.examplebank.co.uk/login", "Zq8#vL2!mW9pR4tY",
		"Little Snoring Parish Council", "payroll-notes-marker",
		"custom-field-marker", "otpauth://totp/Scan",
		"recovery-codes-marker", "council-phone-in-the-safe",
	};
	vault *v = NULL;
	vault_entry *e = test_entry(secrets[0], secrets[3]);

	REQUIRE(e && vault_create(path, secrets[4], PASS(CLERK), &test_params,
	    &v) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_USERNAME, PASS(secrets[1])) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_URL, PASS(secrets[2])) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_NOTES, PASS(secrets[5])) == 0);
	CHECK(vault_entry_custom_set(e, secrets[6], PASS("v")) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_TOTP, PASS(secrets[7])) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_RECOVERY_CODES, PASS(secrets[8])) == 0);
	CHECK(vault_entry_set(e, VAULT_FIELD_2FA_DEVICE, PASS(secrets[9])) == 0);
	REQUIRE(vault_entry_add(v, e) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS("second-pw")) == 0);
	CHECK(vault_entry_update(v, secrets[0], e) == VAULT_OK);
	vault_close(v);
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++) {
		int found = file_contains(path, secrets[i], strlen(secrets[i]));
		if (found != 0)
			printf("# found in file: %s\n", secrets[i]);
		CHECK(found == 0);
	}
	CHECK(file_contains(path, CLERK, strlen(CLERK)) == 0);
	vault_entry_free(e);
}

static void
test_entry_api_contract(void)
{
	vault_entry *e = NULL;
	const uint8_t *p;
	size_t len;
	uint8_t big[VAULT_TITLE_MAX + 1];

	memset(big, 'x', sizeof big);
	REQUIRE(vault_entry_new(&e) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_TITLE, big, sizeof big) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, (vault_field)99, big, 1) == VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, (vault_field)9, big, 1) == VAULT_ERR_INVALID);
	CHECK(vault_entry_field(e, VAULT_FIELD_TITLE, &p, &len) ==
	    VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_tag_remove(e, "none") == VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_tag_add(e, "") == VAULT_ERR_INVALID);
	CHECK(vault_entry_custom_set(e, "", PASS("x")) == VAULT_ERR_INVALID);
	CHECK(vault_entry_tag_add(e, "keep") == 0);
	CHECK(vault_entry_tag_add(e, "drop") == 0);
	CHECK(vault_entry_tag_remove(e, "drop") == 0);
	CHECK(vault_entry_tag(e, 1, &p, &len) == VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_custom_set(e, "f", PASS("1")) == 0);
	CHECK(vault_entry_custom_set(e, "f", PASS("22")) == 0);
	CHECK(vault_entry_custom(e, 0, &p, &len, &p, &len) == 0 && len == 2);
	CHECK(vault_entry_custom_set(e, "f", NULL, 0) == 0);
	CHECK(vault_entry_custom(e, 0, &p, &len, &p, &len) == VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_add(NULL, e) == VAULT_ERR_INVALID);
	/* The reader's limit of 1000 tags is enforced when writing too. */
	{
		char t[16];
		int refused = 0;

		for (int i = 0; i < 1001; i++) {
			snprintf(t, sizeof t, "t%d", i);
			refused += vault_entry_tag_add(e, t) != VAULT_OK;
		}
		CHECK(refused == 2);    /* "keep" + 998 more, then 2 refused */
	}
	vault_entry_free(e);
	vault_entry_free(NULL);
	vault_close(NULL);
	vault_secret_free(NULL);
}

/* Entries brought in from elsewhere carry their own times and history. */
static void
test_set_times_and_history(void)
{
	vault_entry *e = test_entry("Old", "current-password-0");
	const uint8_t *p;
	size_t len;
	int64_t when;

	REQUIRE(e);
	CHECK(vault_entry_time_set(e, VAULT_TIME_CREATED, 1500000000) == 0);
	CHECK(vault_entry_time(e, VAULT_TIME_CREATED) == 1500000000);
	CHECK(vault_entry_time_set(e, VAULT_TIME_CREATED, -1) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_time_set(e, VAULT_TIME_MODIFIED,
	    VAULT_TIME_MAX + 1) == VAULT_ERR_INVALID);
	CHECK(vault_entry_time_set(e, (vault_time)9, 1) == VAULT_ERR_INVALID);
	CHECK(vault_entry_history_push(e, PASS("older"), 1400000000) == 0);
	CHECK(vault_entry_history_push(e, PASS("newer"), 1450000000) == 0);
	CHECK(vault_entry_history_push(e, NULL, 0, 1) == VAULT_ERR_INVALID);
	CHECK(vault_entry_history(e, 0, &p, &len, &when) == VAULT_OK &&
	    len == 5 && memcmp(p, "newer", 5) == 0 && when == 1450000000);
	CHECK(vault_entry_history(e, 1, &p, &len, &when) == VAULT_OK &&
	    len == 5 && memcmp(p, "older", 5) == 0 && when == 1400000000);
	vault_entry_free(e);
}

int
main(void)
{
	test_dir_make();
	RUN(test_every_field_survives_reopen);
	RUN(test_wrong_passphrase_is_auth);
	RUN(test_create_refuses_existing_file);
	RUN(test_missing_file_is_notfound);
	RUN(test_titles_are_case_insensitive_and_unique);
	RUN(test_unicode_titles_and_values);
	RUN(test_one_mib_notes);
	RUN(test_empty_fields_are_absent);
	RUN(test_update_keeps_history);
	RUN(test_set_times_and_history);
	RUN(test_rename_and_delete);
	RUN(test_search_matches_summary_only);
	RUN(test_search_many_entries);
	RUN(test_passwd_changes_passphrase_and_kdf);
	RUN(test_kdf_bounds);
	RUN(test_plaintext_never_in_file);
	RUN(test_entry_api_contract);
	test_dir_remove();
	return TAP_END();
}
