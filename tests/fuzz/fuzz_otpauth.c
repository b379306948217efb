/* SPDX-License-Identifier: ISC */
/*
 * fuzz_otpauth.c - the otpauth:// URI and bare base32 parser
 * (vault_otp_parse, vault/otp/otpauth.c) on arbitrary bytes: what a
 * clerk types or pipes with --totp -, what a QR code on a screenshot
 * holds, and what a damaged or forged entry's TOTP field contains.
 * Input: the whole input is the text.
 * Properties:
 *  - the result is OK, FORMAT or NOMEM; FORMAT comes with a reason that
 *    is a short printable ASCII line, OK with none; nothing is returned
 *    on a refusal; input over VAULT_OTP_URI_MAX bytes is FORMAT;
 *  - an accepted key has a known type and algorithm, 6..8 digits, a
 *    period of 1..3600 s (TOTP) or a counter within range (HOTP), and
 *    non-NULL label and issuer;
 *  - it gives a code of exactly `digits` decimal digits (at a time taken
 *    from the input) and, for TOTP, 1..period seconds left;
 *  - its canonical URI parses back to a key with the same parameters,
 *    label, issuer and code, and re-encodes to the same bytes.
 */
#include "fuzz.h"
#include "vault.h"

#define REASON_MAX 80u

static void
reason_ok(const char *why)
{
	size_t n;

	FUZZ_ASSERT(why != NULL);
	for (n = 0; n < REASON_MAX && why[n] != '\0'; n++)
		FUZZ_ASSERT(why[n] >= 0x20 && why[n] <= 0x7e);
	FUZZ_ASSERT(n > 0 && n < REASON_MAX);
}

static int64_t
time_from(const uint8_t *data, size_t len)
{
	uint64_t t = 0;

	for (size_t i = 0; i < len && i < 8; i++)
		t = t << 8 | data[len - 1 - i];
	return (int64_t)(t % 253402300800ull);  /* up to year 9999 */
}

static void
code_of(const vault_otp *o, int64_t at, char code[VAULT_OTP_DIGITS_MAX + 1])
{
	unsigned left = 0;
	vault_err rc = vault_otp_code(o, at, code, VAULT_OTP_DIGITS_MAX + 1,
	    &left);

	FUZZ_ASSERT(rc == VAULT_OK);
	FUZZ_ASSERT(strlen(code) == vault_otp_digits(o));
	for (size_t i = 0; code[i] != '\0'; i++)
		FUZZ_ASSERT(code[i] >= '0' && code[i] <= '9');
	if (vault_otp_kind(o) == VAULT_OTP_TOTP)
		FUZZ_ASSERT(left >= 1 && left <= vault_otp_period(o));
	else
		FUZZ_ASSERT(left == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	vault_otp *o = NULL, *p = NULL;
	vault_secret *u = NULL, *u2 = NULL;
	const char *why = (const char *)data;   /* must be overwritten */
	char c1[VAULT_OTP_DIGITS_MAX + 1], c2[VAULT_OTP_DIGITS_MAX + 1];
	int64_t at = time_from(data, len);
	vault_err rc;

	rc = vault_otp_parse(data, len, &o, &why);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_FORMAT ||
	    rc == VAULT_ERR_NOMEM);
	if (len > VAULT_OTP_URI_MAX)
		FUZZ_ASSERT(rc == VAULT_ERR_FORMAT);
	if (rc != VAULT_OK) {
		FUZZ_ASSERT(o == NULL);
		if (rc == VAULT_ERR_FORMAT)
			reason_ok(why);
		else
			FUZZ_ASSERT(why == NULL);
		return 0;
	}
	FUZZ_ASSERT(o != NULL && why == NULL);
	FUZZ_ASSERT(vault_otp_kind(o) == VAULT_OTP_TOTP ||
	    vault_otp_kind(o) == VAULT_OTP_HOTP);
	FUZZ_ASSERT(vault_otp_algo(o) >= VAULT_OTP_SHA1 &&
	    vault_otp_algo(o) <= VAULT_OTP_SHA512);
	FUZZ_ASSERT(vault_otp_digits(o) >= VAULT_OTP_DIGITS_MIN &&
	    vault_otp_digits(o) <= VAULT_OTP_DIGITS_MAX);
	if (vault_otp_kind(o) == VAULT_OTP_TOTP)
		FUZZ_ASSERT(vault_otp_period(o) >= 1 &&
		    vault_otp_period(o) <= VAULT_OTP_PERIOD_MAX);
	FUZZ_ASSERT(vault_otp_counter(o) <= VAULT_OTP_COUNTER_MAX);
	FUZZ_ASSERT(vault_otp_label(o) != NULL && vault_otp_issuer(o) != NULL);
	code_of(o, at, c1);

	/* The canonical URI round trip. */
	rc = vault_otp_uri(o, &u);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_NOMEM);
	if (rc != VAULT_OK)
		goto out;
	rc = vault_otp_parse(vault_secret_data(u), vault_secret_len(u), &p,
	    NULL);
	/* A canonical URI can outgrow 4096 bytes only by a long label. */
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_NOMEM ||
	    (rc == VAULT_ERR_FORMAT && vault_secret_len(u) >
	    VAULT_OTP_URI_MAX));
	if (rc != VAULT_OK)
		goto out;
	FUZZ_ASSERT(vault_otp_kind(p) == vault_otp_kind(o));
	FUZZ_ASSERT(vault_otp_algo(p) == vault_otp_algo(o));
	FUZZ_ASSERT(vault_otp_digits(p) == vault_otp_digits(o));
	FUZZ_ASSERT(vault_otp_period(p) == vault_otp_period(o));
	FUZZ_ASSERT(vault_otp_counter(p) == vault_otp_counter(o));
	FUZZ_ASSERT(strcmp(vault_otp_label(p), vault_otp_label(o)) == 0);
	FUZZ_ASSERT(strcmp(vault_otp_issuer(p), vault_otp_issuer(o)) == 0);
	code_of(p, at, c2);
	FUZZ_ASSERT(strcmp(c1, c2) == 0);
	rc = vault_otp_uri(p, &u2);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_NOMEM);
	if (rc == VAULT_OK)
		FUZZ_ASSERT(vault_secret_len(u) == vault_secret_len(u2) &&
		    memcmp(vault_secret_data(u), vault_secret_data(u2),
		    vault_secret_len(u)) == 0);
out:
	sodium_memzero(c1, sizeof c1);
	sodium_memzero(c2, sizeof c2);
	vault_secret_free(u2);
	vault_secret_free(u);
	vault_otp_free(p);
	vault_otp_free(o);
	return 0;
}
