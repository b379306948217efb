/* SPDX-License-Identifier: ISC */
/*
 * twofa.c - does an account's service offer a second factor? The entry's
 * web address is cut down to its host, lower-cased, and the host and then
 * each parent domain are looked up by bisection in the directory compiled
 * in from vault/data/2fa-directory.tsv. Nothing is read at run time.
 */
#include <string.h>
#include "twofa.h"

#define HOST_MAX TWOFA_HOST_MAX /* longest DNS name */

static int
cmp_row(const char *host, const struct twofa_row *r)
{
	return strcmp(host, r->domain);
}

static const struct twofa_row *
find(const char *host)
{
	size_t lo = 0, hi = twofa_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = cmp_row(host, &twofa_rows[mid]);

		if (d == 0)
			return &twofa_rows[mid];
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* A user and password before '@' are skipped, never copied. */
int
twofa_host(const uint8_t *url, size_t len, char buf[HOST_MAX + 1])
{
	size_t i = 0, start, end, n = 0;

	for (size_t k = 0; k + 2 < len; k++) {
		if (url[k] == '/' || url[k] == '?' || url[k] == '#')
			break;
		if (url[k] == ':' && url[k + 1] == '/' && url[k + 2] == '/') {
			i = k + 3;
			break;
		}
	}
	start = i;
	end = i;
	while (end < len && url[end] != '/' && url[end] != '?' &&
	    url[end] != '#')
		end++;
	for (size_t k = start; k < end; k++)   /* the last '@' ends userinfo */
		if (url[k] == '@')
			start = k + 1;
	for (size_t k = start; k < end && url[k] != ':'; k++) {
		uint8_t ch = url[k];

		if (ch >= 'A' && ch <= 'Z')
			ch += 32;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '.') || n == HOST_MAX)
			return 0;
		buf[n++] = (char)ch;
	}
	while (n > 0 && buf[n - 1] == '.')
		n--;
	buf[n] = '\0';
	return n > 0;
}

const struct twofa_row *
twofa_lookup(const uint8_t *url, size_t len)
{
	char host[HOST_MAX + 1];
	const char *h = host;
	const struct twofa_row *r;

	if (url == NULL || !twofa_host(url, len, host))
		return NULL;
	/* The host, then each parent that still has a dot in it. */
	while (strchr(h, '.') != NULL) {
		if ((r = find(h)) != NULL)
			return r;
		h = strchr(h, '.') + 1;
	}
	return NULL;
}
