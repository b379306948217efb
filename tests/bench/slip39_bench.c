/* SPDX-License-Identifier: ISC */
/*
 * slip39_bench.c - SLIP-0039 operations a second on this machine (issue 5
 * asks for split and combine per second), through <vault.h> only:
 *  - split a 128-bit secret 2-of-3 and 3-of-5 as escrow does it (one
 *    group, no passphrase, iteration exponent 0, not extendable: see
 *    vlt_escrow_plan in vault/escrow.c); the mnemonics are then freed;
 *  - combine a threshold's worth of those mnemonics (decode each, then
 *    recombine: vault_slip39_combine, as an opening with paper shares
 *    does);
 *  - decode one 20-word mnemonic (word lookup and the RS1024 checksum).
 * Split and combine each run the 4-round PBKDF2-HMAC-SHA256 Feistel
 * cipher once (10,000 iterations in all at exponent 0), which is nearly
 * all of their cost. Each operation runs for SECONDS, RUNS times; the
 * median rate of the runs is reported, with the range to show the noise.
 * Not a test: tests/bench/run.sh runs it for `make bench`, and
 * docs/benchmarks.md records the figures.
 *
 *   slip39_bench [SECONDS_PER_RUN [RUNS]]      (default 0.2 and 5)
 *
 * Prints a Markdown table on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vault.h"
#include "bench.h"

#define SECRET_LEN 16u                  /* escrow's key: 128 bits */
#define N_MAX 5u
#define MNEMONIC_MAX 400u               /* 33 words of at most 8 letters */

/* Not a secret: a fixed test value. */
static const uint8_t secret[SECRET_LEN] = {
	0x0c, 0x94, 0x90, 0xbc, 0xe6, 0x41, 0x3a, 0x2b,
	0x9f, 0x40, 0x55, 0x17, 0x7e, 0x3a, 0x61, 0xd8
};

/* One k-of-n set of mnemonics, as NUL-terminated strings. */
struct set {
	unsigned k, n;
	char mn[N_MAX][MNEMONIC_MAX];
	const char *ptr[N_MAX];
};

static struct set set23 = { 2, 3, { { 0 } }, { NULL } };
static struct set set35 = { 3, 5, { { 0 } }, { NULL } };

static void
free_all(vault_secret **out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		vault_secret_free(out[i]);
		out[i] = NULL;
	}
}

/* Split as escrow does: one group of k-of-n, no passphrase, e = 0. */
static int
split(const struct set *s, vault_secret **out)
{
	vault_slip39_group g;

	g.threshold = (uint8_t)s->k;
	g.count = (uint8_t)s->n;
	return vault_slip39_split(secret, SECRET_LEN, NULL, 0, 0, 0, 1, &g, 1,
	    out, s->n) == VAULT_OK ? 0 : -1;
}

/* Fill `s` with one split's mnemonics, and check that the threshold's
 * first and last members both give the secret back. */
static int
prepare(struct set *s)
{
	vault_secret *out[N_MAX] = { NULL };
	vault_secret *got = NULL;
	const char *last[N_MAX];
	int rc = -1;

	if (split(s, out) != 0)
		return -1;
	for (unsigned i = 0; i < s->n; i++) {
		size_t len = vault_secret_len(out[i]);

		if (len >= MNEMONIC_MAX)
			goto out;
		memcpy(s->mn[i], vault_secret_data(out[i]), len);
		s->mn[i][len] = '\0';
		s->ptr[i] = s->mn[i];
		last[i] = s->mn[s->n - 1 - i];
	}
	if (vault_slip39_combine(s->ptr, s->k, NULL, 0, &got) != VAULT_OK ||
	    vault_secret_len(got) != SECRET_LEN ||
	    memcmp(vault_secret_data(got), secret, SECRET_LEN) != 0)
		goto out;
	vault_secret_free(got);
	got = NULL;
	if (vault_slip39_combine(last, s->k, NULL, 0, &got) != VAULT_OK ||
	    vault_secret_len(got) != SECRET_LEN ||
	    memcmp(vault_secret_data(got), secret, SECRET_LEN) != 0)
		goto out;
	rc = 0;
out:
	vault_secret_free(got);
	free_all(out, N_MAX);
	return rc;
}

static int
op_split(const struct set *s)
{
	vault_secret *out[N_MAX] = { NULL };
	int rc = split(s, out);

	free_all(out, s->n);
	return rc;
}

static int
op_combine(const struct set *s)
{
	vault_secret *got = NULL;
	int rc;

	rc = vault_slip39_combine(s->ptr, s->k, NULL, 0, &got) == VAULT_OK &&
	    vault_secret_len(got) == SECRET_LEN ? 0 : -1;

	vault_secret_free(got);
	return rc;
}

static int
op_decode(const struct set *s)
{
	vault_share *sh = NULL;
	int rc = vault_share_decode((const uint8_t *)s->mn[0],
	    strlen(s->mn[0]), &sh, NULL) == VAULT_OK ? 0 : -1;

	vault_share_free(sh);
	return rc;
}

/* Run `fn` for `seconds`, `runs` times; print one table row. */
static int
measure(const char *name, int (*fn)(const struct set *), const struct set *s,
    double seconds, int runs)
{
	double wall[BENCH_RUNS_MAX], cpu[BENCH_RUNS_MAX], lo = 0, hi = 0;
	double t0, c0, t, med;
	size_t n;

	for (int r = 0; r < runs; r++) {
		n = 0;
		t0 = bench_now();
		c0 = bench_cpu();
		do {
			if (fn(s) != 0) {
				fprintf(stderr, "slip39_bench: %s failed\n",
				    name);
				return -1;
			}
			n++;
			t = bench_now() - t0;
		} while (t < seconds);
		wall[r] = (double)n / t;
		cpu[r] = (double)n / (bench_cpu() - c0);
		lo = r == 0 || wall[r] < lo ? wall[r] : lo;
		hi = r == 0 || wall[r] > hi ? wall[r] : hi;
	}
	med = bench_median(wall, (size_t)runs);
	printf("| %s | %.0f | %.0f - %.0f | %.1f | %.0f |\n", name, med, lo,
	    hi, 1e6 / med, bench_median(cpu, (size_t)runs));
	return 0;
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0.2;
	int runs = argc > 2 ? bench_runs(argv[2]) : 5;

	if (argc > 3 || seconds <= 0 || runs < 0) {
		fprintf(stderr, "usage: slip39_bench [SECONDS_PER_RUN "
		    "[RUNS]]\n");
		return 2;
	}
	if (prepare(&set23) != 0 || prepare(&set35) != 0) {
		fprintf(stderr, "slip39_bench: split or combine failed\n");
		return 1;
	}
	printf("128-bit secret, one group, no passphrase, iteration exponent"
	    " 0 (as escrow splits); one thread; median of %d runs of %.2g"
	    " s each.\n\n", runs, seconds);
	printf("| operation | ops/s (wall, median) | range of runs |"
	    " us/op | ops/s (CPU) |\n");
	printf("|---|---:|---:|---:|---:|\n");
	return measure("split 2-of-3", op_split, &set23, seconds, runs) ||
	    measure("split 3-of-5", op_split, &set35, seconds, runs) ||
	    measure("combine 2 of 2-of-3 (decode + recover)", op_combine,
	    &set23, seconds, runs) ||
	    measure("combine 3 of 3-of-5 (decode + recover)", op_combine,
	    &set35, seconds, runs) ||
	    measure("decode + checksum one 20-word mnemonic", op_decode,
	    &set23, seconds, runs) ? 1 : 0;
}
