/* SPDX-License-Identifier: ISC */
/* otp.h - the vault_otp object shared by otpauth.c (parsing, encoding) and
 * totp.c (the codes). Internal. */
#ifndef VLT_OTP_H
#define VLT_OTP_H

#include "internal.h"

struct vault_otp {
	vault_secret *key;              /* decoded key: secret, guarded */
	vault_otp_type type;
	vault_otp_algorithm algo;
	unsigned digits;                /* 6..8 */
	unsigned period;                /* TOTP: 1..VAULT_OTP_PERIOD_MAX */
	uint64_t counter;               /* HOTP: 0..VAULT_OTP_COUNTER_MAX */
	char *label, *issuer;           /* decoded, NUL-terminated; public */
};

#endif
