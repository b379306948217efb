/* SPDX-License-Identifier: ISC */
/* cmd_history.c - `cvault history TITLE`: an entry's previous passwords,
 * newest first, each with the date it was replaced; control characters
 * in them escaped (--json gives the exact text). */
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"
#include <string.h>
#include "render.h"

static vault_err
put_row(struct cli *c, struct obuf *ob, size_t i, int64_t when,
    const uint8_t *p, size_t len)
{
	vault_err rc;

	if (c->json) {
		if ((rc = ob_str(ob, i ? ",{\"replaced\":" : "{\"replaced\":")) ||
		    (rc = ob_time(ob, when, 1)) ||
		    (rc = ob_str(ob, ",\"password\":")) ||
		    (rc = ob_json_str(ob, p, len)))
			return rc;
		return ob_str(ob, "}");
	}
	/* A password is bytes: shown escaped here, exact with --json or
	 * (the current one) from `get`. */
	if ((rc = ob_time(ob, when, 0)) || (rc = ob_str(ob, "  ")) ||
	    (rc = ob_safe(ob, p, len, 0)))
		return rc;
	return ob_str(ob, "\n");
}

int
cmd_history(struct cli *c, int argc, char **argv)
{
	vault_entry *e = NULL;
	struct obuf *ob = NULL;
	char *title = NULL;
	const uint8_t *p;
	size_t len, i;
	int64_t when;
	vault_err rc;
	int status;

	/* As for search: "--" before a title that starts with "-". */
	if (argc == 3 && strcmp(argv[1], "--") == 0) {
		argc--;
		argv++;
	} else if (argc == 2 && argv[1][0] == '-') {
		return cli_fail(c, VAULT_ERR_INVALID, "unknown option %s; "
		    "'cvault history -- %s' for a title starting with '-'",
		    argv[1], argv[1]);
	}
	if (argc != 2)
		return cli_usage(c);
	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if ((status = cli_entry(c, argv[1], VAULT_SHOWN_HISTORY, &e, &title)) !=
	    EXIT_OK)
		goto out;
	if ((rc = ob_new(&ob)) != VAULT_OK ||
	    (c->json && (rc = ob_str(ob, "[")) != VAULT_OK))
		goto fail;
	for (i = 0; vault_entry_history(e, i, &p, &len, &when) == VAULT_OK;
	    i++)
		if ((rc = put_row(c, ob, i, when, p, len)) != VAULT_OK)
			goto fail;
	if (c->json && (rc = ob_str(ob, "]\n")) != VAULT_OK)
		goto fail;
	if (!c->json && i == 0)
		fprintf(stderr, "\"%s\" has no previous passwords.\n",
		    cli_safe(title));
	status = cli_emit(c, ob);
	ob = NULL;
	goto out;
fail:
	status = cli_fail(c, rc, NULL);
out:
	ob_free(ob);
	free(title);
	vault_entry_free(e);
	return status;
}
