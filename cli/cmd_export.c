/* SPDX-License-Identifier: ISC */
/*
 * cmd_export.c - `cvault export --format csv|json|kdbx FILE`: every
 * entry out of the vault, so that a council can always leave.
 *  - csv and json hold every password in the clear: refused without
 *    --plaintext, never to standard output or a terminal;
 *  - kdbx is a KeePass KDBX 4 file under a new passphrase that passes
 *    the policy (asked twice on the terminal, or the next two lines of
 *    --passphrase-fd).
 * FILE is created exclusively (never overwritten, never through a
 * link) with mode 0600; the export is recorded in the log first.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"

struct opts {
	vault_export_format fmt;
	int plaintext;
	const char *file;
	const char *mib, *passes, *lanes;
};

static int
options(struct cli *c, int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "plaintext", no_argument, NULL, 'P' },
		{ "kdf-memory", required_argument, NULL, 'm' },
		{ "kdf-time", required_argument, NULL, 't' },
		{ "kdf-lanes", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof *o);
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'f':
			o->fmt = strcmp(optarg, "csv") == 0 ? VAULT_EXPORT_CSV :
			    strcmp(optarg, "json") == 0 ? VAULT_EXPORT_JSON :
			    strcmp(optarg, "kdbx") == 0 ? VAULT_EXPORT_KDBX :
			    (vault_export_format)0;
			if (o->fmt == 0)
				return cli_fail(c, VAULT_ERR_INVALID, "--format "
				    "is csv, json or kdbx");
			break;
		case 'P': o->plaintext = 1; break;
		case 'm': o->mib = optarg; break;
		case 't': o->passes = optarg; break;
		case 'l': o->lanes = optarg; break;
		default: return cli_usage(c);
		}
	}
	if (optind + 1 != argc || o->fmt == 0)
		return cli_usage(c);
	o->file = argv[optind];
	return EXIT_OK;
}

/* The refusals, before the vault is read. */
static int
check(struct cli *c, const struct opts *o)
{
	if (o->fmt != VAULT_EXPORT_KDBX && !o->plaintext)
		return cli_fail(c, VAULT_ERR_INVALID, "a %s export holds "
		    "every password in the clear; add --plaintext if that is "
		    "what you mean (or use --format kdbx, which is encrypted)",
		    o->fmt == VAULT_EXPORT_CSV ? "CSV" : "JSON");
	if (o->fmt == VAULT_EXPORT_KDBX && o->plaintext)
		return cli_fail(c, VAULT_ERR_INVALID, "--plaintext is for csv "
		    "and json; a kdbx export is encrypted");
	if (strcmp(o->file, "-") == 0 || o->file[0] == '\0')
		return cli_fail(c, VAULT_ERR_INVALID, "the export goes to a "
		    "new file, never to standard output or a terminal");
	if (sys_kind(o->file, 0) != SYS_MISSING)
		return cli_fail(c, VAULT_ERR_EXISTS, "%s already exists; an "
		    "export never overwrites a file", cli_safe(o->file));
	return EXIT_OK;
}

/* The KeePass file's passphrase: twice, the same, and within policy. */
static int
new_passphrase(struct cli *c, vault_secret **out)
{
	vault_secret *again = NULL;
	const char *prompt = "Passphrase for the KeePass file: ";
	vault_err rc;
	int same;

	*out = NULL;
	if (c->pass_fd < 0)
		return cli_new_passphrase(c, prompt, "the export's", out);
	if ((rc = cli_read_secret(c, prompt, out)) != VAULT_OK ||
	    (rc = cli_read_secret(c, prompt, &again)) != VAULT_OK) {
		vault_secret_free(*out);
		*out = NULL;
		return cli_fail(c, rc, "the KeePass file's passphrase is "
		    "read twice from --passphrase-fd, after the vault's");
	}
	same = vault_secret_len(*out) == vault_secret_len(again) &&
	    sodium_memcmp(vault_secret_data(*out), vault_secret_data(again),
	    vault_secret_len(again)) == 0;
	vault_secret_free(again);
	if (!same || cli_passphrase_ok(c, *out, "the export's") != 0) {
		vault_secret_free(*out);
		*out = NULL;
		if (!same)
			return cli_fail(c, VAULT_ERR_INVALID, "the two "
			    "passphrases for the KeePass file differ");
		return EXIT_POLICY;
	}
	return EXIT_OK;
}

static int
write_file(struct cli *c, const struct opts *o, const vault_secret *pass,
    const vault_params *p, size_t *n)
{
	vault_err rc;
	int fd;

	fd = sys_open(o->file, SYS_NEW | SYS_NOFOLLOW);
	if (fd < 0)
		return cli_fail(c, errno == EEXIST ? VAULT_ERR_EXISTS :
		    VAULT_ERR_IO, "cannot create %s: %s", cli_safe(o->file),
		    strerror(errno));
	rc = vault_export(c->v, o->fmt, fd,
	    pass ? vault_secret_data(pass) : NULL,
	    pass ? vault_secret_len(pass) : 0, p, n);
	if (rc == VAULT_OK && sys_fsync(fd) != 0)
		rc = VAULT_ERR_IO;
	if (close(fd) != 0 && rc == VAULT_OK)
		rc = VAULT_ERR_IO;
	if (rc != VAULT_OK) {
		sys_unlink(o->file);
		return cli_fail(c, rc, "nothing was exported: %s",
		    vault_strerror(rc));
	}
	return EXIT_OK;
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	struct opts o;
	vault_secret *pass = NULL;
	vault_params p = { 64u * 1024u, 3, 2 };
	size_t n = 0;
	int status;

	if ((status = options(c, argc, argv, &o)) != EXIT_OK ||
	    (status = check(c, &o)) != EXIT_OK)
		return status;
	if (o.fmt != VAULT_EXPORT_KDBX && (o.mib || o.passes || o.lanes))
		return cli_fail(c, VAULT_ERR_INVALID, "--kdf-* options are "
		    "for --format kdbx");
	if ((o.mib || o.passes || o.lanes) &&
	    cli_kdf_params(c, o.mib, o.passes, o.lanes, &p) != 0)
		return EXIT_USAGE;
	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if (o.fmt == VAULT_EXPORT_KDBX &&
	    (status = new_passphrase(c, &pass)) != EXIT_OK)
		goto out;
	if ((status = write_file(c, &o, pass, o.fmt == VAULT_EXPORT_KDBX ?
	    &p : NULL, &n)) != EXIT_OK)
		goto out;
	fprintf(stderr, "Exported %zu entr%s to %s (%s).\n", n,
	    n == 1 ? "y" : "ies", cli_safe(o.file), o.fmt == VAULT_EXPORT_KDBX ?
	    "KeePass KDBX 4, encrypted" : o.fmt == VAULT_EXPORT_CSV ? "CSV" :
	    "JSON");
	if (o.fmt != VAULT_EXPORT_KDBX)
		cli_warn(c, "%s holds every password in the clear: import "
		    "it where it is going, then delete it (and any copy in a "
		    "cloud drive or the recycle bin) at once", cli_safe(o.file));
out:
	vault_secret_free(pass);
	return status;
}
