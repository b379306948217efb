/* SPDX-License-Identifier: ISC */
/*
 * totp_code.c - a two-factor code from an otpauth:// URI with libvault:
 * parse the URI (refusals come with a one-line reason), print the code
 * and the seconds it has left. It checks itself against RFC 6238
 * appendix B (SHA-1, 8 digits, at 59 s: 94287082). Uses only <vault.h>;
 * `make test` builds and runs it. (Real programs read the URI as a
 * secret, never from a literal or argv.)
 */
#include <stdio.h>
#include <string.h>
#include <vault.h>

static const char uri[] = "otpauth://totp/RFC%206238?digits=8&"
    "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";      /* "1234567890" x 2 */

/* A wipe the compiler may not drop (no libsodium in an example). */
static void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

int
main(void)
{
	vault_otp *o = NULL;
	const char *why = NULL;
	char code[VAULT_OTP_DIGITS_MAX + 1];
	unsigned left = 0;
	vault_err rc;
	int status = 1;

	if ((rc = vault_otp_parse((const uint8_t *)uri, strlen(uri), &o,
	    &why)) != VAULT_OK) {
		fprintf(stderr, "totp_code: %s\n", why ? why :
		    vault_strerror(rc));
		return 1;
	}
	if ((rc = vault_otp_code(o, 59, code, sizeof code, &left)) !=
	    VAULT_OK)
		fprintf(stderr, "totp_code: %s\n", vault_strerror(rc));
	else if (strcmp(code, "94287082") != 0 || left != 1)
		fprintf(stderr, "totp_code: wrong code %s\n", code);
	else {
		printf("totp_code: %s at 59 s (%u s left), as RFC 6238 says\n",
		    code, left);
		status = 0;
	}
	wipe(code, sizeof code);        /* a credential */
	vault_otp_free(o);              /* wipes the key */
	return status;
}
