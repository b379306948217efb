/* SPDX-License-Identifier: ISC */
/*
 * fuzz_hibp.c - Have I Been Pwned "Pwned Passwords" files
 * (vault_hibp_lookup): lines HASH:COUNT sorted by hash, searched by
 * bisection over a read-only mapping. The library has no entry point
 * below the path, so each input is written as a file in a private
 * directory (on /dev/shm when there is one; removed at exit, and by the
 * next run if a crash left it) and looked up. It holds only fuzz input
 * and SHA-1s of the fixed probe passwords below, never a real secret.
 * Byte 0 picks the mode:
 *  - even: the rest of the input is the file, as is. A few fixed
 *    passwords (the probes) are looked up in it;
 *  - odd: a well-formed file is built from the input: the SHA-1 of each
 *    of the input's lines (bytes 3 on, split at LF, up to 64) with a
 *    count derived from it, plus 2 * byte 1 filler lines of random hashes
 *    (seeded from the input); sorted, one line per hash; hex in upper,
 *    lower or mixed case, LF or CRLF, with or without a final newline and
 *    counts with or without leading zeros (bits of byte 0); counts are
 *    shifted right by byte 2 % 64, so they run from 1 to 20 digits.
 *    Bit 0x40 then swaps two neighbouring lines, bit 0x80 repeats one
 *    line (which lines: drawn from a generator seeded by the input).
 *    Every line's password and every probe is looked up.
 * Properties:
 *  - a lookup gives OK or FORMAT (never IO or INVALID for a regular
 *    file), and *count is 0 unless OK;
 *  - a hit is real: OK with a count > 0 means a well-formed line at a
 *    line start of the file holds that hash and that count;
 *  - in a well-formed file (every line valid, hashes strictly
 *    increasing, checked here by a plain linear parser) every lookup is
 *    OK with exactly the count of the line holding the hash, 0 if none:
 *    every line present is found, and nothing absent is;
 *  - in a built file with two neighbouring lines swapped or one line
 *    repeated, every lookup gives that same answer or FORMAT, never a
 *    wrong one (the search checks the lines either side of a miss, so a
 *    swap cannot hide a line).
 */
#include <unistd.h>
#include "fuzz.h"
#include "fuzz_dir.h"
#include "vault.h"
#include "strength.h"

#define HASH_BYTES VLT_SHA1_BYTES
#define WORDS_MAX 64u
#define FILLER_MAX 510u
#define LINE_MAX_OUT 64u        /* 40 + ':' + 20 digits + CRLF, and spare */

/* Fixed passwords looked up in every file (seeds hold their hashes). */
static const char *const probes[] = {
	"password", "123456", "", "correct horse battery staple",
	"P@ssw0rd", "Tr0ub4dor&3"
};
#define N_PROBES (sizeof probes / sizeof probes[0])

static char path[160];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_dir_make("cvault-fuzz-hibp", "pwned.txt", path, sizeof path);
	return 0;
}

static void
write_file(const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	FUZZ_ASSERT(f != NULL);
	FUZZ_ASSERT(len == 0 || fwrite(data, 1, len, f) == len);
	FUZZ_ASSERT(fclose(f) == 0);
}

/* ---- a plain linear parser, the reference ---- */

static int
hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The line at `s`, if well-formed: 40 hex digits, ':', 1..20 digits
 * whose value fits 64 bits, an optional CR, then LF or the end. On
 * success sets hash, count and *next (the following line's start). */
static int
ref_line(const uint8_t *p, size_t size, size_t s, uint8_t hash[HASH_BYTES],
    uint64_t *count, size_t *next)
{
	size_t i = s, digits = 0;
	uint64_t v = 0;
	int over = 0;

	for (size_t k = 0; k < 2 * HASH_BYTES; k++, i++) {
		if (i >= size || hexval(p[i]) < 0)
			return 0;
		if (k % 2 == 0)
			hash[k / 2] = (uint8_t)(hexval(p[i]) << 4);
		else
			hash[k / 2] |= (uint8_t)hexval(p[i]);
	}
	if (i >= size || p[i++] != ':')
		return 0;
	for (; i < size && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
		unsigned d = (unsigned)(p[i] - '0');

		over |= v > (UINT64_MAX - d) / 10;
		v = v * 10 + d;
	}
	if (digits == 0 || digits > 20 || over)
		return 0;
	if (i < size && p[i] == '\r')
		i++;
	if (i < size && p[i++] != '\n')
		return 0;
	*count = (uint64_t)v;
	*next = i;
	return 1;
}

/* 1 if every line is well-formed and the hashes strictly increase. */
static int
ref_well_formed(const uint8_t *p, size_t size)
{
	uint8_t prev[HASH_BYTES], h[HASH_BYTES];
	uint64_t c;
	size_t s = 0, next;
	int first = 1;

	while (s < size) {
		if (!ref_line(p, size, s, h, &c, &next))
			return 0;
		if (!first && memcmp(prev, h, HASH_BYTES) >= 0)
			return 0;
		memcpy(prev, h, HASH_BYTES);
		first = 0;
		s = next;
	}
	return 1;
}

/* 1 if some line start (0, or just after a LF) begins a well-formed
 * line holding `want` with count `count`. */
static int
ref_has(const uint8_t *p, size_t size, const uint8_t *want, uint64_t count)
{
	uint8_t h[HASH_BYTES];
	uint64_t c;
	size_t next;

	for (size_t s = 0; s < size; s++)
		if ((s == 0 || p[s - 1] == '\n') &&
		    ref_line(p, size, s, h, &c, &next) &&
		    memcmp(h, want, HASH_BYTES) == 0 && c == count)
			return 1;
	return 0;
}

/* The count on the line holding `want` in a well-formed file, else 0. */
static uint64_t
ref_count(const uint8_t *p, size_t size, const uint8_t *want)
{
	uint8_t h[HASH_BYTES];
	uint64_t c;
	size_t s = 0, next;

	while (s < size && ref_line(p, size, s, h, &c, &next)) {
		if (memcmp(h, want, HASH_BYTES) == 0)
			return c;
		s = next;
	}
	return 0;
}

/* ---- lookups ---- */

/* Look `pw` up in the file just written (`p`, `size` bytes) and check
 * the properties. The answer must be exactly `*expect` when that is
 * given (a built file; FORMAT is allowed too when `well` is 0), or what
 * the reference finds when `well`. */
static void
lookup(const uint8_t *p, size_t size, int well, const uint64_t *expect,
    const uint8_t *pw, size_t pw_len)
{
	uint8_t want[HASH_BYTES];
	uint64_t count = 12345;
	vault_err rc;

	rc = vault_hibp_lookup(path, pw, pw_len, &count);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_FORMAT);
	FUZZ_ASSERT(rc == VAULT_OK || count == 0);
	if (expect != NULL) {
		FUZZ_ASSERT((!well && rc == VAULT_ERR_FORMAT) ||
		    (rc == VAULT_OK && count == *expect));
		return;
	}
	vlt_sha1(pw, pw_len, want);
	if (well) {
		FUZZ_ASSERT(rc == VAULT_OK);
		FUZZ_ASSERT(count == ref_count(p, size, want));
	} else if (rc == VAULT_OK && count > 0) {
		FUZZ_ASSERT(ref_has(p, size, want, count));
	}
}

/* ---- building a well-formed file ---- */

struct row {
	uint8_t hash[HASH_BYTES];
	uint64_t count;
};

static int
row_cmp(const void *a, const void *b)
{
	return memcmp(a, b, HASH_BYTES);        /* hash is the first member */
}

static uint64_t
fnv(const uint8_t *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	return h;
}

/* Append one line for `r`; `last` leaves out the final newline when
 * the flags ask. */
static size_t
put_line(char *out, const struct row *r, unsigned flags, int last)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";
	char digits[21];
	size_t n = 0, nd;
	int up = (flags & 0x02) != 0;

	for (size_t i = 0; i < HASH_BYTES; i++) {
		if (flags & 0x20)
			up = (int)(fuzz_rng_next() & 1);
		out[n++] = (up ? upper : lower)[r->hash[i] >> 4];
		out[n++] = (up ? upper : lower)[r->hash[i] & 15];
	}
	out[n++] = ':';
	nd = (size_t)snprintf(digits, sizeof digits, "%llu",
	    (unsigned long long)r->count);
	if (flags & 0x10)
		for (size_t z = fuzz_rng_next() % (21 - nd); z > 0; z--)
			out[n++] = '0';
	memcpy(out + n, digits, nd);
	n += nd;
	if (!(last && (flags & 0x08))) {
		if (flags & 0x04)
			out[n++] = '\r';
		out[n++] = '\n';
	}
	return n;
}

/* The count of the row holding the SHA-1 of `pw`, 0 if none. */
static uint64_t
row_count(const struct row *rows, size_t nr, const uint8_t *pw, size_t len)
{
	struct row key;
	const struct row *r;

	vlt_sha1(pw, len, key.hash);
	r = bsearch(&key, rows, nr, sizeof *rows, row_cmp);
	return r != NULL ? r->count : 0;
}

static void
built_file(const uint8_t *data, size_t len)
{
	unsigned flags = data[0];
	size_t filler = len > 1 ? 2u * data[1] : 0;
	unsigned shift = len > 2 ? data[2] % 64u : 0;
	const uint8_t *pw[WORDS_MAX];
	size_t pw_len[WORDS_MAX], nw = 0, nr = 0, size = 0, i, k, n_out;
	size_t *order;
	struct row *rows;
	char *text;
	uint64_t want;
	int well = 1;

	rows = malloc((WORDS_MAX + FILLER_MAX) * sizeof *rows);
	order = malloc((WORDS_MAX + FILLER_MAX + 1) * sizeof *order);
	text = malloc((WORDS_MAX + FILLER_MAX + 1) * LINE_MAX_OUT);
	FUZZ_ASSERT(rows != NULL && order != NULL && text != NULL);
	/* The input's lines (from byte 3) are the passwords. */
	for (i = 3; i <= len && nw < WORDS_MAX; nw++) {
		const uint8_t *nl = i < len ? memchr(data + i, '\n', len - i) :
		    NULL;
		size_t end = nl != NULL ? (size_t)(nl - data) : len;

		pw[nw] = data + i;
		pw_len[nw] = end - i;
		vlt_sha1(pw[nw], pw_len[nw], rows[nr].hash);
		rows[nr++].count = (fnv(pw[nw], pw_len[nw]) >> shift) | 1u;
		i = end + 1;
	}
	for (i = 0; i < filler; i++) {
		for (k = 0; k < HASH_BYTES; k += 4) {
			uint64_t x = fuzz_rng_next();

			memcpy(rows[nr].hash + k, &x, 4);
		}
		rows[nr++].count = (fuzz_rng_next() >> shift) | 1u;
	}
	/* Sorted, one row per hash (a repeated password is one line). */
	qsort(rows, nr, sizeof *rows, row_cmp);
	for (i = k = 0; i < nr; i++)
		if (k == 0 || row_cmp(&rows[i], &rows[k - 1]) != 0)
			rows[k++] = rows[i];
	nr = k;
	/* The lines in file order; then the damage the flags ask for. */
	for (i = 0; i < nr; i++)
		order[i] = i;
	n_out = nr;
	if ((flags & 0x40) && nr >= 2) {        /* two neighbours swapped */
		k = (size_t)(fuzz_rng_next() % (nr - 1));
		order[k] = k + 1;
		order[k + 1] = k;
		well = 0;
	}
	if ((flags & 0x80) && nr >= 1) {        /* one line repeated */
		k = (size_t)(fuzz_rng_next() % nr);
		memmove(order + k + 1, order + k, (nr - k) * sizeof *order);
		n_out++;
		well = 0;
	}
	for (i = 0; i < n_out; i++)
		size += put_line(text + size, &rows[order[i]], flags,
		    i + 1 == n_out);
	write_file((const uint8_t *)text, size);
	/* The builder and the reference agree on what is well-formed. */
	FUZZ_ASSERT(ref_well_formed((const uint8_t *)text, size) == well);
	for (i = 0; i < nw; i++) {
		want = row_count(rows, nr, pw[i], pw_len[i]);
		FUZZ_ASSERT(want > 0);
		lookup((const uint8_t *)text, size, well, &want, pw[i],
		    pw_len[i]);
	}
	for (i = 0; i < N_PROBES; i++) {
		want = row_count(rows, nr, (const uint8_t *)probes[i],
		    strlen(probes[i]));
		lookup((const uint8_t *)text, size, well, &want,
		    (const uint8_t *)probes[i], strlen(probes[i]));
	}
	free(text);
	free(order);
	free(rows);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len == 0)
		return 0;
	fuzz_rng_seed(data, len);
	if (data[0] & 1) {
		built_file(data, len);
	} else {
		int well = ref_well_formed(data + 1, len - 1);

		write_file(data + 1, len - 1);
		for (size_t i = 0; i < N_PROBES; i++)
			lookup(data + 1, len - 1, well, NULL,
			    (const uint8_t *)probes[i], strlen(probes[i]));
	}
	return 0;
}
