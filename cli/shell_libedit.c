/* SPDX-License-Identifier: ISC */
/*
 * shell_libedit.c - the shell's line editor on Linux and the other POSIX
 * systems: libedit (BSD licence, in Debian as libedit-dev, a
 * readline-like API), with Tab completion (shell_complete.c). Its
 * history is kept in memory only and wiped on lock and exit; no history
 * file and no ~/.editrc is ever read or written (el_source and H_SAVE
 * are never called).
 *
 * SECURITY: the idle timer is a poll() on standard input inside
 * libedit's read function, so no signal ever interrupts the handling of
 * a secret; Ctrl-C is only noted (no SA_RESTART), so a waiting read
 * returns.
 */
#include <errno.h>
#include <histedit.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <sodium.h>
#include "cli.h"
#include "shell.h"
#include "shell_libedit.h"

const int shell_editor_tab = 1;

struct shell_editor {
	EditLine *el;
	History *hist;          /* in memory only, wiped on lock and exit */
	int timed_out;
	mbstate_t mbs;
};

static volatile sig_atomic_t got_sigint;

static void
on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

static void
catch_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

/* libedit's read function: one character from standard input, waiting
 * at most until the idle deadline. Returns 1, 0 at end of input, -1 on
 * an error, the deadline (timed_out) or Ctrl-C (got_sigint). */
static int
shell_getc(EditLine *el, wchar_t *wc)
{
	struct shell *sh = NULL;
	char ch;

	el_get(el, EL_CLIENTDATA, &sh);
	for (;;) {
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
		int64_t left = sh->deadline - shell_now_ms();
		ssize_t n;
		size_t k;
		int r;

		if (got_sigint)
			return -1;
		if (left <= 0) {
			sh->ed->timed_out = 1;
			return -1;
		}
		r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r <= 0)
			continue;
		if ((n = read(STDIN_FILENO, &ch, 1)) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		sh->deadline = shell_now_ms() + (int64_t)sh->idle * 1000;
		k = mbrtowc(wc, &ch, 1, &sh->ed->mbs);
		if (k == (size_t)-2)
			continue;               /* more bytes to come */
		if (k == (size_t)-1) {
			memset(&sh->ed->mbs, 0, sizeof sh->ed->mbs);
			*wc = (wchar_t)(unsigned char)ch;
		}
		return 1;
	}
}

/* SECURITY: the typed lines may name accounts or carry values; wiped
 * before libedit frees them. */
void
shell_editor_forget(struct shell *sh)
{
	HistEvent ev;

	if (sh->ed == NULL || sh->ed->hist == NULL)
		return;
	for (int r = history(sh->ed->hist, &ev, H_FIRST); r != -1;
	    r = history(sh->ed->hist, &ev, H_NEXT))
		if (ev.str != NULL)
			sodium_memzero((char *)(uintptr_t)ev.str,
			    strlen(ev.str));
	history(sh->ed->hist, &ev, H_CLEAR);
}

static const char *
prompt(EditLine *el)
{
	struct shell *sh = NULL;

	el_get(el, EL_CLIENTDATA, &sh);
	return sh->c->escrow || sh->c->shares ? "cvault (holders)> " :
	    "cvault> ";
}

int
shell_editor_open(struct shell *sh)
{
	struct shell_editor *ed;
	HistEvent ev;

	if ((ed = sh->ed = calloc(1, sizeof *ed)) == NULL)
		return -1;
	setlocale(LC_CTYPE, "");
	if ((ed->el = el_init("cvault", stdin, stdout, stderr)) == NULL ||
	    (ed->hist = history_init()) == NULL)
		return -1;
	history(ed->hist, &ev, H_SETSIZE, 100);
	history(ed->hist, &ev, H_SETUNIQUE, 1);
	el_set(ed->el, EL_CLIENTDATA, sh);
	el_set(ed->el, EL_EDITOR, "emacs");
	el_set(ed->el, EL_PROMPT, prompt);
	el_set(ed->el, EL_HIST, history, ed->hist);
	el_set(ed->el, EL_GETCFN, shell_getc);
	/* The wide form: libedit keeps these pointers (the narrow el_set
	 * would copy them and never free the copies). */
	el_wset(ed->el, EL_ADDFN, L"cvault-complete", L"complete a command "
	    "or title", shell_complete);
	el_set(ed->el, EL_BIND, "^I", "cvault-complete", NULL);
	return 0;
}

void
shell_editor_close(struct shell *sh)
{
	if (sh->ed == NULL)
		return;
	shell_editor_forget(sh);
	if (sh->ed->hist != NULL)
		history_end(sh->ed->hist);
	if (sh->ed->el != NULL)
		el_end(sh->ed->el);
	free(sh->ed);
	sh->ed = NULL;
}

int
shell_editor_read(struct shell *sh, const char **line)
{
	struct shell_editor *ed = sh->ed;
	HistEvent ev;
	int n = 0;

	got_sigint = 0;
	ed->timed_out = 0;
	catch_sigint();
	memset(&ed->mbs, 0, sizeof ed->mbs);
	*line = el_gets(ed->el, &n);
	if (*line == NULL && got_sigint)
		return SHELL_LINE_CTRL_C;
	if (*line == NULL && ed->timed_out)
		return SHELL_LINE_IDLE;
	if (*line == NULL) {
		if (n == 0)
			fputc('\n', stdout);
		return SHELL_LINE_END;
	}
	if (n > 1)
		history(ed->hist, &ev, H_ENTER, *line);
	/* (el_gets keeps the newline: the words split passes over it.) */
	return SHELL_LINE_OK;
}

void
shell_editor_clear(void)
{
	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J\033[3J", stdout);  /* and scrollback */
	fflush(stdout);
}
