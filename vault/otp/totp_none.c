/* SPDX-License-Identifier: ISC */
/*
 * totp_none.c - one-time codes in a build without liboath (the Windows
 * build, while Debian's oath-toolkit source cannot be had: see
 * docs/testing.md). Secrets are still stored, read and exported; only
 * the code cannot be computed, and the caller is told so (UNAVAILABLE).
 * The Makefile uses this file instead of totp.c only when told to.
 */
#include <string.h>
#include "internal.h"
#include "otp/otp.h"

vault_err
vault_otp_code(const vault_otp *o, int64_t at, char *code, size_t code_len,
    unsigned *seconds_left)
{
	(void)at;
	if (seconds_left != NULL)
		*seconds_left = 0;
	if (o == NULL || code == NULL || code_len == 0)
		return VAULT_ERR_INVALID;
	memset(code, 0, code_len);
	return VAULT_ERR_UNAVAILABLE;
}
