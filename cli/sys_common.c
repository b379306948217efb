/* SPDX-License-Identifier: ISC */
/*
 * sys_common.c - the parts of cli/sys.h that are the same on every
 * system, built on the others.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sys.h"

char *
sys_last_sep(const char *path)
{
	const char *last = NULL;

	for (const char *s = path; *s; s++)
		if (SYS_IS_SEP(*s))
			last = s;
	return (char *)last;
}

int
sys_mkdirs(const char *dir)
{
	char *p = strdup(dir), *s;
	int r = 0;

	if (p == NULL)
		return -1;
	/* Each parent in turn, then dir itself; the first component (a
	 * root, a drive "C:" or a share) is taken as there. */
	for (s = p + 1; r == 0; s++) {
		char ch = *s;

		if (ch != '\0' && !SYS_IS_SEP(ch))
			continue;
		*s = '\0';
		if (s[-1] != ':' && !SYS_IS_SEP(s[-1]) && sys_mkdir(p) != 0 &&
		    (errno != EEXIST || sys_kind(p, 1) != SYS_DIR))
			r = -1;
		*s = ch;
		if (ch == '\0')
			break;
	}
	free(p);
	return r;
}
