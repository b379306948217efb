/* SPDX-License-Identifier: ISC */
/*
 * find.c - the entry a person means (vault_entry_find), for every
 * command that takes a TITLE: get, show, edit, rm, history, totp. A
 * title that fits several entries lists them; one that fits none
 * suggests the nearest. Both exit 4 (EXIT_NOTFOUND), as a missing entry
 * always has: nothing was shown or changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

#define FIND_LIST_MAX 8         /* candidates or suggestions listed */

static void
list(const vault_found *f)
{
	for (size_t i = 0; i < f->n; i++)
		fprintf(stderr, "  %s\n", cli_safe(f->titles[i]));
	if (f->total > f->n)
		fprintf(stderr, "  ... and %zu more ('cvault search' lists "
		    "them)\n", f->total - f->n);
}

int
cli_find(struct cli *c, const char *query, char **title, int *how)
{
	vault_found f;
	vault_err rc;
	int status = EXIT_OK;

	*title = NULL;
	rc = vault_entry_find(c->v, query, FIND_LIST_MAX, &f);
	if (rc == VAULT_OK) {
		if ((*title = strdup(f.titles[0])) == NULL)
			status = cli_fail(c, VAULT_ERR_NOMEM, NULL);
		else if (how != NULL)
			*how = f.how;
	} else if (rc == VAULT_ERR_NOTFOUND && f.how == VAULT_FIND_MANY) {
		status = cli_fail(c, rc, "\"%s\" fits %zu entries; give more "
		    "of the title, or all of it:", query, f.total);
		list(&f);
	} else if (rc == VAULT_ERR_NOTFOUND && f.n > 0) {
		status = cli_fail(c, rc, "no entry titled \"%s\"; did you "
		    "mean:", query);
		list(&f);
	} else if (rc == VAULT_ERR_NOTFOUND) {
		status = cli_fail(c, rc, "no entry titled \"%s\"; 'cvault ls' "
		    "lists them", query);
	} else if (rc == VAULT_ERR_INVALID) {
		status = cli_fail(c, rc, "give a title (or the start of one)");
	} else {
		status = cli_fail(c, rc, NULL);
	}
	vault_found_clear(&f);
	return status;
}

int
cli_entry(struct cli *c, const char *query, unsigned shown, vault_entry **e,
    char **title)
{
	vault_err rc;
	int status;

	*e = NULL;
	if ((status = cli_find(c, query, title, NULL)) != EXIT_OK)
		return status;
	if ((rc = vault_entry_reveal(c->v, *title, shown, e)) == VAULT_OK)
		return EXIT_OK;
	status = rc == VAULT_ERR_NOTFOUND ? cli_fail(c, rc, "no entry titled "
	    "\"%s\"; 'cvault ls' lists them", *title) :
	    rc == VAULT_ERR_CORRUPT ? cli_fail(c, rc, "the entry \"%s\" is "
	    "damaged or has been tampered with; nothing was shown", *title) :
	    cli_fail(c, rc, NULL);
	free(*title);
	*title = NULL;
	return status;
}
