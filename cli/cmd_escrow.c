/* SPDX-License-Identifier: ISC */
/*
 * cmd_escrow.c - `cvault escrow ...`: set up and rotate the holders who
 * can open the vault without the clerk, show the set-up, print a
 * holder's paper share, check a share or a holder's passphrase without
 * opening anything (the annual drill), and remove escrow.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "holders.h"
#include "render.h"
#include "sheet.h"

#define REVEALED_MAX 256

/* Titles revealed during escrow openings, each once. */
struct revealed {
	struct obuf *ob;        /* the titles, NUL-separated */
	size_t off[REVEALED_MAX], len[REVEALED_MAX], n;
};

static int
list_revealed(void *ctx, const vault_log_event *ev)
{
	struct revealed *r = ctx;

	if (!ev->escrow || ev->kind != VAULT_EVENT_REVEAL ||
	    ev->subject == NULL || r->n == REVEALED_MAX)
		return 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->len[i] == ev->subject_len && memcmp(ob_data(r->ob) +
		    r->off[i], ev->subject, ev->subject_len) == 0)
			return 0;
	r->off[r->n] = ob_len(r->ob);
	r->len[r->n] = ev->subject_len;
	if (ob_put(r->ob, ev->subject, ev->subject_len) != VAULT_OK)
		return 1;
	r->n++;
	return 0;
}

static void
show_revealed(struct cli *c)
{
	struct revealed r;

	memset(&r, 0, sizeof r);
	if (ob_new(&r.ob) != VAULT_OK ||
	    vault_log_walk(c->v, 0, list_revealed, &r) != VAULT_OK) {
		ob_free(r.ob);
		return;
	}
	if (r.n > 0)
		fprintf(stderr, "Passwords revealed during escrow openings; "
		    "change them if a holder has left office:\n");
	for (size_t i = 0; i < r.n; i++)
		fprintf(stderr, "  %s\n", cli_safe_n(ob_data(r.ob) + r.off[i],
		    r.len[i], VAULT_TITLE_MAX));
	ob_free(r.ob);
}

static int
setup(struct cli *c, int argc, char **argv, int rotate)
{
	static const struct option longopts[] = {
		CLI_HOLDER_OPTIONS,
		{ "kdf-memory", required_argument, NULL, 'm' },
		{ "kdf-time", required_argument, NULL, 't' },
		{ "kdf-lanes", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	const char *mib = NULL, *passes = NULL, *lanes = NULL;
	struct holders h;
	vault_params p;
	unsigned k = 0;
	vault_err rc;
	int ch, status = EXIT_USAGE;

	memset(&h, 0, sizeof h);
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'h': case 'P': case 'k':
			if (cli_holder_opt(c, &h, &k, ch, optarg))
				goto out;
			break;
		case 'm': mib = optarg; break;
		case 't': passes = optarg; break;
		case 'l': lanes = optarg; break;
		default: goto out;
		}
	}
	vault_params_default(&p);
	if (optind != argc || (h.n == 0 && !rotate) ||
	    cli_holders_check(c, &h, k) != 0 ||
	    ((mib || passes || lanes) &&
	    cli_kdf_params(c, mib, passes, lanes, &p) != 0)) {
		status = cli_usage(c);
		goto out;
	}
	if ((status = cli_unlock(c)) != EXIT_OK)
		goto out;
	if (h.n == 0) {                 /* rotate: same holders, new shares */
		if ((rc = cli_holders_current(c, &h, &k)) != VAULT_OK) {
			status = cli_fail(c, rc, rc == VAULT_ERR_NOTFOUND ?
			    "escrow is not set up; use 'cvault escrow setup "
			    "--holder ROLE=NAME ... --threshold K'" : NULL);
			goto out;
		}
	}
	if ((status = cli_holders_read(c, &h)) != EXIT_OK)
		goto out;
	if (rotate)
		show_revealed(c);
	if ((rc = vault_escrow_setup(c->v, h.spec, h.n, k, &p, h.paper)) !=
	    VAULT_OK) {
		status = cli_fail(c, rc, "escrow was not changed: %s",
		    vault_strerror(rc));
		goto out;
	}
	fprintf(stderr, "Escrow %s: any %u of the %zu holders (", rotate ?
	    "re-issued" : "set up", k, h.n);
	for (size_t i = 0; i < h.n; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", cli_safe(h.role[i]));
	fprintf(stderr, ") can open the vault together.\n%s", rotate ?
	    "Shares printed before today no longer open this file (older "
	    "backup copies still open with them).\n" : "");
	status = cli_holders_issued(c, &h);
out:
	cli_holders_free(&h);
	return status;
}

static void
show_holder(void *ctx, const char *role, const char *name, unsigned member,
    int paper_only)
{
	struct obuf *ob = ctx;

	if (ob != NULL)
		(void)!ob_str(ob, member > 1 ? ",{\"role\":" : "{\"role\":"),
		    (void)!ob_json_str(ob, (const uint8_t *)role, strlen(role)),
		    (void)!ob_str(ob, ",\"name\":"), (void)!ob_json_str(ob,
		    (const uint8_t *)name, strlen(name)),
		    (void)!ob_fmt(ob, ",\"share\":%u,\"paper_only\":%s}",
		    member, paper_only ? "true" : "false");
	else
		printf("  share %u: the %s, %s%s\n", member, cli_safe(role),
		    cli_safe(name), paper_only ? " (paper only: no passphrase, "
		    "the share is only on their sheet)" : "");
}

static int
status(struct cli *c, int argc)
{
	unsigned k, n, rot;
	int64_t since;
	struct obuf *ob = NULL;
	vault_err rc;
	int st;

	if (argc != 1)
		return cli_usage(c);
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	if (c->json && (rc = ob_new(&ob)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if (ob)
		(void)!ob_str(ob, "{\"holders\":[");
	rc = vault_escrow_status(c->v, &k, &n, &rot, &since, show_holder, ob);
	if (rc == VAULT_ERR_NOTFOUND) {
		ob_free(ob);
		if (c->json) {
			printf("{\"escrow\":false}\n");
			return EXIT_OK;
		}
		printf("Escrow is not set up: only the clerk can open this "
		    "vault.\n");
		return EXIT_OK;
	}
	if (rc != VAULT_OK) {
		ob_free(ob);
		return cli_fail(c, rc, NULL);
	}
	if (ob) {
		(void)!ob_fmt(ob, "],\"threshold\":%u,\"rotation\":%u,"
		    "\"since\":", k, rot);
		(void)!ob_time(ob, since, 1);
		(void)!ob_str(ob, "}\n");
		return cli_emit(c, ob);
	}
	printf("Any %u of these %u holders can open the vault together "
	    "(shares issued ", k, n);
	fflush(stdout);
	if (ob_new(&ob) == VAULT_OK) {
		(void)!ob_time(ob, since, 0);
		(void)!ob_str(ob, ", issue number ");
		(void)!ob_fmt(ob, "%u).\n", rot);
		return cli_emit(c, ob);
	}
	return EXIT_OK;
}

static int
begin(struct cli *c, vault_escrow **eo)
{
	vault_err rc = vault_escrow_begin(c->path, eo);

	if (rc == VAULT_ERR_NOTFOUND)
		return cli_fail(c, rc, sys_exists(c->path) ? "%s has no "
		    "emergency holders; only the clerk can open it" : "there "
		    "is no vault at %s. Name the council's vault file with -f "
		    "FILE (or set the CVAULT_FILE variable to it)", c->path);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, "cannot read %s: %s", c->path,
		    vault_strerror(rc));
	return EXIT_OK;
}

static int
print_share(struct cli *c, int argc, char **argv)
{
	vault_escrow *eo = NULL;
	vault_share_sheet sh;
	struct obuf *ob = NULL;
	char *full = NULL;
	vault_err rc;
	int st;

	memset(&sh, 0, sizeof sh);
	if (argc != 2)
		return cli_usage(c);
	if ((st = begin(c, &eo)) != EXIT_OK)
		return st;
	if (vault_escrow_paper_only(eo, argv[1])) {
		st = cli_fail(c, VAULT_ERR_SHARES, "the %s's share is only on "
		    "the sheet printed when the shares were issued; if it is "
		    "lost, the clerk issues new shares with 'cvault escrow "
		    "rotate'", argv[1]);
		goto out;
	}
	if ((st = cli_escrow_holder(c, eo, argv[1])) != EXIT_OK)
		goto out;
	full = sys_realpath(c->path);        /* where it is, if unset */
	if ((rc = vault_escrow_sheet(eo, argv[1], &sh)) != VAULT_OK ||
	    (rc = ob_new(&ob)) != VAULT_OK ||
	    (rc = cli_sheet(ob, argv[1], &sh, 0, full)) != VAULT_OK) {
		st = cli_fail(c, rc, NULL);
		goto out;
	}
	st = cli_emit(c, ob);
	ob = NULL;
out:
	free(full);
	ob_free(ob);
	vault_secret_free(sh.mnemonic);
	vault_escrow_free(eo);
	return st;
}

/* Check paper shares (--shares FILE, else standard input) or one
 * holder's passphrase, opening nothing: the annual drill. */
static int
verify_share(struct cli *c, int argc, char **argv)
{
	vault_escrow *eo = NULL;
	vault_share_sheet sh;
	int st;

	memset(&sh, 0, sizeof sh);
	if (argc > 2)
		return cli_usage(c);
	if ((st = begin(c, &eo)) != EXIT_OK)
		return st;
	if (argc == 2) {
		if ((st = cli_escrow_holder(c, eo, argv[1])) == EXIT_OK &&
		    vault_escrow_sheet(eo, argv[1], &sh) == VAULT_OK)
			printf("The %s's passphrase opens their share (share "
			    "%u of %u; %u needed).\n", cli_safe(argv[1]),
			    sh.member,
			    sh.holders, sh.threshold);
		goto out;
	}
	/* Paper shares: --shares FILE, else standard input. */
	st = cli_paper_shares(c, eo, c->shares ? c->shares : "-", 1);
	if (st == EXIT_OK)
		printf("Every share given is one of this vault's current "
		    "shares.\n");
out:
	vault_secret_free(sh.mnemonic);
	vault_escrow_free(eo);
	return st;
}

static int
remove_escrow(struct cli *c, int argc, char **argv)
{
	int yes = argc == 2 && strcmp(argv[1], "--yes") == 0;
	vault_err rc;
	int st;

	if (argc != 1 && !yes)
		return cli_usage(c);
	if (!yes && !sys_isatty(STDIN_FILENO))
		return cli_fail(c, VAULT_ERR_INVALID, "without a terminal to ask "
		    "on, give --yes to remove escrow");
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	if (!yes && !cli_confirm("Remove escrow? Only the clerk will be able "
	    "to open the vault.", 0)) {
		fprintf(stderr, "Nothing was changed.\n");
		return EXIT_OK;
	}
	if ((rc = vault_escrow_remove(c->v)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	fprintf(stderr, "Escrow removed: only the clerk can open the vault "
	    "now.\n");
	return EXIT_OK;
}

int
cmd_escrow(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (strcmp(sub, "setup") == 0)
		return setup(c, argc - 1, argv + 1, 0);
	if (strcmp(sub, "rotate") == 0)
		return setup(c, argc - 1, argv + 1, 1);
	if (strcmp(sub, "status") == 0)
		return status(c, argc - 1);
	if (strcmp(sub, "print") == 0)
		return print_share(c, argc - 1, argv + 1);
	if (strcmp(sub, "verify-share") == 0)
		return verify_share(c, argc - 1, argv + 1);
	if (strcmp(sub, "remove") == 0)
		return remove_escrow(c, argc - 1, argv + 1);
	return cli_usage(c);
}
