/* SPDX-License-Identifier: ISC */
/*
 * conflict.c - copies of the vault that a sync program left beside it
 * when two computers changed it at once. Each names its copy its own way
 * (for a vault "council.vault"):
 *   OneDrive     council-LAPTOP-7.vault
 *   Dropbox      council (Jane's conflicted copy 2026-12-01).vault
 *   Google Drive council(1).vault, council (1).vault
 *   Nextcloud    council (conflicted copy 2026-12-01 101010).vault
 *   Syncthing    council.sync-conflict-20261201-101010-ABCDEFG.vault
 * A name that fits is only a candidate: its header must carry this
 * vault's id (read without any key), so another vault, or a backup named
 * after the council, raises no alarm. The clerk is told which command
 * brings its changes in.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "cli.h"

#define SHOWN_MAX 10

static int
all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Which program's naming `mid` (the name between the stem and the
 * extension) follows, or NULL. */
static const char *
scheme(const char *mid, size_t n)
{
	if (n > 15 && strncmp(mid, ".sync-conflict-", 15) == 0)
		return "Syncthing";
	if (n >= 3 && mid[n - 1] == ')' && (strncmp(mid, " (", 2) == 0 ||
	    mid[0] == '(')) {
		const char *in = mid[0] == '(' ? mid + 1 : mid + 2;
		size_t len = (size_t)(mid + n - 1 - in);

		if (all_digits(in, len))
			return "Google Drive";
		if (strncmp(in, "conflicted copy", 15) == 0)
			return "Nextcloud";
		for (size_t i = 0; i + 15 <= len; i++)
			if (strncmp(in + i, "conflicted copy", 15) == 0)
				return "Dropbox";
		return NULL;
	}
	if (n > 1 && mid[0] == '-' && memchr(mid, '/', n) == NULL)
		return "OneDrive";
	return NULL;
}

/* Split "DIR/stem.ext" (ext may be empty). Returns 0, or -1. */
static int
split(const char *path, char *dir, size_t cap, const char **base,
    size_t *stem_len)
{
	const char *slash = sys_last_sep(path), *dot;

	*base = slash ? slash + 1 : path;
	if (slash == NULL)
		snprintf(dir, cap, ".");
	else if ((size_t)(slash - path) + 1 > cap)
		return -1;
	else if (slash == path)
		snprintf(dir, cap, SYS_SEP);
	else
		snprintf(dir, cap, "%.*s", (int)(slash - path), path);
	dot = strrchr(*base, '.');
	*stem_len = dot && dot != *base ? (size_t)(dot - *base) : strlen(*base);
	return **base ? 0 : -1;
}

/* The sync program's name when `name` in `dir` is a conflict copy of
 * this vault (its full path then in `path`), else NULL. */
static const char *
candidate(struct cli *c, const char *dir, const char *base, size_t stem,
    const char *name, const char *self, char *path, size_t cap)
{
	const char *ext = base + stem, *kind, *date;
	size_t nl = strlen(name), el = strlen(ext);
	uint8_t id[VAULT_ID_BYTES], want[VAULT_ID_BYTES];
	char slug[64];
	unsigned counter;
	if (strcmp(name, base) == 0 || nl <= stem + el ||
	    strncmp(name, base, stem) != 0 ||
	    strcmp(name + nl - el, ext) != 0 ||
	    (kind = scheme(name + stem, nl - stem - el)) == NULL)
		return NULL;
	cli_backup_slug(vault_council(c->v), slug, sizeof slug);
	if (cli_backup_name(name, slug, &date, &counter))
		return NULL;            /* a backup of `cvault backup` */
	if ((size_t)snprintf(path, cap, "%s" SYS_SEP "%s", dir, name) >= cap ||
	    sys_kind(path, 0) != SYS_FILE || sys_same_file(path, self))
		return NULL;
	vault_id(c->v, want);
	if (vault_id_read(path, id) != VAULT_OK ||
	    sodium_memcmp(id, want, sizeof id) != 0)
		return NULL;
	return kind;
}

void
cli_conflicts(struct cli *c)
{
	char dir[PATH_MAX], path[PATH_MAX];
	const char *base, *kind;
	const char *name;
	size_t stem, shown = 0;
	struct sys_dir *dp;

	if (c->v == NULL || split(c->path, dir, sizeof dir, &base, &stem) ||
	    (dp = sys_opendir(dir)) == NULL)
		return;
	while ((name = sys_readdir(dp)) != NULL && shown < SHOWN_MAX) {
		if ((kind = candidate(c, dir, base, stem, name, c->path,
		    path, sizeof path)) == NULL)
			continue;
		if (shown++ == 0)
			fprintf(stderr, "\nNote: a sync program left another "
			    "copy of this vault beside it. Changes made in "
			    "that copy (entries, escrow openings) are not in "
			    "%s until you merge it:\n", cli_safe(c->path));
		fprintf(stderr, "  %s (a %s conflict copy)\n"
		    "    cvault -f \"%s\" merge \"%s\"\n", cli_safe(name),
		    kind, cli_safe(c->path), cli_safe(path));
	}
	sys_closedir(dp);
	if (shown > 0)
		fprintf(stderr, "After merging, move the copy out of the "
		    "folder (keep it until the next backup). See "
		    "docs/backup.md.\n\n");
}
