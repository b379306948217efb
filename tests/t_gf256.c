/* SPDX-License-Identifier: ISC */
/*
 * t_gf256.c - GF(2^8) arithmetic and raw Shamir sharing (vault/gf256.c):
 * FIPS 197 known answers (tests/vectors/gf256.txt), every product against
 * a slow reference, every inverse, the field laws, and every k-of-n split
 * for n <= 5 recovered from every subset of its shares.
 *
 * Randomness: the library's randombytes is replaced by a ChaCha20 stream
 * keyed from a seed, printed at start; set VAULT_TEST_SEED to replay.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "tap.h"
#include "seeded_rng.h"
#include "internal.h"
#include "gf256.h"

#define VECTORS "tests/vectors/gf256.txt"

/* ---- references ---- */

/* Carry-less product, then long division by 0x11b: independent of the
 * masked shift-and-reduce loop under test. */
static uint8_t
slow_mul(uint8_t a, uint8_t b)
{
	unsigned p = 0, i;

	for (i = 0; i < 8; i++)
		if (b & (1u << i))
			p ^= (unsigned)a << i;
	for (i = 15; i >= 8; i--)
		if (p & (1u << i))
			p ^= 0x11bu << (i - 8);
	return (uint8_t)p;
}

static void
test_known_answers(void)
{
	FILE *f = fopen(VECTORS, "r");
	char line[256];
	unsigned a, b, c, n = 0;

	REQUIRE(f != NULL);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "mul: %x %x %x", &a, &b, &c) == 3) {
			CHECK(vlt_gf256_mul((uint8_t)a, (uint8_t)b) == c);
			n++;
		} else if (sscanf(line, "inv: %x %x", &a, &b) == 2) {
			CHECK(vlt_gf256_inv((uint8_t)a) == b);
			n++;
		}
	}
	fclose(f);
	CHECK(n >= 14);
}

static void
test_mul_exhaustive(void)
{
	unsigned a, b, bad = 0;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			bad += vlt_gf256_mul((uint8_t)a, (uint8_t)b) !=
			    slow_mul((uint8_t)a, (uint8_t)b);
	CHECK(bad == 0);
}

static void
test_inverse_all(void)
{
	unsigned a, bad = 0;

	CHECK(vlt_gf256_inv(0) == 0);
	for (a = 1; a < 256; a++) {
		bad += vlt_gf256_mul((uint8_t)a,
		    vlt_gf256_inv((uint8_t)a)) != 1;
		bad += vlt_gf256_inv(vlt_gf256_inv((uint8_t)a)) != a;
	}
	CHECK(bad == 0);
}

static void
test_field_laws(void)
{
	unsigned a, b, c, bad = 0;
	uint8_t x, y, z;

	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			x = (uint8_t)a;
			y = (uint8_t)b;
			bad += vlt_gf256_mul(x, y) != vlt_gf256_mul(y, x);
			for (c = 0; c < 256; c += 15) {
				z = (uint8_t)c;
				bad += vlt_gf256_mul(x, y ^ z) !=
				    (vlt_gf256_mul(x, y) ^ vlt_gf256_mul(x, z));
				bad += vlt_gf256_mul(vlt_gf256_mul(x, y), z) !=
				    vlt_gf256_mul(x, vlt_gf256_mul(y, z));
			}
		}
		bad += vlt_gf256_mul((uint8_t)a, 1) != a;
		bad += vlt_gf256_mul((uint8_t)a, 0) != 0;
	}
	CHECK(bad == 0);
}

/* n distinct non-zero random x-coordinates. */
static void
random_xs(uint8_t *xs, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		do {
			xs[i] = (uint8_t)(1 + randombytes_uniform(255));
			for (j = 0; j < i && xs[j] != xs[i]; j++)
				;
		} while (j != i);
	}
}

static void
test_shamir_every_subset(void)
{
	uint8_t secret[32], ys[5 * 32], xs[5], sx[5], sy[5 * 32], got[32];
	unsigned n, k, mask, i, m, bad = 0, runs = 0;

	for (n = 1; n <= 5; n++) {
		for (k = 1; k <= n; k++) {
			randombytes_buf(secret, sizeof secret);
			random_xs(xs, n);
			REQUIRE(vlt_shamir_split(secret, sizeof secret, k, xs,
			    n, ys) == VAULT_OK);
			for (mask = 1; mask < (1u << n); mask++) {
				for (i = 0, m = 0; i < n; i++) {
					if (!(mask & (1u << i)))
						continue;
					sx[m] = xs[i];
					memcpy(sy + m * 32, ys + i * 32, 32);
					m++;
				}
				REQUIRE(vlt_shamir_recover(sx, sy, m, 32,
				    got) == VAULT_OK);
				if (m >= k)
					bad += memcmp(got, secret, 32) != 0;
				else    /* a wrong value, by 2^-256 odds */
					bad += memcmp(got, secret, 32) == 0;
				runs++;
			}
		}
	}
	CHECK(bad == 0);
	CHECK(runs == 243);     /* sum over n of n * (2^n - 1) */
}

static void
test_shamir_interpolate(void)
{
	uint8_t xs[4] = { 1, 2, 3, 200 }, y[4][16], out[16], secret[16];
	uint8_t ys_flat[4 * 16];
	const uint8_t *ys[4];
	unsigned i;

	randombytes_buf(secret, sizeof secret);
	REQUIRE(vlt_shamir_split(secret, 16, 3, xs, 4, ys_flat) == VAULT_OK);
	for (i = 0; i < 4; i++) {
		memcpy(y[i], ys_flat + i * 16, 16);
		ys[i] = y[i];
	}
	/* At a share's own x the curve gives that share back ... */
	for (i = 0; i < 4; i++) {
		CHECK(vlt_shamir_interpolate(xs, ys, 3, 16, xs[i], out) ==
		    VAULT_OK);
		CHECK(memcmp(out, y[i], 16) == 0);
	}
	/* ... and at 0 the secret. */
	CHECK(vlt_shamir_interpolate(xs + 1, ys + 1, 3, 16, 0, out) ==
	    VAULT_OK);
	CHECK(memcmp(out, secret, 16) == 0);
}

static void
test_shamir_invalid(void)
{
	uint8_t s[16] = { 1 }, ys[3 * 16], out[16];
	uint8_t dup[3] = { 1, 2, 1 }, zero[3] = { 0, 1, 2 };
	uint8_t ok[3] = { 1, 2, 3 };
	const uint8_t *p[3] = { ys, ys + 16, ys + 32 };

	CHECK(vlt_shamir_split(s, 16, 2, dup, 3, ys) == VAULT_ERR_INVALID);
	CHECK(vlt_shamir_split(s, 16, 2, zero, 3, ys) == VAULT_ERR_INVALID);
	CHECK(vlt_shamir_split(s, 16, 0, ok, 3, ys) == VAULT_ERR_INVALID);
	CHECK(vlt_shamir_split(s, 16, 4, ok, 3, ys) == VAULT_ERR_INVALID);
	CHECK(vlt_shamir_split(NULL, 16, 2, ok, 3, ys) == VAULT_ERR_INVALID);
	REQUIRE(vlt_shamir_split(s, 16, 2, ok, 3, ys) == VAULT_OK);
	CHECK(vlt_shamir_recover(dup, ys, 3, 16, out) == VAULT_ERR_INVALID);
	CHECK(vlt_shamir_recover(zero, ys, 3, 16, out) == VAULT_ERR_INVALID);
	CHECK(vlt_shamir_recover(ok, ys, 0, 16, out) == VAULT_ERR_INVALID);
	CHECK(vlt_shamir_interpolate(dup, p, 3, 16, 0, out) ==
	    VAULT_ERR_INVALID);
	CHECK(vlt_shamir_interpolate(ok, p, 0, 16, 0, out) ==
	    VAULT_ERR_INVALID);
}

int
main(void)
{
	test_rng_setup();
	RUN(test_known_answers);
	RUN(test_mul_exhaustive);
	RUN(test_inverse_all);
	RUN(test_field_laws);
	RUN(test_shamir_every_subset);
	RUN(test_shamir_interpolate);
	RUN(test_shamir_invalid);
	return TAP_END();
}
