/* SPDX-License-Identifier: ISC */
/* cmd_edit.c - `cvault edit TITLE [...]`: change an account. A changed
 * password moves the old one into the entry's history. */
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"
#include "fields.h"

int
cmd_edit(struct cli *c, int argc, char **argv)
{
	struct edits ed;
	vault_entry *e = NULL;
	char *title = NULL;
	vault_err rc;
	int status;

	if (cli_parse_edits(c, argc, argv, 1, &ed) != 0) {
		cli_edits_free(&ed);
		return cli_usage(c);
	}
	if ((status = cli_unlock(c)) != EXIT_OK)
		goto out;
	/* The TITLE as found (find.c): the entry's own title from here on. */
	if ((status = cli_entry(c, ed.target, VAULT_SHOWN_ENTRY, &e, &title)) !=
	    EXIT_OK)
		goto out;
	ed.target = title;
	if ((rc = cli_apply_edits(c, e, &ed)) != VAULT_OK) {
		status = cli_exit_status(rc);   /* already explained */
		goto out;
	}
	if ((rc = cli_apply_secrets(c, e, &ed, ed.password)) != VAULT_OK) {
		status = cli_exit_status(rc);
		goto out;
	}
	rc = vault_entry_update(c->v, ed.target, e);
	if (rc == VAULT_ERR_EXISTS)
		status = cli_fail(c, rc, "another entry is already titled "
		    "\"%s\"", ed.title);
	else if (rc != VAULT_OK)
		status = cli_fail(c, rc, NULL);
	else {
		status = EXIT_OK;
		fprintf(stderr, "Updated \"%s\".\n", cli_safe(ed.title ?
		    ed.title : ed.target));
	}
out:
	vault_entry_free(e);
	cli_edits_free(&ed);
	free(title);
	return status;
}
