/* SPDX-License-Identifier: ISC */
/*
 * copy_opts.c - what every command with --copy shares, on every system:
 * the clearing delay (--clear-after, the vault's clipboard-seconds
 * setting) and the order of checks around the unlock. The copying itself
 * is clipboard.c's (or clipboard_none.c's where there is none yet).
 */
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"

#define CLIP_DEFAULT_SECONDS 20u

int
cli_clear_seconds(struct cli *c, const char *opt, unsigned *out)
{
	char *set = NULL;
	uint32_t n;

	*out = CLIP_DEFAULT_SECONDS;
	if (opt != NULL) {
		if (cli_parse_u32(opt, 1, CLI_CLEAR_MAX, &n) != VAULT_OK) {
			fprintf(stderr, "cvault: %s: --clear-after takes seconds, "
			    "1 to %u\n", c->name, CLI_CLEAR_MAX);
			return EXIT_USAGE;
		}
		*out = n;
	} else if (c->v != NULL && vault_config_get(c->v, "clipboard-seconds",
	    &set) == VAULT_OK && cli_parse_u32(set, 1, CLI_CLEAR_MAX, &n) ==
	    VAULT_OK) {
		*out = n;
	}
	free(set);
	return EXIT_OK;
}

int
cli_unlock_copy(struct cli *c, int copy, const char *clear_after,
    unsigned *seconds)
{
	int st;

	/* A bad --clear-after is found before the passphrase; the vault's
	 * own setting is read once it is open. */
	if (copy && clear_after != NULL &&
	    (st = cli_clear_seconds(c, clear_after, seconds)) != EXIT_OK)
		return st;
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	if (copy && clear_after == NULL)
		return cli_clear_seconds(c, NULL, seconds);
	return EXIT_OK;
}

void
cli_copied(struct cli *c, int cleaner, const char *what, unsigned seconds)
{
	if (!cleaner)
		cli_warn(c, "could not start the clipboard cleaner: clear the "
		    "clipboard yourself");
	else
		fprintf(stderr, "Copied %s to the clipboard; it will be "
		    "cleared in %u s.\n", what, seconds);
}
