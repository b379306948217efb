/* SPDX-License-Identifier: ISC */
/* shell.h - the interactive shell's parts (shell.c: the loop and the
 * idle lock; shell_run.c: a line run as a command, and completion). */
#ifndef CLI_SHELL_H
#define CLI_SHELL_H

#include <histedit.h>
#include <stdint.h>
#include <wchar.h>
#include "cli.h"

struct shell {
	struct cli *c;
	EditLine *el;           /* NULL in batch mode */
	History *hist;          /* in memory only, wiped on lock and exit */
	unsigned idle;          /* seconds without a keypress until the lock */
	int64_t deadline;       /* CLOCK_MONOTONIC ms */
	int timed_out;
	int interactive;
	int status;             /* the last command's exit status */
	int64_t checkpointed;   /* CLOCK_MONOTONIC s of the last checkpoint */
	mbstate_t mbs;
};

/* What shell_run_line asks of the loop. */
enum { SHELL_GO_ON = 0, SHELL_EXIT = 1, SHELL_LOCK = 2 };

/* Split the line (len bytes, no NUL needed) into words and run it: a
 * command of the table with the open vault, or one of the shell's own
 * (help, lock, exit, quit). Sets sh->status. */
int shell_run_line(struct shell *sh, const char *line, size_t len);
/* libedit's completion function (bound to Tab). */
unsigned char shell_complete(EditLine *el, int ch);

#endif
