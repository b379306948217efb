/* SPDX-License-Identifier: ISC */
/*
 * win_compat.h - what the unit tests and examples take from POSIX that
 * Windows names otherwise, for the Windows build only: it is put in
 * front of each test and example by scripts/windows/build (-include), so
 * the programs themselves stay plain. Never part of the library.
 */
#ifndef WIN_COMPAT_H
#define WIN_COMPAT_H
#ifdef _WIN32
#include <direct.h>
#include <process.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* mkdtemp(3): replace the trailing XXXXXX and make the directory. */
__attribute__((unused)) static char *
mkdtemp(char *tmpl)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = strlen(tmpl);

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0)
		return NULL;
	srand((unsigned)time(NULL) ^ (unsigned)_getpid());
	for (int tries = 0; tries < 100; tries++) {
		for (size_t i = n - 6; i < n; i++)
			tmpl[i] = set[rand() % 36];
		if (_mkdir(tmpl) == 0)
			return tmpl;
	}
	return NULL;
}
#endif
#endif
