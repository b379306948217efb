/* SPDX-License-Identifier: ISC */
/* holders.h - escrow holders given on the command line (holders.c). */
#ifndef CLI_HOLDERS_H
#define CLI_HOLDERS_H

#include "cli.h"

struct holders {
	vault_holder_spec spec[VAULT_HOLDERS_MAX];
	vault_secret *pass[VAULT_HOLDERS_MAX];
	char *role[VAULT_HOLDERS_MAX];
	char *name[VAULT_HOLDERS_MAX];  /* only when read from the vault */
	vault_share_sheet paper[VAULT_HOLDERS_MAX];  /* paper-only sheets */
	size_t n;
};

/* Parse one --holder ROLE=NAME (paper_only: --paper-holder ROLE=NAME);
 * prints its own error; 0 ok. */
int cli_holder_arg(struct cli *c, struct holders *h, const char *arg,
    int paper_only);
int cli_threshold_arg(struct cli *c, const char *arg, unsigned *k);
/* With holders given, the threshold must be 1..n; 0 ok. */
int cli_holders_check(struct cli *c, const struct holders *h, unsigned k);
/* Read each holder's new passphrase, in order (paper-only holders have
 * none); an exit status. */
int cli_holders_read(struct cli *c, struct holders *h);
/* After a set-up: print the paper-only holders' sheets (h->paper) on
 * standard output, then tell the clerk on stderr what each holder does
 * next; an exit status. */
int cli_holders_issued(struct cli *c, struct holders *h);
/* The vault's current holders and threshold (NOTFOUND: no escrow). */
vault_err cli_holders_current(struct cli *c, struct holders *h, unsigned *k);
void cli_holders_free(struct holders *h);

#endif
