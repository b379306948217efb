/* SPDX-License-Identifier: ISC */
/*
 * strength_bench.c - how many vault_strength_check() calls a second this
 * machine does (issue 4 asks for at least 20,000), for each kind of
 * password and for a mix of them. Not a test: run it by hand (or from
 * tests/bench/run.sh); docs/password-policy.md records the figures. It
 * needs only <vault.h>, bench.h and libvault, like the examples.
 *
 *   strength_bench [SECONDS_PER_KIND]      (default 1)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vault.h"
#include "bench.h"

#define SAMPLES 4096
#define PW_MAX 96

static char pw[SAMPLES][PW_MAX];

static const char *const context[] = {
	"Little Snoring Parish Council", "Mary Smith", "John Brown",
	"HMRC online services", "clerk@littlesnoring-pc.gov.uk",
	"www.tax.service.gov.uk"
};

/* A generated password (characters, or words if `words`) as a string. */
static int
generated(char *s, size_t chars, size_t words)
{
	vault_secret *g = NULL;
	size_t n;

	if ((words ? vault_gen_words(words, &g, NULL) :
	    vault_gen_chars(chars, NULL, &g, NULL)) != VAULT_OK)
		return -1;
	n = vault_secret_len(g) < PW_MAX - 1 ? vault_secret_len(g) : PW_MAX - 1;
	memcpy(s, vault_secret_data(g), n);
	s[n] = '\0';
	vault_secret_free(g);
	return 0;
}

/* kind 0: random 8..16 characters; 1: four EFF words; 2: human-style
 * (word, digits, symbol); 3: dates; 4: the mix of all four. */
static int
fill(int kind, size_t i)
{
	static const char *const human[] = {
		"Summer", "P@ssw0rd", "Football", "Monkey", "Sunshine",
		"Liverpool", "Elephant", "Dragon"
	};

	if (kind == 4)
		kind = (int)(i % 4);
	switch (kind) {
	case 0:
		return generated(pw[i], 8 + i % 9, 0);
	case 1:
		return generated(pw[i], 0, 4);
	case 2:
		snprintf(pw[i], PW_MAX, "%s%d!", human[i % 8], rand() % 100);
		return 0;
	default:
		snprintf(pw[i], PW_MAX, "%02d/%02d/19%02d", 1 + rand() % 28,
		    1 + rand() % 12, rand() % 100);
		return 0;
	}
}

/* CPU seconds of this process: unlike the wall clock, not stretched
 * when other work shares the cores. */
static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
run(const char *name, int kind, double seconds, vault_strength_level level)
{
	vault_strength *v = NULL;
	double t0, c0, t;
	size_t i, n = 0, ok = 0;

	for (i = 0; i < SAMPLES; i++)
		if (fill(kind, i) != 0)
			return 1;
	t0 = bench_now();
	c0 = cpu_now();
	do {
		for (i = 0; i < 256; i++, n++) {
			const char *p = pw[n % SAMPLES];

			if (vault_strength_check((const uint8_t *)p, strlen(p),
			    level, context, sizeof context / sizeof context[0],
			    &v) != VAULT_OK)
				return 1;
			ok += (size_t)vault_strength_ok(v);
			vault_strength_free(v);
		}
		t = bench_now() - t0;
	} while (t < seconds);
	printf("%-30s %7.0f /s wall %7.0f /s cpu  (%zu, %.1f%% accepted)\n",
	    name, (double)n / t, (double)n / (cpu_now() - c0), n,
	    100.0 * (double)ok / (double)n);
	return 0;
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;

	if (seconds <= 0)
		return 1;
	srand(1);
	printf("# vault_strength_check, 6 context strings, one thread;\n"
	    "# checks a second of wall-clock and of CPU time\n");
	return run("random 8-16 characters", 0, seconds,
	    VAULT_STRENGTH_CREDENTIAL) ||
	    run("four EFF words", 1, seconds, VAULT_STRENGTH_CREDENTIAL) ||
	    run("word + digits + symbol", 2, seconds,
	    VAULT_STRENGTH_CREDENTIAL) ||
	    run("dates", 3, seconds, VAULT_STRENGTH_CREDENTIAL) ||
	    run("mix of the four (credential)", 4, seconds,
	    VAULT_STRENGTH_CREDENTIAL) ||
	    run("mix of the four (passphrase)", 4, seconds,
	    VAULT_STRENGTH_PASSPHRASE);
}
