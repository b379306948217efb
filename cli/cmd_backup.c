/* SPDX-License-Identifier: ISC */
/*
 * cmd_backup.c - `cvault backup [DEST] [--keep N]`: a verified copy of
 * the vault (vault_backup: SQLite's online backup API, a new 0600 file,
 * opened read-only and verified), named after the council and the date
 * when DEST is a folder or omitted (then the `backup-dir` setting), and,
 * with --keep N, only the newest N backups of this vault kept in that
 * folder. docs/backup.md.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"

#define SLUG_MAX 64
#define COUNTER_MAX 99u
#define KEEP_MAX 10000u

/* The council's name as a file name: ASCII letters and digits kept,
 * every other run of bytes one '-' ("Llanfair Parish Council" gives
 * "Llanfair-Parish-Council"); "vault" if nothing is left. */
void
cli_backup_slug(const char *council, char *out, size_t cap)
{
	size_t n = 0;
	int dash = 0;

	for (const char *p = council; *p != '\0' && n + 2 < cap; p++) {
		unsigned char ch = (unsigned char)*p;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9')) {
			if (dash && n > 0)
				out[n++] = '-';
			out[n++] = (char)ch;
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[n] = '\0';
	if (n == 0)
		snprintf(out, cap, "vault");
}

static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "SLUG-YYYY-MM-DD.vault" or "SLUG-YYYY-MM-DD-N.vault": 1, with the
 * date's 10 characters at *date and N (1 without one) in *counter. */
int
cli_backup_name(const char *name, const char *slug, const char **date,
    unsigned *counter)
{
	size_t sl = strlen(slug), nl = strlen(name);
	const char *p = name + sl + 1, *end = name + nl - 6;

	if (nl < sl + 1 + 10 + 6 || strncmp(name, slug, sl) != 0 ||
	    name[sl] != '-' || strcmp(end, ".vault") != 0 ||
	    !digits(p, 4) || p[4] != '-' || !digits(p + 5, 2) ||
	    p[7] != '-' || !digits(p + 8, 2))
		return 0;
	*date = p;
	*counter = 1;
	p += 10;
	if (p == end)
		return 1;
	if (*p != '-' || end - p < 2 || end - p > 3 ||
	    !digits(p + 1, (size_t)(end - p - 1)))
		return 0;
	*counter = (unsigned)strtoul(p + 1, NULL, 10);
	return 1;
}

struct kept {
	char *name;
	char date[11];
	unsigned counter;
};

static int
newest_first(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;
	int d = strcmp(y->date, x->date);

	if (d != 0)
		return d;
	return x->counter < y->counter ? 1 : x->counter > y->counter ? -1 : 0;
}

/* The backups of this vault (by name and by the id in each header) in
 * `dir`, but never the live file itself, into a malloc'd array. */
static int
list_backups(struct cli *c, const char *dir, const char *slug,
    struct kept **out, size_t *n)
{
	uint8_t id[VAULT_ID_BYTES], want[VAULT_ID_BYTES];
	char path[PATH_MAX];
	const char *name;
	size_t cap = 0;
	struct sys_dir *dp;

	*out = NULL;
	*n = 0;
	vault_id(c->v, want);
	if ((dp = sys_opendir(dir)) == NULL)
		return -1;
	while ((name = sys_readdir(dp)) != NULL) {
		const char *date;
		unsigned counter;

		if (!cli_backup_name(name, slug, &date, &counter) ||
		    snprintf(path, sizeof path, "%s" SYS_SEP "%s", dir, name) >=
		    (int)sizeof path || sys_same_file(path, c->path) ||
		    vault_id_read(path, id) != VAULT_OK ||
		    sodium_memcmp(id, want, sizeof id) != 0)
			continue;
		if (*n == cap) {
			struct kept *nu;

			cap = cap ? 2 * cap : 16;
			if ((nu = realloc(*out, cap * sizeof *nu)) == NULL)
				break;
			*out = nu;
		}
		if (((*out)[*n].name = strdup(name)) == NULL)
			break;
		memcpy((*out)[*n].date, date, 10);
		(*out)[*n].date[10] = '\0';
		(*out)[(*n)++].counter = counter;
	}
	sys_closedir(dp);
	return 0;
}

/* --keep N: remove all but the newest N backups of this vault. */
static int
retain(struct cli *c, const char *dir, const char *slug, unsigned keep)
{
	struct kept *k = NULL;
	char path[PATH_MAX];
	size_t n = 0;
	int status = EXIT_OK;

	if (list_backups(c, dir, slug, &k, &n) != 0)
		return cli_fail(c, VAULT_ERR_IO, "cannot list %s to keep the "
		    "newest %u backups", dir, keep);
	qsort(k, n, sizeof *k, newest_first);
	for (size_t i = keep; i < n; i++) {
		snprintf(path, sizeof path, "%s" SYS_SEP "%s", dir, k[i].name);
		if (sys_unlink(path) != 0)
			status = cli_fail(c, VAULT_ERR_IO, "cannot remove the "
			    "old backup %s", path);
		else
			fprintf(stderr, "Removed the older backup %s\n",
			    cli_safe(path));
	}
	for (size_t i = 0; i < n; i++)
		free(k[i].name);
	free(k);
	return status;
}

/* Into folder `dir`: SLUG-YYYY-MM-DD.vault, else -2, -3, ... */
static vault_err
backup_into(struct cli *c, const char *dir, const char *slug, char *path,
    size_t cap, int *recorded)
{
	char date[16];
	time_t now = time(NULL);
	struct tm tm;
	vault_err rc = VAULT_ERR_EXISTS;

	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	for (unsigned i = 1; i <= COUNTER_MAX && rc == VAULT_ERR_EXISTS; i++) {
		int w = i == 1 ?
		    snprintf(path, cap, "%s" SYS_SEP "%s-%s.vault", dir, slug,
		    date) :
		    snprintf(path, cap, "%s" SYS_SEP "%s-%s-%u.vault", dir, slug,
		    date, i);

		if (w < 0 || (size_t)w >= cap)
			return VAULT_ERR_INVALID;
		rc = vault_backup(c->v, path, recorded);
	}
	return rc;
}

static int
parse(struct cli *c, int argc, char **argv, const char **dest,
    unsigned *keep)
{
	uint32_t k;

	*dest = NULL;
	*keep = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--keep") == 0) {
			if (++i == argc || cli_parse_u32(argv[i], 1, KEEP_MAX,
			    &k) != VAULT_OK)
				return cli_fail(c, VAULT_ERR_INVALID, "--keep "
				    "takes a number of backups, 1 to %u",
				    KEEP_MAX);
			*keep = k;
		} else if (argv[i][0] == '-' || *dest != NULL) {
			return cli_usage(c);
		} else {
			*dest = argv[i];
		}
	}
	return EXIT_OK;
}

int
cmd_backup(struct cli *c, int argc, char **argv)
{
	char slug[SLUG_MAX], path[PATH_MAX], *dir = NULL, *cut;
	const char *dest;
	unsigned keep;
	int st, recorded = 0;
	vault_err rc;

	if ((st = parse(c, argc, argv, &dest, &keep)) != EXIT_OK ||
	    (st = cli_unlock(c)) != EXIT_OK)
		return st;
	cli_backup_slug(vault_council(c->v), slug, sizeof slug);
	if (dest == NULL) {
		rc = vault_config_get(c->v, "backup-dir", &dir);
		if (rc == VAULT_ERR_NOTFOUND)
			return cli_fail(c, rc, "no destination: give a folder "
			    "or file, or set the council's backup folder with "
			    "'cvault config backup-dir DIR'");
		if (rc != VAULT_OK)
			return cli_fail(c, rc, NULL);
	} else if (sys_kind(dest, 1) == SYS_DIR &&
	    (dir = strdup(dest)) == NULL) {
		return cli_fail(c, VAULT_ERR_NOMEM, NULL);
	}
	if (dir != NULL)
		rc = backup_into(c, dir, slug, path, sizeof path, &recorded);
	else if ((size_t)snprintf(path, sizeof path, "%s", dest) >= sizeof path)
		rc = VAULT_ERR_INVALID;
	else
		rc = vault_backup(c->v, path, &recorded);
	if (rc == VAULT_ERR_EXISTS)
		st = cli_fail(c, rc, "%s already exists; a backup never "
		    "replaces a file", path);
	else if (rc == VAULT_ERR_CORRUPT)
		st = cli_fail(c, rc, "the copy did not verify, so it was "
		    "removed: check the vault with 'cvault verify'");
	else if (rc != VAULT_OK)
		st = cli_fail(c, rc, "cannot write %s: %s", path,
		    vault_strerror(rc));
	if (rc != VAULT_OK)
		goto out;
	printf("%s\n", cli_safe(path));
	fprintf(stderr, "Backed up and verified: %s (the file's encrypted "
	    "records, exactly as stored).\n", cli_safe(path));
	if (!recorded)
		cli_warn(c, "the time of this backup could not be recorded in "
		    "the vault");
	if (keep > 0) {
		if (dir == NULL && (cut = sys_last_sep(path)) != NULL) {
			*cut = '\0';
			dir = strdup(path);
		} else if (dir == NULL) {
			dir = strdup(".");
		}
		st = dir == NULL ? cli_fail(c, VAULT_ERR_NOMEM, NULL) :
		    retain(c, dir, slug, keep);
	}
out:
	free(dir);
	return st;
}
