/* SPDX-License-Identifier: ISC */
/*
 * cmd_import.c - `cvault import [--format F] [--map COLUMN=FIELD]...
 * [--duplicates skip|suffix|replace] [--dry-run] [--yes] FILE|-`: bring
 * in the accounts of a spreadsheet or another password manager's export
 * in one transaction (vault_import_run). The whole file is read into an
 * open batch first; then the summary (how many, which are weak and why,
 * duplicates and what is done with them, rows that cannot be read) is
 * shown, and on a terminal the clerk is asked before anything is
 * committed. --dry-run shows the same and writes nothing. Passwords are
 * never printed; titles are escaped (cli_safe). Afterwards the clerk is
 * told to delete the plaintext file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

#define MAP_MAX  64
#define LIST_MAX 50     /* lines shown per kind; the rest counted */

struct opts {
	const char *file;
	const char *map[MAP_MAX];
	size_t nmap;
	vault_import_opts io;
	int dry_run, yes;
};

struct shown {
	size_t weak, dup, bad;
	int notes;              /* print the header mapping */
};

static vault_err
read_fd(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	int fd = *(int *)ctx;
	ssize_t n;

	do
		n = read(fd, buf, cap);
	while (n < 0 && errno == EINTR);
	*got = n > 0 ? (size_t)n : 0;
	return n < 0 ? VAULT_ERR_IO : VAULT_OK;
}

/* A file with its own password (a .kdbx): asked like any secret, on the
 * terminal or as the next line of --passphrase-fd. */
static vault_err
file_pass(void *ctx, vault_secret **out)
{
	return cli_read_secret(ctx, "Password of the file being imported: ",
	    out);
}

static int
parse_dup(const char *s, vault_dup *out)
{
	if (strcmp(s, "skip") == 0)
		*out = VAULT_DUP_SKIP;
	else if (strcmp(s, "suffix") == 0)
		*out = VAULT_DUP_SUFFIX;
	else if (strcmp(s, "replace") == 0)
		*out = VAULT_DUP_REPLACE;
	else
		return -1;
	return 0;
}

static int
parse_args(struct cli *c, int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--format") == 0 && i + 1 < argc) {
			o->io.format = argv[++i];
		} else if (strcmp(a, "--map") == 0 && i + 1 < argc &&
		    o->nmap < MAP_MAX && strchr(argv[i + 1], '=') != NULL) {
			o->map[o->nmap++] = argv[++i];
		} else if (strcmp(a, "--duplicates") == 0 && i + 1 < argc) {
			if (parse_dup(argv[++i], &o->io.duplicates) != 0)
				return -1;
		} else if (strcmp(a, "--dry-run") == 0) {
			o->dry_run = o->io.dry_run = 1;
		} else if (strcmp(a, "--yes") == 0 || strcmp(a, "-y") == 0) {
			o->yes = 1;
		} else if (o->file == NULL && (a[0] != '-' || a[1] == '\0')) {
			o->file = a;
		} else {
			return -1;
		}
	}
	if (o->file == NULL)
		return -1;
	o->io.map = o->map;
	o->io.n_map = o->nmap;
	o->io.pass_fn = file_pass;
	o->io.pass_ctx = c;
	o->io.context = c->context;
	o->io.n_context = c->ncontext;
	if (o->io.duplicates == 0)
		o->io.duplicates = VAULT_DUP_SKIP;
	return 0;
}

static void
on_note(void *ctx, const char *text)
{
	struct shown *s = ctx;

	if (s->notes)
		printf("  %s\n", cli_safe(text));
}

static const char *
dup_choice(vault_import_status st)
{
	return st == VAULT_IMPORT_DUP_SKIPPED ? "skipped" :
	    st == VAULT_IMPORT_DUP_SUFFIXED ? "kept both, the new one as" :
	    "replaced it, keeping its history:";
}

static void
on_row(void *ctx, const vault_import_row *r)
{
	struct shown *s = ctx;

	if (r->status == VAULT_IMPORT_UNREADABLE) {
		if (s->bad++ < LIST_MAX && r->line != 0)
			printf("  cannot read record %llu (line %llu): %s\n",
			    (unsigned long long)r->record,
			    (unsigned long long)r->line, cli_safe(r->reasons));
		else if (s->bad <= LIST_MAX)
			printf("  cannot read record %llu: %s\n",
			    (unsigned long long)r->record, cli_safe(r->reasons));
		return;
	}
	if (r->status != VAULT_IMPORT_NEW && s->dup++ < LIST_MAX) {
		printf("  duplicate: record %llu of \"%s\" %s; %s",
		    (unsigned long long)r->record, cli_safe(r->other),
		    r->in_vault ? "in the vault" : "earlier in the file",
		    dup_choice(r->status));
		if (r->status == VAULT_IMPORT_DUP_SUFFIXED)
			printf(" \"%s\"", cli_safe(r->title));
		putchar('\n');
	}
	if (r->weak && s->weak++ < LIST_MAX)
		printf("  weak: \"%s\" (record %llu): %s\n",
		    cli_safe(r->title), (unsigned long long)r->record,
		    cli_safe(r->reasons));
}

static void
summary(const struct opts *o, const vault_import_result *res,
    const struct shown *s)
{
	size_t more;

	if ((more = s->bad > LIST_MAX ? s->bad - LIST_MAX : 0) +
	    (s->dup > LIST_MAX ? s->dup - LIST_MAX : 0) +
	    (s->weak > LIST_MAX ? s->weak - LIST_MAX : 0) > 0)
		printf("  (and more not listed: %zu unreadable, %zu duplicates,"
		    " %zu weak)\n", s->bad > LIST_MAX ? s->bad - LIST_MAX : 0,
		    s->dup > LIST_MAX ? s->dup - LIST_MAX : 0,
		    s->weak > LIST_MAX ? s->weak - LIST_MAX : 0);
	printf("%s %s with %zu record%s.\n", o->io.format ? "Read" :
	    "Detected", res->label, res->records, res->records == 1 ? "" :
	    "s");
	printf("  %zu new entr%s, %zu weak (imported and flagged; 'cvault "
	    "report' lists them)\n", res->added, res->added == 1 ? "y" : "ies",
	    res->weak);
	printf("  %zu duplicate%s: %zu skipped, %zu kept with a suffix, %zu "
	    "replaced\n", res->dup_skipped + res->dup_suffixed +
	    res->dup_replaced, res->dup_skipped + res->dup_suffixed +
	    res->dup_replaced == 1 ? "" : "s", res->dup_skipped,
	    res->dup_suffixed, res->dup_replaced);
	printf("  %zu record%s that cannot be read (left out)\n",
	    res->unreadable, res->unreadable == 1 ? "" : "s");
}

/* Ask on the terminal itself (standard input may be the file). */
static int
ask(const char *q)
{
	char ans[16];

	return sys_tty_ask(q, ans, sizeof ans) == 0 &&
	    (ans[0] == 'y' || ans[0] == 'Y');
}

static int
interactive(void)
{
	return sys_tty_present() && sys_isatty(STDERR_FILENO);
}

static void
plaintext_warning(const char *file)
{
	if (strcmp(file, "-") == 0)
		fprintf(stderr, "The export you piped in holds every password "
		    "in the clear: delete the file it came from, from this "
		    "computer (and its Recycle Bin or Trash) and from any "
		    "cloud drive that copied it (OneDrive, Google Drive, "
		    "iCloud, Dropbox).\n");
	else
		fprintf(stderr, "%s holds every password in the clear: delete "
		    "it now from this computer (and its Recycle Bin or Trash) "
		    "and from any cloud drive that copied it (OneDrive, Google "
		    "Drive, iCloud, Dropbox). docs/moving-in.md says how.\n",
		    cli_safe(file));
}

static int
open_source(struct cli *c, const char *file, int *fd)
{
	if (strcmp(file, "-") == 0) {
		*fd = STDIN_FILENO;
		return 0;
	}
	if (sys_kind(file, 1) == SYS_DIR)
		return cli_fail(c, VAULT_ERR_IO, "%s is a directory", file);
	if ((*fd = sys_open(file, SYS_READ)) < 0)
		return cli_fail(c, VAULT_ERR_IO, "cannot open %s: %s", file,
		    strerror(errno));
	return 0;
}

static int
failed(struct cli *c, const struct opts *o, vault_err rc,
    const vault_import_result *res)
{
	if (rc == VAULT_ERR_FORMAT)
		return cli_fail(c, rc, "%s: %s; nothing was imported",
		    o->file, res->why);
	if (rc == VAULT_ERR_AUTH)
		return cli_fail(c, rc, "%s: wrong password for the file; "
		    "nothing was imported", o->file);
	if (rc == VAULT_ERR_INVALID && o->io.format != NULL)
		return cli_fail(c, rc, "unknown --format %s (see 'cvault "
		    "import --help' and docs/moving-in.md)", o->io.format);
	return cli_fail(c, rc, "%s; nothing was imported", vault_strerror(rc));
}

static int
finish(struct cli *c, const struct opts *o, vault_batch *b,
    const vault_import_result *res)
{
	char label[128];
	size_t n;
	vault_err rc;

	if (o->dry_run) {
		vault_batch_abort(b);           /* none: NULL */
		printf("Dry run: nothing was imported.\n");
		return EXIT_OK;
	}
	if (!o->yes && interactive() && !ask("Import these into the vault? "
	    "[y/N] ")) {
		vault_batch_abort(b);
		printf("Nothing was imported.\n");
		return EXIT_OK;
	}
	n = vault_batch_count(b);
	snprintf(label, sizeof label, "%s: %zu entries", res->format, n);
	if ((rc = vault_batch_commit(b, label)) != VAULT_OK)
		return cli_fail(c, rc, "%s; nothing was imported",
		    vault_strerror(rc));
	printf("Imported %zu entr%s.\n", n, n == 1 ? "y" : "ies");
	plaintext_warning(o->file);
	return EXIT_OK;
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	static struct opts o;
	struct shown shown = { 0, 0, 0, 0 };
	vault_import_report rep = { on_row, on_note, &shown };
	vault_import_result res;
	vault_batch *b = NULL;
	vault_err rc;
	int fd = -1, status;

	memset(&o, 0, sizeof o);
	if (parse_args(c, argc, argv, &o) != 0)
		return cli_usage(c);
	/* A wrong option or an unreadable file costs no passphrase. */
	if ((status = open_source(c, o.file, &fd)) != 0)
		return status;
	/* A dry run only reads: the vault is opened read-only, so not even
	 * the record of this opening is written (the clerk's own). */
	if (o.dry_run && c->escrow == NULL && c->shares == NULL)
		c->readonly = c->ro_quiet = 1;
	if ((status = cli_unlock(c)) != EXIT_OK) {
		if (fd != STDIN_FILENO)
			close(fd);
		return status;
	}
	cli_context_add(c, vault_council(c->v));
	o.io.context = c->context;
	o.io.n_context = c->ncontext;
	shown.notes = o.dry_run || interactive();
	if (shown.notes)
		printf("Reading %s:\n", strcmp(o.file, "-") == 0 ?
		    "standard input" : cli_safe(o.file));
	rc = vault_import_run(c->v, read_fd, &fd, &o.io, &rep, &res, &b);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc != VAULT_OK)
		return failed(c, &o, rc, &res);
	summary(&o, &res, &shown);
	return finish(c, &o, b, &res);
}
