/* SPDX-License-Identifier: ISC */
/*
 * t_gen.c - password generation (issue 4): every character of a set and
 * every EFF word and separator is reachable, the draws look uniform (a
 * chi-square bound loose enough never to flake), lengths and entropy
 * figures are right, and what vault_gen_* hands out passes the policy.
 *
 * libsodium's randombytes is swapped for a ChaCha20 stream seeded from
 * VAULT_TEST_SEED (or the clock), so a failure can be replayed: the seed
 * is printed first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "tap.h"
#include "seeded_rng.h"
#include "vault.h"
#include "strength.h"
#include "wordlists.h"

/* ---- helpers ---- */

/* Pearson's chi-square of `n` bins against equal expectation. */
static double
chi_square(const unsigned long *count, size_t n, unsigned long total)
{
	double e = (double)total / (double)n, x = 0.0, d;
	size_t i;

	for (i = 0; i < n; i++) {
		d = (double)count[i] - e;
		x += d * d / e;
	}
	return x;
}

/* A bound the statistic of `dof` degrees of freedom exceeds with
 * probability below 1e-12 (Wilson-Hilferty: z = 7.1). */
static double
chi_bound(double dof)
{
	double c = 2.0 / (9.0 * dof), z = 7.1;

	return dof * pow(1.0 - c + z * sqrt(c), 3.0);
}

static int
passes(const vault_secret *s, vault_strength_level level)
{
	vault_strength *v = NULL;
	int ok;

	if (vault_strength_check(vault_secret_data(s), vault_secret_len(s),
	    level, NULL, 0, &v) != VAULT_OK)
		return 0;
	ok = vault_strength_ok(v);
	vault_strength_free(v);
	return ok;
}

static long
eff_index(const char *w, size_t n)
{
	size_t lo = 0, hi = VLT_EFF_WORDS, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(w, vlt_eff_words[mid], n);
		if (c == 0 && vlt_eff_words[mid][n] != '\0')
			c = -1;
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Parse a generated phrase into exactly `want` word indexes and the
 * separator indexes between them. Four EFF words hold a hyphen, which is
 * also a separator ("felt-tip" or "felt" "-" "tip"), so this backtracks:
 * the drawn reading always has `want` words. Returns 1 if it parses. */
static int
parse_phrase(const uint8_t *p, size_t len, size_t at, long *word, long *sep,
    size_t want)
{
	const char *s;
	size_t k;
	long w;

	if (want == 0)
		return at == len;
	for (k = 10; k >= 3; k--) {    /* EFF words are 3 to 10 letters */
		if (at + k > len ||
		    (w = eff_index((const char *)p + at, k)) < 0)
			continue;
		word[0] = w;
		if (want == 1) {
			if (at + k == len)
				return 1;
			continue;
		}
		if (at + k >= len || p[at + k] == '\0' ||
		    (s = strchr(vlt_gen_separators, p[at + k])) == NULL)
			continue;
		sep[0] = (long)(s - vlt_gen_separators);
		if (parse_phrase(p, len, at + k + 1, word + 1, sep + 1,
		    want - 1))
			return 1;
	}
	return 0;
}

/* ---- tests ---- */

static void
test_chars_uniform(void)
{
	static const char *const sets[] = {
		vlt_gen_charset_default, "01", "0123456789",
		"abcdefghijklmnopqrstuvwxyz",
	};
	unsigned long count[128];
	vault_secret *s = NULL;
	size_t i, j, k, n, draws;
	const uint8_t *p;
	double x;

	for (k = 0; k < sizeof sets / sizeof sets[0]; k++) {
		n = strlen(sets[k]);
		memset(count, 0, sizeof count);
		draws = 100000;         /* 1,333 a character, default set */
		REQUIRE(vlt_gen_draw_chars(draws, sets[k], n, &s) == VAULT_OK);
		p = vault_secret_data(s);
		for (i = 0; i < draws; i++)
			count[p[i] & 0x7f]++;
		vault_secret_free(s);
		s = NULL;
		for (j = 0; j < n; j++) {
			CHECK(count[(unsigned char)sets[k][j]] > 0);
			count[j] = count[(unsigned char)sets[k][j]];
		}
		x = chi_square(count, n, (unsigned long)draws);
		printf("# set of %zu: chi-square %.1f (bound %.1f)\n", n, x,
		    chi_bound((double)(n - 1)));
		CHECK(x < chi_bound((double)(n - 1)));
	}
}

static void
test_words_uniform(void)
{
	static unsigned long wc[VLT_EFF_WORDS];
	unsigned long sc[16] = { 0 }, words = 0, seps = 0;
	long word[VAULT_GEN_WORDS_MAX], sep[VAULT_GEN_WORDS_MAX];
	vault_secret *s = NULL;
	size_t i, j, n, missing = 0;
	double x;

	REQUIRE(strlen(vlt_gen_separators) == 16);
	memset(wc, 0, sizeof wc);
	/* 8,000 phrases of 32 words: 256,000 words, 33 a word on average;
	 * the chance some word never shows is about 7776 * e^-33 = 4e-11 */
	for (i = 0; i < 8000; i++) {
		REQUIRE(vlt_gen_draw_words(VAULT_GEN_WORDS_MAX, &s) ==
		    VAULT_OK);
		n = parse_phrase(vault_secret_data(s), vault_secret_len(s), 0,
		    word, sep, VAULT_GEN_WORDS_MAX) ? VAULT_GEN_WORDS_MAX : 0;
		vault_secret_free(s);
		s = NULL;
		REQUIRE(n == VAULT_GEN_WORDS_MAX);
		for (j = 0; j < n; j++, words++)
			wc[word[j]]++;
		for (j = 0; j + 1 < n; j++, seps++)
			sc[sep[j]]++;
	}
	for (i = 0; i < VLT_EFF_WORDS; i++)
		missing += wc[i] == 0;
	CHECK(missing == 0);
	x = chi_square(wc, VLT_EFF_WORDS, words);
	printf("# %lu words: chi-square %.1f (bound %.1f)\n", words, x,
	    chi_bound(VLT_EFF_WORDS - 1));
	CHECK(x < chi_bound(VLT_EFF_WORDS - 1));
	for (i = 0; i < 16; i++)
		CHECK(sc[i] > 0);
	x = chi_square(sc, 16, seps);
	printf("# %lu separators: chi-square %.1f (bound %.1f)\n", seps, x,
	    chi_bound(15));
	CHECK(x < chi_bound(15));
}

static void
test_chars_api(void)
{
	static const size_t lens[] = {
		0, 8, 11, 12, 20, 64, VAULT_GEN_LENGTH_MAX
	};
	vault_secret *s = NULL;
	double bits = -1.0;
	size_t i, j, len;
	const uint8_t *p;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		len = lens[i] ? lens[i] : VAULT_GEN_LENGTH_DEFAULT;
		REQUIRE(vault_gen_chars(lens[i], NULL, &s, &bits) == VAULT_OK);
		CHECK(vault_secret_len(s) == len);
		CHECK(fabs(bits - (double)len * log2(75.0)) < 1e-9);
		p = vault_secret_data(s);
		for (j = 0; j < len; j++)
			CHECK(p[j] != 0 &&
			    strchr(vlt_gen_charset_default, p[j]) != NULL);
		CHECK(passes(s, len >= 12 ? VAULT_STRENGTH_PASSPHRASE :
		    VAULT_STRENGTH_CREDENTIAL));
		vault_secret_free(s);
		s = NULL;
	}
	CHECK(strlen(vlt_gen_charset_default) == 75);
	REQUIRE(vault_gen_chars(16, "abcdefghijklmnop", &s, &bits) == VAULT_OK);
	CHECK(vault_secret_len(s) == 16 && fabs(bits - 64.0) < 1e-9);
	vault_secret_free(s);
	s = NULL;
	REQUIRE(vault_gen_chars(30, "0123456789", &s, NULL) == VAULT_OK);
	CHECK(passes(s, VAULT_STRENGTH_PASSPHRASE));
	vault_secret_free(s);
}

static void
test_chars_errors(void)
{
	vault_secret *s = (vault_secret *)&s;
	double bits = 1.0;

	CHECK(vault_gen_chars(20, NULL, NULL, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_gen_chars(20, "", &s, &bits) == VAULT_ERR_INVALID);
	CHECK(s == NULL && bits == 0.0);
	CHECK(vault_gen_chars(20, "aab", &s, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_gen_chars(20, "ab c", &s, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_gen_chars(20, "ab\tc", &s, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_gen_chars(20, "ab\xc3\xa9", &s, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_gen_chars(VAULT_GEN_LENGTH_MAX + 1, NULL, &s, NULL) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_gen_chars(7, NULL, &s, NULL) == VAULT_ERR_POLICY);
	CHECK(vault_gen_chars(8, "0123456789", &s, NULL) == VAULT_ERR_POLICY);
	CHECK(vault_gen_chars(12, "abcdefgh", &s, NULL) == VAULT_ERR_POLICY);
	CHECK(s == NULL);
}

static void
test_words_api(void)
{
	long word[VAULT_GEN_WORDS_MAX], sep[VAULT_GEN_WORDS_MAX];
	static const size_t counts[] = { 0, 4, 5, 6, VAULT_GEN_WORDS_MAX };
	vault_secret *s = NULL;
	double bits, want;
	size_t i, k;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		k = counts[i] ? counts[i] : VAULT_GEN_WORDS_DEFAULT;
		REQUIRE(vault_gen_words(counts[i], &s, &bits) == VAULT_OK);
		CHECK(parse_phrase(vault_secret_data(s), vault_secret_len(s), 0,
		    word, sep, k));
		want = (double)k * log2(7776.0) + (double)(k - 1) * 4.0;
		CHECK(fabs(bits - want) < 1e-9);
		CHECK(passes(s, VAULT_STRENGTH_PASSPHRASE));
		vault_secret_free(s);
		s = NULL;
	}
	CHECK(fabs(4 * log2(7776.0) + 12.0 - 63.699) < 0.001);
	s = (vault_secret *)&s;
	bits = 1.0;
	CHECK(vault_gen_words(3, &s, &bits) == VAULT_ERR_POLICY);
	CHECK(s == NULL && bits == 0.0);
	CHECK(vault_gen_words(1, &s, NULL) == VAULT_ERR_POLICY);
	CHECK(vault_gen_words(VAULT_GEN_WORDS_MAX + 1, &s, NULL) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_gen_words(4, NULL, NULL) == VAULT_ERR_INVALID);
	CHECK(vlt_gen_draw_words(0, &s) == VAULT_ERR_INVALID && s == NULL);
}

/* Many generated passwords, each re-checked at its level. */
static void
test_generated_pass(void)
{
	vault_secret *s = NULL;
	size_t i, bad = 0;

	for (i = 0; i < 300; i++) {
		REQUIRE(vault_gen_chars(8 + i % 3 * 6, NULL, &s, NULL) ==
		    VAULT_OK);
		bad += !passes(s, vault_secret_len(s) >= 12 ?
		    VAULT_STRENGTH_PASSPHRASE : VAULT_STRENGTH_CREDENTIAL);
		vault_secret_free(s);
		REQUIRE(vault_gen_words(4, &s, NULL) == VAULT_OK);
		bad += !passes(s, VAULT_STRENGTH_PASSPHRASE);
		vault_secret_free(s);
		s = NULL;
	}
	CHECK(bad == 0);
}

int
main(void)
{
	test_rng_setup();
	RUN(test_chars_uniform);
	RUN(test_words_uniform);
	RUN(test_chars_api);
	RUN(test_chars_errors);
	RUN(test_words_api);
	RUN(test_generated_pass);
	return TAP_END();
}
