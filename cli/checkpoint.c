/* SPDX-License-Identifier: ISC */
/*
 * checkpoint.c - the clerk's out-of-file record of the newest state of
 * the vault this computer has seen (sys_state_dir: ~/.local/state/cvault,
 * %LOCALAPPDATA%\cvault; vault_checkpoint_sync in the library), checked
 * when the clerk opens the vault and advanced when the command ends; and
 * `cvault accept-restore`, which makes an older copy put back on purpose
 * the new starting point.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"

/* The live-vault record of vault `id`: DIR/<id in hex>.live, holding the
 * real path of the file the clerk last worked in. malloc'd. */
static char *
live_path(const char *dir, const uint8_t id[VAULT_ID_BYTES])
{
	char hex[2 * VAULT_ID_BYTES + 1], *p;
	size_t n = strlen(dir) + sizeof hex + 8;

	if ((p = malloc(n)) == NULL)
		return NULL;
	sodium_bin2hex(hex, sizeof hex, id, VAULT_ID_BYTES);
	snprintf(p, n, "%s" SYS_SEP "%s.live", dir, hex);
	return p;
}

int
cli_is_live(struct cli *c)
{
	uint8_t id[VAULT_ID_BYTES];
	char rec[PATH_MAX + 2], *dir, *lp = NULL, *real;
	ssize_t n = -1;
	int fd, live;

	/* Not readable as a vault: the opening will say why. */
	if (vault_id_read(c->path, id) != VAULT_OK ||
	    (real = sys_realpath(c->path)) == NULL)
		return 1;
	if ((dir = cli_state_dir()) == NULL) {
		free(real);
		return 1;
	}
	if ((lp = live_path(dir, id)) != NULL &&
	    (fd = sys_open(lp, SYS_READ | SYS_NOFOLLOW)) >= 0) {
		n = read(fd, rec, sizeof rec - 1);
		close(fd);
	}
	free(lp);
	free(dir);
	live = n <= 1 || rec[n - 1] != '\n';   /* no record yet */
	if (!live) {
		rec[n - 1] = '\0';
		live = strcmp(rec, real) == 0;
	}
	free(real);
	return live;
}

/* This file is the live vault from now on (written 0600, renamed). */
static void
live_record(struct cli *c, const char *dir)
{
	uint8_t id[VAULT_ID_BYTES];
	char *real, *lp = NULL, *tmp = NULL;
	size_t len;
	int fd = -1, ok = 0;

	vault_id(c->v, id);
	if ((real = sys_realpath(c->path)) == NULL ||
	    (lp = live_path(dir, id)) == NULL ||
	    (fd = sys_temp_beside(lp, &tmp)) < 0)
		goto out;
	len = strlen(real);
	ok = write(fd, real, len) == (ssize_t)len && write(fd, "\n", 1) == 1 &&
	    sys_fsync(fd) == 0;
	close(fd);
	if (!ok || sys_rename(tmp, lp) != 0)
		sys_unlink(tmp);
out:
	free(real);
	free(tmp);
	free(lp);
}

/* The directory, created (0700, with its parents) when missing; NULL
 * when there is no home to put it under. malloc'd. */
char *
cli_state_dir(void)
{
	char *p = sys_state_dir();

	if (p != NULL && sys_mkdirs(p) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

int
cli_checkpoint(struct cli *c, int first)
{
	char *dir;
	uint64_t seen = 0;
	vault_err rc;

	if (c->v == NULL || vault_is_escrow_session(c->v) ||
	    vault_is_readonly(c->v) || (dir = cli_state_dir()) == NULL)
		return EXIT_OK;
	rc = vault_checkpoint_sync(c->v, dir, &seen);
	if (rc == VAULT_OK && !first && !c->no_live)
		live_record(c, dir);
	free(dir);
	if (rc != VAULT_OK) {
		/* The vault is fine; only this computer's record is not. */
		cli_warn(c, "could not update this computer's record of the "
		    "vault (%s)", vault_strerror(rc));
		return EXIT_OK;
	}
	if (first && (vault_findings(c->v) & VAULT_FINDING_BEHIND)) {
		fflush(stdout);
		fprintf(stderr, "\n==== WARNING: this vault file is older than "
		    "the one you last used on this computer ====\n"
		    "This computer had seen its activity log up to record "
		    "%llu; the file in use does not reach it, or has\n"
		    "different records there. Someone may have put back an "
		    "older copy to hide what was done with it.\n"
		    "Keep this file for the council and tell the chair. If "
		    "you restored it from a backup yourself,\n"
		    "run 'cvault accept-restore' to make it the new starting "
		    "point.\n\n", (unsigned long long)seen);
	}
	return EXIT_OK;
}

int
cmd_accept_restore(struct cli *c, int argc, char **argv)
{
	char *dir;
	vault_err rc;
	int st;

	(void)argv;
	if (argc != 1)
		return cli_usage(c);
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	if (vault_is_escrow_session(c->v))
		return cli_fail(c, VAULT_ERR_INVALID, "only the clerk can "
		    "accept an older copy of the vault");
	if ((dir = cli_state_dir()) == NULL)
		return cli_fail(c, VAULT_ERR_IO, "no HOME or XDG_STATE_HOME to "
		    "keep this computer's record in");
	if (!(vault_findings(c->v) & VAULT_FINDING_BEHIND)) {
		free(dir);
		fprintf(stderr, "Nothing to accept: this file is not older "
		    "than what this computer last saw.\n");
		return EXIT_OK;
	}
	rc = vault_checkpoint_accept(c->v, dir);
	free(dir);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, NULL);
	fprintf(stderr, "Accepted: this copy of the vault is the new starting "
	    "point on this computer (recorded in its activity log).\n");
	return EXIT_OK;
}
