/* SPDX-License-Identifier: ISC */
/*
 * cmd_totp.c - `cvault totp TITLE [--at T]`: the current one-time code of
 * an entry's TOTP secret, the seconds it has left, and the next code when
 * fewer than 5 seconds remain; for a HOTP secret, the code at the stored
 * counter, which is advanced in the entry (one transaction) before the
 * code is shown. `cvault totp --uri - [--at T]` computes from a URI or
 * bare base32 secret on standard input, with no vault (checks, drills).
 *
 * The TITLE is found as for every command (find.c). Reading the entry
 * is a reveal in the audit log of its two-factor fields (VAULT_SHOWN_2FA),
 * with the entry's title as subject. --copy puts the code on the
 * clipboard instead of the screen (clipboard.c). Codes are credentials: they
 * are built in guarded output buffers and wiped.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "render.h"

#define AT_MAX 253402300799LL           /* 9999-12-31T23:59:59Z */

/* --at: decimal Unix seconds, 0..AT_MAX. */
static int
parse_at(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > AT_MAX)
		return -1;
	*out = v;
	return 0;
}

/* What --copy and --clear-after asked for. */
struct copy {
	int on;
	unsigned seconds;
};

/* Print the code(s) of `o` at `at`, or with --copy put the code on the
 * clipboard and only its time left on stderr. An exit status. */
static int
emit(struct cli *c, const vault_otp *o, int64_t at, const struct copy *cp)
{
	char code[VAULT_OTP_DIGITS_MAX + 1];
	struct obuf *ob = NULL;
	unsigned left = 0;
	vault_err rc;
	int status;

	if (cp->on) {
		if ((rc = vault_otp_code(o, at, code, sizeof code, &left)) !=
		    VAULT_OK)
			return cli_fail(c, rc, NULL);
		status = cli_copy(c, (const uint8_t *)code, strlen(code),
		    cp->seconds, "the code");
		sodium_memzero(code, sizeof code);
		if (status == EXIT_OK && vault_otp_kind(o) == VAULT_OTP_TOTP)
			fprintf(stderr, "The code is good for %u s more.\n",
			    left);
		return status;
	}
	if ((rc = ob_new(&ob)) != VAULT_OK ||
	    (rc = cli_otp_codes(ob, o, at, c->json)) != VAULT_OK) {
		ob_free(ob);
		return cli_fail(c, rc, NULL);
	}
	return cli_emit(c, ob);
}

/* Parse `text`, print its codes; an exit status. */
static int
show(struct cli *c, const uint8_t *text, size_t len, int64_t at,
    const char *what, const struct copy *cp)
{
	vault_otp *o = NULL;
	const char *why = NULL;
	vault_err rc;
	int status;

	if ((rc = vault_otp_parse(text, len, &o, &why)) != VAULT_OK)
		status = rc == VAULT_ERR_FORMAT ? cli_fail(c, rc, "%s refused: "
		    "%s", what, why) : cli_fail(c, rc, NULL);
	else
		status = emit(c, o, at, cp);
	vault_otp_free(o);
	return status;
}

/* A stored HOTP secret: store counter + 1 first, then show the code at
 * the counter, so a code is never shown twice (RFC 4226 section 7.2:
 * the generator's counter moves on every code it gives). */
static int
show_hotp(struct cli *c, const char *title, vault_entry *e,
    const uint8_t *text, size_t len, const struct copy *cp)
{
	vault_otp *o = NULL, *adv = NULL;
	vault_secret *uri = NULL;
	const char *why = NULL;
	uint64_t n;
	vault_err rc;
	int status;

	if ((rc = vault_otp_parse(text, len, &o, &why)) != VAULT_OK ||
	    (rc = vault_otp_parse(text, len, &adv, &why)) != VAULT_OK) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	n = vault_otp_counter(o);
	if (n >= VAULT_OTP_COUNTER_MAX) {
		status = cli_fail(c, VAULT_ERR_FORMAT, "the HOTP counter of "
		    "\"%s\" cannot go further; set up a new secret", title);
		goto out;
	}
	if ((rc = vault_otp_counter_set(adv, n + 1)) != VAULT_OK ||
	    (rc = vault_otp_uri(adv, &uri)) != VAULT_OK ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TOTP, vault_secret_data(uri),
	    vault_secret_len(uri))) != VAULT_OK) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	if ((rc = vault_entry_update(c->v, title, e)) != VAULT_OK) {
		status = cli_fail(c, rc, "could not advance the HOTP counter of "
		    "\"%s\" (%s); no code was shown", title,
		    vault_strerror(rc));
		goto out;
	}
	status = emit(c, o, 0, cp);
out:
	vault_secret_free(uri);
	vault_otp_free(adv);
	vault_otp_free(o);
	return status;
}

static int
from_entry(struct cli *c, const char *query, int64_t at, struct copy *cp,
    const char *clear_after)
{
	vault_entry *e = NULL;
	vault_otp *o = NULL;
	vault_secret *copy = NULL;
	char *title = NULL;
	const uint8_t *p;
	size_t len;
	vault_err rc;
	int status;

	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if (cp->on && (status = cli_clear_seconds(c, clear_after,
	    &cp->seconds)) != EXIT_OK)
		return status;
	if ((status = cli_entry(c, query, VAULT_SHOWN_2FA, &e, &title)) !=
	    EXIT_OK)
		goto out;
	if (vault_entry_field(e, VAULT_FIELD_TOTP, &p, &len) != VAULT_OK) {
		status = cli_fail(c, VAULT_ERR_NOTFOUND, "\"%s\" has no TOTP "
		    "secret; add one with 'cvault edit \"%s\" --totp -'", title,
		    title);
		goto out;
	}
	/* A copy: setting the field rebuilds the entry under p. */
	if ((rc = vault_secret_from(p, len, &copy)) != VAULT_OK) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	if (vault_otp_parse(p, len, &o, NULL) == VAULT_OK &&
	    vault_otp_kind(o) == VAULT_OTP_HOTP)
		status = show_hotp(c, title, e, vault_secret_data(copy),
		    vault_secret_len(copy), cp);
	else
		status = show(c, vault_secret_data(copy),
		    vault_secret_len(copy), at, "the stored TOTP secret", cp);
out:
	free(title);
	vault_otp_free(o);
	vault_secret_free(copy);
	vault_entry_free(e);
	return status;
}

static int
from_stdin(struct cli *c, int64_t at, struct copy *cp,
    const char *clear_after)
{
	vault_secret *s = NULL;
	vault_err rc;
	int status;

	if (sys_isatty(STDIN_FILENO)) {
		/* Typed: ask on the terminal with echo off. */
		int fd = c->pass_fd;

		c->pass_fd = -1;
		rc = cli_read_secret(c, "otpauth:// URI or base32 secret: ",
		    &s);
		c->pass_fd = fd;
	} else if ((rc = cli_read_stdin(VAULT_OTP_URI_MAX, &s)) != VAULT_OK) {
		return rc == VAULT_ERR_INVALID ? cli_fail(c, VAULT_ERR_FORMAT,
		    "the URI refused: too long (over 4096 bytes)") :
		    cli_fail(c, rc, "could not read standard input");
	}
	if (rc != VAULT_OK)
		return cli_exit_status(rc);     /* term.c explained */
	if (cp->on && (status = cli_clear_seconds(c, clear_after,
	    &cp->seconds)) != EXIT_OK) {
		vault_secret_free(s);
		return status;
	}
	status = show(c, vault_secret_data(s), vault_secret_len(s), at,
	    "the URI", cp);
	vault_secret_free(s);
	return status;
}

int
cmd_totp(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "uri", required_argument, NULL, 'u' },
		{ "at", required_argument, NULL, 'a' },
		{ "copy", no_argument, NULL, 'C' },
		{ "clear-after", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t at = (int64_t)time(NULL);
	struct copy cp = { 0, 0 };
	const char *clear_after = NULL;
	unsigned dummy;
	int ch, uri = 0;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'u':
			if (strcmp(optarg, "-") != 0) {
				/* SECURITY: never a secret on argv. */
				fprintf(stderr, "cvault: %s: a TOTP secret is "
				    "never taken from the command line; use "
				    "--uri - and pipe or type it\n", c->name);
				return EXIT_USAGE;
			}
			uri = 1;
			break;
		case 'a':
			if (parse_at(optarg, &at) != 0) {
				fprintf(stderr, "cvault: %s: --at takes Unix "
				    "seconds, 0 to %lld\n", c->name, AT_MAX);
				return EXIT_USAGE;
			}
			break;
		case 'C':
			cp.on = 1;
			break;
		case 'K':
			clear_after = optarg;
			break;
		default:
			return cli_usage(c);
		}
	}
	if ((uri ? optind != argc : optind != argc - 1) ||
	    (clear_after != NULL && !cp.on) || (cp.on && c->json))
		return cli_usage(c);
	/* A bad --clear-after is found before any passphrase is asked. */
	if (clear_after != NULL && cli_clear_seconds(c, clear_after, &dummy) !=
	    EXIT_OK)
		return EXIT_USAGE;
	return uri ? from_stdin(c, at, &cp, clear_after) :
	    from_entry(c, argv[optind], at, &cp, clear_after);
}
