/* SPDX-License-Identifier: ISC */
/*
 * strength_rules.c - the password rules that need no estimator: the
 * blocklist key (the normalisation shared with scripts/embed-blocklist)
 * and its binary search, dates in any common format, and words from the
 * context (council, holders, service, username). Everything here works on
 * bytes the caller owns; the only state is the compiled-in blocklist.
 * ASCII is folded; bytes >= 0x80 (UTF-8) count as letters and are kept.
 */
#include <string.h>
#include "strength.h"

int
vlt_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

int
vlt_is_alnum(unsigned char c)
{
	return vlt_is_letter(c) || (c >= '0' && c <= '9');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char
lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

char
vlt_leet(unsigned char c)
{
	switch (c) {
	case '4': case '@': return 'a';
	case '8': return 'b';
	case '(': return 'c';
	case '3': return 'e';
	case '6': case '9': return 'g';
	case '1': case '!': return 'i';
	case '|': return 'l';
	case '0': return 'o';
	case '5': case '$': return 's';
	case '7': case '+': return 't';
	case '2': return 'z';
	default: return 0;
	}
}

/* Keep this in step with derive() in scripts/embed-blocklist. */
size_t
vlt_pw_key(const char *pw, size_t len, char *key)
{
	const unsigned char *p = (const unsigned char *)pw;
	size_t b = 0, e = len, i, k = 0;
	int digits = 0;
	char l;

	while (b < e && !vlt_is_letter(p[b]))
		b++;
	while (e > b && !vlt_is_letter(p[e - 1]))
		e--;
	if (b == e) {           /* no letter: keep the digits, or all */
		for (i = 0; i < len; i++)
			digits |= is_digit(p[i]);
		for (i = 0; i < len; i++)
			if (digits ? is_digit(p[i]) :
			    (p[i] != ' ' && p[i] != '\t'))
				key[k++] = (char)p[i];
	} else {
		for (i = b; i < e; i++) {
			if (vlt_is_letter(p[i]))
				key[k++] = (char)lower(p[i]);
			else if ((l = vlt_leet(p[i])) != 0)
				key[k++] = l;
		}
	}
	key[k] = '\0';
	return k;
}

int
vlt_blocklist_has(const char *key)
{
	size_t lo = 0, hi = vlt_blocklist_len, mid, n = strlen(key);
	int c;

	if (n < 4 || n >= VLT_BLOCKLIST_WIDTH)
		return 0;
	while (lo < hi) {       /* bytewise order, as sort(1) under LC_ALL=C */
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, vlt_blocklist[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* Undo leetspeak in pw[0..e) and keep only the letters. */
static void
letters_only(const char *pw, size_t e, char *out)
{
	const unsigned char *p = (const unsigned char *)pw;
	size_t i, k = 0;
	char l;

	for (i = 0; i < e; i++) {
		if (vlt_is_letter(p[i]))
			out[k++] = (char)lower(p[i]);
		else if ((l = vlt_leet(p[i])) != 0)
			out[k++] = l;
	}
	out[k] = '\0';
}

int
vlt_blocklist_match(const char *pw, size_t len, char *work)
{
	size_t e = len;

	vlt_pw_key(pw, len, work);
	if (vlt_blocklist_has(work))
		return 1;
	letters_only(pw, len, work);            /* $unsh1n3 */
	if (vlt_blocklist_has(work))
		return 1;
	while (e > 0 && !vlt_is_letter((unsigned char)pw[e - 1]))
		e--;
	letters_only(pw, e, work);              /* 5up3rm4n! */
	return vlt_blocklist_has(work);
}

/* ---- dates ---- */

static int
num(const char *s, size_t n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

static int
day_month(int d, int m)
{
	return d >= 1 && d <= 31 && m >= 1 && m <= 12;
}

/* A year of 2 digits (any) or 4 digits (1900-2099). */
static int
year(const char *s, size_t n)
{
	return n == 2 || (n == 4 && num(s, 4) >= 1900 && num(s, 4) <= 2099);
}

/* Three numbers as day-month-year, month-day-year or year-month-day. */
static int
dmy(const char *a, size_t la, const char *b, size_t lb, const char *c,
    size_t lc)
{
	if (la <= 2 && lb <= 2 && year(c, lc) &&
	    (day_month(num(a, la), num(b, lb)) ||
	    day_month(num(b, lb), num(a, la))))
		return 1;
	return la == 4 && year(a, la) && lb <= 2 && lc <= 2 &&
	    day_month(num(c, lc), num(b, lb));
}

/* One run of digits: a year 1900-2099 anywhere in a run of 4 to 8, or a
 * run of exactly 6 that reads as ddmmyy, mmddyy or yymmdd. */
static int
digit_run_date(const char *s, size_t n)
{
	size_t i;

	if (n < 4 || n > 8)
		return 0;
	for (i = 0; i + 4 <= n; i++)
		if (year(s + i, 4))
			return 1;
	return n == 6 && dmy(s, 2, s + 2, 2, s + 4, 2);
}

static int
date_sep(unsigned char c)
{
	return c == '/' || c == '-' || c == '.' || c == ' ' || c == '_' ||
	    c == ',';
}

static size_t
digits_at(const char *s, size_t i, size_t len)
{
	size_t j = i;

	while (j < len && is_digit((unsigned char)s[j]))
		j++;
	return j - i;
}

/* 12/3/87, 1987-03-12, 12.03.1987: three numbers, the same separator. */
static int
separated_date(const char *s, size_t i, size_t len)
{
	size_t la, lb, lc, j;

	la = digits_at(s, i, len);
	j = i + la;
	if (la == 0 || la > 4 || j + 1 >= len || !date_sep((unsigned char)s[j]))
		return 0;
	lb = digits_at(s, j + 1, len);
	if (lb == 0 || lb > 2 || j + 1 + lb + 1 >= len ||
	    s[j + 1 + lb] != s[j])
		return 0;
	lc = digits_at(s, j + 2 + lb, len);
	if (lc == 0 || lc > 4)
		return 0;
	return dmy(s + i, la, s + j + 1, lb, s + j + 2 + lb, lc);
}

static int
month_name(const char *w, size_t n)
{
	static const char *const m[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	size_t i;

	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		if ((n == 3 || n == strlen(m[i])) && strncmp(w, m[i], n) == 0)
			return 1;
	return n == 4 && strncmp(w, "sept", 4) == 0;
}

/* A digit at s[i], or a date separator and then a digit. */
static int
digit_near(const char *s, size_t len, size_t i, int dir)
{
	if (i >= len)
		return 0;
	if (is_digit((unsigned char)s[i]))
		return 1;
	if (!date_sep((unsigned char)s[i]) || (dir < 0 && i == 0))
		return 0;
	i = dir < 0 ? i - 1 : i + 1;
	return i < len && is_digit((unsigned char)s[i]);
}

/* The letter run s[b..e) is a month name (or "st/nd/rd/th" + a month
 * after a digit) with a number next to it: 12march1987, mar87, 1stmay. */
static int
month_date(const char *s, size_t len, size_t b, size_t e)
{
	if (e - b >= 5 && b > 0 && is_digit((unsigned char)s[b - 1]) &&
	    (strncmp(s + b, "st", 2) == 0 || strncmp(s + b, "nd", 2) == 0 ||
	    strncmp(s + b, "rd", 2) == 0 || strncmp(s + b, "th", 2) == 0) &&
	    month_name(s + b + 2, e - b - 2))
		return 1;
	if (!month_name(s + b, e - b))
		return 0;
	return (b > 0 && digit_near(s, len, b - 1, -1)) ||
	    digit_near(s, len, e, 1);
}

int
vlt_pw_has_date(const char *lc, size_t len)
{
	size_t i = 0, j;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)lc[i];
		if (is_digit(c)) {
			j = i + digits_at(lc, i, len);
			if (digit_run_date(lc + i, j - i) ||
			    separated_date(lc, i, len))
				return 1;
			i = j;
		} else if (c >= 'a' && c <= 'z') {
			j = i;
			while (j < len && lc[j] >= 'a' && lc[j] <= 'z')
				j++;
			if (month_date(lc, len, i, j))
				return 1;
			i = j;
		} else {
			i++;
		}
	}
	return 0;
}

/* ---- context words ---- */

static int
stop_word(const char *w)
{
	static const char *const stop[] = {
		"www", "http", "https", "com", "org", "net", "gov", "edu",
		"the", "and", "for"
	};
	size_t i;

	for (i = 0; i < sizeof stop / sizeof stop[0]; i++)
		if (strcmp(w, stop[i]) == 0)
			return 1;
	return 0;
}

static void
ctx_add(struct vlt_ctx *c, const char *w, size_t n)
{
	size_t i;

	if (n < 3 || n >= VLT_CTX_WIDTH || c->n >= VLT_CTX_MAX)
		return;
	memcpy(c->word[c->n], w, n);
	c->word[c->n][n] = '\0';
	if (stop_word(c->word[c->n]))
		return;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->word[i], c->word[c->n]) == 0)
			return;
	c->ud[c->n] = c->word[c->n];
	c->len[c->n] = n;
	c->n++;
	c->ud[c->n] = NULL;
}

void
vlt_ctx_build(struct vlt_ctx *c, const char *const *context, size_t n)
{
	char joined[VLT_CTX_WIDTH], w[VLT_CTX_WIDTH];
	size_t i, jn, wn, ntok;
	const unsigned char *p;

	c->n = 0;
	c->ud[0] = NULL;
	for (i = 0; i < n; i++) {
		jn = wn = ntok = 0;
		for (p = (const unsigned char *)context[i]; ; p++) {
			if (*p != '\0' && vlt_is_alnum(*p)) {
				if (wn < sizeof w)
					w[wn] = (char)lower(*p);
				wn++;
				if (jn < sizeof joined)
					joined[jn] = (char)lower(*p);
				jn++;
				continue;
			}
			if (wn > 0) {
				ctx_add(c, w, wn);
				ntok++;
			}
			wn = 0;
			if (*p == '\0')
				break;
		}
		if (ntok > 1)
			ctx_add(c, joined, jn);
	}
}

/* 1 if the three-letter word `w` is a whole run of letters in `lc`:
 * "ian" finds "Ian1975" but not "Christian"; "tax" not "taxi". */
static int
whole_run(const char *lc, const char *w)
{
	size_t i = 0, j;

	while (lc[i] != '\0') {
		for (j = i; lc[j] >= 'a' && lc[j] <= 'z'; j++)
			;
		if (j - i == 3 && memcmp(lc + i, w, 3) == 0)
			return 1;
		i = j > i ? j : i + 1;
	}
	return 0;
}

int
vlt_ctx_found(const struct vlt_ctx *c, const char *lc, const char *alnum,
    const char *letters)
{
	size_t i;
	const char *w;

	for (i = 0; i < c->n; i++) {
		w = c->word[i];
		if (strlen(w) < 4) {
			if (whole_run(lc, w))
				return 1;
			continue;
		}
		if (strstr(alnum, w) != NULL)
			return 1;
		if (strspn(w, "abcdefghijklmnopqrstuvwxyz") == strlen(w) &&
		    strstr(letters, w) != NULL)
			return 1;
	}
	return 0;
}
