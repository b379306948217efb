/* SPDX-License-Identifier: ISC */
/* cmd_add.c - `cvault add TITLE [...]`: store a new account. The password
 * is read (or generated) after the vault passphrase, never from argv. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "fields.h"

int
cmd_add(struct cli *c, int argc, char **argv)
{
	struct edits ed;
	vault_entry *e = NULL;
	vault_err rc;
	int status;

	if (cli_parse_edits(c, argc, argv, 0, &ed) != 0) {
		cli_edits_free(&ed);
		return cli_usage(c);
	}
	if (cli_text_check(c, "title", (const uint8_t *)ed.target,
	    strlen(ed.target), 0, 0) != 0) {
		status = EXIT_USAGE;
		goto out;
	}
	if ((rc = vault_entry_new(&e)) != VAULT_OK ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TITLE,
	    (const uint8_t *)ed.target, strlen(ed.target))) != VAULT_OK) {
		status = cli_fail(c, rc, "the title must be 1 to %u bytes",
		    VAULT_TITLE_MAX);
		goto out;
	}
	if ((status = cli_unlock(c)) != EXIT_OK)
		goto out;
	/* Say so before asking for a password the clerk would then retype. */
	if ((rc = vault_entry_exists(c->v, ed.target)) != VAULT_ERR_NOTFOUND) {
		status = rc == VAULT_OK ? cli_fail(c, VAULT_ERR_EXISTS, "an "
		    "entry titled \"%s\" already exists; change it with "
		    "'cvault edit'", ed.target) : cli_fail(c, rc, NULL);
		goto out;
	}
	if ((rc = cli_apply_edits(c, e, &ed)) != VAULT_OK) {
		status = cli_exit_status(rc);   /* already explained */
		goto out;
	}
	if ((rc = cli_apply_secrets(c, e, &ed, 1)) != VAULT_OK) {
		status = cli_exit_status(rc);   /* already explained */
		goto out;
	}
	rc = vault_entry_add(c->v, e);
	if (rc == VAULT_ERR_EXISTS)
		status = cli_fail(c, rc, "an entry titled \"%s\" already "
		    "exists; change it with 'cvault edit'", ed.target);
	else if (rc != VAULT_OK)
		status = cli_fail(c, rc, NULL);
	else {
		status = EXIT_OK;
		fprintf(stderr, "Added \"%s\".\n", cli_safe(ed.target));
	}
out:
	vault_entry_free(e);
	cli_edits_free(&ed);
	return status;
}
