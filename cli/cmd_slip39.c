/* SPDX-License-Identifier: ISC */
/*
 * cmd_slip39.c - `cvault slip39 split|combine`: the SLIP-0039 codec on
 * its own, for recovery drills and for checking cvault against any other
 * SLIP-0039 tool. split reads a hex secret on standard input and prints
 * one mnemonic a line; combine reads mnemonics, one a line, and prints
 * the hex secret. The SLIP-0039 passphrase is the first line of
 * --passphrase-fd (empty without it; with fd 0 it comes before the data).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "render.h"

#define MAX_SHARES 256u

static vault_err
read_passphrase(struct cli *c, vault_secret **pass)
{
	if (c->pass_fd < 0)
		return vault_secret_from(NULL, 0, pass);
	return cli_read_secret(c, "SLIP-0039 passphrase", pass);
}

static int
split(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, 'k' },
		{ "shares", required_argument, NULL, 'n' },
		{ "exponent", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	vault_secret *pass = NULL, *hex = NULL, *secret = NULL;
	vault_secret *out[16] = { NULL };
	struct obuf *ob = NULL;
	uint32_t k = 0, n = 0, e = 1;
	size_t len = 0;
	vault_err rc;
	int ch, st = EXIT_USAGE;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if ((ch == 'k' && cli_parse_u32(optarg, 1, 16, &k) == 0) ||
		    (ch == 'n' && cli_parse_u32(optarg, 1, 16, &n) == 0) ||
		    (ch == 'e' && cli_parse_u32(optarg, 0, 15, &e) == 0))
			continue;
		return cli_usage(c);
	}
	if (optind != argc || k == 0 || n == 0 || k > n)
		return cli_usage(c);
	if (k == 1 && n > 1)
		return cli_fail(c, VAULT_ERR_INVALID, "SLIP-0039 allows no "
		    "1-of-N sharing with N > 1 (every share would be the same "
		    "secret); use --threshold 1 --shares 1");
	if ((rc = read_passphrase(c, &pass)) != VAULT_OK)
		return cli_exit_status(rc);
	if (cli_read_line(STDIN_FILENO, &hex) != 0 ||
	    (rc = cli_hex_decode(hex, &secret, &len)) != VAULT_OK) {
		st = cli_fail(c, VAULT_ERR_FORMAT, "give the secret as 32 or 64 "
		    "hex digits (16 to 32 bytes, an even number) on standard "
		    "input");
		goto out;
	}
	rc = vault_slip39_split_simple(vault_secret_data(secret), len,
	    vault_secret_data(pass), vault_secret_len(pass), k, n, e, out);
	if (rc != VAULT_OK) {
		st = cli_fail(c, rc, "cannot split: %s (the secret must be 16 "
		    "to 32 bytes, an even number; the passphrase printable "
		    "ASCII)", vault_strerror(rc));
		goto out;
	}
	if ((rc = ob_new(&ob)) != VAULT_OK)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if ((rc = ob_put(ob, vault_secret_data(out[i]),
		    vault_secret_len(out[i]))) != VAULT_OK ||
		    (rc = ob_str(ob, "\n")) != VAULT_OK)
			goto fail;
	st = cli_emit(c, ob);
	ob = NULL;
	goto out;
fail:
	st = cli_fail(c, rc, NULL);
out:
	ob_free(ob);
	for (size_t i = 0; i < 16; i++)
		vault_secret_free(out[i]);
	vault_secret_free(secret);
	vault_secret_free(hex);
	vault_secret_free(pass);
	return st;
}

static int
combine(struct cli *c, int argc)
{
	vault_share *sh[MAX_SHARES] = { NULL };
	vault_secret *pass = NULL, *line = NULL, *secret = NULL;
	struct obuf *ob = NULL;
	size_t n = 0, bad;
	unsigned lineno = 0;
	vault_err rc;
	int st = EXIT_OK, r;

	if (argc != 1)
		return cli_usage(c);
	if ((rc = read_passphrase(c, &pass)) != VAULT_OK)
		return cli_exit_status(rc);
	while ((r = cli_read_line(STDIN_FILENO, &line)) == 0) {
		lineno++;
		if (vault_secret_len(line) > 0) {
			if (n == MAX_SHARES) {
				st = cli_fail(c, VAULT_ERR_SHARES, "too many "
				    "shares");
				goto out;
			}
			rc = vault_share_decode(vault_secret_data(line),
			    vault_secret_len(line), &sh[n], &bad);
			if (rc != VAULT_OK) {
				st = bad ? cli_fail(c, rc, "share on line %u: "
				    "word %zu is not in the word list", lineno,
				    bad) : cli_fail(c, rc, "share on line %u: "
				    "%s", lineno, vault_strerror(rc));
				goto out;
			}
			n++;
		}
		vault_secret_free(line);
		line = NULL;
	}
	if (r < 0) {
		st = cli_fail(c, VAULT_ERR_FORMAT, "line %u is too long",
		    lineno + 1);
		goto out;
	}
	rc = vault_slip39_combine_shares((const vault_share *const *)sh, n,
	    vault_secret_data(pass), vault_secret_len(pass), &secret);
	if (rc != VAULT_OK) {
		st = cli_fail(c, rc, "the shares do not combine: %s (too few, "
		    "duplicated, or from different sets)", vault_strerror(rc));
		goto out;
	}
	if ((rc = ob_new(&ob)) != VAULT_OK) {
		st = cli_fail(c, rc, NULL);
		goto out;
	}
	for (size_t i = 0; rc == VAULT_OK && i < vault_secret_len(secret); i++)
		rc = ob_fmt(ob, "%02x", vault_secret_data(secret)[i]);
	if (rc == VAULT_OK && (rc = ob_str(ob, "\n")) == VAULT_OK) {
		st = cli_emit(c, ob);
		ob = NULL;
	} else {
		st = cli_fail(c, rc, NULL);
	}
out:
	ob_free(ob);
	for (size_t i = 0; i < n; i++)
		vault_share_free(sh[i]);
	vault_secret_free(secret);
	vault_secret_free(line);
	vault_secret_free(pass);
	return st;
}

int
cmd_slip39(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (strcmp(sub, "split") == 0)
		return split(c, argc - 1, argv + 1);
	if (strcmp(sub, "combine") == 0)
		return combine(c, argc - 1);
	return cli_usage(c);
}
