/* SPDX-License-Identifier: ISC */
/*
 * hibp.c - the offline breached-password check: SHA-1 of the password,
 * looked up by bisection in a Have I Been Pwned "Pwned Passwords" file
 * (lines HASH:COUNT sorted by hash, as the downloader writes them).
 *
 * The file can be 30+ GB, so it is mapped read-only and never loaded: the
 * search jumps to the middle of the remaining byte range, skips to the
 * next line start, compares, and halves again. Lines vary in length (the
 * counts do), so a jump lands mid-line; no line of this format is longer
 * than HIBP_LINE_MAX bytes, which bounds every skip and the final linear scan,
 * so a lookup reads O(log size) pages whatever the file holds. Anything
 * malformed that the search meets, including hashes out of order, is
 * VAULT_ERR_FORMAT rather than a wrong answer.
 *
 * libsodium has no SHA-1, so it is implemented here from FIPS 180-4. It
 * is used only to find a password in the file, never for security.
 * SECURITY: an unsalted SHA-1 of a password is as good as the password
 * to an attacker with a dictionary, so the digest and the hash state
 * stay on the stack and are wiped.
 */
#include <stdint.h>
#include <string.h>
#include <sodium.h>
#include "os.h"
#include "strength.h"

#define HASH_HEX 40u
#define HIBP_LINE_MAX 128u   /* 40 + ':' + 20 digits + CRLF is 63 */

/* ---- SHA-1, FIPS 180-4 section 6.1 ---- */

static uint32_t
rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32u - n));
}

static void
sha1_block(uint32_t h[5], const uint8_t p[64])
{
	uint32_t w[80], a, b, c, d, e, f, k, t;
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20)
			f = (b & c) | (~b & d), k = 0x5a827999u;
		else if (i < 40)
			f = b ^ c ^ d, k = 0x6ed9eba1u;
		else if (i < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdcu;
		else
			f = b ^ c ^ d, k = 0xca62c1d6u;
		t = rol(a, 5) + f + e + k + w[i];
		e = d, d = c, c = rol(b, 30), b = a, a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
	sodium_memzero(w, sizeof w);
	a = b = c = d = e = f = t = 0;
}

void
vlt_sha1(const uint8_t *msg, size_t len, uint8_t out[VLT_SHA1_BYTES])
{
	uint32_t h[5] = {
		0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u
	};
	uint8_t tail[128];
	uint64_t bits = (uint64_t)len * 8u;
	size_t i, r = len % 64, tn;

	for (i = 0; i + 64 <= len; i += 64)
		sha1_block(h, msg + i);
	memset(tail, 0, sizeof tail);
	if (r > 0)
		memcpy(tail, msg + len - r, r);
	tail[r] = 0x80;                 /* then zeros, then the bit length */
	tn = r < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tn - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha1_block(h, tail);
	if (tn == 128)
		sha1_block(h, tail + 64);
	for (i = 0; i < 20; i++)
		out[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
	sodium_memzero(tail, sizeof tail);
	sodium_memzero(h, sizeof h);
}

/* ---- the sorted file ---- */

struct line {
	uint8_t hash[VLT_SHA1_BYTES];
	uint64_t count;
	size_t next;                    /* start of the following line */
};

static int
hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse the line starting at `s`: 40 hex digits (either case), ':', 1 to
 * 20 decimal digits that fit 64 bits, an optional CR, then LF or the end
 * of the file. */
static vault_err
parse_line(const char *p, size_t size, size_t s, struct line *l)
{
	size_t i, avail = size - s, digits = 0;
	int hi, lo;
	unsigned d;

	if (avail < HASH_HEX + 2)
		return VAULT_ERR_FORMAT;
	p += s;
	for (i = 0; i < VLT_SHA1_BYTES; i++) {
		if ((hi = hex((unsigned char)p[2 * i])) < 0 ||
		    (lo = hex((unsigned char)p[2 * i + 1])) < 0)
			return VAULT_ERR_FORMAT;
		l->hash[i] = (uint8_t)(hi << 4 | lo);
	}
	if (p[HASH_HEX] != ':')
		return VAULT_ERR_FORMAT;
	l->count = 0;
	for (i = HASH_HEX + 1; i < avail && p[i] >= '0' && p[i] <= '9'; i++) {
		d = (unsigned)(p[i] - '0');
		if (++digits > 20 || l->count > (UINT64_MAX - d) / 10)
			return VAULT_ERR_FORMAT;
		l->count = l->count * 10 + d;
	}
	if (digits == 0)
		return VAULT_ERR_FORMAT;
	if (i < avail && p[i] == '\r')
		i++;
	if (i < avail && p[i++] != '\n')
		return VAULT_ERR_FORMAT;
	l->next = s + i;
	return VAULT_OK;
}

/* The first line start at or after `pos`; `size` if there is none. A
 * line start is never more than HIBP_LINE_MAX bytes on in a good file. */
static vault_err
line_from(const char *p, size_t size, size_t pos, size_t *start)
{
	size_t i;

	if (pos == 0 || p[pos - 1] == '\n') {
		*start = pos;
		return VAULT_OK;
	}
	for (i = pos; i < size && i - pos < HIBP_LINE_MAX; i++) {
		if (p[i] == '\n') {
			*start = i + 1;
			return VAULT_OK;
		}
	}
	if (i < size)
		return VAULT_ERR_FORMAT;        /* no newline where one must */
	*start = size;
	return VAULT_OK;
}

/* The bounds the search has seen: every line before `lo` sorts below the
 * target, the line at `hi` above it. A line between must sort between. */
struct bounds {
	size_t lo, hi;
	uint8_t lo_hash[VLT_SHA1_BYTES], hi_hash[VLT_SHA1_BYTES];
	int have_lo, have_hi;
};

/* Compare the line with the target; -1/1 move a bound, 0 is a hit. */
static vault_err
visit(struct bounds *b, const struct line *l, size_t s, const uint8_t *want,
    int *cmp)
{
	if ((b->have_lo && memcmp(l->hash, b->lo_hash, VLT_SHA1_BYTES) <= 0) ||
	    (b->have_hi && memcmp(l->hash, b->hi_hash, VLT_SHA1_BYTES) >= 0))
		return VAULT_ERR_FORMAT;        /* out of order, or repeated */
	*cmp = memcmp(l->hash, want, VLT_SHA1_BYTES);
	if (*cmp < 0) {
		b->lo = l->next;
		memcpy(b->lo_hash, l->hash, VLT_SHA1_BYTES);
		b->have_lo = 1;
	} else if (*cmp > 0) {
		b->hi = s;
		memcpy(b->hi_hash, l->hash, VLT_SHA1_BYTES);
		b->have_hi = 1;
	}
	return VAULT_OK;
}

/* The start of the line that ends just before `pos` (a line start > 0). */
static vault_err
line_before(const char *p, size_t pos, size_t *start)
{
	size_t i = pos - 1;             /* the '\n' ending that line */

	while (i > 0 && p[i - 1] != '\n') {
		if (pos - i > HIBP_LINE_MAX)
			return VAULT_ERR_FORMAT;
		i--;
	}
	*start = i;
	return VAULT_OK;
}

/* Not found: the lines either side of the gap where the password would
 * be must be in order with their own neighbours too, or two lines
 * swapped there could hide it. */
static vault_err
neighbours_in_order(const char *p, size_t size, const struct bounds *b)
{
	struct line l;
	size_t s;
	vault_err rc;

	if (b->have_hi) {       /* the line at hi, then the one after it */
		if ((rc = parse_line(p, size, b->hi, &l)) != VAULT_OK)
			return rc;
		if (l.next < size) {
			if ((rc = parse_line(p, size, l.next, &l)) != VAULT_OK)
				return rc;
			if (memcmp(l.hash, b->hi_hash, VLT_SHA1_BYTES) <= 0)
				return VAULT_ERR_FORMAT;
		}
	}
	if (b->have_lo) {       /* the line ending at lo, then the one before */
		if ((rc = line_before(p, b->lo, &s)) != VAULT_OK)
			return rc;
		if (s > 0) {
			if ((rc = line_before(p, s, &s)) != VAULT_OK ||
			    (rc = parse_line(p, size, s, &l)) != VAULT_OK)
				return rc;
			if (memcmp(l.hash, b->lo_hash, VLT_SHA1_BYTES) >= 0)
				return VAULT_ERR_FORMAT;
		}
	}
	return VAULT_OK;
}

/* Bisect for `want`. SECURITY: the lines that bracket it give its hash
 * away, so `b` and `l` are wiped. */
static vault_err
search(const char *p, size_t size, const uint8_t *want, uint64_t *count)
{
	struct bounds b;
	struct line l;
	size_t s;
	vault_err rc = VAULT_OK;
	int cmp = -1;

	memset(&b, 0, sizeof b);
	memset(&l, 0, sizeof l);
	b.hi = size;
	while (b.lo < b.hi) {           /* bisect while a line start is ahead */
		rc = line_from(p, size, b.lo + (b.hi - b.lo) / 2, &s);
		if (rc != VAULT_OK || s >= b.hi)
			break;
		if ((rc = parse_line(p, size, s, &l)) != VAULT_OK ||
		    (rc = visit(&b, &l, s, want, &cmp)) != VAULT_OK ||
		    cmp == 0)
			goto out;
	}
	/* Every line start left in [lo, hi) is before the midpoint, and the
	 * line through the midpoint ends at hi: under 2 * HIBP_LINE_MAX
	 * bytes. */
	cmp = -1;
	for (s = b.lo; rc == VAULT_OK && s < b.hi && cmp < 0; s = l.next)
		if ((rc = parse_line(p, size, s, &l)) == VAULT_OK)
			rc = visit(&b, &l, s, want, &cmp);
	if (rc == VAULT_OK && cmp != 0)
		rc = neighbours_in_order(p, size, &b);  /* not found */
out:
	if (rc == VAULT_OK && cmp == 0)
		*count = l.count;
	sodium_memzero(&b, sizeof b);
	sodium_memzero(&l, sizeof l);
	return rc;
}

vault_err
vault_hibp_lookup(const char *path, const uint8_t *pw, size_t len,
    uint64_t *count)
{
	uint8_t want[VLT_SHA1_BYTES];
	struct vlt_map map;
	vault_err rc;

	if (count == NULL)
		return VAULT_ERR_INVALID;
	*count = 0;
	if (path == NULL || (pw == NULL && len != 0))
		return VAULT_ERR_INVALID;
	vlt_sha1(pw, len, want);
	if ((rc = vlt_os_map(path, &map)) == VAULT_OK && map.len > 0) {
		rc = search((const char *)map.p, map.len, want, count);
		if (rc != VAULT_OK)
			*count = 0;
	}
	vlt_os_unmap(&map);
	sodium_memzero(want, sizeof want);
	return rc;
}
