/* SPDX-License-Identifier: ISC */
/*
 * words.c - the shell's tokenizer: a typed line into words, with the
 * quoting people know from a POSIX shell ('...', "...", backslash), and
 * the reverse for completion. Pure functions on caller buffers: no
 * allocation, no I/O, so the shell can keep the line in guarded memory
 * (a command line may carry a field value) and tests/t_words.c and
 * tests/fuzz/fuzz_words.c can use this file on its own.
 */
#include <string.h>
#include "words.h"

static int
blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Inside "...", a backslash quotes only these (POSIX 2.2.3). */
static int
dq_special(char ch)
{
	return ch == '$' || ch == '`' || ch == '"' || ch == '\\' || ch == '\n';
}

/* Begin a word at input offset `at`, output position `o`. */
static int
word_begin(struct words *w, char *buf, size_t o, size_t at)
{
	if (w->argc == WORDS_MAX)
		return WORDS_TOOMANY;
	w->argv[w->argc] = buf + o;
	w->start[w->argc] = at;
	w->argc++;
	return WORDS_OK;
}

int
words_split(const char *line, size_t len, int partial, char *buf,
    size_t cap, struct words *w)
{
	size_t i = 0, o = 0;
	int in_word = 0, rc = WORDS_OK;
	char q = 0;     /* the open quote, or 0 */

	memset(w, 0, sizeof *w);
	if (cap < len + 1)
		return WORDS_TOOMANY;
	for (i = 0; i < len; i++) {
		char ch = line[i];

		if (ch == '\0') {
			rc = WORDS_NUL;
			goto out;
		}
		if (q == 0 && blank(ch)) {
			if (in_word)
				buf[o++] = '\0';
			in_word = 0;
			continue;
		}
		if (!in_word) {
			if ((rc = word_begin(w, buf, o, i)) != WORDS_OK)
				goto out;
			in_word = 1;
		}
		if (q == '\'') {
			if (ch == '\'')
				q = 0;
			else
				buf[o++] = ch;
		} else if (q == '"') {
			if (ch == '"')
				q = 0;
			else if (ch == '\\' && i + 1 < len &&
			    dq_special(line[i + 1]))
				buf[o++] = line[++i];
			else if (ch == '\\' && i + 1 == len)
				q = '\\';       /* trailing: unclosed */
			else
				buf[o++] = ch;
		} else if (ch == '\'' || ch == '"') {
			q = ch;
		} else if (ch == '\\') {
			if (i + 1 == len)
				q = '\\';
			else if (line[++i] == '\0') {
				rc = WORDS_NUL;
				goto out;
			} else
				buf[o++] = line[i];
		} else {
			buf[o++] = ch;
		}
	}
	if (in_word)
		buf[o++] = '\0';
	w->ends_in_word = in_word;
	if (q != 0) {
		w->open = 1;
		if (!partial)
			rc = WORDS_UNCLOSED;
	}
out:
	if (rc != WORDS_OK) {
		memset(w, 0, sizeof *w);
		return rc;
	}
	w->argv[w->argc] = NULL;
	return WORDS_OK;
}

static int
plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch >= 0x80 ||
	    strchr("._-/@+:,=%", (char)ch) != NULL;
}

size_t
words_quote(const char *s, size_t len, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\0')
			break;
		if (!plain(ch)) {
			if (o + 1 >= cap)
				return (size_t)-1;
			out[o++] = '\\';
		}
		if (o + 1 >= cap)
			return (size_t)-1;
		out[o++] = (char)ch;
	}
	if (cap == 0)
		return (size_t)-1;
	out[o] = '\0';
	return o;
}
