/* SPDX-License-Identifier: ISC */
/*
 * totp.c - one-time passwords from a parsed key: RFC 4226 (HOTP) and
 * RFC 6238 (TOTP) with HMAC-SHA1, -SHA256 or -SHA512.
 *
 * The HMAC and the dynamic truncation are liboath's (oath-toolkit, the
 * library behind oathtool and pam_oath): libsodium has HMAC-SHA256/512
 * but no SHA-1, which most services still use, and one well-reviewed
 * implementation of all three beats a home-made SHA-1 next to sodium's.
 * liboath's oath_totp_generate2() takes the algorithm as a flag; we call
 * it with a time step of 1 and no offset, so that its moving factor
 * floor((now - 0) / 1) is exactly our counter: the TOTP counter
 * floor(at / period) (RFC 6238 section 4.2) or the HOTP counter (RFC 4226
 * section 5.3), whatever the algorithm.
 */
#include <string.h>
#include <sodium.h>
#include <liboath/oath.h>
#include "internal.h"
#include "otp/otp.h"

vault_err
vault_otp_code(const vault_otp *o, int64_t at, char *code, size_t code_len,
    unsigned *seconds_left)
{
	char tmp[VAULT_OTP_DIGITS_MAX + 1];
	uint64_t counter;
	unsigned left = 0;
	int flags = 0, r;

	if (seconds_left != NULL)
		*seconds_left = 0;
	if (o == NULL || o->key == NULL || code == NULL ||
	    o->digits < VAULT_OTP_DIGITS_MIN ||
	    o->digits > VAULT_OTP_DIGITS_MAX || code_len < o->digits + 1)
		return VAULT_ERR_INVALID;
	memset(code, 0, code_len);
	if (o->type == VAULT_OTP_TOTP) {
		if (at < 0 || o->period == 0 ||
		    o->period > VAULT_OTP_PERIOD_MAX)
			return VAULT_ERR_INVALID;
		counter = (uint64_t)at / o->period;
		left = o->period - (unsigned)((uint64_t)at % o->period);
	} else {
		if (o->counter > VAULT_OTP_COUNTER_MAX)
			return VAULT_ERR_INVALID;
		counter = o->counter;
	}
	if (o->algo == VAULT_OTP_SHA256)
		flags = OATH_TOTP_HMAC_SHA256;
	else if (o->algo == VAULT_OTP_SHA512)
		flags = OATH_TOTP_HMAC_SHA512;
	else if (o->algo != VAULT_OTP_SHA1)
		return VAULT_ERR_INVALID;
	/* oath_init is idempotent (it checks the crypto backend). */
	if (oath_init() != OATH_OK)
		return VAULT_ERR_NOMEM;
	r = oath_totp_generate2((const char *)o->key->buf, o->key->len,
	    (time_t)counter, 1, 0, o->digits, flags, tmp);
	if (r == OATH_OK && strlen(tmp) == o->digits) {
		memcpy(code, tmp, o->digits + 1);
		if (seconds_left != NULL)
			*seconds_left = left;
	}
	sodium_memzero(tmp, sizeof tmp);        /* SECURITY: a credential */
	return r == OATH_OK && code[0] != '\0' ? VAULT_OK : VAULT_ERR_NOMEM;
}
