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

/*
 * The normalised title is hashed in small chunks through a stack block
 * rather than copied whole into a fresh guarded buffer: this runs once
 * per row in list, search and verify, and a sodium_malloc per call
 * (mmap, mlock, mprotect, munmap) cost more than everything else there.
 * SECURITY: the block and the hash state (which buffers input) hold
 * title bytes; both are wiped before returning.
 */
vault_err
vlt_index_title(const vault *v, const uint8_t *title, size_t len,
    uint8_t out[VLT_INDEX_BYTES])
{
	crypto_generichash_state h;
	uint8_t block[64];

	while (len > 0 && is_space(title[0])) {
		title++;
		len--;
	}
	while (len > 0 && is_space(title[len - 1]))
		len--;
	if (len == 0 || len > VAULT_TITLE_MAX)
		return VAULT_ERR_INVALID;
	crypto_generichash_init(&h, vlt_key(v, VLT_SUBKEY_INDEX),
	    VLT_KEY_BYTES, VLT_INDEX_BYTES);
	for (size_t off = 0; off < len; off += sizeof block) {
		size_t n = len - off < sizeof block ? len - off : sizeof block;

		for (size_t i = 0; i < n; i++) {
			uint8_t c = title[off + i];

			block[i] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) :
			    c;
		}
		crypto_generichash_update(&h, block, n);
	}
	crypto_generichash_final(&h, out, VLT_INDEX_BYTES);
	sodium_memzero(block, sizeof block);
	sodium_memzero(&h, sizeof h);
	return VAULT_OK;
}
