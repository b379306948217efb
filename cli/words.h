/* SPDX-License-Identifier: ISC */
/* words.h - a shell line split into words, quoted as in a POSIX shell
 * (words.c). Used by the interactive shell (shell.c). */
#ifndef CLI_WORDS_H
#define CLI_WORDS_H

#include <stddef.h>

#define WORDS_MAX 64

struct words {
	char *argv[WORDS_MAX + 1];      /* NULL after the last */
	size_t start[WORDS_MAX];        /* where each word began in the line */
	int argc;
	int open;       /* partial: the last word's quote was left open */
	int ends_in_word;       /* the line ends inside (or right after) a word */
};

/* Results of words_split. */
enum {
	WORDS_OK = 0,
	WORDS_UNCLOSED = -1,    /* a ' or " not closed, or a trailing \ */
	WORDS_TOOMANY = -2,     /* more than WORDS_MAX words */
	WORDS_NUL = -3          /* a NUL byte in the line */
};

/* Split line[0..len) into words: blanks (space, tab) separate words;
 * '...' keeps everything literally; "..." keeps everything but a
 * backslash before $ ` " \ or newline, which quotes that character; a
 * backslash outside quotes quotes the next character; '' and "" make an
 * empty word. Nothing else is special (no $, no globbing, no #).
 * The words are written NUL-terminated into buf, which must hold at
 * least len + 1 bytes (the words never take more). partial: a line
 * being typed, for completion - an open quote or trailing backslash at
 * the end is accepted (w->open says so). Returns WORDS_OK or an error
 * above; on error w->argc is 0. */
int words_split(const char *line, size_t len, int partial, char *buf,
    size_t cap, struct words *w);

/* Write `s` into out (cap bytes) so that words_split gives it back as
 * one word: characters other than letters, digits and . _ - / @ + : , =
 * % and bytes >= 0x80 get a backslash. Returns the length written
 * (without the NUL), or (size_t)-1 when it does not fit. */
size_t words_quote(const char *s, size_t len, char *out, size_t cap);

#endif
