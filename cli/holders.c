/* SPDX-License-Identifier: ISC */
/*
 * holders.c - escrow holders on the command line: `--holder ROLE=NAME`
 * and `--paper-holder ROLE=NAME` options; each holder's passphrase, read
 * in the order given (after the vault passphrase when --passphrase-fd is
 * used) and held to the vault-passphrase policy; and, once the shares
 * are issued, the paper-only holders' sheets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "holders.h"
#include "sheet.h"

void
cli_holders_free(struct holders *h)
{
	for (size_t i = 0; i < h->n; i++) {
		vault_secret_free(h->pass[i]);
		vault_secret_free(h->paper[i].mnemonic);
		free(h->role[i]);
		free(h->name[i]);
	}
	memset(h, 0, sizeof *h);
}

/* One --holder ROLE=NAME (paper_only: --paper-holder ROLE=NAME). */
static int
holder_arg(struct cli *c, struct holders *h, const char *arg, int paper_only)
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
		cli_fail(c, VAULT_ERR_INVALID, "--%sholder takes ROLE=NAME, "
		    "e.g. --%sholder chair=\"G. Walker\"", paper_only ?
		    "paper-" : "", paper_only ? "paper-" : "");
		return -1;
	}
	if ((h->role[h->n] = malloc(rl + 1)) == NULL)
		return -1;
	memcpy(h->role[h->n], arg, rl);
	h->role[h->n][rl] = '\0';
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
	/* The name is printed on sheets and in `escrow status`. */
	if (cli_text_check(c, "holder's name", (const uint8_t *)eq + 1,
	    strlen(eq + 1), 0, 0) != 0) {
		free(h->role[h->n]);
		h->role[h->n] = NULL;
		return -1;
	}
	h->spec[h->n].role = h->role[h->n];
	h->spec[h->n].name = eq + 1;
	h->spec[h->n].paper_only = paper_only;
	h->n++;
	return 0;
}

static int
threshold_arg(struct cli *c, const char *arg, unsigned *k)
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
cli_holder_opt(struct cli *c, struct holders *h, unsigned *k, int ch,
    const char *arg)
{
	if (ch == 'k')
		return threshold_arg(c, arg, k);
	return holder_arg(c, h, arg, ch == 'P');
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

		if (h->spec[i].paper_only)
			continue;               /* their share goes on paper */
		snprintf(prompt, sizeof prompt, "Passphrase for the %s "
		    "(%s), chosen and typed by them: ", cli_safe(h->role[i]),
		    cli_safe_n((const uint8_t *)h->spec[i].name,
		    strlen(h->spec[i].name), 100));
		snprintf(who, sizeof who, "the %s's", cli_safe(h->role[i]));
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
add_current(void *ctx, const char *role, const char *name, unsigned member,
    int paper_only)
{
	struct holders *h = ctx;

	(void)member;
	if (h->n == VAULT_HOLDERS_MAX || (h->role[h->n] = strdup(role)) ==
	    NULL || (h->name[h->n] = strdup(name)) == NULL)
		return;
	h->spec[h->n].role = h->role[h->n];
	h->spec[h->n].name = h->name[h->n];
	h->spec[h->n].paper_only = paper_only;
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

/* The paper-only holders' sheets as JSON: role, share number and words. */
static vault_err
paper_json(struct obuf *ob, const struct holders *h)
{
	vault_err rc = ob_str(ob, "{\"paper_shares\":[");
	int first = 1;

	for (size_t i = 0; rc == VAULT_OK && i < h->n; i++) {
		const vault_share_sheet *s = &h->paper[i];

		if (s->mnemonic == NULL)
			continue;
		if ((rc = ob_str(ob, first ? "{\"role\":" : ",{\"role\":")) ==
		    VAULT_OK && (rc = ob_json_str(ob,
		    (const uint8_t *)h->role[i], strlen(h->role[i]))) ==
		    VAULT_OK &&
		    (rc = ob_fmt(ob, ",\"share\":%u,\"threshold\":%u,"
		    "\"holders\":%u,\"words\":", s->member, s->threshold,
		    s->holders)) == VAULT_OK &&
		    (rc = ob_json_str(ob, vault_secret_data(s->mnemonic),
		    vault_secret_len(s->mnemonic))) == VAULT_OK)
			rc = ob_str(ob, "}");
		first = 0;
	}
	return rc == VAULT_OK ? ob_str(ob, "]}\n") : rc;
}

int
cli_holders_issued(struct cli *c, struct holders *h)
{
	struct obuf *ob = NULL;
	size_t npaper = 0, npass = 0;
	char *full = NULL;
	vault_err rc;

	for (size_t i = 0; i < h->n; i++) {
		if (h->spec[i].paper_only)
			npaper++;
		else
			npass++;
	}
	if (npass > 0)
		fprintf(stderr, "Each holder with a passphrase should now print "
		    "their paper share for a sealed envelope (\"escrow\" in "
		    "cvault's commands is this emergency way in without the "
		    "clerk):\n  cvault escrow print ROLE\n");
	if (npaper == 0)
		return EXIT_OK;
	if ((rc = ob_new(&ob)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	full = sys_realpath(c->path);
	if (c->json)
		rc = paper_json(ob, h);
	for (size_t i = 0; !c->json && rc == VAULT_OK && i < h->n; i++) {
		if (h->paper[i].mnemonic == NULL)
			continue;
		/* A form feed: each sheet on its own printed page. */
		if (ob_len(ob) > 0)
			rc = ob_str(ob, "\f");
		if (rc == VAULT_OK)
			rc = cli_sheet(ob, h->role[i], &h->paper[i], 1, full);
	}
	if (rc == VAULT_OK)
		rc = ob_flush(ob, 1);
	ob_free(ob);
	free(full);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, "the paper-only holders' sheets could "
		    "not be written; issue new shares with 'cvault escrow "
		    "rotate'");
	fprintf(stderr, "The paper-only holders' sheets went to standard "
	    "output: the only copies of their shares. Print them, give "
	    "each holder theirs in a sealed envelope, and keep no other "
	    "copy.\n");
	return EXIT_OK;
}
