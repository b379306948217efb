/* SPDX-License-Identifier: ISC */
/*
 * cmd_merge.c - `cvault merge OTHER`: bring every change of another copy
 * of the vault (a sync program's conflict copy, a copy from another
 * computer) into this one (vault_merge); and `cvault merge --git BASE
 * OURS THEIRS`, the same as a git merge driver: THEIRS is merged into
 * OURS, which git then takes as the result (BASE is not needed: the
 * vault remembers deletions and the log tells escrow changes apart).
 * A git driver has no standard input to ask on: the passphrase is asked
 * on /dev/tty (the terminal git runs in), or read from --passphrase-fd
 * N. docs/backup.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static int
refused(struct cli *c, const char *other, vault_err rc,
    const vault_merge_result *res)
{
	switch (rc) {
	case VAULT_ERR_INVALID:
		if (res->refused != NULL)
			return cli_fail(c, rc, "%s was not merged: %s; nothing "
			    "was written", other, res->refused);
		break;
	case VAULT_ERR_EXISTS:
		return cli_fail(c, rc, "%s was not merged: %s; nothing was "
		    "written", other, res->refused ? res->refused :
		    "a conflict");
	case VAULT_ERR_CORRUPT:
		return cli_fail(c, rc, "%s was not merged: it is damaged or "
		    "has been tampered with, or was rekeyed (it does not open "
		    "with this vault's key); nothing was written", other);
	case VAULT_ERR_NOTFOUND:
		return cli_fail(c, rc, "no file %s", other);
	case VAULT_ERR_VERSION:
		return cli_fail(c, rc, "%s is not a vault, or is of a newer "
		    "format; nothing was written", other);
	default:
		break;
	}
	return cli_fail(c, rc, "%s was not merged: %s", other,
	    vault_strerror(rc));
}

/* Both files are vaults, and copies of one vault (by the ids in their
 * headers, read without any key): else refused before any passphrase. */
static int
same_vault(struct cli *c, const char *other)
{
	uint8_t a[VAULT_ID_BYTES], b[VAULT_ID_BYTES];
	vault_merge_result res;
	vault_err rc;

	memset(&res, 0, sizeof res);
	if ((rc = vault_id_read(other, b)) != VAULT_OK)
		return refused(c, other, rc, &res);
	if (vault_id_read(c->path, a) == VAULT_OK &&
	    memcmp(a, b, sizeof a) != 0) {
		res.refused = "it is a copy of another vault (its vault id "
		    "differs)";
		return refused(c, other, VAULT_ERR_INVALID, &res);
	}
	return EXIT_OK;
}

int
cmd_merge(struct cli *c, int argc, char **argv)
{
	vault_merge_result res;
	const char *other;
	char *dir;
	int st, git = 0;
	vault_err rc;

	if (argc == 5 && strcmp(argv[1], "--git") == 0) {
		/* git: %O %A %B; the result goes into %A. */
		git = 1;
		c->path = argv[3];
		c->no_live = 1;
		other = argv[4];
	} else if (argc == 2 && argv[1][0] != '-') {
		other = argv[1];
	} else {
		return cli_usage(c);
	}
	if ((st = same_vault(c, other)) != EXIT_OK)
		return st;
	/* Read-only until the other copy has passed its checks: a refused
	 * merge writes nothing, not even this opening (vault_merge). */
	if (c->escrow == NULL && c->shares == NULL)
		c->readonly = c->ro_quiet = 1;
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	if ((rc = vault_merge(c->v, other, &res)) != VAULT_OK)
		return refused(c, other, rc, &res);
	fprintf(stderr, "Merged %s%s: %zu entr%s added, %zu updated, %zu "
	    "deleted; %zu log record%s brought in.\n", cli_safe(other),
	    git ? " (git)" : "", res.added, res.added == 1 ? "y" : "ies",
	    res.updated, res.deleted, res.records, res.records == 1 ? "" :
	    "s");
	if ((dir = cli_state_dir()) != NULL &&
	    vault_checkpoint_merged(c->v, dir, other) != VAULT_OK)
		cli_warn(c, "could not update this computer's record of the "
		    "vault");
	free(dir);
	if (res.escrow_taken)
		fprintf(stderr, "The other copy's newer escrow set-up was "
		    "taken (its log records the change).\n");
	if (res.escrow_records > 0 && !vault_is_escrow_session(c->v))
		return cli_notice(c, !git && sys_isatty(STDIN_FILENO) &&
		    c->pass_fd < 0);
	return EXIT_OK;
}
