/* SPDX-License-Identifier: ISC */
/*
 * kdf.c - bare Argon2id cost, outside cvault: how long one derivation
 * takes with libsodium's crypto_pwhash (one lane, what cvault uses for
 * one-lane keyslots) or with libargon2 (any lane count, one thread per
 * lane, what cvault and KeePassXC use otherwise), and so how much
 * memory-hardness (MiB x passes) each buys per second of the user's wait.
 *
 *   kdf sodium|argon2 MIB PASSES LANES RUNS
 *
 * prints one line: impl lanes MiB passes median_s first_s MiB*passes/s
 * median_cpu_s (CPU time of all threads; the rate is from wall time,
 * which is what the user waits for).
 * The same 32-byte key length, 16-byte salt and Argon2id v1.3 as cvault.
 */
#include <stdint.h>
#include <stdio.h>
#include <argon2.h>
#include <sodium.h>
#include "bench.h"

static int
derive(int sodium, uint32_t mib, uint32_t passes, uint32_t lanes)
{
	static const uint8_t salt[16] = "cvault-bench-slt";
	static const char pass[] = "correct horse battery staple";
	uint8_t out[32];
	argon2_context ctx;

	if (sodium)
		return crypto_pwhash(out, sizeof out, pass, sizeof pass - 1,
		    salt, passes, (size_t)mib << 20,
		    crypto_pwhash_ALG_ARGON2ID13);
	memset(&ctx, 0, sizeof ctx);
	ctx.out = out;
	ctx.outlen = sizeof out;
	ctx.pwd = (uint8_t *)(uintptr_t)pass;
	ctx.pwdlen = sizeof pass - 1;
	ctx.salt = (uint8_t *)(uintptr_t)salt;
	ctx.saltlen = sizeof salt;
	ctx.t_cost = passes;
	ctx.m_cost = mib * 1024u;
	ctx.lanes = lanes;
	ctx.threads = lanes;
	ctx.version = ARGON2_VERSION_13;
	ctx.flags = ARGON2_DEFAULT_FLAGS;     /* as cvault: wipe on free */
	return argon2_ctx(&ctx, Argon2_id) == ARGON2_OK ? 0 : -1;
}

int
main(int argc, char **argv)
{
	double t[BENCH_RUNS_MAX], cpu[BENCH_RUNS_MAX], best, first;
	unsigned long mib, passes, lanes;
	int sodium, runs;

	if (argc != 6 || (runs = bench_runs(argv[5])) < 0) {
		fprintf(stderr, "usage: kdf sodium|argon2 MIB PASSES LANES "
		    "RUNS\n");
		return 2;
	}
	sodium = strcmp(argv[1], "sodium") == 0;
	mib = strtoul(argv[2], NULL, 10);
	passes = strtoul(argv[3], NULL, 10);
	lanes = strtoul(argv[4], NULL, 10);
	if ((!sodium && strcmp(argv[1], "argon2") != 0) || mib < 1 ||
	    mib > 4096 || passes < 1 || passes > 16 || lanes < 1 ||
	    lanes > 16 || (sodium && lanes != 1) || sodium_init() < 0) {
		fprintf(stderr, "kdf: bad arguments (libsodium: 1 lane)\n");
		return 2;
	}
	/* One untimed warm-up, so the first run does not pay for loading. */
	if (derive(sodium, 8, 1, (uint32_t)lanes) != 0)
		goto fail;
	for (int i = 0; i < runs; i++) {
		double t0 = bench_now(), c0 = bench_cpu();

		if (derive(sodium, (uint32_t)mib, (uint32_t)passes,
		    (uint32_t)lanes) != 0)
			goto fail;
		t[i] = bench_now() - t0;
		cpu[i] = bench_cpu() - c0;
	}
	first = t[0];
	best = bench_median(t, (size_t)runs);
	printf("%s %lu %lu %lu %.4f %.4f %.0f %.4f\n", argv[1], lanes, mib,
	    passes, best, first, (double)mib * (double)passes / best,
	    bench_median(cpu, (size_t)runs));
	return 0;
fail:
	fprintf(stderr, "kdf: derivation failed (out of memory?)\n");
	return 1;
}
