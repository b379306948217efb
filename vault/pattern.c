/* SPDX-License-Identifier: ISC */
/*
 * pattern.c - three patterns that password crackers try early and that
 * zxcvbn-c does not see: a keyboard walk typed with Shift held on some
 * keys (!QAZ@WSX), character classes in a repeating order whose
 * characters count up (Aa1!Bb2@), and one word repeated with digits or
 * symbols between (Treasurer2Treasurer). Each works on the caller's
 * bytes and keeps no state.
 */
#include <string.h>
#include "strength.h"

/* The UK/US keyboard's four character rows, unshifted and shifted, with
 * each row's horizontal offset in quarter keys. */
static const char *const rows[4][2] = {
	{ "`1234567890-=", "~!@#$%^&*()_+" },
	{ "qwertyuiop[]\\", "QWERTYUIOP{}|" },
	{ "asdfghjkl;'#", "ASDFGHJKL:\"~" },
	{ "\\zxcvbnm,./", "|ZXCVBNM<>?" },
};
static const int row_x4[4] = { 0, 6, 7, 5 };

/* Key position of c (x in quarter keys, y the row), or 0 if none. */
static int
key_at(unsigned char c, int *x, int *y)
{
	const char *p;
	int r, s;

	for (r = 0; r < 4; r++)
		for (s = 0; s < 2; s++)
			if (c != '\0' && (p = strchr(rows[r][s], c)) != NULL) {
				*x = row_x4[r] + 4 * (int)(p - rows[r][s]);
				*y = r;
				return 1;
			}
	return 0;
}

/* Characters in straight walks of 4+ neighbouring keys: the same step
 * each time (a quarter key of slack for the rows' stagger), one key in
 * any direction. */
static size_t
walk_cover(const char *pw, size_t n)
{
	int x[3] = { 0 }, y[3] = { 0 }, ok[3] = { 0 }, dx0, dy0, dx1, dy1;
	size_t i, covered = 0, run = 0;

	for (i = 0; i < n; i++) {
		x[0] = x[1]; y[0] = y[1]; ok[0] = ok[1];
		x[1] = x[2]; y[1] = y[2]; ok[1] = ok[2];
		ok[2] = key_at((unsigned char)pw[i], &x[2], &y[2]);
		dx0 = x[1] - x[0]; dy0 = y[1] - y[0];
		dx1 = x[2] - x[1]; dy1 = y[2] - y[1];
		if (i < 2 || !ok[0] || !ok[1] || !ok[2] || dy0 != dy1 ||
		    dx0 - dx1 > 1 || dx1 - dx0 > 1 || dy0 < -1 || dy0 > 1 ||
		    (dy0 == 0 && dx0 != dx1) || dx0 < -5 || dx0 > 5 ||
		    (dy0 == 0 && dx0 == 0)) {
			if (run >= 4)
				covered += run;
			run = 0;
			continue;
		}
		run = run == 0 ? 3 : run + 1;
	}
	return covered + (run >= 4 ? run : 0);
}

/* The number a character counts as in its class: letters a=0.., digits
 * 0.., and the shifted digits !@#$%^&*() as the digits under them. */
static int
class_of(unsigned char c, int *v)
{
	static const char shifted[] = ")!@#$%^&*(";
	const char *p;

	if (c >= 'a' && c <= 'z')
		return *v = c - 'a', 1;
	if (c >= 'A' && c <= 'Z')
		return *v = c - 'A', 2;
	if (c >= '0' && c <= '9')
		return *v = c - '0', 3;
	if (c != '\0' && (p = strchr(shifted, c)) != NULL)
		return *v = (int)(p - shifted), 4;
	*v = c;
	return 5;
}

/* A period of 2-4 characters in which every position's character steps
 * by the same amount each time, in a class that stays the same:
 * Aa1!Bb2@Cc3#, a1b2c3d4. Three periods or more may step by up to 2
 * (Ab1!Cd2@Ef3#); two need steps of at most 1 and three classes in the
 * period, which random characters almost never show. */
static int
class_cycle(const char *pw, size_t n)
{
	size_t p, i;
	int v0, v1, c0, c1, step[4] = { 0 }, ok, maxstep, classes, seen;

	for (p = 2; p <= 4; p++) {
		if (n < 2 * p)
			continue;
		maxstep = n >= 3 * p ? 2 : 1;
		ok = 1;
		for (i = p; i < n && ok; i++) {
			c0 = class_of((unsigned char)pw[i - p], &v0);
			c1 = class_of((unsigned char)pw[i], &v1);
			if (c0 != c1 || v1 - v0 < -maxstep || v1 - v0 > maxstep)
				ok = 0;
			else if (i < 2 * p)
				step[i % p] = v1 - v0;
			else if (step[i % p] != v1 - v0)
				ok = 0;
		}
		for (i = 0, seen = 0; ok && i < p; i++)
			seen |= 1 << class_of((unsigned char)pw[i], &v0);
		for (classes = 0; seen != 0; seen &= seen - 1)
			classes++;
		if (ok && classes >= (n >= 3 * p ? 2 : 3))
			return 1;
	}
	return 0;
}

/* One word (3+ letters, any case) two or more times and nothing else but
 * short runs of digits or symbols: Treasurer2Treasurer, cat!cat!cat. */
static int
word_repeated(const char *lc, size_t n)
{
	size_t i = 0, j, wb = 0, wl = 0, runs = 0, other = 0;

	while (i < n) {
		for (j = i; j < n && lc[j] >= 'a' && lc[j] <= 'z'; j++)
			;
		if (j == i) {
			for (; j < n && !(lc[j] >= 'a' && lc[j] <= 'z'); j++)
				;
			if (j - i > 4)
				return 0;
			other += j - i;
		} else if (runs++ == 0) {
			wb = i;
			wl = j - i;
		} else if (j - i != wl || memcmp(lc + wb, lc + i, wl) != 0) {
			return 0;
		}
		i = j;
	}
	return runs >= 2 && wl >= 3 && other <= n / 2;
}

unsigned
vlt_pattern_more(const char *pw, const char *lc, size_t n)
{
	unsigned why = 0;

	if (n >= 6 && 4 * walk_cover(pw, n) >= 3 * n)
		why |= VLT_WHY_WALK;
	if (n >= 6 && class_cycle(pw, n))
		why |= VLT_WHY_CLASSES;
	if (word_repeated(lc, n))
		why |= VLT_WHY_REPEAT;
	return why;
}
