/* SPDX-License-Identifier: ISC */
/*
 * import_csv.c - bring a spreadsheet's accounts into a vault with
 * libvault: vault_import_run reads the CSV (here from memory; a program
 * would read the file), detects its format, reports each record, and
 * leaves everything in an open batch, committed here as one transaction
 * and one log record. It checks itself: two entries in, the weak one
 * flagged. Uses only <vault.h>; `make test` builds and runs it.
 */
#define _DEFAULT_SOURCE 1          /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vault.h>

static const char sheet[] =
    "\xef\xbb\xbf" "Account,User name,Password,Web address\r\n"
    "Bank,clerk@parish.example,Xq7#mL2!vR9$wK4p,https://bank.example\r\n"
    "Library,clerk,password1,\r\n";

struct src {
	size_t off;
};

static vault_err
read_sheet(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	struct src *s = ctx;
	size_t n = sizeof sheet - 1 - s->off;

	if (n > cap)
		n = cap;
	memcpy(buf, sheet + s->off, n);
	s->off += n;
	*got = n;
	return VAULT_OK;
}

static void
on_row(void *ctx, const vault_import_row *r)
{
	(void)ctx;
	/* titles come from a file: a real program escapes them to show */
	if (r->weak)
		printf("import_csv: record %llu is weak: %s\n",
		    (unsigned long long)r->record, r->reasons);
}

int
main(void)
{
	const vault_params quick = { 8 * 1024, 1, 1 };
	const char *pass = "correct horse battery staple";
	char dir[] = "/tmp/cvault-example-XXXXXX", path[64];
	vault_import_report rep = { on_row, NULL, NULL };
	vault_import_opts opts;
	vault_import_result res;
	struct src s = { 0 };
	vault_batch *b = NULL;
	vault *v = NULL;
	vault_err rc;
	int status = 1;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/council.vault", dir);
	memset(&opts, 0, sizeof opts);
	opts.duplicates = VAULT_DUP_SKIP;
	if ((rc = vault_create(path, "Little Snoring", (const uint8_t *)pass,
	    strlen(pass), &quick, &v)) != VAULT_OK ||
	    (rc = vault_import_run(v, read_sheet, &s, &opts, &rep, &res,
	    &b)) != VAULT_OK)
		fprintf(stderr, "import_csv: %s %s\n", vault_strerror(rc),
		    rc == VAULT_ERR_FORMAT ? res.why : "");
	else if ((rc = vault_batch_commit(b, "csv: 2 entries")) != VAULT_OK)
		fprintf(stderr, "import_csv: %s\n", vault_strerror(rc));
	else if (res.added != 2 || res.weak != 1 ||
	    vault_entry_exists(v, "Library") != VAULT_OK)
		fprintf(stderr, "import_csv: wrong result\n");
	else {
		printf("import_csv: %s, %zu entries, %zu weak\n", res.label,
		    res.added, res.weak);
		status = 0;
	}
	vault_close(v);
	unlink(path);
	rmdir(dir);
	return status;
}
