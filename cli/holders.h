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

/* The options that name holders, for a command's getopt_long table:
 * --holder ROLE=NAME, --paper-holder ROLE=NAME and --threshold K. */
#define CLI_HOLDER_OPTIONS \
	{ "holder", required_argument, NULL, 'h' }, \
	{ "paper-holder", required_argument, NULL, 'P' }, \
	{ "threshold", required_argument, NULL, 'k' }

/* Take one of those options (getopt's `ch` 'h', 'P' or 'k' and its
 * argument) into h or *k; prints its own error; 0 ok. */
int cli_holder_opt(struct cli *c, struct holders *h, unsigned *k, int ch,
    const char *arg);
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
