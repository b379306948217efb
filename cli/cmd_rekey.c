/* SPDX-License-Identifier: ISC */
/*
 * cmd_rekey.c - `cvault rekey` and `cvault handover`.
 *
 * rekey: a new master key; every record re-sealed; escrow re-issued to
 * the same holders (or --holder/--threshold, or --no-escrow), each
 * holder typing a passphrase. handover: the same, plus a new clerk
 * passphrase first - the guided flow after an escrow opening when a new
 * clerk takes over. Lines with --passphrase-fd: the unlocking
 * passphrase(s), then (handover) the new clerk's, then each holder's.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "holders.h"

static int
rekey(struct cli *c, int argc, char **argv, int handover)
{
	static const struct option longopts[] = {
		CLI_HOLDER_OPTIONS,
		{ "no-escrow", no_argument, NULL, 'n' },
		{ "kdf-memory", required_argument, NULL, 'm' },
		{ "kdf-time", required_argument, NULL, 't' },
		{ "kdf-lanes", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	const char *mib = NULL, *passes = NULL, *lanes = NULL;
	vault_params p;
	struct holders h;
	vault_secret *clerk = NULL;
	unsigned k = 0;
	vault_err rc;
	int ch, none = 0, status = EXIT_USAGE;

	memset(&h, 0, sizeof h);
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'h': case 'P': case 'k':
			if (cli_holder_opt(c, &h, &k, ch, optarg))
				goto out;
			break;
		case 'n': none = 1; break;
		case 'm': mib = optarg; break;
		case 't': passes = optarg; break;
		case 'l': lanes = optarg; break;
		default: goto out;
		}
	}
	/* The holders' Argon2id settings (the clerk's slot keeps its own). */
	vault_params_default(&p);
	if ((mib || passes || lanes) &&
	    cli_kdf_params(c, mib, passes, lanes, &p) != 0)
		goto out;
	if (optind != argc || (none && h.n) || cli_holders_check(c, &h, k)) {
		status = cli_usage(c);
		goto out;
	}
	if ((status = cli_unlock(c)) != EXIT_OK)
		goto out;
	if (!handover && vault_is_escrow_session(c->v)) {
		status = cli_fail(c, VAULT_ERR_INVALID, "opened through escrow, "
		    "the vault needs a new clerk passphrase: use 'cvault "
		    "handover'");
		goto out;
	}
	if (!none && h.n == 0) {
		rc = cli_holders_current(c, &h, &k);
		if (rc == VAULT_ERR_NOTFOUND)
			none = 1;               /* there was no escrow */
		else if (rc != VAULT_OK) {
			status = cli_fail(c, rc, NULL);
			goto out;
		}
	}
	if (handover) {
		if ((status = cli_new_passphrase(c, "The new clerk's "
		    "passphrase: ", "the new clerk's", &clerk)) != EXIT_OK)
			goto out;
	}
	if (!none && (status = cli_holders_read(c, &h)) != EXIT_OK)
		goto out;
	fprintf(stderr, "Re-encrypting every record under a new key...\n");
	rc = vault_rekey(c->v, clerk ? vault_secret_data(clerk) : NULL,
	    vault_secret_len(clerk), none ? NULL : h.spec, none ? 0 : h.n,
	    none ? 0 : k, &p, none ? NULL : h.paper);
	if (rc != VAULT_OK) {
		status = cli_fail(c, rc, "nothing was changed: %s",
		    vault_strerror(rc));
		goto out;
	}
	fprintf(stderr, "Done: a new master key%s%s.\n", handover ?
	    ", the new clerk's passphrase" : "", none ? ", and no escrow" :
	    ", and new escrow shares");
	fprintf(stderr, "Backups made before now still open with the old "
	    "passphrase and shares:\nreplace them with a copy of this file "
	    "(docs/emergency-access.md).\n");
	status = EXIT_OK;
	if (!none) {
		fprintf(stderr, "Old paper shares no longer open this file.\n");
		status = cli_holders_issued(c, &h);
	}
out:
	vault_secret_free(clerk);
	cli_holders_free(&h);
	return status;
}

int
cmd_rekey(struct cli *c, int argc, char **argv)
{
	return rekey(c, argc, argv, 0);
}

int
cmd_handover(struct cli *c, int argc, char **argv)
{
	return rekey(c, argc, argv, 1);
}
