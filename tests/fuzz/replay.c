/* SPDX-License-Identifier: ISC */
/*
 * replay.c - a main() for a fuzz target without libFuzzer: feeds it every
 * file named on the command line, and every regular file (in name order)
 * of every directory named, once each. `make fuzz-replay` links each
 * target with this file under gcc's AddressSanitizer and
 * UndefinedBehaviorSanitizer and runs it over tests/fuzz/corpus/<target>,
 * so the corpus (seeds and every crash ever found) is checked by
 * `make check` on every machine, with no clang needed.
 *
 * Prints one line per input with -v, and a summary line; exits 0 only if
 * every input ran (a property failure or sanitizer report aborts).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

/* Weak: only targets that need set-up define it. */
__attribute__((weak)) int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int verbose;
static size_t ran;

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;
	int rc = -1;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto out;
	/* An exact-size heap copy, so ASan sees any read past the end.
	 * A non-NULL pointer even for an empty input, as libFuzzer gives. */
	if ((buf = malloc(n ? (size_t)n : 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n)
		goto out;
	if (verbose)
		fprintf(stderr, "# %s (%ld bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	ran++;
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "replay: cannot read %s\n", path);
	free(buf);
	if (f != NULL)
		fclose(f);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0;
	struct stat sb;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char **nn;

		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((nn = realloc(names, cap * sizeof *names)) == NULL)
				abort();
			names = nn;
		}
		if ((names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    run_file(path) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat sb;
	int rc = 0, i = 1;

	LLVMFuzzerInitialize(&argc, &argv);
	if (i < argc && strcmp(argv[i], "-v") == 0) {
		verbose = 1;
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: no such file %s\n", argv[i]);
			rc = 1;
		} else if (S_ISDIR(sb.st_mode) ? run_dir(argv[i]) :
		    run_file(argv[i])) {
			rc = 1;
		}
	}
	printf("%zu inputs\n", ran);
	return rc;
}
