/* SPDX-License-Identifier: ISC */
/* cmd_verify.c - `cvault verify`: decrypt and authenticate every record.
 * Exit 0 when all are intact; 5, naming each damaged record, otherwise. */
#include <stdio.h>
#include "cli.h"

static void
report(void *ctx, const char *what)
{
	struct cli *c = ctx;

	fprintf(stderr, "cvault: %s: damaged: %s\n", c->name, cli_safe(what));
}

static int
count(void *ctx, const vault_entry *e)
{
	(void)e;
	(*(size_t *)ctx)++;
	return 0;
}

int
cmd_verify(struct cli *c, int argc, char **argv)
{
	size_t damaged = 0, n = 0;
	vault_err rc;
	int st;

	(void)argv;
	if (argc != 1)
		return cli_usage(c);
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	rc = vault_verify(c->v, report, c, &damaged);
	if (rc == VAULT_ERR_CORRUPT)
		return cli_fail(c, rc, "%zu problem%s found in %s (listed "
		    "above): keep this copy, and see 'Messages' in the user "
		    "guide before restoring a backup", damaged,
		    damaged == 1 ? "" : "s", c->path);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if ((rc = vault_entry_search(c->v, NULL, count, &n, NULL)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if (c->json)
		printf("{\"intact\":true,\"entries\":%zu}\n", n);
	else
		printf("The vault is intact: %zu entr%s, every record "
		    "authenticated.\n", n, n == 1 ? "y" : "ies");
	return EXIT_OK;
}
