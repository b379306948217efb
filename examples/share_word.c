/* SPDX-License-Identifier: ISC */
/*
 * share_word.c - is a typed word of a paper share in the SLIP-0039 word
 * list, and if not, which list words are nearest? What `cvault shell
 * --shares -` does when a holder mistypes a word, using only <vault.h>
 * (vault_slip39_word). A word is accepted whole or by its first four
 * letters or more, as vault_share_decode accepts it.
 *
 *   share_word [WORD]...      (no WORD: a few examples)
 */
#include <stdio.h>
#include <string.h>
#include "vault.h"

/* Edit distance of two words of at most 15 letters. */
static unsigned
distance(const char *a, const char *b)
{
	unsigned row[16], diag, up;
	size_t al = strlen(a), bl = strlen(b);

	if (al > 15 || bl > 15)
		return 99;
	for (size_t j = 0; j <= bl; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= al; i++) {
		diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= bl; j++) {
			unsigned best = diag + (a[i - 1] != b[j - 1]);

			up = row[j];
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[bl];
}

static int
check(const char *w)
{
	const char *s, *best = NULL;
	unsigned bd = 99;
	size_t wl = strlen(w);

	for (size_t i = 0; (s = vault_slip39_word(i)) != NULL; i++) {
		unsigned d = distance(w, s);

		if (wl >= 4 && strncmp(s, w, wl) == 0) {
			printf("%s: in the list (%s)\n", w, s);
			return 0;
		}
		if (d < bd) {
			bd = d;
			best = s;
		}
	}
	printf("%s: not in the list; nearest: %s\n", w, best ? best : "-");
	return 1;
}

int
main(int argc, char **argv)
{
	static const char *const demo[] = { "academic", "acad", "acadmic" };
	int unknown = 0;

	if (vault_slip39_word(1023) == NULL || vault_slip39_word(1024) != NULL)
		return 1;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			unknown += check(argv[i]);
		return unknown ? 1 : 0;
	}
	for (size_t i = 0; i < sizeof demo / sizeof *demo; i++)
		unknown += check(demo[i]);
	return unknown == 1 ? 0 : 1;    /* exactly the misspelt one */
}
