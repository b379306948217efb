/* SPDX-License-Identifier: ISC */
/*
 * fuzz.h - what the fuzz targets share: the libFuzzer entry points, an
 * assertion that survives NDEBUG, and a deterministic randombytes source.
 *
 * Every target is built twice: with clang -fsanitize=fuzzer (`make fuzz`)
 * and with gcc plus tests/fuzz/replay.c, which feeds it the checked-in
 * corpus (`make fuzz-replay`, part of `make check`). Targets are
 * deterministic and stateless and always return 0; a broken property
 * calls abort(), which both drivers report as a crash.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(e) do { if (!(e)) { \
	fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
	    #e); abort(); } } while (0)

/*
 * Deterministic randomness. Targets that split shares or seal records
 * draw random bytes; to stay deterministic they install this generator
 * (before the first sodium_init) and reseed it from each input. It is a
 * splitmix64 stream: fine for reproducible tests, worthless for keys, and
 * never linked into the library or the program.
 */
#define FUZZ_UNUSED __attribute__((unused))

FUZZ_UNUSED static uint64_t fuzz_rng_state;

FUZZ_UNUSED static uint64_t
fuzz_rng_next(void)
{
	uint64_t z = (fuzz_rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

FUZZ_UNUSED static void
fuzz_rng_seed(const uint8_t *data, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;     /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ data[i]) * 0x100000001b3ull;
	fuzz_rng_state = h;
}

FUZZ_UNUSED static const char *
fuzz_rng_name(void)
{
	return "cvault-fuzz-deterministic";
}

FUZZ_UNUSED static uint32_t
fuzz_rng_random(void)
{
	return (uint32_t)fuzz_rng_next();
}

FUZZ_UNUSED static void
fuzz_rng_stir(void)
{
}

FUZZ_UNUSED static void
fuzz_rng_buf(void *const buf, const size_t size)
{
	uint8_t *p = buf;

	for (size_t i = 0; i < size; i += 8) {
		uint64_t x = fuzz_rng_next();
		size_t n = size - i < 8 ? size - i : 8;

		memcpy(p + i, &x, n);
	}
}

FUZZ_UNUSED static int
fuzz_rng_close(void)
{
	return 0;
}

/* Call from LLVMFuzzerInitialize, before anything calls sodium_init. */
FUZZ_UNUSED static void
fuzz_rng_install(void)
{
	static randombytes_implementation impl = {
		fuzz_rng_name, fuzz_rng_random, fuzz_rng_stir, NULL,
		fuzz_rng_buf, fuzz_rng_close
	};

	if (randombytes_set_implementation(&impl) != 0 || sodium_init() < 0)
		abort();
}

#endif
