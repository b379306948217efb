/* SPDX-License-Identifier: ISC */
/*
 * index.c - the keyed blind index that finds an entry by title without
 * decrypting every row: BLAKE2b-256, keyed with the index subkey, of the
 * normalised title (surrounding white space trimmed, ASCII letters folded
 * to lower case; other bytes, including non-ASCII UTF-8, are compared as
 * they are). Without the key the index reveals only equality of titles.
 */
#include <string.h>
#include <sodium.h>
#include "internal.h"

static int
is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

vault_err
vlt_index_title(const vault *v, const uint8_t *title, size_t len,
    uint8_t out[VLT_INDEX_BYTES])
{
	vault_secret *norm = NULL;
	vault_err rc;

	while (len > 0 && is_space(title[0])) {
		title++;
		len--;
	}
	while (len > 0 && is_space(title[len - 1]))
		len--;
	if (len == 0 || len > VAULT_TITLE_MAX)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_secret_new(&norm, len)) != VAULT_OK)
		return rc;
	for (size_t i = 0; i < len; i++) {
		uint8_t c = title[i];

		norm->buf[i] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
	}
	crypto_generichash(out, VLT_INDEX_BYTES, norm->buf, len,
	    vlt_key(v, VLT_SUBKEY_INDEX), VLT_KEY_BYTES);
	vault_secret_free(norm);
	return VAULT_OK;
}
