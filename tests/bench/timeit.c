/* SPDX-License-Identifier: ISC */
/*
 * timeit.c - run a command RUNS times and report its wall time and peak
 * memory, for tests/bench/run.sh.
 *
 *   timeit RUNS BUDGET INPUT -- COMMAND [ARG]...
 *
 * Runs stop early, after at least one, when another run would take the
 * time spent past BUDGET seconds, so a slow operation on a large file
 * keeps the whole bench bounded; the number of runs done is printed.
 * Each run gets INPUT (a file: the passphrase lines) on stdin and
 * /dev/null as stdout; stderr goes to a scratch file shown if the command
 * fails (any non-zero exit fails the benchmark). "{i}" in an argument is
 * replaced by the run number, so runs that add an entry use new titles.
 * Wall time is CLOCK_MONOTONIC around fork..wait4; peak memory is
 * wait4()'s ru_maxrss, the figure `/usr/bin/time -f %M` prints; CPU time
 * is its user + system time (all threads), which other load on the
 * machine disturbs far less than wall time.
 * Prints: median_ms min_ms max_ms max_peak_KiB median_cpu_ms runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define ARGS_MAX 64

/* argv with "{i}" replaced by `run`, into bufs. */
static void
expand(char **in, int n, int run, char **out, char bufs[][256])
{
	for (int k = 0; k < n; k++) {
		char *p = strstr(in[k], "{i}");

		out[k] = in[k];
		if (p == NULL)
			continue;
		snprintf(bufs[k], 256, "%.*s%d%s", (int)(p - in[k]), in[k],
		    run, p + 3);
		out[k] = bufs[k];
	}
	out[n] = NULL;
}

static int
run_once(const char *input, char **args, const char *errpath, double *ms,
    double *cpu, long *rss)
{
	struct rusage ru;
	double t0 = bench_now();
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open(input, O_RDONLY);
		int out = open("/dev/null", O_WRONLY);
		int err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 ||
		    dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		execvp(args[0], args);
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	*ms = 1e3 * (bench_now() - t0);
	*rss = ru.ru_maxrss;
	*cpu = 1e3 * ((double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec) +
	    ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e3;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int
main(int argc, char **argv)
{
	static char bufs[ARGS_MAX][256];
	char *args[ARGS_MAX + 1], errpath[] = "/tmp/timeit-XXXXXX";
	double t[BENCH_RUNS_MAX], cpu[BENCH_RUNS_MAX], mn = 1e99, mx = 0;
	double budget, start;
	long peak = 0;
	int runs, done = 0, n, fd, rc = 0;

	if (argc < 6 || (runs = bench_runs(argv[1])) < 0 ||
	    (budget = strtod(argv[2], NULL)) <= 0 ||
	    strcmp(argv[4], "--") != 0 || (n = argc - 5) > ARGS_MAX) {
		fprintf(stderr, "usage: timeit RUNS BUDGET INPUT -- COMMAND "
		    "[ARG]...\n");
		return 2;
	}
	if ((fd = mkstemp(errpath)) < 0)
		return 1;
	close(fd);
	start = bench_now();
	while (done < runs && (done == 0 || (bench_now() - start) *
	    (done + 1) / done <= budget)) {
		long rss = 0;

		expand(argv + 5, n, done, args, bufs);
		if ((rc = run_once(argv[3], args, errpath, &t[done],
		    &cpu[done], &rss)) != 0)
			break;
		mn = t[done] < mn ? t[done] : mn;
		mx = t[done] > mx ? t[done] : mx;
		peak = rss > peak ? rss : peak;
		done++;
	}
	if (rc != 0) {
		char line[512];
		FILE *f = fopen(errpath, "r");

		fprintf(stderr, "timeit: %s exited %d:\n", argv[5], rc);
		while (f != NULL && fgets(line, sizeof line, f) != NULL)
			fputs(line, stderr);
		if (f != NULL)
			fclose(f);
	} else {
		printf("%.1f %.1f %.1f %ld %.1f %d\n", bench_median(t,
		    (size_t)done), mn, mx, peak, bench_median(cpu,
		    (size_t)done), done);
	}
	unlink(errpath);
	return rc != 0;
}
