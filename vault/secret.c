/* SPDX-License-Identifier: ISC */
/*
 * secret.c - guarded secret buffers. The data of every vault_secret comes
 * from sodium_malloc at the exact size, so a one-byte overrun hits the
 * guard page; sodium_free wipes it and checks the canary.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

vault_err
vlt_init(void)
{
	/* sodium_init is idempotent and thread-safe; 1 means "already". */
	return sodium_init() < 0 ? VAULT_ERR_NOMEM : VAULT_OK;
}

vault_err
vlt_secret_new(vault_secret **out, size_t len)
{
	vault_secret *s;
	size_t alloc = len ? len : 1;   /* sodium_malloc(0) is not portable */

	*out = NULL;
	if (vlt_init() != VAULT_OK)
		return VAULT_ERR_NOMEM;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return VAULT_ERR_NOMEM;
	if ((s->buf = sodium_malloc(alloc)) == NULL) {  /* exact size on purpose */
		free(s);
		return VAULT_ERR_NOMEM;
	}
	sodium_memzero(s->buf, alloc);  /* sodium_malloc fills with garbage */
	s->len = len;
	*out = s;
	return VAULT_OK;
}

vault_err
vault_secret_from(const uint8_t *data, size_t len, vault_secret **out)
{
	vault_err rc;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (data == NULL && len != 0)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_secret_new(out, len)) != VAULT_OK)
		return rc;
	if (len)
		memcpy((*out)->buf, data, len);
	return VAULT_OK;
}

const uint8_t *
vault_secret_data(const vault_secret *s)
{
	return s ? s->buf : NULL;
}

size_t
vault_secret_len(const vault_secret *s)
{
	return s ? s->len : 0;
}

void
vault_secret_free(vault_secret *s)
{
	if (s == NULL)
		return;
	sodium_free(s->buf);    /* wipes, checks the canary, unmaps */
	free(s);
}
