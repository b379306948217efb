/* SPDX-License-Identifier: ISC */
/*
 * crypto.c - sealing records with XChaCha20-Poly1305 (libsodium).
 *
 * Every ciphertext in the file is nonce(24) || ciphertext || tag(16) with a
 * fresh random nonce per write, and associated data that binds it to its
 * vault, the seal scheme (1), its table, column and row (and, for keyslots,
 * the KDF settings). A blob moved to another row, column or vault fails its
 * MAC. docs/format.md gives the exact layout.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

#define AD_MAX 192u

size_t
vlt_sealed_len(size_t len)
{
	return VLT_NONCE_BYTES + len + VLT_TAG_BYTES;
}

static void
put_u32(uint8_t *p, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(x >> (8 * i));
}

static size_t
put_name(uint8_t *ad, size_t off, const char *s)
{
	size_t n = strlen(s);

	ad[off++] = (uint8_t)n;
	memcpy(ad + off, s, n);
	return off + n;
}

size_t
vlt_ad_build(const uint8_t id[VLT_ID_BYTES], uint32_t version,
    const struct vlt_place *place, uint8_t *ad, size_t cap)
{
	size_t off = 0, need;
	uint64_t row = (uint64_t)place->row;

	need = 6 + VLT_ID_BYTES + 4 + 2 + strlen(place->table) +
	    strlen(place->column) + 8 + place->extra_len;
	if (strlen(place->table) > 32 || strlen(place->column) > 32 ||
	    need > cap)
		return 0;
	memcpy(ad, "cvault", 6);
	off = 6;
	memcpy(ad + off, id, VLT_ID_BYTES);
	off += VLT_ID_BYTES;
	put_u32(ad + off, version);
	off += 4;
	off = put_name(ad, off, place->table);
	off = put_name(ad, off, place->column);
	for (int i = 0; i < 8; i++)
		ad[off++] = (uint8_t)(row >> (8 * i));
	if (place->extra_len) {
		memcpy(ad + off, place->extra, place->extra_len);
		off += place->extra_len;
	}
	return off;
}

vault_err
vlt_seal(const vault *v, const uint8_t *key, const struct vlt_place *place,
    const uint8_t *plain, size_t len, uint8_t **out, size_t *out_len)
{
	uint8_t ad[AD_MAX], *blob;
	size_t ad_len;
	unsigned long long clen = 0;

	*out = NULL;
	*out_len = 0;
	if (len > SIZE_MAX - vlt_sealed_len(0))
		return VAULT_ERR_INVALID;
	if ((ad_len = vlt_ad_build(v->id, VLT_SEAL_VERSION, place, ad,
	    sizeof ad)) == 0)
		return VAULT_ERR_INVALID;
	if ((blob = malloc(vlt_sealed_len(len))) == NULL)
		return VAULT_ERR_NOMEM;
	randombytes_buf(blob, VLT_NONCE_BYTES);
	/* SECURITY: fresh random 192-bit nonce per write; never reused. */
	crypto_aead_xchacha20poly1305_ietf_encrypt(blob + VLT_NONCE_BYTES,
	    &clen, plain, len, ad, ad_len, NULL, blob, key);
	*out = blob;
	*out_len = VLT_NONCE_BYTES + (size_t)clen;
	return VAULT_OK;
}

vault_err
vlt_open_sealed_into(const vault *v, const uint8_t *key,
    const struct vlt_place *place, const uint8_t *blob, size_t blob_len,
    uint8_t *plain, size_t cap, size_t *plain_len)
{
	uint8_t ad[AD_MAX];
	size_t ad_len, len;

	*plain_len = 0;
	if (blob == NULL || blob_len < vlt_sealed_len(0))
		return VAULT_ERR_CORRUPT;
	len = blob_len - vlt_sealed_len(0);
	if (len > cap)
		return VAULT_ERR_INVALID;       /* caller sized it wrong */
	if ((ad_len = vlt_ad_build(v->id, VLT_SEAL_VERSION, place, ad,
	    sizeof ad)) == 0)
		return VAULT_ERR_INVALID;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL,
	    blob + VLT_NONCE_BYTES, blob_len - VLT_NONCE_BYTES, ad, ad_len,
	    blob, key) != 0) {
		sodium_memzero(plain, len);     /* any partial output */
		return VAULT_ERR_AUTH;
	}
	*plain_len = len;
	return VAULT_OK;
}

vault_err
vlt_open_sealed(const vault *v, const uint8_t *key,
    const struct vlt_place *place, const uint8_t *blob, size_t blob_len,
    vault_secret **out)
{
	vault_secret *plain = NULL;
	size_t len;
	vault_err rc;

	*out = NULL;
	if (blob == NULL || blob_len < vlt_sealed_len(0))
		return VAULT_ERR_CORRUPT;
	rc = vlt_secret_new(&plain, blob_len - vlt_sealed_len(0));
	if (rc != VAULT_OK)
		return rc;
	if ((rc = vlt_open_sealed_into(v, key, place, blob, blob_len,
	    plain->buf, plain->len, &len)) != VAULT_OK) {
		vault_secret_free(plain);       /* wipes any partial output */
		return rc;
	}
	*out = plain;
	return VAULT_OK;
}
