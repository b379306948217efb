/* SPDX-License-Identifier: ISC */
/*
 * shell_none.c - `cvault shell` where libedit is not built: the Windows
 * build (docs/testing.md). Each command runs on its own there.
 */
#include <stdio.h>
#include "cli.h"

const int cli_have_shell = 0;

int
cmd_shell(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "cvault: %s: the interactive shell is not in this "
	    "build of cvault; run each command on its own (cvault help "
	    "lists them)\n", c->name);
	return EXIT_ERROR;
}
