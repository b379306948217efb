/* SPDX-License-Identifier: ISC */
/* cmd_rm.c - `cvault rm TITLE [--yes]`: delete an account. The TITLE is
 * found as for every command (find.c): the exact title, or the one entry
 * a prefix or whole words fit - never one of several. On a terminal it
 * asks first, naming the entry found (Enter means no); without one,
 * --yes is required, and then only the exact title is taken: a script
 * must not delete what a shorter name happens to fit today. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

int
cmd_rm(struct cli *c, int argc, char **argv)
{
	const char *query = NULL;
	char *title = NULL, q[1200];
	vault_err rc;
	int yes = 0, how = 0, status;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
			yes = 1;
		else if (query == NULL && argv[i][0] != '-')
			query = argv[i];
		else
			return cli_usage(c);
	}
	if (query == NULL)
		return cli_usage(c);
	if (!yes && !sys_isatty(STDIN_FILENO))
		return cli_fail(c, VAULT_ERR_INVALID, "without a terminal to ask "
		    "on, give --yes to delete \"%s\"", query);
	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if ((status = cli_find(c, query, &title, &how)) != EXIT_OK)
		return status;
	if (yes && how != VAULT_FIND_EXACT) {
		status = cli_fail(c, VAULT_ERR_NOTFOUND, "with --yes give the "
		    "whole title: did you mean \"%s\"? Nothing was deleted",
		    title);
		goto out;
	}
	snprintf(q, sizeof q, "Delete \"%s\" and its password history?",
	    cli_safe_n((const uint8_t *)title, strlen(title), 1024));
	if (!yes && !cli_confirm(q, 0)) {
		fprintf(stderr, "Nothing was deleted.\n");
		status = EXIT_OK;
		goto out;
	}
	rc = vault_entry_delete(c->v, title);
	if (rc == VAULT_ERR_NOTFOUND)
		status = cli_fail(c, rc, "no entry titled \"%s\"; 'cvault ls' "
		    "lists them", title);
	else if (rc != VAULT_OK)
		status = cli_fail(c, rc, NULL);
	else {
		fprintf(stderr, "Deleted \"%s\".\n", cli_safe(title));
		status = EXIT_OK;
	}
out:
	free(title);
	return status;
}
