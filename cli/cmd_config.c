/* SPDX-License-Identifier: ISC */
/*
 * cmd_config.c - `cvault config [NAME [VALUE | --clear]]`: the vault's
 * own settings. So far one: `hibp`, the path of a Have I Been Pwned
 * "Pwned Passwords" file that every password check consults (as --hibp
 * does for one command).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

int
cmd_config(struct cli *c, int argc, char **argv)
{
	char *value = NULL;
	vault_err rc;

	if (argc == 1 || argc == 2) {
		rc = vault_config_get(c->v, "hibp", &value);
		if (rc != VAULT_OK && rc != VAULT_ERR_NOTFOUND)
			return cli_fail(c, rc, NULL);
		if (argc == 2 && strcmp(argv[1], "hibp") != 0)
			return cli_fail(c, VAULT_ERR_INVALID, "the only setting "
			    "is hibp");
		printf(argc == 1 ? "hibp\t%s\n" : "%s\n", value ?
		    cli_safe(value) : "(not set)");
		free(value);
		return EXIT_OK;
	}
	if (argc != 3 || strcmp(argv[1], "hibp") != 0)
		return cli_usage(c);
	if (strcmp(argv[2], "--clear") == 0)
		rc = vault_config_set(c->v, "hibp", NULL);
	else if (access(argv[2], R_OK) != 0)
		return cli_fail(c, VAULT_ERR_IO, "cannot read %s", argv[2]);
	else
		rc = vault_config_set(c->v, "hibp", argv[2]);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, NULL);
	fprintf(stderr, strcmp(argv[2], "--clear") == 0 ? "Password checks no "
	    "longer consult a breach list.\n" : "Every password check now "
	    "consults %s.\n", cli_safe(argv[2]));
	return EXIT_OK;
}
