/* SPDX-License-Identifier: ISC */
/*
 * holders.c - escrow holders on the command line: `--holder ROLE=NAME`
 * options, and each holder's passphrase, read in the order given (after
 * the vault passphrase when --passphrase-fd is used) and held to the
 * vault-passphrase policy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "holders.h"

void
cli_holders_free(struct holders *h)
{
	for (size_t i = 0; i < h->n; i++) {
		vault_secret_free(h->pass[i]);
		free(h->role[i]);
		free(h->name[i]);
	}
	memset(h, 0, sizeof *h);
}

int
cli_holder_arg(struct cli *c, struct holders *h, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t rl;

	if (h->n == VAULT_HOLDERS_MAX) {
		cli_fail(c, VAULT_ERR_INVALID, "at most %u holders",
		    VAULT_HOLDERS_MAX);
		return -1;
	}
	if (eq == NULL || eq == arg || eq[1] == '\0' ||
	    (rl = (size_t)(eq - arg)) > VAULT_ROLE_MAX) {
		cli_fail(c, VAULT_ERR_INVALID, "--holder takes ROLE=NAME, "
		    "e.g. --holder chair=\"G. Walker\"");
		return -1;
	}
	if ((h->role[h->n] = strndup(arg, rl)) == NULL)
		return -1;
	for (size_t i = 0; i < rl; i++) {
		char ch = h->role[h->n][i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-')) {
			cli_fail(c, VAULT_ERR_INVALID, "a holder's role is "
			    "lower-case letters, digits and '-' (like chair "
			    "or deputy), not \"%s\"", h->role[h->n]);
			free(h->role[h->n]);
			h->role[h->n] = NULL;
			return -1;
		}
	}
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->role[i], h->role[h->n]) == 0) {
			cli_fail(c, VAULT_ERR_INVALID, "the role \"%s\" is "
			    "given twice", h->role[i]);
			free(h->role[h->n]);
			h->role[h->n] = NULL;
			return -1;
		}
	h->spec[h->n].role = h->role[h->n];
	h->spec[h->n].name = eq + 1;
	h->n++;
	return 0;
}

int
cli_threshold_arg(struct cli *c, const char *arg, unsigned *k)
{
	uint32_t x;

	if (cli_parse_u32(arg, 1, VAULT_HOLDERS_MAX, &x) != VAULT_OK) {
		cli_fail(c, VAULT_ERR_INVALID, "--threshold takes a number "
		    "from 1 to %u", VAULT_HOLDERS_MAX);
		return -1;
	}
	*k = x;
	return 0;
}

int
cli_holders_check(struct cli *c, const struct holders *h, unsigned k)
{
	if (h->n == 0)
		return 0;
	if (k == 0 || k > h->n) {
		cli_fail(c, VAULT_ERR_INVALID, "give --threshold K with K from "
		    "1 to the number of holders (%zu): how many of them "
		    "together may open the vault", h->n);
		return -1;
	}
	return 0;
}

int
cli_holders_read(struct cli *c, struct holders *h)
{
	char prompt[200];

	for (size_t i = 0; i < h->n; i++)
		cli_context_add(c, h->spec[i].name);
	for (size_t i = 0; i < h->n; i++) {
		char who[64];
		int st;

		snprintf(prompt, sizeof prompt, "Passphrase for the %s "
		    "(%.100s), chosen and typed by them: ", h->role[i],
		    h->spec[i].name);
		snprintf(who, sizeof who, "the %s's", h->role[i]);
		if ((st = cli_new_passphrase(c, prompt, who, &h->pass[i])) !=
		    EXIT_OK)
			return st;
		h->spec[i].pass = vault_secret_data(h->pass[i]);
		h->spec[i].pass_len = vault_secret_len(h->pass[i]);
	}
	return EXIT_OK;
}

/* Fill `h` with the vault's current holders (roles and names). */
static void
add_current(void *ctx, const char *role, const char *name, unsigned member)
{
	struct holders *h = ctx;

	(void)member;
	if (h->n == VAULT_HOLDERS_MAX || (h->role[h->n] = strdup(role)) ==
	    NULL || (h->name[h->n] = strdup(name)) == NULL)
		return;
	h->spec[h->n].role = h->role[h->n];
	h->spec[h->n].name = h->name[h->n];
	h->n++;
}

vault_err
cli_holders_current(struct cli *c, struct holders *h, unsigned *k)
{
	unsigned n = 0, rot;
	int64_t since;
	vault_err rc;

	rc = vault_escrow_status(c->v, k, &n, &rot, &since, add_current, h);
	if (rc == VAULT_OK && h->n != n)
		rc = VAULT_ERR_NOMEM;
	return rc;
}
