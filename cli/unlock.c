/* SPDX-License-Identifier: ISC */
/*
 * unlock.c - opening the vault for a command: by the clerk's passphrase,
 * or, with --escrow and/or --shares, by holders' passphrases and paper
 * shares, each checked on its own so the message names whose failed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "paths.h"

static int
open_failed(struct cli *c, vault_err rc)
{
	switch (rc) {
	case VAULT_ERR_NOTFOUND:
		/* A holder in an emergency must not be sent to create one. */
		if (c->escrow != NULL || c->shares != NULL)
			return cli_fail(c, rc, "there is no vault at %s. Name "
			    "the council's vault file with -f FILE (or set the "
			    "CVAULT_FILE variable to it); your sheet or the "
			    "clerk says where it is kept. Nothing was opened",
			    c->path);
		return cli_fail(c, rc, "there is no vault at %s. Name the "
		    "vault file with -f FILE (or set the CVAULT_FILE variable "
		    "to it), or create a new vault with 'cvault init "
		    "--council NAME'", c->path);
	case VAULT_ERR_AUTH:
		return cli_fail(c, rc, "wrong passphrase for %s", c->path);
	case VAULT_ERR_VERSION:
		return cli_fail(c, rc, "%s is not a cvault vault, or was "
		    "written by a newer cvault (this one reads format %d); "
		    "the file was not changed", c->path, VAULT_FORMAT_VERSION);
	case VAULT_ERR_CORRUPT:
		if (c->escrow != NULL || c->shares != NULL)
			return cli_fail(c, rc, "%s is damaged or has been "
			    "tampered with, so it was not opened; the clerk "
			    "must check it ('cvault verify')", c->path);
		return cli_fail(c, rc, "%s is damaged or has been tampered "
		    "with; restore it from a backup", c->path);
	case VAULT_ERR_READONLY:
		return cli_fail(c, rc, "%s cannot be written here (a read-only "
		    "file, folder or disk). An opening without the clerk must "
		    "be recorded in the vault, so nothing was opened: use a "
		    "copy you can write to", c->path);
	case VAULT_ERR_BUSY:
		return cli_fail(c, rc, "%s is in use by another cvault; try "
		    "again in a moment", c->path);
	default:
		return cli_fail(c, rc, "cannot open %s: %s", c->path,
		    vault_strerror(rc));
	}
}

/* SECURITY: a planted file could ask for gigabytes and minutes of
 * Argon2id before a wrong passphrase is even known: say so first. */
static void
kdf_warn(struct cli *c, const vault_params *p, const char *whose)
{
	vault_params d;

	vault_params_default(&d);
	if (p->kdf_memory_kib <= 2 * d.kdf_memory_kib &&
	    p->kdf_passes <= 2 * d.kdf_passes)
		return;
	cli_warn(c, "this file asks for %u MiB and %u passes to check %s "
	    "passphrase, more than twice cvault's default (%u MiB, %u "
	    "passes): it will be slow, and it may not be the council's file",
	    p->kdf_memory_kib / 1024, p->kdf_passes, whose,
	    d.kdf_memory_kib / 1024, d.kdf_passes);
}

static int
clerk_unlock(struct cli *c)
{
	vault_secret *pass = NULL;
	vault_params p;
	vault_err rc;
	int st;

	/* Other errors are for the opening itself to report. */
	if ((rc = vault_params_read(c->path, &p)) == VAULT_OK)
		kdf_warn(c, &p, "the clerk's");
	else if (rc == VAULT_ERR_BUSY)
		return open_failed(c, rc);
	if ((rc = cli_read_secret(c, "Clerk's passphrase: ", &pass)) != VAULT_OK)
		return cli_exit_status(rc);
	rc = vault_open_flags(c->path, vault_secret_data(pass),
	    vault_secret_len(pass), c->readonly ? VAULT_OPEN_READONLY : 0,
	    &c->v);
	vault_secret_free(pass);
	if (rc != VAULT_OK)
		return open_failed(c, rc);
	if ((st = cli_checkpoint(c, 1)) != EXIT_OK)
		return st;
	/* A read-only session cannot record an acknowledgement. */
	return cli_notice(c, sys_isatty(STDIN_FILENO) && c->pass_fd < 0 &&
	    !c->readonly);
}

static void
list_roles(const vault_escrow *eo, char *buf, size_t cap)
{
	size_t off = 0;
	const char *r;

	buf[0] = '\0';
	for (size_t i = 0; (r = vault_escrow_role(eo, i)) && off < cap; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%s%s",
		    i ? ", " : "", r);
}

int
cli_escrow_holder(struct cli *c, vault_escrow *eo, const char *role)
{
	char prompt[96], all[600], whose[64];
	vault_secret *pass = NULL;
	vault_params p;
	vault_err rc;

	if (vault_escrow_paper_only(eo, role))
		return cli_fail(c, VAULT_ERR_SHARES, "the %s holds a paper share "
		    "only, with no passphrase: type it from their sheet with "
		    "--shares - (see " CVAULT_DOCDIR "/emergency-access.md)",
		    role);
	snprintf(prompt, sizeof prompt, "Passphrase of the %s: ",
	    cli_safe_n((const uint8_t *)role, strlen(role), 40));
	if (vault_escrow_params(eo, role, &p) == VAULT_OK) {
		snprintf(whose, sizeof whose, "the %s's",
		    cli_safe_n((const uint8_t *)role, strlen(role), 40));
		kdf_warn(c, &p, whose);
	}
	if ((rc = cli_read_secret(c, prompt, &pass)) != VAULT_OK)
		return cli_exit_status(rc);
	rc = vault_escrow_add_holder(eo, role, vault_secret_data(pass),
	    vault_secret_len(pass));
	vault_secret_free(pass);
	switch (rc) {
	case VAULT_OK:
		return EXIT_OK;
	case VAULT_ERR_AUTH:
		return cli_fail(c, rc, "That was not the %s's passphrase. "
		    "Nothing was opened.", role);
	case VAULT_ERR_NOTFOUND:
		list_roles(eo, all, sizeof all);
		return cli_fail(c, VAULT_ERR_SHARES, "\"%s\" is not a holder "
		    "of this vault; the holders are: %s", role, all);
	case VAULT_ERR_SHARES:
		return cli_fail(c, rc, "the %s was named twice", role);
	default:
		return cli_fail(c, rc, "the %s's share: %s", role,
		    vault_strerror(rc));
	}
}

/* Each role in "chair,deputy": ask that holder's passphrase; *have
 * counts the shares now in. */
static int
add_holders(struct cli *c, vault_escrow *eo, unsigned *have)
{
	char roles[512], *role, *save = NULL;
	int st;

	snprintf(roles, sizeof roles, "%s", c->escrow);
	for (role = strtok_r(roles, ", ", &save); role != NULL;
	    role = strtok_r(NULL, ", ", &save)) {
		if ((st = cli_escrow_holder(c, eo, role)) != EXIT_OK)
			return st;
		++*have;
	}
	return EXIT_OK;
}

static int
escrow_unlock(struct cli *c)
{
	vault_escrow *eo = NULL;
	unsigned have = 0;
	vault_err rc;
	int status;

	if ((rc = vault_escrow_begin(c->path, &eo)) != VAULT_OK) {
		if (rc == VAULT_ERR_NOTFOUND && sys_exists(c->path))
			return cli_fail(c, rc, "%s has no emergency holders; only "
			    "the clerk can open it", c->path);
		return open_failed(c, rc);
	}
	fprintf(stderr, "Opening %s without the clerk: %u of the %u holders "
	    "are needed.\n", cli_safe(c->path), vault_escrow_threshold(eo),
	    vault_escrow_holders(eo));
	if ((c->escrow && (status = add_holders(c, eo, &have)) != EXIT_OK) ||
	    (c->shares && (status = cli_paper_shares_open(c, eo, c->shares,
	    have)) != EXIT_OK))
		goto out;
	rc = vault_escrow_finish(eo, &c->v);
	if (rc == VAULT_ERR_SHARES)
		status = cli_fail(c, rc, "%u of the holders are needed to open "
		    "the vault; not enough shares were given",
		    vault_escrow_threshold(eo));
	else if (rc != VAULT_OK)
		status = open_failed(c, rc);
	else {
		status = EXIT_OK;
		fprintf(stderr, "Opened without the clerk. This opening, and "
		    "everything shown or changed, is recorded for the "
		    "clerk.\n");
	}
out:
	vault_escrow_free(eo);
	return status;
}

int
cli_unlock(struct cli *c)
{
	int st;

	/* Already open: a command run inside the shell (shell.c). */
	if (c->v != NULL)
		return EXIT_OK;
	if (!sys_exists(c->path))
		return open_failed(c, VAULT_ERR_NOTFOUND);
	/* SECURITY: holders' openings are recorded, so never read-only. */
	if (c->readonly && (c->escrow != NULL || c->shares != NULL))
		return cli_fail(c, VAULT_ERR_READONLY, "an opening without the "
		    "clerk is always recorded in the vault, so it cannot be "
		    "read-only; the clerk can check %s with --read-only",
		    c->path);
	st = c->escrow != NULL || c->shares != NULL ? escrow_unlock(c) :
	    clerk_unlock(c);
	/* Only the clerk's openings can be read-only (escrow: refused). */
	if (st == EXIT_OK && c->readonly && !c->ro_quiet)
		fprintf(stderr, "Note: %s is opened read-only%s: nothing is "
		    "written to it, not even a record of this opening.\n",
		    cli_safe(c->path), c->look_copy ? " (it is not the live "
		    "vault on this computer, so this check leaves it exactly "
		    "as it was)" : "");
	else if (st == EXIT_OK && vault_is_readonly(c->v) && !c->ro_quiet)
		fprintf(stderr, "Note: %s is read-only here. Nothing can be "
		    "changed, and this opening is not recorded in its "
		    "activity log.\n", cli_safe(c->path));
	if (st == EXIT_OK && !c->look_copy)
		cli_conflicts(c);
	return st;
}
