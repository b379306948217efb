/* SPDX-License-Identifier: ISC */
/*
 * strength_none.c - the strength check in a build without zxcvbn-c (the
 * Windows build, while Debian's zxcvbn-c source cannot be had: see
 * docs/testing.md). It never guesses: every check says UNAVAILABLE, so a
 * caller cannot mistake a missing estimate for a strong password. The
 * Makefile uses this file instead of strength.c only when told to.
 */
#include <stdlib.h>
#include "strength.h"

vault_err
vault_strength_check(const uint8_t *pw, size_t len, vault_strength_level level,
    const char *const *context, size_t n_context, vault_strength **out)
{
	(void)pw;
	(void)len;
	(void)level;
	(void)context;
	(void)n_context;
	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	return VAULT_ERR_UNAVAILABLE;
}

int
vault_strength_ok(const vault_strength *s)
{
	(void)s;
	return 0;
}

double
vault_strength_log10(const vault_strength *s)
{
	(void)s;
	return 0.0;
}

uint32_t
vault_strength_flags(const vault_strength *s)
{
	(void)s;
	return 0;
}

const char *
vault_strength_reasons(const vault_strength *s)
{
	(void)s;
	return "";
}

const char *
vault_strength_suggestion(const vault_strength *s)
{
	(void)s;
	return "";
}

void
vault_strength_free(vault_strength *s)
{
	free(s);
}
