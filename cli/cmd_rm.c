/* SPDX-License-Identifier: ISC */
/* cmd_rm.c - `cvault rm TITLE [--yes]`: delete an account. On a terminal
 * it asks first (Enter means no); without one, --yes is required. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

int
cmd_rm(struct cli *c, int argc, char **argv)
{
	const char *title = NULL;
	char q[1200];
	vault_err rc;
	int yes = 0, status;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
			yes = 1;
		else if (title == NULL && argv[i][0] != '-')
			title = argv[i];
		else
			return cli_usage(c);
	}
	if (title == NULL)
		return cli_usage(c);
	snprintf(q, sizeof q, "Delete \"%s\" and its password history?",
	    cli_safe_n((const uint8_t *)title, strlen(title), 1024));
	if (!yes && !isatty(STDIN_FILENO))
		return cli_fail(c, VAULT_ERR_INVALID, "without a terminal to ask "
		    "on, give --yes to delete \"%s\"", title);
	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if (!yes && !cli_confirm(q, 0)) {
		fprintf(stderr, "Nothing was deleted.\n");
		return EXIT_OK;
	}
	rc = vault_entry_delete(c->v, title);
	if (rc == VAULT_ERR_NOTFOUND)
		return cli_fail(c, rc, "no entry titled \"%s\"; 'cvault ls' "
		    "lists them", title);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, NULL);
	fprintf(stderr, "Deleted \"%s\".\n", cli_safe(title));
	return EXIT_OK;
}
