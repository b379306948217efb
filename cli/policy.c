/* SPDX-License-Identifier: ISC */
/*
 * policy.c - the council's password policy at the points of entry: the
 * clerk's and holders' passphrases (PASSPHRASE level, no override) and
 * every stored password (CREDENTIAL level; --allow-weak stores a password
 * a service imposes, marked weak). Context words - the council's name,
 * the holders' names, the entry's title, username and web address - must
 * not appear in a password. With --hibp FILE a password found in the
 * breach list is refused too. Reasons are printed in plain English; the
 * password itself never is.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "fields.h"

void
cli_context_add(struct cli *c, const char *word)
{
	if (word != NULL && *word && c->ncontext < CLI_CONTEXT_MAX)
		c->context[c->ncontext++] = word;
}

/* The host of a URL ("https://www.bank.example/x" -> "www.bank.example"),
 * copied into buf; the host's words count as context. */
static const char *
url_host(const uint8_t *url, size_t len, char *buf, size_t cap)
{
	size_t i = 0, n = 0;

	for (size_t k = 0; k + 2 < len; k++)
		if (url[k] == ':' && url[k + 1] == '/' && url[k + 2] == '/') {
			i = k + 3;
			break;
		}
	while (i < len && url[i] != '/' && url[i] != ':' && url[i] != '?' &&
	    n + 1 < cap)
		buf[n++] = (char)url[i++];
	buf[n] = '\0';
	return buf;
}

/* Refused by the breach list? Prints why; 0 when not found (or no list). */
static int
breached(struct cli *c, const vault_secret *pw)
{
	uint64_t count = 0;
	vault_err rc;

	/* --hibp, else the vault's own setting (cvault config hibp FILE). */
	if (c->hibp == NULL && c->v != NULL && c->hibp_owned == NULL &&
	    vault_config_get(c->v, "hibp", &c->hibp_owned) == VAULT_OK)
		c->hibp = c->hibp_owned;
	if (c->hibp == NULL)
		return 0;
	rc = vault_hibp_lookup(c->hibp, vault_secret_data(pw),
	    vault_secret_len(pw), &count);
	if (rc != VAULT_OK) {
		cli_fail(c, rc, "cannot search the breached-password list %s: "
		    "%s", c->hibp, vault_strerror(rc));
		return -1;
	}
	if (count == 0)
		return 0;
	cli_fail(c, VAULT_ERR_POLICY, "this password has appeared %llu "
	    "time%s in known data breaches, so attackers try it early; "
	    "choose another (for example with 'cvault gen')",
	    (unsigned long long)count, count == 1 ? "" : "s");
	return 1;
}

/* A refusal for a person at the terminal: the reasons (the library's
 * sentences) one a line, then the suggestion, so each can be read; the
 * prompt is then asked again. A script gets the same on one line. */
static void
refusal(struct cli *c, const char *what, const vault_strength *s)
{
	const char *r = vault_strength_reasons(s), *end;

	if (c->pass_fd >= 0) {
		cli_fail(c, VAULT_ERR_POLICY, "%s is refused: %s %s", what, r,
		    vault_strength_suggestion(s));
		return;
	}
	fprintf(stderr, "cvault: %s: %s is refused:\n", c->name, cli_safe(what));
	while (*r != '\0') {
		/* A sentence ends at ". " before a capital letter. */
		for (end = r; *end != '\0' && !(end[0] == '.' &&
		    end[1] == ' ' && end[2] >= 'A' && end[2] <= 'Z'); end++)
			;
		if (*end != '\0')
			end++;          /* keep the full stop */
		fprintf(stderr, "  - %.*s\n", (int)(end - r), r);
		r = *end == ' ' ? end + 1 : end;
	}
	if (*vault_strength_suggestion(s) != '\0')
		fprintf(stderr, "  %s\n", vault_strength_suggestion(s));
}

/* Check at `level`; on REJECT print the reasons and suggestion after
 * `what`. Returns 1 accepted, 0 refused, -1 error, -2 no estimate in
 * this build (each printed). */
static int
judge(struct cli *c, const vault_secret *pw, vault_strength_level level,
    const char *what, int quiet)
{
	vault_strength *s = NULL;
	vault_err rc;
	int ok;

	if (c->v != NULL)
		cli_context_add(c, vault_council(c->v));
	rc = vault_strength_check(vault_secret_data(pw), vault_secret_len(pw),
	    level, c->context, c->ncontext, &s);
	/* A build without the strength estimate (docs/testing.md) cannot
	 * accept anything on its word; a password the person stores with
	 * --allow-weak (quiet) is kept, marked weak, like any refused one. */
	if (rc == VAULT_ERR_UNAVAILABLE && quiet) {
		cli_warn(c, "this build of cvault has no password strength "
		    "estimate (zxcvbn-c), so %s cannot be checked", what);
		return 0;
	}
	if (rc == VAULT_ERR_UNAVAILABLE) {
		cli_fail(c, rc, "cannot check %s: this build of cvault has no "
		    "password strength estimate (zxcvbn-c)%s", what,
		    level == VAULT_STRENGTH_CREDENTIAL ? "; store it with "
		    "--allow-weak to keep it, marked weak" : ", so it sets no "
		    "new passphrase: do this where cvault is built in full");
		return -2;
	}
	if (rc != VAULT_OK) {
		cli_fail(c, rc, "cannot check %s: %s", what,
		    rc == VAULT_ERR_INVALID ? "it contains a NUL byte" :
		    vault_strerror(rc));
		return -1;
	}
	ok = vault_strength_ok(s);
	if (!ok && !quiet)
		refusal(c, what, s);
	vault_strength_free(s);
	return ok;
}

int
cli_passphrase_ok(struct cli *c, const vault_secret *pass, const char *who)
{
	char what[96];
	int b;

	snprintf(what, sizeof what, "%s passphrase", who);
	if (judge(c, pass, VAULT_STRENGTH_PASSPHRASE, what, 0) != 1)
		return -1;
	if ((b = breached(c, pass)) != 0)
		return -1;
	return 0;
}

#define TRIES 3

int
cli_new_passphrase(struct cli *c, const char *prompt, const char *who,
    vault_secret **out)
{
	vault_err rc;

	*out = NULL;
	for (int i = 0; i < TRIES; i++) {
		if ((rc = cli_read_new_secret(c, prompt, out)) != VAULT_OK)
			return cli_exit_status(rc);
		if (cli_passphrase_ok(c, *out, who) == 0)
			return EXIT_OK;
		vault_secret_free(*out);
		*out = NULL;
		if (c->pass_fd >= 0)
			break;          /* a script gets one answer */
		if (i + 1 < TRIES)
			fprintf(stderr, "Please choose another.\n");
	}
	return EXIT_POLICY;
}

vault_err
cli_password_ok(struct cli *c, const vault_secret *pw, const vault_entry *e,
    int allow_weak, int quiet, int *weak)
{
	const uint8_t *p;
	size_t len, saved = c->ncontext;
	char title[VAULT_TITLE_MAX + 1], user[256], host[256];
	int ok, b = 0;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &p, &len) == VAULT_OK) {
		snprintf(title, sizeof title, "%.*s", (int)len, (const char *)p);
		cli_context_add(c, title);
	}
	if (vault_entry_field(e, VAULT_FIELD_USERNAME, &p, &len) == VAULT_OK) {
		snprintf(user, sizeof user, "%.*s", (int)(len < 255 ? len : 255),
		    (const char *)p);
		cli_context_add(c, user);
	}
	if (vault_entry_field(e, VAULT_FIELD_URL, &p, &len) == VAULT_OK)
		cli_context_add(c, url_host(p, len, host, sizeof host));
	ok = judge(c, pw, VAULT_STRENGTH_CREDENTIAL, "the password",
	    allow_weak || quiet);
	if (ok == 1 && !quiet && (b = breached(c, pw)) < 0)
		ok = -1;
	c->ncontext = saved;    /* the entry's words were for this check */
	if (ok == -2)
		return VAULT_ERR_POLICY;        /* nothing unchecked goes in */
	if (ok < 0)
		return VAULT_ERR_INVALID;
	*weak = !ok || b;
	if (!*weak)
		return VAULT_OK;
	if (allow_weak) {
		cli_warn(c, "storing a password the policy refuses, because of "
		    "--allow-weak; it is marked weak and will be reported until "
		    "it is changed");
		return VAULT_OK;
	}
	if (!b && !quiet)
		fprintf(stderr, "If the service itself imposes this password "
		    "(a short PIN, say), store it with --allow-weak.\n");
	return VAULT_ERR_POLICY;
}
