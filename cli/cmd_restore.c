/* SPDX-License-Identifier: ISC */
/*
 * cmd_restore.c - `cvault restore BACKUP [--yes]`: put a backup in place
 * of the live vault. The backup is opened read-only and verified; its
 * date and its counts (entries, log records, escrow holders) are shown
 * beside the current file's; after a yes the current file is kept beside
 * it as FILE.replaced-YYYY-MM-DD, a copy of the backup is renamed over
 * FILE (atomic: FILE is always whole), and the restored file is accepted
 * as the new starting point of this computer's rollback check with a
 * restore record in its log (vault_checkpoint_accept). docs/backup.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"

struct counts {
	size_t entries, records, holders;
	int64_t last;                   /* time of the last log record */
	int ok;                         /* 0: the file could not be opened */
};

static int
count_entry(void *ctx, const vault_entry *e)
{
	(void)e;
	((struct counts *)ctx)->entries++;
	return 0;
}

static int
count_record(void *ctx, const vault_log_event *ev)
{
	struct counts *k = ctx;

	k->records++;
	k->last = ev->time;
	return 0;
}

/* Open `path` read-only with the passphrase and count; with `check`,
 * verify every record first. */
static vault_err
look(const char *path, const vault_secret *pass, int check,
    struct counts *k)
{
	vault *v = NULL;
	unsigned t, n = 0, rot;
	int64_t since;
	size_t damaged;
	vault_err rc;

	memset(k, 0, sizeof *k);
	if ((rc = vault_open_flags(path, vault_secret_data(pass),
	    vault_secret_len(pass), VAULT_OPEN_READONLY, &v)) != VAULT_OK)
		return rc;
	if ((!check || (rc = vault_verify(v, NULL, NULL, &damaged)) ==
	    VAULT_OK) &&
	    (rc = vault_entry_search(v, NULL, count_entry, k, NULL)) ==
	    VAULT_OK &&
	    (rc = vault_log_walk(v, 0, count_record, k)) == VAULT_OK) {
		rc = vault_escrow_status(v, &t, &n, &rot, &since, NULL, NULL);
		if (rc == VAULT_ERR_NOTFOUND)
			rc = VAULT_OK;
		k->holders = n;
		k->ok = rc == VAULT_OK;
	}
	vault_close(v);
	return rc;
}

static void
show(const char *backup, const struct counts *b, const struct counts *cur)
{
	char day[32] = "unknown";
	time_t t = (time_t)b->last;
	struct tm tm;

	if (b->last > 0 && localtime_r(&t, &tm) != NULL)
		strftime(day, sizeof day, "%Y-%m-%d %H:%M", &tm);
	fprintf(stderr, "The backup %s is intact; its last recorded activity "
	    "was on %s.\n", cli_safe(backup), day);
	fprintf(stderr, "                 backup   current file\n");
	if (!cur->ok) {
		fprintf(stderr, "  entries      %8zu   (not readable)\n"
		    "  log records  %8zu\n  holders      %8zu\n", b->entries,
		    b->records, b->holders);
		return;
	}
	fprintf(stderr, "  entries      %8zu   %8zu\n  log records  %8zu   "
	    "%8zu\n  holders      %8zu   %8zu\n", b->entries, cur->entries,
	    b->records, cur->records, b->holders, cur->holders);
}

/* `src`'s bytes into a new temporary file beside `dst`, synced; its
 * name in *tmp (free() it). */
static vault_err
copy_beside(const char *src, const char *dst, char **tmp)
{
	uint8_t buf[65536];
	vault_err rc = VAULT_OK;
	ssize_t n;
	int in, out;

	*tmp = NULL;
	if ((in = sys_open(src, SYS_READ)) < 0)
		return VAULT_ERR_IO;
	if ((out = sys_temp_beside(dst, tmp)) < 0) {
		close(in);
		return VAULT_ERR_IO;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = VAULT_ERR_IO;
			break;
		}
	if (n < 0 || sys_fsync(out) != 0)
		rc = VAULT_ERR_IO;
	close(in);
	if (close(out) != 0)
		rc = VAULT_ERR_IO;
	if (rc != VAULT_OK) {
		sys_unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return rc;
}

/* The current file, linked as FILE.replaced-YYYY-MM-DD[-N]. */
static vault_err
keep_current(const char *path, char *kept, size_t cap)
{
	char date[16];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	for (unsigned i = 1; i < 100; i++) {
		int w = i == 1 ? snprintf(kept, cap, "%s.replaced-%s", path,
		    date) : snprintf(kept, cap, "%s.replaced-%s-%u", path, date,
		    i);

		if (w < 0 || (size_t)w >= cap)
			return VAULT_ERR_INVALID;
		if (sys_link(path, kept) == 0)
			return VAULT_OK;
		if (errno != EEXIST)
			return VAULT_ERR_IO;
	}
	return VAULT_ERR_EXISTS;
}

/* Put the backup in place and accept it: the restore is recorded. */
static int
put_in_place(struct cli *c, const char *backup, const vault_secret *pass,
    int have_current)
{
	char *tmp = NULL, kept[PATH_MAX], *dir;
	vault_err rc;

	if ((rc = copy_beside(backup, c->path, &tmp)) != VAULT_OK)
		return cli_fail(c, rc, "cannot copy the backup beside %s",
		    c->path);
	if (have_current && (rc = keep_current(c->path, kept, sizeof kept)) !=
	    VAULT_OK) {
		sys_unlink(tmp);
		free(tmp);
		return cli_fail(c, rc, "cannot keep the current file beside "
		    "it; nothing was changed");
	}
	if (sys_rename(tmp, c->path) != 0) {
		sys_unlink(tmp);
		free(tmp);
		return cli_fail(c, VAULT_ERR_IO, "cannot put the backup in "
		    "place; nothing was changed");
	}
	free(tmp);
	if (have_current)
		fprintf(stderr, "The replaced file is kept as %s\n",
		    cli_safe(kept));
	if ((rc = vault_open(c->path, vault_secret_data(pass),
	    vault_secret_len(pass), &c->v)) != VAULT_OK)
		return cli_fail(c, rc, "the backup is in place but could not "
		    "be opened: %s", vault_strerror(rc));
	if ((dir = cli_state_dir()) == NULL)
		return cli_fail(c, VAULT_ERR_IO, "no HOME or XDG_STATE_HOME "
		    "for this computer's record; run 'cvault accept-restore'");
	rc = vault_checkpoint_accept(c->v, dir);
	free(dir);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, "restored, but not recorded: %s; run "
		    "'cvault accept-restore'", vault_strerror(rc));
	fprintf(stderr, "Restored %s from the backup; the restore is recorded "
	    "in its activity log.\n", cli_safe(c->path));
	return EXIT_OK;
}

static int
same_vault(struct cli *c, const char *backup, int *have_current)
{
	uint8_t a[VAULT_ID_BYTES], b[VAULT_ID_BYTES];
	vault_err rc;

	if ((rc = vault_id_read(backup, b)) != VAULT_OK)
		return cli_fail(c, rc, "%s is not a readable vault: %s", backup,
		    vault_strerror(rc));
	*have_current = sys_exists(c->path);
	if (*have_current && sys_same_file(c->path, backup))
		return cli_fail(c, VAULT_ERR_INVALID, "%s is the vault itself",
		    backup);
	if (*have_current && vault_id_read(c->path, a) == VAULT_OK &&
	    sodium_memcmp(a, b, sizeof a) != 0)
		return cli_fail(c, VAULT_ERR_INVALID, "%s is a backup of "
		    "another vault, not of %s; nothing was changed", backup,
		    c->path);
	return EXIT_OK;
}

int
cmd_restore(struct cli *c, int argc, char **argv)
{
	const char *backup = NULL;
	vault_secret *pass = NULL;
	struct counts b, cur;
	int yes = 0, have_current = 0, st;
	vault_err rc;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
			yes = 1;
		else if (backup == NULL && argv[i][0] != '-')
			backup = argv[i];
		else
			return cli_usage(c);
	if (backup == NULL)
		return cli_usage(c);
	if ((st = same_vault(c, backup, &have_current)) != EXIT_OK)
		return st;
	if (!yes && !sys_isatty(STDIN_FILENO))
		return cli_fail(c, VAULT_ERR_INVALID, "no terminal to ask "
		    "on: give --yes to restore %s", backup);
	if ((rc = cli_read_secret(c, "Clerk's passphrase: ", &pass)) !=
	    VAULT_OK)
		return cli_exit_status(rc);
	if ((rc = look(backup, pass, 1, &b)) != VAULT_OK) {
		st = cli_fail(c, rc, "%s: %s; nothing was changed", backup,
		    rc == VAULT_ERR_CORRUPT ? "the backup is damaged" :
		    vault_strerror(rc));
		goto out;
	}
	if (have_current)
		(void)look(c->path, pass, 0, &cur);
	else
		memset(&cur, 0, sizeof cur);
	show(backup, &b, &cur);
	if (!yes && !cli_confirm("Replace the current file with this "
	    "backup?", 0)) {
		fprintf(stderr, "Nothing was changed.\n");
		st = EXIT_OK;
		goto out;
	}
	st = put_in_place(c, backup, pass, have_current);
out:
	vault_secret_free(pass);
	return st;
}
