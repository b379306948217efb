/* SPDX-License-Identifier: ISC */
/*
 * bench.h - helpers shared by the benchmark programs in tests/bench/:
 * a monotonic clock, process CPU time and the median of a few samples.
 * Header-only, like tests/tap.h; run.sh builds the programs.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_UNUSED __attribute__((unused))
#define BENCH_RUNS_MAX 101

/* Seconds on the monotonic clock. */
BENCH_UNUSED static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of CPU time used by this process (all threads). */
BENCH_UNUSED static double
bench_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n-1] (sorts v in place); 0 for n == 0. */
BENCH_UNUSED static double
bench_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A run count from argv: 1 .. BENCH_RUNS_MAX, else -1. */
BENCH_UNUSED static int
bench_runs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > BENCH_RUNS_MAX)
		return -1;
	return (int)n;
}

#endif /* BENCH_H */
