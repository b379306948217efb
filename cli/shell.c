/* SPDX-License-Identifier: ISC */
/*
 * shell.c - `cvault shell`: unlock once, then run commands at a prompt
 * through main.c's command table, with the vault already open. Line
 * editing and completion come from libedit (BSD licence, in Debian as
 * libedit-dev, a readline-like API): its history is kept in memory only
 * and wiped on lock and exit; no history file and no ~/.editrc is ever
 * read or written (el_source and H_SAVE are never called).
 *
 * SECURITY: after the idle time the vault is closed (vault_close wipes
 * every key) and must be unlocked again. The idle timer is a poll() on
 * standard input inside libedit's read function, so no signal ever
 * interrupts the handling of a secret. Lines are split in guarded
 * memory (a command line can carry a field's value).
 *
 * When standard input is not a terminal the shell reads commands one a
 * line without prompting or editing (batch use and the benchmark).
 */
#include <errno.h>
#include <getopt.h>
#include <histedit.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <sodium.h>
#include "cli.h"
#include "shell.h"
#include "words.h"

const int cli_have_shell = 1;

#define SHELL_LINE_MAX 4096u

static volatile sig_atomic_t got_sigint;

static void
on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

/* Ctrl-C: noted (no SA_RESTART, so a waiting read returns). */
static void
catch_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libedit's read function: one character from standard input, waiting
 * at most until the idle deadline. Returns 1, 0 at end of input, -1 on
 * an error, the deadline (sh->timed_out) or Ctrl-C (got_sigint). */
static int
shell_getc(EditLine *el, wchar_t *wc)
{
	struct shell *sh = NULL;
	char ch;

	el_get(el, EL_CLIENTDATA, &sh);
	for (;;) {
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
		int64_t left = sh->deadline - now_ms();
		ssize_t n;
		size_t k;
		int r;

		if (got_sigint)
			return -1;
		if (left <= 0) {
			sh->timed_out = 1;
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
		sh->deadline = now_ms() + (int64_t)sh->idle * 1000;
		k = mbrtowc(wc, &ch, 1, &sh->mbs);
		if (k == (size_t)-2)
			continue;               /* more bytes to come */
		if (k == (size_t)-1) {
			memset(&sh->mbs, 0, sizeof sh->mbs);
			*wc = (wchar_t)(unsigned char)ch;
		}
		return 1;
	}
}

/* SECURITY: the typed lines may name accounts or carry values; wiped
 * before libedit frees them. */
static void
wipe_history(struct shell *sh)
{
	HistEvent ev;

	if (sh->hist == NULL)
		return;
	for (int r = history(sh->hist, &ev, H_FIRST); r != -1;
	    r = history(sh->hist, &ev, H_NEXT))
		if (ev.str != NULL)
			sodium_memzero((char *)(uintptr_t)ev.str,
			    strlen(ev.str));
	history(sh->hist, &ev, H_CLEAR);
}

static const char *
prompt(EditLine *el)
{
	struct shell *sh = NULL;

	el_get(el, EL_CLIENTDATA, &sh);
	return sh->c->escrow || sh->c->shares ? "cvault (holders)> " :
	    "cvault> ";
}

static int
editor_open(struct shell *sh)
{
	HistEvent ev;

	setlocale(LC_CTYPE, "");
	if ((sh->el = el_init("cvault", stdin, stdout, stderr)) == NULL ||
	    (sh->hist = history_init()) == NULL)
		return -1;
	history(sh->hist, &ev, H_SETSIZE, 100);
	history(sh->hist, &ev, H_SETUNIQUE, 1);
	el_set(sh->el, EL_CLIENTDATA, sh);
	el_set(sh->el, EL_EDITOR, "emacs");
	el_set(sh->el, EL_PROMPT, prompt);
	el_set(sh->el, EL_HIST, history, sh->hist);
	el_set(sh->el, EL_GETCFN, shell_getc);
	/* The wide form: libedit keeps these pointers (the narrow el_set
	 * would copy them and never free the copies). */
	el_wset(sh->el, EL_ADDFN, L"cvault-complete", L"complete a command "
	    "or title", shell_complete);
	el_set(sh->el, EL_BIND, "^I", "cvault-complete", NULL);
	return 0;
}

static void
editor_close(struct shell *sh)
{
	wipe_history(sh);
	if (sh->hist != NULL)
		history_end(sh->hist);
	if (sh->el != NULL)
		el_end(sh->el);
	sh->hist = NULL;
	sh->el = NULL;
}

/* "5 minutes", "90 seconds". */
static void
say_duration(char *buf, size_t cap, unsigned secs)
{
	if (secs % 60 == 0)
		snprintf(buf, cap, "%u minute%s", secs / 60,
		    secs == 60 ? "" : "s");
	else
		snprintf(buf, cap, "%u second%s", secs, secs == 1 ? "" : "s");
}

/* Close the vault (every key wiped), clear the screen and the typed
 * lines, then unlock again; Ctrl-D (nothing typed) quits. `idle`: the
 * lock came from the timer. Returns EXIT_OK when open again. */
static int
relock(struct shell *sh, int idle)
{
	struct cli *c = sh->c;
	char when[48];
	int st;

	(void)cli_checkpoint(c, 0);
	vault_close(c->v);
	c->v = NULL;
	wipe_history(sh);
	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J\033[3J", stdout);  /* and scrollback */
	fflush(stdout);
	say_duration(when, sizeof when, sh->idle);
	if (idle)
		fprintf(stderr, "Locked after %s idle. ", when);
	else
		fprintf(stderr, "Locked. ");
	fprintf(stderr, "Enter the %s to unlock again (Ctrl-D to quit).\n",
	    c->escrow || c->shares ? "holders' passphrases or shares" :
	    "passphrase");
	c->name = "shell";
	do
		st = cli_unlock(c);
	while (st == EXIT_AUTH && c->pass_fd < 0);
	return st;
}

/* The idle time: --idle-timeout, else the vault's setting, else 300 s. */
static void
idle_setting(struct shell *sh, unsigned opt)
{
	char *val = NULL;
	uint32_t secs;

	sh->idle = VAULT_IDLE_TIMEOUT_DEFAULT;
	if (opt != 0) {
		sh->idle = opt;
		return;
	}
	if (vault_config_get(sh->c->v, "idle-timeout", &val) == VAULT_OK &&
	    cli_parse_u32(val, 1, VAULT_IDLE_TIMEOUT_MAX, &secs) == VAULT_OK)
		sh->idle = secs;
	free(val);
}

/* One line typed at a terminal: 1 to go on, 0 to leave. */
static int
interactive_step(struct shell *sh)
{
	const char *line;
	HistEvent ev;
	int n = 0, r;

	got_sigint = 0;
	sh->timed_out = 0;
	catch_sigint();
	sh->deadline = now_ms() + (int64_t)sh->idle * 1000;
	memset(&sh->mbs, 0, sizeof sh->mbs);
	line = el_gets(sh->el, &n);
	if (line == NULL && got_sigint) {
		fputs("^C\n", stdout);
		return 1;
	}
	if (line == NULL && sh->timed_out)
		return relock(sh, 1) == EXIT_OK;
	if (line == NULL) {
		if (n == 0)
			fputc('\n', stdout);
		return 0;
	}
	if (n > 1)
		history(sh->hist, &ev, H_ENTER, line);
	r = shell_run_line(sh, line, strlen(line));
	if (r == SHELL_LOCK)
		return relock(sh, 0) == EXIT_OK;
	return r != SHELL_EXIT;
}

static int
interactive(struct shell *sh)
{
	char when[48];

	if (editor_open(sh) != 0) {
		editor_close(sh);
		return cli_fail(sh->c, VAULT_ERR_NOMEM, "cannot start the "
		    "line editor");
	}
	say_duration(when, sizeof when, sh->idle);
	fprintf(stderr, "Type 'help' for the commands, 'lock' to lock, "
	    "'exit' or Ctrl-D to leave. The vault locks after %s idle.\n",
	    when);
	while (interactive_step(sh))
		;
	editor_close(sh);
	return EXIT_OK;
}

/* Commands one a line from a non-terminal standard input. */
static int
batch(struct shell *sh)
{
	vault_secret *line = NULL;
	int r;

	while (cli_read_line(STDIN_FILENO, &line) == 0) {
		r = shell_run_line(sh, (const char *)vault_secret_data(line),
		    vault_secret_len(line));
		vault_secret_free(line);
		line = NULL;
		if (r == SHELL_EXIT)
			break;
		if (r == SHELL_LOCK) {
			(void)cli_checkpoint(sh->c, 0);
			vault_close(sh->c->v);
			sh->c->v = NULL;
			break;
		}
	}
	vault_secret_free(line);
	return sh->status;
}

static int
idle_option(struct cli *c, const char *arg, unsigned *out)
{
	size_t n = strlen(arg);
	unsigned mult = 1;
	uint32_t x;
	char num[16];

	if (n > 0 && (arg[n - 1] == 'm' || arg[n - 1] == 's')) {
		mult = arg[n - 1] == 'm' ? 60 : 1;
		n--;
	}
	if (n == 0 || n >= sizeof num)
		goto bad;
	memcpy(num, arg, n);
	num[n] = '\0';
	if (cli_parse_u32(num, 1, VAULT_IDLE_TIMEOUT_MAX / mult, &x) !=
	    VAULT_OK)
		goto bad;
	*out = x * mult;
	return 0;
bad:
	cli_fail(c, VAULT_ERR_INVALID, "--idle-timeout takes seconds (like "
	    "90) or minutes (like 5m), from 1 second to 24 hours");
	return -1;
}

int
cmd_shell(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "idle-timeout", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 }
	};
	struct shell sh;
	unsigned opt_idle = 0;
	int ch, st;

	memset(&sh, 0, sizeof sh);
	sh.c = c;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch != 'i')
			return cli_usage(c);
		if (idle_option(c, optarg, &opt_idle) != 0)
			return EXIT_USAGE;
	}
	if (optind != argc)
		return cli_usage(c);
	/* Usage errors above come before any passphrase is asked. */
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	idle_setting(&sh, opt_idle);
	sh.interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	st = sh.interactive ? interactive(&sh) : batch(&sh);
	c->name = "shell";
	return st;
}
