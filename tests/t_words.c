/* SPDX-License-Identifier: ISC */
/*
 * t_words.c - the shell's tokenizer (cli/words.c): POSIX-shell quoting
 * of titles with spaces, the errors, the partial lines that completion
 * reads, and words_quote's round trip. The file is compiled in here: it
 * is plain C on caller buffers, part of the program, not the library.
 */
#include <string.h>
#include "tap.h"
#include "../cli/words.c"

static struct words w;
static char buf[512];

static int
split(const char *s, int partial)
{
	return words_split(s, strlen(s), partial, buf, sizeof buf, &w);
}

static void
test_plain(void)
{
	REQUIRE(split("  get   Bank \t", 0) == WORDS_OK);
	CHECK(w.argc == 2);
	CHECK(strcmp(w.argv[0], "get") == 0);
	CHECK(strcmp(w.argv[1], "Bank") == 0);
	CHECK(w.argv[2] == NULL);
	CHECK(w.start[0] == 2 && w.start[1] == 8);
	CHECK(!w.ends_in_word);
	REQUIRE(split("", 0) == WORDS_OK);
	CHECK(w.argc == 0 && w.argv[0] == NULL);
}

static void
test_quotes(void)
{
	REQUIRE(split("get 'Bank of Scotland'", 0) == WORDS_OK);
	CHECK(w.argc == 2 && strcmp(w.argv[1], "Bank of Scotland") == 0);
	REQUIRE(split("get \"Parish \\\"Hall\\\" \\$x \\n\"", 0) == WORDS_OK);
	CHECK(w.argc == 2 && strcmp(w.argv[1], "Parish \"Hall\" $x \\n") == 0);
	REQUIRE(split("get Bank\\ of\\ Scotland", 0) == WORDS_OK);
	CHECK(w.argc == 2 && strcmp(w.argv[1], "Bank of Scotland") == 0);
	/* Quotes join with what touches them, as in sh. */
	REQUIRE(split("a'b c'\"d e\"f", 0) == WORDS_OK);
	CHECK(w.argc == 1 && strcmp(w.argv[0], "ab cd ef") == 0);
	/* Inside '...' a backslash is literal. */
	REQUIRE(split("'it\\'s", 0) == WORDS_OK);
	CHECK(w.argc == 1 && strcmp(w.argv[0], "it\\s") == 0);
	REQUIRE(split("'O'\\''Neil'", 0) == WORDS_OK);
	CHECK(w.argc == 1 && strcmp(w.argv[0], "O'Neil") == 0);
}

static void
test_empty_words(void)
{
	REQUIRE(split("edit X --notes '' \"\"", 0) == WORDS_OK);
	CHECK(w.argc == 5);
	CHECK(w.argv[3][0] == '\0' && w.argv[4][0] == '\0');
}

static void
test_errors(void)
{
	char many[WORDS_MAX * 2 + 4];
	size_t i;

	CHECK(split("get 'Bank", 0) == WORDS_UNCLOSED);
	CHECK(w.argc == 0);
	CHECK(split("get \"Bank", 0) == WORDS_UNCLOSED);
	CHECK(split("get Bank\\", 0) == WORDS_UNCLOSED);
	CHECK(split("get \"Bank\\", 0) == WORDS_UNCLOSED);
	for (i = 0; i < WORDS_MAX + 1; i++) {
		many[2 * i] = 'x';
		many[2 * i + 1] = ' ';
	}
	many[2 * i] = '\0';
	CHECK(split(many, 0) == WORDS_TOOMANY);
	many[2 * WORDS_MAX] = '\0';
	CHECK(split(many, 0) == WORDS_OK && w.argc == WORDS_MAX);
	CHECK(words_split("a\0b", 3, 0, buf, sizeof buf, &w) == WORDS_NUL);
	/* The buffer must hold the line. */
	CHECK(words_split("abc", 3, 0, buf, 3, &w) == WORDS_TOOMANY);
}

static void
test_partial(void)
{
	REQUIRE(split("get 'Bank o", 1) == WORDS_OK);
	CHECK(w.open && w.ends_in_word && w.argc == 2);
	CHECK(strcmp(w.argv[1], "Bank o") == 0 && w.start[1] == 4);
	REQUIRE(split("get ", 1) == WORDS_OK);
	CHECK(!w.ends_in_word && w.argc == 1);
	REQUIRE(split("ge", 1) == WORDS_OK);
	CHECK(w.ends_in_word && w.argc == 1 && !w.open);
	REQUIRE(split("get Bank\\", 1) == WORDS_OK);
	CHECK(w.open && strcmp(w.argv[1], "Bank") == 0);
}

static void
test_quote_roundtrip(void)
{
	static const char *const t[] = { "Bank of Scotland", "O'Neil & Sons",
	    "a\"b\\c$d`e", "plain-title_1.2", "Caf\xc3\xa9 R\xc3\xa9gion",
	    "tab\there", "" };
	char q[256], line[300];

	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		size_t n = words_quote(t[i], strlen(t[i]), q, sizeof q);

		REQUIRE(n != (size_t)-1);
		snprintf(line, sizeof line, "get %s", q);
		REQUIRE(split(line, 0) == WORDS_OK);
		if (t[i][0] == '\0')
			CHECK(w.argc == 1);
		else
			CHECK(w.argc == 2 && strcmp(w.argv[1], t[i]) == 0);
	}
	CHECK(words_quote("plain-title", 11, q, sizeof q) == 11);
	CHECK(words_quote("a b", 3, q, sizeof q) == 4 &&
	    strcmp(q, "a\\ b") == 0);
	CHECK(words_quote("a b", 3, q, 4) == (size_t)-1);
}

int
main(void)
{
	RUN(test_plain);
	RUN(test_quotes);
	RUN(test_empty_words);
	RUN(test_errors);
	RUN(test_partial);
	RUN(test_quote_roundtrip);
	return TAP_END();
}
