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
	/* Each parent in turn, then dir itself; a root, an empty component
	 * and a drive ("C:") are taken as there. */
	for (s = p; *p != '\0' && r == 0; s++) {
		char ch = *s;

		if (s == p || (ch != '\0' && !SYS_IS_SEP(ch)))
			continue;
		*s = '\0';
		if (!(s == p + 2 && p[1] == ':') && !SYS_IS_SEP(s[-1]) &&
		    sys_mkdir(p) != 0 &&
		    (errno != EEXIST || sys_kind(p, 1) != SYS_DIR))
			r = -1;
		*s = ch;
		if (ch == '\0')
			break;
	}
	free(p);
	return r;
}
