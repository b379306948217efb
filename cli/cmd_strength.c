/* SPDX-License-Identifier: ISC */
/*
 * cmd_strength.c - `cvault strength`: candidate passwords, one a line on
 * standard input, each judged against the council's policy; one line out
 * each: ACCEPT or REJECT, a tab, the estimated guesses as log10, a tab,
 * the reasons (with --json, one object a line). --passphrase judges at
 * the stricter vault-passphrase level; --context WORD adds a word no
 * password may contain; --hibp FILE also refuses breached passwords. No
 * vault is needed. The passwords themselves are never printed.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "render.h"

static vault_err
judge_line(struct cli *c, struct obuf *ob, const vault_secret *pw,
    vault_strength_level level)
{
	vault_strength *s = NULL;
	uint64_t count = 0;
	vault_err rc;
	int ok;

	if ((rc = vault_strength_check(vault_secret_data(pw),
	    vault_secret_len(pw), level, c->context, c->ncontext, &s)))
		return rc;
	if (c->hibp != NULL && (rc = vault_hibp_lookup(c->hibp,
	    vault_secret_data(pw), vault_secret_len(pw), &count))) {
		vault_strength_free(s);
		return rc;
	}
	ok = vault_strength_ok(s) && count == 0;
	if (c->json) {
		if (!(rc = ob_fmt(ob, "{\"verdict\":\"%s\",\"log10\":%.2f,"
		    "\"flags\":%u,\"breached\":%llu,\"reasons\":", ok ? "ACCEPT" :
		    "REJECT", vault_strength_log10(s), vault_strength_flags(s),
		    (unsigned long long)count)) &&
		    !(rc = ob_json_str(ob, (const uint8_t *)
		    vault_strength_reasons(s), strlen(vault_strength_reasons(s))))
		    && !(rc = ob_str(ob, ",\"suggestion\":")))
			rc = ob_json_str(ob, (const uint8_t *)
			    vault_strength_suggestion(s),
			    strlen(vault_strength_suggestion(s)));
		if (rc == VAULT_OK)
			rc = ob_str(ob, "}\n");
	} else {
		rc = ob_fmt(ob, "%s\t%.2f\t", ok ? "ACCEPT" : "REJECT",
		    vault_strength_log10(s));
		if (rc == VAULT_OK && count)
			rc = ob_fmt(ob, "Found %llu times in breached-password "
			    "lists. ", (unsigned long long)count);
		if (rc == VAULT_OK)
			rc = ob_fmt(ob, "%s%s%s\n", vault_strength_reasons(s),
			    ok ? "" : " ", vault_strength_suggestion(s));
	}
	vault_strength_free(s);
	return rc;
}

int
cmd_strength(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "context", required_argument, NULL, 'c' },
		{ "passphrase", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	vault_strength_level level = VAULT_STRENGTH_CREDENTIAL;
	vault_secret *line = NULL;
	struct obuf *ob = NULL;
	unsigned n = 0;
	vault_err rc = VAULT_OK;
	int ch, r, st;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if (ch == 'c')
			cli_context_add(c, optarg);
		else if (ch == 'p')
			level = VAULT_STRENGTH_PASSPHRASE;
		else
			return cli_usage(c);
	}
	if (optind != argc)
		return cli_usage(c);
	if (sys_isatty(STDIN_FILENO))
		fprintf(stderr, "Type a password to check and press Enter "
		    "(it is shown as you type); Ctrl-D to finish.\n");
	while ((r = cli_read_line(STDIN_FILENO, &line)) == 0) {
		n++;
		/* One line out per line in, written as it is judged. */
		if ((rc = ob_new(&ob)) != VAULT_OK ||
		    (rc = judge_line(c, ob, line, level)) != VAULT_OK ||
		    (rc = ob_flush(ob, STDOUT_FILENO)) != VAULT_OK)
			break;
		ob_free(ob);
		ob = NULL;
		vault_secret_free(line);
		line = NULL;
	}
	ob_free(ob);
	vault_secret_free(line);
	if (r < 0)
		return cli_fail(c, VAULT_ERR_FORMAT, "line %u is longer than "
		    "4096 bytes", n + 1);
	if (rc == VAULT_ERR_INVALID)
		st = cli_fail(c, rc, "line %u contains a NUL byte", n);
	else if (rc == VAULT_ERR_IO || rc == VAULT_ERR_FORMAT)
		st = cli_fail(c, rc, "the breached-password list %s: %s",
		    c->hibp, vault_strerror(rc));
	else if (rc != VAULT_OK)
		st = cli_fail(c, rc, NULL);
	else
		st = EXIT_OK;
	return st;
}
