/* SPDX-License-Identifier: ISC */
/*
 * keys.c - the session's key block: the master key and the subkeys
 * derived from it with libsodium's crypto_kdf (context "cvault01"), one
 * per purpose, so that no key serves two (docs/format.md, "Keys").
 */
#include <sodium.h>
#include "internal.h"

static const char kdf_context[crypto_kdf_CONTEXTBYTES] = {
	'c', 'v', 'a', 'u', 'l', 't', '0', '1'
};

const uint8_t *
vlt_key(const vault *v, unsigned k)
{
	return v->keys->buf + (size_t)k * VLT_KEY_BYTES;
}

void
vlt_keys_derive(vault *v)
{
	for (unsigned k = 1; k < VLT_SUBKEY_COUNT; k++)
		crypto_kdf_derive_from_key(v->keys->buf + k * VLT_KEY_BYTES,
		    VLT_KEY_BYTES, k, kdf_context, v->keys->buf);
}
