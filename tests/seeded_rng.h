/* SPDX-License-Identifier: ISC */
/*
 * seeded_rng.h - for tests that draw random values: libsodium's
 * randombytes replaced by a ChaCha20 stream keyed from a seed, printed at
 * start, so that a failure can be replayed with VAULT_TEST_SEED=N. The
 * seed is the clock and pid unless VAULT_TEST_SEED is set. Call
 * test_rng_setup() first in main(), before anything calls sodium_init.
 */
#ifndef SEEDED_RNG_H
#define SEEDED_RNG_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

static uint8_t test_rng_key[crypto_stream_chacha20_KEYBYTES];
static uint64_t test_rng_ctr;

static const char *
test_rng_name(void)
{
	return "test-seeded-chacha20";
}

static void
test_rng_buf(void *const buf, const size_t size)
{
	uint8_t nonce[crypto_stream_chacha20_NONCEBYTES];

	for (size_t i = 0; i < sizeof nonce; i++)
		nonce[i] = (uint8_t)(test_rng_ctr >> (8 * i));
	test_rng_ctr++;
	crypto_stream_chacha20(buf, size, nonce, test_rng_key);
}

static uint32_t
test_rng_random(void)
{
	uint32_t r;

	test_rng_buf(&r, sizeof r);
	return r;
}

/* stir, uniform and close: libsodium's defaults (uniform rejects the
 * biased top of the range using random()). */
static randombytes_implementation test_rng_impl = {
	test_rng_name, test_rng_random, NULL, NULL, test_rng_buf, NULL
};

static void
test_rng_setup(void)
{
	const char *env = getenv("VAULT_TEST_SEED");
	unsigned long long seed;

	seed = env ? strtoull(env, NULL, 0) : (unsigned long long)time(NULL) ^
	    ((unsigned long long)getpid() << 32);
	printf("# seed: %llu (set VAULT_TEST_SEED to replay)\n", seed);
	for (size_t i = 0; i < sizeof test_rng_key; i++)
		test_rng_key[i] = (uint8_t)(seed >> (8 * (i % 8))) ^ (uint8_t)i;
	if (randombytes_set_implementation(&test_rng_impl) != 0 ||
	    sodium_init() < 0)
		abort();
}

#endif
