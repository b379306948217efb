/* SPDX-License-Identifier: ISC */
/*
 * t_find.c - finding the entry a person means (vault_entry_find): exact
 * title first, a unique prefix or run of whole words, the candidates when
 * several fit, the nearest titles when none does, and nothing logged;
 * then reveals that name the fields shown (vault_entry_reveal, the log's
 * `shown`).
 */
#include "tap.h"
#include "testutil.h"

#define CLERK "correct horse battery staple"

static const char *const titles[] = {
	"HSBC Business Banking", "HSBC Personal", "Barclays Bank",
	"Microsoft 365", "Microsoft Azure", "Bank", "Parish-Hall Wi-Fi",
	"Zoom", "Caf\xc3\xa9 Nero", "Hall Booking",
};
#define NTITLES (sizeof titles / sizeof *titles)

static vault *
fresh(const char *name)
{
	vault *v = NULL;
	vault_entry *e = NULL;

	if (vault_create(test_path(name), "Little Snoring PC", PASS(CLERK),
	    &test_params, &v) != VAULT_OK)
		return NULL;
	for (size_t i = 0; i < NTITLES; i++) {
		if (vault_entry_new(&e) != VAULT_OK ||
		    vault_entry_set(e, VAULT_FIELD_TITLE, PASS(titles[i])) !=
		    VAULT_OK ||
		    vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS("pw-x-1234"))
		    != VAULT_OK || vault_entry_add(v, e) != VAULT_OK) {
			vault_entry_free(e);
			vault_close(v);
			return NULL;
		}
		vault_entry_free(e);
		e = NULL;
	}
	return v;
}

/* find q: VAULT_OK with exactly `want` (how `how`), else NOTFOUND. */
static int
finds(vault *v, const char *q, const char *want, int how)
{
	vault_found f;
	vault_err rc = vault_entry_find(v, q, 8, &f);
	int ok = rc == VAULT_OK && f.n == 1 && f.how == how &&
	    strcmp(f.titles[0], want) == 0;

	if (!ok)
		printf("# find \"%s\": rc %d how %d n %zu first \"%s\"\n", q,
		    rc, f.how, f.n, f.n ? f.titles[0] : "");
	vault_found_clear(&f);
	return ok;
}

/* find q: NOTFOUND of kind `how` listing exactly the titles in `want`
 * (NULL-terminated, in order). */
static int
lists(vault *v, const char *q, int how, const char *const *want)
{
	vault_found f;
	vault_err rc = vault_entry_find(v, q, 8, &f);
	size_t n = 0;
	int ok = rc == VAULT_ERR_NOTFOUND && f.how == how;

	while (want[n] != NULL)
		n++;
	ok = ok && f.n == n && f.total == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = strcmp(f.titles[i], want[i]) == 0;
	if (!ok)
		printf("# lists \"%s\": rc %d how %d n %zu\n", q, rc, f.how,
		    f.n);
	vault_found_clear(&f);
	return ok;
}

static void
test_exact_wins(void)
{
	vault *v = fresh("exact");

	REQUIRE(v != NULL);
	/* "Bank" is a title, a prefix of none but a word of Barclays Bank:
	 * the exact title wins. */
	CHECK(finds(v, "bank", "bank", VAULT_FIND_EXACT));
	CHECK(finds(v, "  BANK ", "  BANK ", VAULT_FIND_EXACT));
	CHECK(finds(v, "microsoft 365", "microsoft 365", VAULT_FIND_EXACT));
	vault_close(v);
}

static void
test_prefix_and_words(void)
{
	vault *v = fresh("prefix");

	REQUIRE(v != NULL);
	CHECK(finds(v, "hsbc b", "HSBC Business Banking", VAULT_FIND_PREFIX));
	CHECK(finds(v, "hsbc p", "HSBC Personal", VAULT_FIND_PREFIX));
	CHECK(finds(v, "barc", "Barclays Bank", VAULT_FIND_PREFIX));
	CHECK(finds(v, "azure", "Microsoft Azure", VAULT_FIND_WORD));
	CHECK(finds(v, "business banking", "HSBC Business Banking",
	    VAULT_FIND_WORD));
	CHECK(finds(v, "wi-fi", "Parish-Hall Wi-Fi", VAULT_FIND_WORD));
	CHECK(finds(v, "parish-hall", "Parish-Hall Wi-Fi", VAULT_FIND_PREFIX));
	CHECK(finds(v, "nero", "Caf\xc3\xa9 Nero", VAULT_FIND_WORD));
	/* Part of a word is not a word: "anking" fits nothing, and the
	 * word it nearly is makes its title the suggestion. */
	CHECK(lists(v, "anking", VAULT_FIND_NEAREST,
	    (const char *const[]){ "HSBC Business Banking", NULL }));
	vault_close(v);
}

static void
test_ambiguous_lists_candidates(void)
{
	vault *v = fresh("many");

	REQUIRE(v != NULL);
	CHECK(lists(v, "hsbc", VAULT_FIND_MANY, (const char *const[]){
	    "HSBC Business Banking", "HSBC Personal", NULL }));
	CHECK(lists(v, "microsoft", VAULT_FIND_MANY, (const char *const[]){
	    "Microsoft 365", "Microsoft Azure", NULL }));
	/* The prefix of one and a word of another: both are candidates. */
	CHECK(lists(v, "hall", VAULT_FIND_MANY, (const char *const[]){
	    "Hall Booking", "Parish-Hall Wi-Fi", NULL }));
	CHECK(lists(v, "ba", VAULT_FIND_MANY, (const char *const[]){
	    "Bank", "Barclays Bank", NULL }));
	/* Cut to `max`; total says how many there were. */
	{
		vault_found f;

		CHECK(vault_entry_find(v, "ba", 1, &f) == VAULT_ERR_NOTFOUND);
		CHECK(f.how == VAULT_FIND_MANY && f.n == 1 && f.total == 2);
		vault_found_clear(&f);
	}
	vault_close(v);
}

static void
test_miss_suggests_nearest(void)
{
	vault *v = fresh("near");

	REQUIRE(v != NULL);
	CHECK(lists(v, "barclys bank", VAULT_FIND_NEAREST,
	    (const char *const[]){ "Barclays Bank", NULL }));
	/* A typo in one word of a title: the word counts. */
	CHECK(lists(v, "hsbd", VAULT_FIND_NEAREST, (const char *const[]){
	    "HSBC Business Banking", "HSBC Personal", NULL }));
	CHECK(lists(v, "zom", VAULT_FIND_NEAREST, (const char *const[]){
	    "Zoom", NULL }));
	CHECK(lists(v, "qqqqqq", VAULT_FIND_NEAREST,
	    (const char *const[]){ NULL }));
	vault_close(v);
}

static int
count_events(void *ctx, const vault_log_event *ev)
{
	(void)ev;
	(*(size_t *)ctx)++;
	return 0;
}

static int
last_shown(void *ctx, const vault_log_event *ev)
{
	if (ev->kind == VAULT_EVENT_REVEAL)
		*(unsigned *)ctx = ev->shown;
	return 0;
}

static void
test_nothing_logged_and_errors(void)
{
	vault *v = fresh("log");
	vault_found f;
	size_t before = 0, after = 0;

	REQUIRE(v != NULL);
	REQUIRE(vault_log_walk(v, 0, count_events, &before) == VAULT_OK);
	CHECK(vault_entry_find(v, "hsbc b", 8, &f) == VAULT_OK);
	vault_found_clear(&f);
	CHECK(vault_entry_find(v, "hsbc", 8, &f) == VAULT_ERR_NOTFOUND);
	vault_found_clear(&f);
	REQUIRE(vault_log_walk(v, 0, count_events, &after) == VAULT_OK);
	CHECK(before == after);
	CHECK(vault_entry_find(v, "   ", 8, &f) == VAULT_ERR_INVALID);
	CHECK(f.n == 0 && f.titles == NULL);
	CHECK(vault_entry_find(v, "x", 0, &f) == VAULT_ERR_INVALID);
	CHECK(vault_entry_find(NULL, "x", 8, &f) == VAULT_ERR_INVALID);
	vault_found_clear(NULL);
	vault_close(v);
}

static void
test_reveal_names_fields(void)
{
	vault *v = fresh("reveal");
	vault_entry *e = NULL;
	unsigned shown = 99;

	REQUIRE(v != NULL);
	CHECK(vault_entry_reveal(v, "Zoom", VAULT_SHOWN_PASSWORD, &e) ==
	    VAULT_OK);
	vault_entry_free(e);
	e = NULL;
	REQUIRE(vault_log_walk(v, 0, last_shown, &shown) == VAULT_OK);
	CHECK(shown == VAULT_SHOWN_PASSWORD);
	CHECK(vault_entry_reveal(v, "Zoom", VAULT_SHOWN_NOTES |
	    VAULT_SHOWN_2FA, &e) == VAULT_OK);
	vault_entry_free(e);
	e = NULL;
	REQUIRE(vault_log_walk(v, 0, last_shown, &shown) == VAULT_OK);
	CHECK(shown == (VAULT_SHOWN_NOTES | VAULT_SHOWN_2FA));
	CHECK(vault_entry_get(v, "Zoom", &e) == VAULT_OK);
	vault_entry_free(e);
	e = NULL;
	REQUIRE(vault_log_walk(v, 0, last_shown, &shown) == VAULT_OK);
	CHECK(shown == VAULT_SHOWN_ENTRY);
	CHECK(vault_entry_reveal(v, "Zoom", 0, &e) == VAULT_ERR_INVALID);
	CHECK(vault_entry_reveal(v, "Zoom", 0x40, &e) == VAULT_ERR_INVALID);
	CHECK(e == NULL);
	vault_close(v);
}

int
main(void)
{
	test_dir_make();
	RUN(test_exact_wins);
	RUN(test_prefix_and_words);
	RUN(test_ambiguous_lists_candidates);
	RUN(test_miss_suggests_nearest);
	RUN(test_nothing_logged_and_errors);
	RUN(test_reveal_names_fields);
	test_dir_remove();
	return TAP_END();
}
