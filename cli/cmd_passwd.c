/* SPDX-License-Identifier: ISC */
/* cmd_passwd.c - `cvault passwd`: a new clerk passphrase and/or new
 * Argon2id settings. Lines: the current passphrase (read by main), then
 * the new one. The master key is re-wrapped; entries are untouched. */
#include <getopt.h>
#include <stdio.h>
#include "cli.h"

int
cmd_passwd(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kdf-memory", required_argument, NULL, 'm' },
		{ "kdf-time", required_argument, NULL, 't' },
		{ "kdf-lanes", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	const char *mib = NULL, *passes = NULL, *lanes = NULL;
	vault_secret *pass = NULL;
	vault_params p;
	vault_err rc;
	int ch, status;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'm': mib = optarg; break;
		case 't': passes = optarg; break;
		case 'l': lanes = optarg; break;
		default: return cli_usage(c);
		}
	}
	if (optind != argc)
		return cli_usage(c);
	if (cli_kdf_check(c, mib, passes, lanes) != 0)
		return EXIT_USAGE;
	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if (vault_is_escrow_session(c->v))
		return cli_fail(c, VAULT_ERR_INVALID, "holders cannot set the "
		    "clerk's passphrase over the master key they hold; a new "
		    "clerk is set up with 'cvault handover', which also makes "
		    "a new master key");
	if ((rc = vault_params_get(c->v, &p)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if ((mib || passes || lanes) &&
	    cli_kdf_params(c, mib, passes, lanes, &p) != 0)
		return EXIT_USAGE;
	if ((status = cli_new_passphrase(c, "New passphrase (type the current "
	    "one to keep it): ", "the new", &pass)) != EXIT_OK)
		goto out;
	rc = vault_passwd(c->v, vault_secret_data(pass), vault_secret_len(pass),
	    &p);
	if (rc != VAULT_OK) {
		status = cli_fail(c, rc, "the passphrase was not changed: %s",
		    vault_strerror(rc));
		goto out;
	}
	status = EXIT_OK;
	fprintf(stderr, "Passphrase updated (Argon2id: %u MiB, %u pass%s, "
	    "%u lane%s).\n", p.kdf_memory_kib / 1024, p.kdf_passes,
	    p.kdf_passes == 1 ? "" : "es", p.kdf_lanes,
	    p.kdf_lanes == 1 ? "" : "s");
out:
	vault_secret_free(pass);
	return status;
}
