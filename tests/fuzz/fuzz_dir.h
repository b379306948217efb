/* SPDX-License-Identifier: ISC */
/*
 * fuzz_dir.h - a private directory for targets whose input must be a
 * file (a vault, a Pwned Passwords list): BASE/PREFIX-PID, mode 0700, on
 * /dev/shm when there is one, else /tmp, emptied and removed at exit. A
 * crashed run (every finding is one) cannot clean up after itself, so
 * each run first removes the directories of runs whose process is gone.
 * The files hold fuzz input only, never a real secret.
 */
#ifndef FUZZ_DIR_H
#define FUZZ_DIR_H

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_dir_path[96];

/* Remove every file in directory `d`, then `d` itself. */
static void
fuzz_dir_remove(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	char p[192];

	if (dp != NULL) {
		while ((de = readdir(dp)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0) {
				if ((size_t)snprintf(p, sizeof p, "%s/%s", d,
				    de->d_name) < sizeof p)
					unlink(p);
			}
		closedir(dp);
	}
	rmdir(d);
}

static void
fuzz_dir_cleanup(void)
{
	fuzz_dir_remove(fuzz_dir_path);
}

/* BASE/PREFIX-PID directories whose process is gone. */
static void
fuzz_dir_remove_stale(const char *base, const char *prefix)
{
	DIR *d = opendir(base);
	struct dirent *de;
	size_t pl = strlen(prefix);
	char p[192], *end;
	long pid;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, pl) != 0 ||
		    de->d_name[pl] != '-')
			continue;
		pid = strtol(de->d_name + pl + 1, &end, 10);
		if (*end == '\0' && pid > 0 && kill((pid_t)pid, 0) != 0 &&
		    errno == ESRCH) {
			if ((size_t)snprintf(p, sizeof p, "%s/%s", base,
			    de->d_name) < sizeof p)
				fuzz_dir_remove(p);
		}
	}
	closedir(d);
}

/* Make this process's directory and put DIR/name in path (cap bytes). */
static void
fuzz_dir_make(const char *prefix, const char *name, char *path, size_t cap)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	fuzz_dir_remove_stale(base, prefix);
	snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/%s-%ld", base,
	    prefix, (long)getpid());
	if (mkdir(fuzz_dir_path, 0700) != 0 && errno != EEXIST)
		abort();
	snprintf(path, cap, "%s/%s", fuzz_dir_path, name);
	atexit(fuzz_dir_cleanup);
}

#endif
