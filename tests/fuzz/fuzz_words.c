/* SPDX-License-Identifier: ISC */
/*
 * fuzz_words.c - the shell's tokenizer (cli/words.c), which reads every
 * line typed at the cvault shell prompt. Input: the line.
 * Properties:
 *  - full and partial splitting never write past the buffer (the
 *    sanitizers watch: the buffer is exactly len + 1 bytes, heap);
 *  - a line that splits fully also splits as partial, to the same words;
 *  - each word re-quoted with words_quote and joined by spaces splits
 *    back to the same words (the completion's round trip);
 *  - every word start lies inside the line, in increasing order.
 */
#include "fuzz.h"
#include "../../cli/words.c"

static void
roundtrip(const struct words *w)
{
	size_t cap = 1, o = 0;
	char *line, *buf2;
	struct words w2;

	for (int i = 0; i < w->argc; i++)
		cap += 2 * strlen(w->argv[i]) + 3;
	FUZZ_ASSERT((line = malloc(cap)) != NULL);
	FUZZ_ASSERT((buf2 = malloc(cap + 1)) != NULL);
	for (int i = 0; i < w->argc; i++) {
		size_t n;

		if (w->argv[i][0] == '\0') {
			memcpy(line + o, "'' ", 3);
			o += 3;
			continue;
		}
		n = words_quote(w->argv[i], strlen(w->argv[i]), line + o,
		    cap - o);
		FUZZ_ASSERT(n != (size_t)-1);
		o += n;
		line[o++] = ' ';
	}
	FUZZ_ASSERT(words_split(line, o, 0, buf2, cap + 1, &w2) == WORDS_OK);
	FUZZ_ASSERT(w2.argc == w->argc);
	for (int i = 0; i < w->argc; i++)
		FUZZ_ASSERT(strcmp(w2.argv[i], w->argv[i]) == 0);
	free(buf2);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct words w, wp;
	char *buf, *bufp;
	int r, rp;

	if ((buf = malloc(len + 1)) == NULL || (bufp = malloc(len + 1)) ==
	    NULL) {
		free(buf);
		return 0;
	}
	r = words_split((const char *)data, len, 0, buf, len + 1, &w);
	rp = words_split((const char *)data, len, 1, bufp, len + 1, &wp);
	for (int i = 0; rp == WORDS_OK && i < wp.argc; i++) {
		FUZZ_ASSERT(wp.start[i] < len);
		FUZZ_ASSERT(i == 0 || wp.start[i] > wp.start[i - 1]);
	}
	if (r == WORDS_OK) {
		FUZZ_ASSERT(rp == WORDS_OK && wp.argc == w.argc);
		for (int i = 0; i < w.argc; i++)
			FUZZ_ASSERT(strcmp(w.argv[i], wp.argv[i]) == 0);
		roundtrip(&w);
	}
	free(bufp);
	free(buf);
	return 0;
}
