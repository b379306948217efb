/* SPDX-License-Identifier: ISC */
/*
 * otp_codes.c - a one-time code as a person reads it: the code, the
 * seconds it has left, and the next code when fewer than 5 seconds
 * remain (HOTP: the counter), or the same as JSON. Shared by `totp` and
 * `show`. Codes are credentials: built on the stack, copied only into
 * the caller's guarded buffer, and wiped.
 */
#include <sodium.h>
#include "cli.h"

#define NEXT_BELOW 5u                   /* seconds: show the next code */

vault_err
cli_otp_codes(struct obuf *ob, const vault_otp *o, int64_t at, int json)
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
	if (json) {
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

