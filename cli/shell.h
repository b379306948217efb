/* SPDX-License-Identifier: ISC */
/* shell.h - the interactive shell's parts (shell.c: the loop and the
 * idle lock; shell_run.c: a line run as a command; the line editor, one
 * a system: shell_libedit.c with shell_complete.c, shell_console.c). */
#ifndef CLI_SHELL_H
#define CLI_SHELL_H

#include <stdint.h>
#include "cli.h"

struct shell_editor;

struct shell {
	struct cli *c;
	struct shell_editor *ed;        /* NULL in batch mode */
	unsigned idle;          /* seconds without a keypress until the lock */
	int64_t deadline;       /* shell_now_ms() of the idle lock */
	int interactive;
	int status;             /* the last command's exit status */
	int64_t checkpointed;   /* monotonic seconds of the last checkpoint */
};

/* What shell_run_line asks of the loop. */
enum { SHELL_GO_ON = 0, SHELL_EXIT = 1, SHELL_LOCK = 2 };

/* Split the line (len bytes, no NUL needed) into words and run it: a
 * command of the table with the open vault, or one of the shell's own
 * (help, lock, exit, quit). Sets sh->status. */
int shell_run_line(struct shell *sh, const char *line, size_t len);
/* Why a command does not run inside the shell, or NULL when it does. */
const char *shell_refusal(const char *name);
/* 1 when the command's first word is a title. */
int shell_titled(const char *name);
/* A monotonic clock, in milliseconds. */
int64_t shell_now_ms(void);

/* --- the line editor --- */

/* 1 when Tab completes (libedit), else 0. */
extern const int shell_editor_tab;
/* Start editing lines on the terminal: 0, or -1. */
int shell_editor_open(struct shell *sh);
/* Stop; what was typed is forgotten. */
void shell_editor_close(struct shell *sh);
/* Show the prompt and wait for a line until sh->deadline. On
 * SHELL_LINE_OK *line is the line (NUL-ended, no newline; valid until
 * the next call). */
enum { SHELL_LINE_OK, SHELL_LINE_END, SHELL_LINE_CTRL_C, SHELL_LINE_IDLE };
int shell_editor_read(struct shell *sh, const char **line);
/* Forget the lines typed so far (the history, wiped). */
void shell_editor_forget(struct shell *sh);
/* Clear the screen and what scrolled off it. */
void shell_editor_clear(void);

#endif
