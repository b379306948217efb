/* SPDX-License-Identifier: ISC */
/* cmd_init.c - `cvault init`: create a new vault for the council. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "holders.h"

/* Make the vault's folder and any missing parents, private (0700). */
static int
make_parent(struct cli *c)
{
	char *dir = strdup(c->path), *p;
	int r = 0;

	if (dir == NULL)
		return -1;
	if ((p = sys_last_sep(dir)) != NULL && p != dir) {
		*p = '\0';
		if ((r = sys_mkdirs(dir)) != 0)
			cli_fail(c, VAULT_ERR_IO, "cannot create the folder %s: "
			    "%s", dir, strerror(errno));
	}
	free(dir);
	return r;
}

int
cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "council", required_argument, NULL, 'c' },
		{ "kdf-memory", required_argument, NULL, 'm' },
		{ "kdf-time", required_argument, NULL, 't' },
		{ "kdf-lanes", required_argument, NULL, 'l' },
		CLI_HOLDER_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const char *council = NULL, *mib = NULL, *passes = NULL, *lanes = NULL;
	vault_secret *pass = NULL;
	struct holders h;
	vault_params p;
	unsigned k = 0;
	vault_err rc;
	int ch, status = EXIT_USAGE;

	memset(&h, 0, sizeof h);
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'c': council = optarg; break;
		case 'm': mib = optarg; break;
		case 't': passes = optarg; break;
		case 'l': lanes = optarg; break;
		case 'h': case 'P': case 'k':
			if (cli_holder_opt(c, &h, &k, ch, optarg))
				goto out;
			break;
		default: status = cli_usage(c); goto out;
		}
	}
	if (optind != argc || council == NULL || *council == '\0' ||
	    cli_holders_check(c, &h, k) != 0) {
		status = cli_usage(c);
		goto out;
	}
	/* The council's name is printed on every share sheet. */
	if (cli_text_check(c, "council's name", (const uint8_t *)council,
	    strlen(council), 0, 0) != 0) {
		status = EXIT_USAGE;
		goto out;
	}
	vault_params_default(&p);
	if (cli_kdf_params(c, mib, passes, lanes, &p) != 0)
		goto out;
	/* No passphrase may contain the council's or a holder's name. */
	cli_context_add(c, council);
	for (size_t i = 0; i < h.n; i++)
		cli_context_add(c, h.spec[i].name);
	if (sys_exists(c->path)) {
		status = cli_fail(c, VAULT_ERR_EXISTS, "%s already exists; "
		    "cvault never overwrites a vault (choose another file "
		    "with -f)", c->path);
		goto out;
	}
	if (make_parent(c) != 0) {
		status = EXIT_ERROR;
		goto out;
	}
	if ((status = cli_new_passphrase(c, "Choose the clerk's passphrase: ",
	    "the clerk's", &pass)) != EXIT_OK)
		goto out;
	/* Every holder's passphrase before anything is written. */
	if ((status = cli_holders_read(c, &h)) != EXIT_OK)
		goto out;
	rc = vault_create(c->path, council, vault_secret_data(pass),
	    vault_secret_len(pass), &p, &c->v);
	if (rc == VAULT_OK && h.n > 0 && (rc = vault_escrow_setup(c->v, h.spec,
	    h.n, k, &p, h.paper)) != VAULT_OK) {
		/* Not half a set-up: remove the vault just made. */
		vault_close(c->v);
		c->v = NULL;
		sys_unlink(c->path);
		status = cli_fail(c, rc, "escrow could not be set up (%s); no "
		    "vault was created", vault_strerror(rc));
		goto out;
	}
	if (rc == VAULT_ERR_EXISTS)
		status = cli_fail(c, rc, "%s already exists; cvault never "
		    "overwrites a vault", c->path);
	else if (rc != VAULT_OK)
		status = cli_fail(c, rc, "cannot create %s: %s", c->path,
		    vault_strerror(rc));
	else {
		status = EXIT_OK;
		fprintf(stderr, "Created the vault for %s at %s\n"
		    "(Argon2id: %u MiB, %u pass%s, %u lane%s).\n",
		    cli_safe(council), cli_safe(c->path),
		    p.kdf_memory_kib / 1024, p.kdf_passes,
		    p.kdf_passes == 1 ? "" : "es", p.kdf_lanes,
		    p.kdf_lanes == 1 ? "" : "s");
		if (h.n > 0) {
			fprintf(stderr, "Any %u of the %zu holders can open it "
			    "without the clerk.\n", k, h.n);
			status = cli_holders_issued(c, &h);
		}
	}
out:
	cli_holders_free(&h);
	vault_secret_free(pass);
	return status;
}
