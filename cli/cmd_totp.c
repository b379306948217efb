/* SPDX-License-Identifier: ISC */
/*
 * cmd_totp.c - `cvault totp TITLE [--at T]`: the current one-time code of
 * an entry's TOTP secret, the seconds it has left, and the next code when
 * fewer than 5 seconds remain; for a HOTP secret, the code at the stored
 * counter, which is advanced in the entry (one transaction) before the
 * code is shown. `cvault totp --uri - [--at T]` computes from a URI or
 * bare base32 secret on standard input, with no vault (checks, drills).
 *
 * Reading the entry is a reveal in the audit log (vault_entry_get), with
 * the entry's title as subject, as for `get`. Codes are credentials: they
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

#define NEXT_BELOW 5u                   /* seconds: show the next code */
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

/* Format the code(s) for `o` at `at` into ob: text or JSON. */
static vault_err
put_codes(struct cli *c, struct obuf *ob, const vault_otp *o, int64_t at)
{
	char code[VAULT_OTP_DIGITS_MAX + 1], next[VAULT_OTP_DIGITS_MAX + 1];
	unsigned left = 0, dummy;
	int hotp = vault_otp_kind(o) == VAULT_OTP_HOTP, show_next;
	vault_err rc;

	next[0] = '\0';
	if ((rc = vault_otp_code(o, at, code, sizeof code, &left)) != VAULT_OK)
		goto out;
	show_next = !hotp && left < NEXT_BELOW;
	if (show_next && (rc = vault_otp_code(o, at + left, next, sizeof next,
	    &dummy)) != VAULT_OK)
		goto out;
	if (c->json) {
		rc = ob_fmt(ob, "{\"code\":\"%s\",", code);
		if (rc == VAULT_OK && hotp)
			rc = ob_fmt(ob, "\"type\":\"hotp\",\"counter\":%llu,"
			    "\"seconds_left\":null,\"next\":null}",
			    (unsigned long long)vault_otp_counter(o));
		else if (rc == VAULT_OK)
			rc = ob_fmt(ob, "\"type\":\"totp\",\"seconds_left\":%u,"
			    "\"next\":%s%s%s}", left, show_next ? "\"" : "",
			    show_next ? next : "null", show_next ? "\"" : "");
	} else if (hotp) {
		rc = ob_fmt(ob, "%s (counter %llu)", code,
		    (unsigned long long)vault_otp_counter(o));
	} else if (show_next) {
		rc = ob_fmt(ob, "%s (%u s left; next %s)", code, left, next);
	} else {
		rc = ob_fmt(ob, "%s (%u s left)", code, left);
	}
	if (rc == VAULT_OK)
		rc = ob_str(ob, "\n");
out:
	sodium_memzero(code, sizeof code);
	sodium_memzero(next, sizeof next);
	return rc;
}

/* Parse `text`, print its codes; an exit status. */
static int
show(struct cli *c, const uint8_t *text, size_t len, int64_t at,
    const char *what)
{
	vault_otp *o = NULL;
	struct obuf *ob = NULL;
	const char *why = NULL;
	vault_err rc;
	int status;

	if ((rc = vault_otp_parse(text, len, &o, &why)) != VAULT_OK) {
		status = rc == VAULT_ERR_FORMAT ? cli_fail(c, rc, "%s refused: "
		    "%s", what, why) : cli_fail(c, rc, NULL);
		goto out;
	}
	if ((rc = ob_new(&ob)) != VAULT_OK ||
	    (rc = put_codes(c, ob, o, at)) != VAULT_OK) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	status = cli_emit(c, ob);
	ob = NULL;
out:
	ob_free(ob);
	vault_otp_free(o);
	return status;
}

/* A stored HOTP secret: store counter + 1 first, then show the code at
 * the counter, so a code is never shown twice (RFC 4226 section 7.2:
 * the generator's counter moves on every code it gives). */
static int
show_hotp(struct cli *c, const char *title, vault_entry *e,
    const uint8_t *text, size_t len)
{
	vault_otp *o = NULL, *adv = NULL;
	vault_secret *uri = NULL;
	struct obuf *ob = NULL;
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
	if ((rc = ob_new(&ob)) != VAULT_OK ||
	    (rc = put_codes(c, ob, o, 0)) != VAULT_OK) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	status = cli_emit(c, ob);
	ob = NULL;
out:
	ob_free(ob);
	vault_secret_free(uri);
	vault_otp_free(adv);
	vault_otp_free(o);
	return status;
}

static int
from_entry(struct cli *c, const char *title, int64_t at)
{
	vault_entry *e = NULL;
	vault_otp *o = NULL;
	vault_secret *copy = NULL;
	const uint8_t *p;
	size_t len;
	vault_err rc;
	int status;

	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if ((rc = vault_entry_get(c->v, title, &e)) != VAULT_OK) {
		status = rc == VAULT_ERR_NOTFOUND ? cli_fail(c, rc, "no entry "
		    "titled \"%s\"; 'cvault ls' lists them", title) :
		    rc == VAULT_ERR_CORRUPT ? cli_fail(c, rc, "the entry "
		    "\"%s\" is damaged or has been tampered with; nothing was "
		    "shown", title) : cli_fail(c, rc, NULL);
		goto out;
	}
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
		    vault_secret_len(copy));
	else
		status = show(c, vault_secret_data(copy),
		    vault_secret_len(copy), at, "the stored TOTP secret");
out:
	vault_otp_free(o);
	vault_secret_free(copy);
	vault_entry_free(e);
	return status;
}

static int
from_stdin(struct cli *c, int64_t at)
{
	vault_secret *s = NULL;
	vault_err rc;
	int status;

	if (isatty(STDIN_FILENO)) {
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
	status = show(c, vault_secret_data(s), vault_secret_len(s), at,
	    "the URI");
	vault_secret_free(s);
	return status;
}

int
cmd_totp(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "uri", required_argument, NULL, 'u' },
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t at = (int64_t)time(NULL);
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
		default:
			return cli_usage(c);
		}
	}
	if (uri ? optind != argc : optind != argc - 1)
		return cli_usage(c);
	return uri ? from_stdin(c, at) : from_entry(c, argv[optind], at);
}
