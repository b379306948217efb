/* SPDX-License-Identifier: ISC */
/*
 * shell.c - `cvault shell`: unlock once, then run commands at a prompt
 * through main.c's command table, with the vault already open. The line
 * editor is the system's (shell.h: libedit, or the Windows console).
 *
 * SECURITY: after the idle time the vault is closed (vault_close wipes
 * every key) and must be unlocked again. Lines are split in guarded
 * memory (a command line can carry a field's value).
 *
 * When standard input is not a terminal the shell reads commands one a
 * line without prompting or editing (batch use and the benchmark).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "shell.h"

int64_t
shell_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
	shell_editor_forget(sh);
	shell_editor_clear();
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
	int r;

	sh->deadline = shell_now_ms() + (int64_t)sh->idle * 1000;
	switch (shell_editor_read(sh, &line)) {
	case SHELL_LINE_CTRL_C:
		fputs("^C\n", stdout);
		return 1;
	case SHELL_LINE_IDLE:
		return relock(sh, 1) == EXIT_OK;
	case SHELL_LINE_END:
		return 0;
	default:
		break;
	}
	r = shell_run_line(sh, line, strlen(line));
	if (r == SHELL_LOCK)
		return relock(sh, 0) == EXIT_OK;
	return r != SHELL_EXIT;
}

static int
interactive(struct shell *sh)
{
	char when[48];

	if (shell_editor_open(sh) != 0) {
		shell_editor_close(sh);
		return cli_fail(sh->c, VAULT_ERR_NOMEM, "cannot start the "
		    "line editor");
	}
	say_duration(when, sizeof when, sh->idle);
	fprintf(stderr, "Type 'help' for the commands, 'lock' to lock, "
	    "'exit' or Ctrl-D to leave. The vault locks after %s idle.\n",
	    when);
	while (interactive_step(sh))
		;
	shell_editor_close(sh);
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
	sh.interactive = sys_isatty(STDIN_FILENO) &&
	    sys_isatty(STDOUT_FILENO);
	st = sh.interactive ? interactive(&sh) : batch(&sh);
	c->name = "shell";
	return st;
}
