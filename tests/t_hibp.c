/* SPDX-License-Identifier: ISC */
/*
 * t_hibp.c - the offline breached-password check (issue 4): SHA-1 known
 * answers, then lookups in Pwned Passwords files built here in a temp
 * directory: a few thousand sorted HASH:COUNT lines (known passwords plus
 * random hashes from a seeded generator; the seed is printed and
 * VAULT_TEST_SEED repeats it) with LF, CRLF, lower-case hex and no final
 * newline; one- and two-line files; hits, misses, the first and the last
 * line; an empty file (not found), a missing one (IO), and malformed ones
 * (FORMAT).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "tap.h"
#include "vault.h"
#include "strength.h"

#define NRANDOM 3000
#define NKNOWN 42
#define NLINES (NRANDOM + NKNOWN + 2)

struct entry {
	uint8_t hash[VLT_SHA1_BYTES];
	uint64_t count;
};

static struct entry lines[NLINES];
static char known[NKNOWN + 2][32];     /* + the first and last line */
static char dir[256];
static uint64_t rng_state;
static char *text;                      /* scratch for building files */
#define TEXT_MAX (NLINES * 2 * 70 + 4096)

static uint64_t
rng(void)
{
	uint64_t x = rng_state;       /* xorshift64* */

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static void
hex(const uint8_t *h, char *out, int upper)
{
	static const char *const digits[2] = {
		"0123456789abcdef", "0123456789ABCDEF"
	};
	size_t i;

	for (i = 0; i < VLT_SHA1_BYTES; i++) {
		out[2 * i] = digits[upper][h[i] >> 4];
		out[2 * i + 1] = digits[upper][h[i] & 15];
	}
	out[40] = '\0';
}

static void
sha1_str(const char *s, uint8_t *out)
{
	vlt_sha1((const uint8_t *)s, strlen(s), out);
}

static char *
path(const char *name)
{
	static char p[512];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static int
write_file(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(path(name), "wb");
	int ok;

	if (f == NULL)
		return 0;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

static vault_err
lookup(const char *name, const char *pw, uint64_t *count)
{
	return vault_hibp_lookup(path(name), (const uint8_t *)pw, strlen(pw),
	    count);
}

static int
by_hash(const void *a, const void *b)
{
	return memcmp(((const struct entry *)a)->hash,
	    ((const struct entry *)b)->hash, VLT_SHA1_BYTES);
}

/* The lines of `n` entries, with `eol` after each (none after the last
 * if `last_eol` is 0); returns the length. */
static size_t
render(const struct entry *e, size_t n, const char *eol, int upper,
    int last_eol)
{
	char h[41];
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		hex(e[i].hash, h, upper);
		len += (size_t)snprintf(text + len, TEXT_MAX - len, "%s:%llu%s",
		    h, (unsigned long long)e[i].count,
		    i + 1 < n || last_eol ? eol : "");
	}
	return len;
}

/* A password whose hash starts with two bytes of `b`: it sorts first (0)
 * or last (0xff) whatever the other lines are. */
static void
extreme(char *out, uint8_t b)
{
	uint8_t h[VLT_SHA1_BYTES];
	unsigned i;

	for (i = 0; ; i++) {
		snprintf(out, 32, "edge-%02x-%u", b, i);
		sha1_str(out, h);
		if (h[0] == b && h[1] == b)
			return;
	}
}

/* ---- tests ---- */

static void
test_sha1(void)
{
	static const struct {
		const char *msg;
		size_t repeat;
		const char *want;
	} t[] = {       /* FIPS 180-2 appendix A, RFC 3174 section 7.3 */
		{ "", 1, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709" },
		{ "abc", 1, "A9993E364706816ABA3E25717850C26C9CD0D89D" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
		  "84983E441C3BD26EBAAE4AA1F95129E5E54670F1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1,
		  "A49B2446A02C645BF419F995B67091253A04A259" },
		{ "a", 1000000, "34AA973CD4C4DAA4F61EEB2BDBAD27316534016F" },
		{ "01234567", 80, "DEA356A2CDDD90C7A7ECEDC5EBB563934F460452" },
		/* padding edges (Python hashlib), and the famous one */
		{ "a", 55, "C1C8BBDC22796E28C0E15163D20899B65621D65A" },
		{ "a", 56, "C2DB330F6083854C99D4B5BFB6E8F29F201BE699" },
		{ "a", 63, "03F09F5B158A7A8CDAD920BDDC29B81C18A551F5" },
		{ "a", 64, "0098BA824B5C16427BD7A1122A5A442A25EC644D" },
		{ "a", 119, "EE971065AAA017E0632A8CA6C77BB3BF8B1DFC56" },
		{ "a", 120, "F34C1488385346A55709BA056DDD08280DD4C6D6" },
		{ "password", 1, "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8" },
	};
	uint8_t h[VLT_SHA1_BYTES];
	char got[41];
	size_t i, j, n;
	uint8_t *buf;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = strlen(t[i].msg);
		buf = malloc(n * t[i].repeat + 1);
		REQUIRE(buf != NULL);
		for (j = 0; j < t[i].repeat; j++)
			memcpy(buf + j * n, t[i].msg, n);
		vlt_sha1(buf, n * t[i].repeat, h);
		free(buf);
		hex(h, got, 1);
		if (strcmp(got, t[i].want) != 0)
			printf("# sha1 %zu: %s\n", i, got);
		CHECK(strcmp(got, t[i].want) == 0);
	}
}

/* Fill lines[]: the known passwords with counts i * 1000 + 7, the edge
 * passwords first and last, and random hashes between. */
static void
build_entries(void)
{
	static const char *const pw[NKNOWN] = {
		"password", "123456", "qwerty", "letmein", "iloveyou",
		"monkey", "dragon", "football", "sunshine", "princess",
		"Summer2024!", "P@ssw0rd", "trustno1", "baseball", "welcome",
		"admin", "abc123", "111111", "shadow", "master", "jennifer",
		"hunter2", "superman", "batman", "charlie", "michael",
		"liverpool", "arsenal", "chelsea", "snoopy", "tigger",
		"parishcouncil", "clerk2024", "Little Snoring", "",
		"caf\xc3\xa9", "correct horse battery staple", "x", "xx",
		"0000", "london1", "qazwsx",
	};
	size_t i;

	for (i = 0; i < NKNOWN; i++) {
		snprintf(known[i], sizeof known[i], "%s", pw[i]);
		sha1_str(known[i], lines[i].hash);
		lines[i].count = (uint64_t)i * 1000 + 7;
	}
	extreme(known[NKNOWN], 0x00);
	extreme(known[NKNOWN + 1], 0xff);
	sha1_str(known[NKNOWN], lines[NKNOWN].hash);
	lines[NKNOWN].count = 1;
	sha1_str(known[NKNOWN + 1], lines[NKNOWN + 1].hash);
	lines[NKNOWN + 1].count = UINT64_MAX;   /* the largest count parses */
	for (i = NKNOWN + 2; i < NLINES; i++) {
		uint64_t a = rng(), b = rng(), c = rng();

		memcpy(lines[i].hash, &a, 8);
		memcpy(lines[i].hash + 8, &b, 8);
		memcpy(lines[i].hash + 16, &c, 4);
		lines[i].hash[0] = (uint8_t)(1 + lines[i].hash[0] % 254);
		lines[i].count = 1 + rng() % 1000000000u;
	}
	qsort(lines, NLINES, sizeof lines[0], by_hash);
}

static uint64_t
want_count(size_t k)
{
	return k < NKNOWN ? (uint64_t)k * 1000 + 7 :
	    k == NKNOWN ? 1 : UINT64_MAX;
}

/* Every known password, the edges and 300 misses, in file `name`. */
static void
check_file(const char *name)
{
	char miss[32];
	uint64_t count;
	size_t k, bad = 0;

	for (k = 0; k < NKNOWN + 2; k++) {
		count = 0;
		if (lookup(name, known[k], &count) != VAULT_OK ||
		    count != want_count(k)) {
			if (bad++ < 3)
				printf("# %s: \"%s\" gave %llu\n", name,
				    known[k], (unsigned long long)count);
		}
	}
	for (k = 0; k < 300; k++) {
		snprintf(miss, sizeof miss, "not-breached-%zu", k);
		count = 99;
		bad += lookup(name, miss, &count) != VAULT_OK || count != 0;
	}
	CHECK(bad == 0);
}

static void
test_sorted_files(void)
{
	uint8_t h[VLT_SHA1_BYTES];
	size_t len;

	build_entries();
	sha1_str(known[NKNOWN], h);
	CHECK(memcmp(lines[0].hash, h, sizeof h) == 0);
	sha1_str(known[NKNOWN + 1], h);
	CHECK(memcmp(lines[NLINES - 1].hash, h, sizeof h) == 0);
	len = render(lines, NLINES, "\n", 1, 1);
	REQUIRE(write_file("lf", text, len));
	check_file("lf");
	len = render(lines, NLINES, "\r\n", 1, 1);
	REQUIRE(write_file("crlf", text, len));
	check_file("crlf");
	len = render(lines, NLINES, "\n", 0, 0);
	REQUIRE(write_file("lower-noeol", text, len));
	check_file("lower-noeol");
	len = render(lines, NLINES, "\r\n", 1, 0);
	REQUIRE(write_file("crlf-noeol", text, len));
	check_file("crlf-noeol");
}

static void
test_small_files(void)
{
	struct entry e[2];
	uint64_t count;
	size_t len;

	sha1_str("password", e[0].hash);
	e[0].count = 42;
	sha1_str("letmein", e[1].hash);         /* sorts after "password" */
	e[1].count = 43;
	REQUIRE(memcmp(e[0].hash, e[1].hash, VLT_SHA1_BYTES) < 0);
	len = render(e, 1, "\n", 1, 1);
	REQUIRE(write_file("one", text, len));
	CHECK(lookup("one", "password", &count) == VAULT_OK && count == 42);
	CHECK(lookup("one", "letmein", &count) == VAULT_OK && count == 0);
	CHECK(lookup("one", "123456", &count) == VAULT_OK && count == 0);
	len = render(e, 2, "\r\n", 1, 0);
	REQUIRE(write_file("two", text, len));
	CHECK(lookup("two", "password", &count) == VAULT_OK && count == 42);
	CHECK(lookup("two", "letmein", &count) == VAULT_OK && count == 43);
	CHECK(lookup("two", "123456", &count) == VAULT_OK && count == 0);
	CHECK(lookup("two", "zzzz", &count) == VAULT_OK && count == 0);
	REQUIRE(write_file("empty", "", 0));
	count = 5;
	CHECK(lookup("empty", "password", &count) == VAULT_OK && count == 0);
}

static void
test_errors(void)
{
	uint64_t count = 7;

	CHECK(lookup("no-such-file", "password", &count) == VAULT_ERR_IO);
	CHECK(count == 0);
	CHECK(vault_hibp_lookup(dir, (const uint8_t *)"x", 1, &count) ==
	    VAULT_ERR_IO);
	CHECK(vault_hibp_lookup(NULL, (const uint8_t *)"x", 1, &count) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_hibp_lookup(path("lf"), NULL, 1, &count) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_hibp_lookup(path("lf"), (const uint8_t *)"x", 1, NULL) ==
	    VAULT_ERR_INVALID);
	/* NULL with length 0 is the empty password, which is in the file */
	CHECK(vault_hibp_lookup(path("lf"), NULL, 0, &count) == VAULT_OK &&
	    count == 34 * 1000 + 7);
}

/* Write a malformed file and expect FORMAT for a miss and, unless the
 * damage may lie off the search path of one line, for a hit. */
static void
expect_format(const char *name, const char *data, size_t len, int hit_too)
{
	uint64_t count = 9;

	REQUIRE(write_file(name, data, len));
	if (lookup(name, "not-breached", &count) != VAULT_ERR_FORMAT)
		printf("# %s: not a format error\n", name);
	CHECK(lookup(name, "not-breached", &count) == VAULT_ERR_FORMAT);
	CHECK(count == 0);
	if (hit_too)
		CHECK(lookup(name, "password", &count) == VAULT_ERR_FORMAT);
}

static size_t
mangle(const char *how)
{
	char h[41];
	size_t i, len = 0;

	for (i = 0; i < NLINES; i++) {
		hex(lines[i].hash, h, 1);
		if (strcmp(how, "nonhex") == 0)
			h[7] = 'G';
		if (strcmp(how, "short") == 0)
			h[35] = '\0';   /* the k-anonymity range format */
		len += (size_t)snprintf(text + len, TEXT_MAX - len,
		    strcmp(how, "nocolon") == 0 ? "%s %llu\n" :
		    strcmp(how, "nocount") == 0 ? "%s:\n" :
		    strcmp(how, "junk") == 0 ? "%s:%llux\n" :
		    strcmp(how, "overflow") == 0 ? "%s:18446744073709551616\n" :
		    strcmp(how, "blank") == 0 ? "%s:%llu\n\n" :
		    strcmp(how, "cr") == 0 ? "%s:%llu\r" : "%s:%llu\n",
		    h, (unsigned long long)lines[i].count);
	}
	return len;
}

static void
test_malformed(void)
{
	static const char *const how[] = {
		"nonhex", "short", "nocolon", "nocount", "junk", "overflow",
		"blank", "cr",
	};
	static struct entry rev[NLINES];
	uint64_t count;
	size_t i;
	int fd;

	for (i = 0; i < sizeof how / sizeof how[0]; i++)
		expect_format(how[i], text, mangle(how[i]),
		    strcmp(how[i], "blank") != 0);
	/* sorted the wrong way: the second probe contradicts the first
	 * (a hit on the first probe would be a right answer) */
	for (i = 0; i < NLINES; i++)
		rev[i] = lines[NLINES - 1 - i];
	expect_format("reversed", text, render(rev, NLINES, "\n", 1, 1), 0);
	memset(text, 'A', 1000);                /* one over-long line */
	text[1000] = '\n';
	expect_format("long", text, 1001, 1);
	memset(text, '\n', 1000);
	expect_format("newlines", text, 1000, 1);
	memset(text, 0, 5000);
	expect_format("zeros", text, 5000, 1);
	expect_format("tiny", "0123", 4, 1);
	/* 1 GiB of zeros, sparse: a format error after reading a few pages */
	fd = open(path("sparse"), O_CREAT | O_WRONLY | O_TRUNC, 0600);
	REQUIRE(fd >= 0);
	CHECK(ftruncate(fd, (off_t)1 << 30) == 0);
	close(fd);
	CHECK(lookup("sparse", "password", &count) == VAULT_ERR_FORMAT);
}

/* Two lines swapped next to a password's line: the lookup may still
 * find it, but it never answers "not breached". */
static void
test_swapped(void)
{
	static struct entry e[NLINES];
	uint8_t h[VLT_SHA1_BYTES];
	uint64_t count;
	size_t k, i, gap, pos, wrong = 0, format = 0;
	struct entry t;
	vault_err rc;

	for (k = 0; k < NKNOWN; k++) {
		sha1_str(known[k], h);
		for (pos = 0; memcmp(lines[pos].hash, h, sizeof h) != 0; pos++)
			;
		for (gap = 1; gap <= 2; gap++) {
			if (pos < 1 || pos + gap >= NLINES)
				continue;
			memcpy(e, lines, sizeof e);
			i = gap == 1 ? pos : pos - 1;   /* swap i and i + gap */
			t = e[i], e[i] = e[i + gap], e[i + gap] = t;
			REQUIRE(write_file("swapped", text,
			    render(e, NLINES, "\n", 1, 1)));
			rc = lookup("swapped", known[k], &count);
			format += rc == VAULT_ERR_FORMAT;
			wrong += !(rc == VAULT_ERR_FORMAT ||
			    (rc == VAULT_OK && count == want_count(k)));
		}
	}
	printf("# %zu of the swaps reported as out of order\n", format);
	CHECK(wrong == 0);
	CHECK(format > 0);
}

static void
cleanup(void)
{
	static const char *const names[] = {
		"lf", "crlf", "lower-noeol", "crlf-noeol", "one", "two",
		"empty",
		"nonhex", "short", "nocolon", "nocount", "junk", "overflow",
		"blank", "cr", "reversed", "long", "newlines", "zeros", "tiny",
		"sparse", "swapped",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(path(names[i]));
	rmdir(dir);
}

int
main(void)
{
	const char *env = getenv("VAULT_TEST_SEED");
	const char *tmp = getenv("TMPDIR");
	unsigned long long seed;
	int failed;

	seed = env != NULL ? strtoull(env, NULL, 0) :
	    (unsigned long long)time(NULL) ^
	    ((unsigned long long)getpid() << 32);
	printf("# seed %llu (set VAULT_TEST_SEED to repeat)\n", seed);
	rng_state = seed | 1;
	snprintf(dir, sizeof dir, "%s/t_hibp.XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL || (text = malloc(TEXT_MAX)) == NULL)
		return 1;
	RUN(test_sha1);
	RUN(test_sorted_files);
	RUN(test_small_files);
	RUN(test_errors);
	RUN(test_malformed);
	RUN(test_swapped);
	failed = TAP_END();
	cleanup();
	free(text);
	return failed;
}
