/* SPDX-License-Identifier: ISC */
/*
 * openget.c - cvault's cost above the bare Argon2id, inside one process:
 * for each run, derive a key with the vault's KDF settings exactly as
 * vault/kdf.c does (crypto_pwhash for one lane, libargon2 otherwise), then
 * vault_open() + vault_entry_get() + vault_close() on the vault, and take
 * the difference. Runs alternate the two, so drift in machine load hits
 * both alike.
 *
 *   openget PATH TITLE MIB PASSES LANES RUNS
 *
 * Prints medians in ms: kdf open get close above above_cpu, where above
 * is the median of the per-run differences open+get+close - kdf in wall
 * time, and above_cpu the same in process CPU time (user + system),
 * which other load on the machine disturbs far less; it leaves out time
 * spent waiting for the disk (fsync).
 */
#include <stdint.h>
#include <stdio.h>
#include <argon2.h>
#include <sodium.h>
#include "vault.h"
#include "bench.h"

#define PASS "bench passphrase"

static int
bare_kdf(uint32_t mib, uint32_t passes, uint32_t lanes)
{
	static const uint8_t salt[16] = "cvault-bench-slt";
	uint8_t out[32];

	if (lanes == 1)
		return crypto_pwhash(out, sizeof out, PASS, strlen(PASS), salt,
		    passes, (size_t)mib << 20, crypto_pwhash_ALG_ARGON2ID13);
	return argon2id_hash_raw(passes, mib * 1024u, lanes, PASS,
	    strlen(PASS), salt, sizeof salt, out, sizeof out) == ARGON2_OK ?
	    0 : -1;
}

int
main(int argc, char **argv)
{
	double kdf[BENCH_RUNS_MAX], op[BENCH_RUNS_MAX], get[BENCH_RUNS_MAX];
	double cl[BENCH_RUNS_MAX], above[BENCH_RUNS_MAX], acpu[BENCH_RUNS_MAX];
	uint32_t mib, passes, lanes;
	vault_entry *e = NULL;
	vault *v = NULL;
	vault_err rc = VAULT_OK;
	int runs;

	if (argc != 7 || (runs = bench_runs(argv[6])) < 0) {
		fprintf(stderr, "usage: openget PATH TITLE MIB PASSES LANES "
		    "RUNS\n");
		return 2;
	}
	mib = (uint32_t)strtoul(argv[3], NULL, 10);
	passes = (uint32_t)strtoul(argv[4], NULL, 10);
	lanes = (uint32_t)strtoul(argv[5], NULL, 10);
	if (sodium_init() < 0)
		return 1;
	for (int i = 0; i < runs; i++) {
		double t0, t1, t2, t3, t4, c0, c1, c2;

		c0 = bench_cpu();
		t0 = bench_now();
		if (bare_kdf(mib, passes, lanes) != 0) {
			fprintf(stderr, "openget: KDF failed\n");
			return 1;
		}
		t1 = bench_now();
		c1 = bench_cpu();
		if ((rc = vault_open(argv[1], (const uint8_t *)PASS,
		    strlen(PASS), &v)) != VAULT_OK)
			break;
		t2 = bench_now();
		rc = vault_entry_get(v, argv[2], &e);
		t3 = bench_now();
		vault_entry_free(e);
		e = NULL;
		vault_close(v);
		v = NULL;
		t4 = bench_now();
		c2 = bench_cpu();
		if (rc != VAULT_OK)
			break;
		kdf[i] = 1e3 * (t1 - t0);
		op[i] = 1e3 * (t2 - t1);
		get[i] = 1e3 * (t3 - t2);
		cl[i] = 1e3 * (t4 - t3);
		above[i] = 1e3 * ((t4 - t1) - (t1 - t0));
		acpu[i] = 1e3 * ((c2 - c1) - (c1 - c0));
	}
	if (rc != VAULT_OK) {
		fprintf(stderr, "openget: %s\n", vault_strerror(rc));
		return 1;
	}
	printf("%.2f %.2f %.3f %.3f %.2f %.2f\n", bench_median(kdf,
	    (size_t)runs), bench_median(op, (size_t)runs), bench_median(get,
	    (size_t)runs), bench_median(cl, (size_t)runs), bench_median(above,
	    (size_t)runs), bench_median(acpu, (size_t)runs));
	return 0;
}
