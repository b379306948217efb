/* SPDX-License-Identifier: ISC */
/*
 * shell_run.c - the shell's lines: split (words.c) in guarded memory and
 * dispatched through main.c's command table with the vault already
 * open; the shell's own words (help, lock, exit, quit); and the
 * commands refused inside. (Tab completion: shell_complete.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "cli.h"
#include "shell.h"
#include "words.h"

#define SHELL_LINE_MAX 4096u
#define CHECKPOINT_EVERY 30     /* seconds */

static int64_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* Commands that make no sense with the vault already open: a new vault,
 * or a change of keys that asks for a fresh unlock of its own. */
static const struct {
	const char *name, *why;
} refused[] = {
	{ "init", "it creates a new vault" },
	{ "passwd", "it changes the passphrase, so it asks for it afresh" },
	{ "rekey", "it makes a new master key, so it needs a fresh unlock" },
	{ "handover", "it hands the vault to a new clerk, so it needs a fresh "
	  "unlock" },
	{ "shell", "this is the shell already" },
};

/* Commands whose first word after the name is a title. */
static const char *const titled[] = { "get", "show", "edit", "rm",
    "history", "totp" };

int
shell_titled(const char *name)
{
	for (size_t i = 0; i < sizeof titled / sizeof *titled; i++)
		if (strcmp(name, titled[i]) == 0)
			return 1;
	return 0;
}

const char *
shell_refusal(const char *name)
{
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		if (strcmp(name, refused[i].name) == 0)
			return refused[i].why;
	return NULL;
}

static void
shell_help(void)
{
	const struct cmd *cmd;

	printf("Commands (each as 'cvault COMMAND' would run it; "
	    "'COMMAND --help' for its options):\n");
	for (size_t i = 0; (cmd = cli_command_at(i)) != NULL; i++)
		if (shell_refusal(cmd->name) == NULL)
			printf("  %-8s %s\n", cmd->name, cmd->help);
	printf("  %-8s %s\n  %-8s %s\n", "lock", "lock now: the keys are "
	    "wiped until the passphrase is typed again", "exit", "leave "
	    "(also 'quit' or Ctrl-D); the keys are wiped");
	printf("Quote titles with spaces as in a shell: get 'Bank of "
	    "Scotland'.%s\n", shell_editor_tab ? " Tab completes commands "
	    "and titles." : "");
}

static int
command_help(const struct cmd *cmd, int argc, char **argv)
{
	for (int k = 1; k < argc && strcmp(argv[k], "--") != 0; k++)
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") ==
		    0) {
			printf("usage: %s\n%s\n", cmd->usage, cmd->help);
			return 1;
		}
	return 0;
}

static int
dispatch(struct shell *sh, int argc, char **argv)
{
	struct cli *c = sh->c;
	const struct cmd *cmd;
	const char *why;

	if (strcmp(argv[0], "exit") == 0 || strcmp(argv[0], "quit") == 0)
		return SHELL_EXIT;
	if (strcmp(argv[0], "lock") == 0)
		return SHELL_LOCK;
	if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "?") == 0) {
		shell_help();
		return SHELL_GO_ON;
	}
	if ((cmd = cli_command(argv[0])) == NULL) {
		sh->status = cli_fail(c, VAULT_ERR_INVALID, "unknown command "
		    "'%s'; 'help' lists them", argv[0]);
		return SHELL_GO_ON;
	}
	if ((why = shell_refusal(cmd->name)) != NULL) {
		sh->status = cli_fail(c, VAULT_ERR_INVALID, "'%s' does not run "
		    "inside the shell: %s. Type 'exit', then 'cvault %s'",
		    cmd->name, why, cmd->name);
		return SHELL_GO_ON;
	}
	if (command_help(cmd, argc, argv))
		return SHELL_GO_ON;
	c->name = cmd->name;
	c->usage = cmd->usage;
	sh->status = cmd->run(c, argc, argv);
	fflush(stdout);
	/* This computer's record of the vault (checkpoint.c) costs two
	 * synced writes: at most every CHECKPOINT_EVERY seconds here, and
	 * always at lock and exit. A record left behind only weakens the
	 * rollback check; it never raises a false alarm. */
	if (c->v != NULL && now_s() - sh->checkpointed >= CHECKPOINT_EVERY) {
		(void)cli_checkpoint(c, 0);
		sh->checkpointed = now_s();
	}
	c->name = "shell";
	c->usage = "shell";
	return SHELL_GO_ON;
}

int
shell_run_line(struct shell *sh, const char *line, size_t len)
{
	static const char *const why[] = { "", "a quote is not closed (or the "
	    "line ends in a backslash)", "too many words on one line",
	    "the line holds a NUL byte" };
	struct words w;
	char *buf;
	int r;

	sh->status = EXIT_OK;
	if (len > SHELL_LINE_MAX) {
		sh->status = cli_fail(sh->c, VAULT_ERR_INVALID, "the line is "
		    "longer than %u bytes", SHELL_LINE_MAX);
		return SHELL_GO_ON;
	}
	/* SECURITY: the words may hold a value typed on the line. */
	if ((buf = sodium_malloc(len + 1)) == NULL) {
		sh->status = cli_fail(sh->c, VAULT_ERR_NOMEM, NULL);
		return SHELL_GO_ON;
	}
	r = words_split(line, len, 0, buf, len + 1, &w);
	if (r != WORDS_OK) {
		sh->status = cli_fail(sh->c, VAULT_ERR_INVALID, "%s",
		    why[-r]);
		r = SHELL_GO_ON;
	} else if (w.argc == 0) {
		r = SHELL_GO_ON;
	} else {
		r = dispatch(sh, w.argc, w.argv);
	}
	sodium_free(buf);
	return r;
}
