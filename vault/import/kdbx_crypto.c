/* SPDX-License-Identifier: ISC */
/*
 * kdbx_crypto.c - the KDBX key schedule, shared by the reader
 * (kdbx.c) and the writer (export/export_kdbx.c): the composite key of a
 * password, the KDF (AES-KDF or Argon2d/Argon2id), the cipher and HMAC
 * keys, the per-block HMAC keys and the inner stream that masks
 * protected values. Constants are from the KeePass file format
 * documentation (keepass.info/help/kb/kdbx.html, kdbx_4.html); see
 * docs/kdbx.md. AES comes from nettle (docs/kdbx.md says why); the rest
 * from libsodium and libargon2.
 */
#include <string.h>
#include <sodium.h>
#include <argon2.h>
#include <nettle/aes.h>
#include "import/kdbx.h"

const uint8_t kdbx_uuid_aes256[16] = { 0x31, 0xc1, 0xf2, 0xe6, 0xbf, 0x71,
    0x43, 0x50, 0xbe, 0x58, 0x05, 0x21, 0x6a, 0xfc, 0x5a, 0xff };
const uint8_t kdbx_uuid_chacha20[16] = { 0xd6, 0x03, 0x8a, 0x2b, 0x8b, 0x6f,
    0x4c, 0xb5, 0xa5, 0x24, 0x33, 0x9a, 0x31, 0xdb, 0xb5, 0x9a };
const uint8_t kdbx_uuid_twofish[16] = { 0xad, 0x68, 0xf2, 0x9f, 0x57, 0x6f,
    0x4b, 0xb9, 0xa3, 0x6a, 0xd4, 0x7a, 0xf9, 0x65, 0x34, 0x6c };
const uint8_t kdbx_uuid_aeskdf3[16] = { 0xc9, 0xd9, 0xf3, 0x9a, 0x62, 0x8a,
    0x44, 0x60, 0xbf, 0x74, 0x0d, 0x08, 0xc1, 0x8a, 0x4f, 0xea };
const uint8_t kdbx_uuid_aeskdf4[16] = { 0x7c, 0x02, 0xbb, 0x82, 0x79, 0xa7,
    0x4a, 0xc0, 0x92, 0x7d, 0x11, 0x4a, 0x00, 0x64, 0x82, 0x38 };
const uint8_t kdbx_uuid_argon2d[16] = { 0xef, 0x63, 0x6d, 0xdf, 0x8c, 0x29,
    0x44, 0x4b, 0x91, 0xf7, 0xa9, 0xa4, 0x03, 0xe3, 0x0a, 0x0c };
const uint8_t kdbx_uuid_argon2id[16] = { 0x9e, 0x29, 0x8b, 0x19, 0x56, 0xdb,
    0x47, 0x73, 0xb2, 0x3d, 0xfc, 0x3e, 0xc6, 0xf0, 0xa1, 0xe6 };

static const uint8_t salsa20_nonce[8] = { 0xe8, 0x30, 0x09, 0x4b, 0x97,
    0x20, 0x5d, 0x2a };

/* AES-KDF: the 32-byte composite key encrypted `rounds` times with
 * AES-256-ECB under the seed, then SHA-256. */
static vault_err
aes_kdf(const struct kdbx_kdf_params *k, uint8_t key[32])
{
	struct aes256_ctx ctx;

	if (k->salt_len != 32)
		return VAULT_ERR_KDF;
	aes256_set_encrypt_key(&ctx, k->salt);
	for (uint64_t i = 0; i < k->rounds; i++)
		aes256_encrypt(&ctx, 32, key, key);
	crypto_hash_sha256(key, key, 32);
	sodium_memzero(&ctx, sizeof ctx);
	return VAULT_OK;
}

static vault_err
argon_kdf(const struct kdbx_kdf_params *k, uint8_t key[32])
{
	argon2_context ctx;
	uint8_t out[32];
	int rc;

	memset(&ctx, 0, sizeof ctx);
	ctx.out = out;
	ctx.outlen = sizeof out;
	ctx.pwd = key;
	ctx.pwdlen = 32;
	ctx.salt = (uint8_t *)(uintptr_t)k->salt;
	ctx.saltlen = (uint32_t)k->salt_len;
	ctx.t_cost = (uint32_t)k->iterations;
	ctx.m_cost = (uint32_t)(k->memory / 1024u);
	ctx.lanes = k->lanes;
	ctx.threads = k->lanes > 4 ? 4 : k->lanes;
	ctx.version = k->version;
	ctx.flags = ARGON2_DEFAULT_FLAGS;       /* wipes its own memory */
	rc = argon2_ctx(&ctx, k->kind == KDBX_KDF_ARGON2D ? Argon2_d :
	    Argon2_id);
	if (rc == ARGON2_OK)
		memcpy(key, out, 32);
	sodium_memzero(out, sizeof out);
	if (rc == ARGON2_MEMORY_ALLOCATION_ERROR)
		return VAULT_ERR_NOMEM;
	return rc == ARGON2_OK ? VAULT_OK : VAULT_ERR_KDF;
}

vault_err
kdbx_derive(const struct kdbx_header *h, const uint8_t *pass,
    size_t pass_len, uint8_t keys[96])
{
	uint8_t *t = keys + 32;         /* scratch inside guarded memory */
	uint8_t one = 1;
	crypto_hash_sha256_state s2;
	crypto_hash_sha512_state s5;
	vault_err rc;

	/* Composite key of a password alone: SHA-256(SHA-256(password)). */
	crypto_hash_sha256(t, pass, pass_len);
	crypto_hash_sha256(t, t, 32);
	rc = h->kdf.kind == KDBX_KDF_AES ? aes_kdf(&h->kdf, t) :
	    argon_kdf(&h->kdf, t);
	if (rc != VAULT_OK) {
		sodium_memzero(keys, 96);
		return rc;
	}
	crypto_hash_sha512_init(&s5);
	crypto_hash_sha512_update(&s5, h->master_seed, 32);
	crypto_hash_sha512_update(&s5, t, 32);
	crypto_hash_sha512_update(&s5, &one, 1);
	crypto_hash_sha256_init(&s2);
	crypto_hash_sha256_update(&s2, h->master_seed, 32);
	crypto_hash_sha256_update(&s2, t, 32);
	crypto_hash_sha256_final(&s2, keys);
	crypto_hash_sha512_final(&s5, keys + 32);   /* overwrites t */
	sodium_memzero(&s2, sizeof s2);
	sodium_memzero(&s5, sizeof s5);
	return VAULT_OK;
}

void
kdbx_block_key(const uint8_t base[64], uint64_t index, uint8_t out[64])
{
	uint8_t le[8];
	crypto_hash_sha512_state s;

	for (int i = 0; i < 8; i++)
		le[i] = (uint8_t)(index >> (8 * i));
	crypto_hash_sha512_init(&s);
	crypto_hash_sha512_update(&s, le, 8);
	crypto_hash_sha512_update(&s, base, 64);
	/* HMAC-SHA256 takes the 64-byte key as it is (one block). */
	crypto_hash_sha512_final(&s, out);
	sodium_memzero(&s, sizeof s);
}

vault_err
kdbx_stream_init(struct kdbx_stream *s, enum kdbx_inner kind,
    const uint8_t *key, size_t key_len)
{
	uint8_t h[64];

	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->pos = 64;
	if (kind == KDBX_INNER_CHACHA20) {
		crypto_hash_sha512(h, key, key_len);
		memcpy(s->key, h, 32);
		memcpy(s->nonce, h + 32, 12);
	} else if (kind == KDBX_INNER_SALSA20) {
		crypto_hash_sha256(s->key, key, key_len);
		memcpy(s->nonce, salsa20_nonce, 8);
	} else if (kind != KDBX_INNER_NONE) {
		return VAULT_ERR_FORMAT;
	}
	sodium_memzero(h, sizeof h);
	return VAULT_OK;
}

void
kdbx_stream_xor(struct kdbx_stream *s, uint8_t *buf, size_t len)
{
	static const uint8_t zero[64];

	if (s->kind == KDBX_INNER_NONE)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s->pos == 64) {
			if (s->kind == KDBX_INNER_CHACHA20)
				crypto_stream_chacha20_ietf_xor_ic(s->ks, zero,
				    64, s->nonce, (uint32_t)s->block, s->key);
			else
				crypto_stream_salsa20_xor_ic(s->ks, zero, 64,
				    s->nonce, s->block, s->key);
			s->block++;
			s->pos = 0;
		}
		buf[i] ^= s->ks[s->pos++];
	}
}

void
kdbx_stream_skip(struct kdbx_stream *s, uint64_t len)
{
	uint8_t junk[256];

	while (len > 0) {
		size_t n = len < sizeof junk ? (size_t)len : sizeof junk;

		kdbx_stream_xor(s, junk, n);
		len -= n;
	}
	sodium_memzero(junk, sizeof junk);
}

void
kdbx_stream_wipe(struct kdbx_stream *s)
{
	sodium_memzero(s, sizeof *s);
}

vault_err
vlt_gbuf_reserve(struct vlt_gbuf *b, size_t more)
{
	size_t cap;
	uint8_t *p;

	if (more <= b->cap - b->len)
		return VAULT_OK;
	if (more > SIZE_MAX / 4 - b->len)
		return VAULT_ERR_NOMEM;
	cap = b->cap ? b->cap : 4096;
	while (cap - b->len < more)
		cap *= 2;
	if ((p = sodium_malloc(cap)) == NULL)
		return VAULT_ERR_NOMEM;
	if (b->len > 0)
		memcpy(p, b->p, b->len);
	sodium_free(b->p);      /* wipes the old copy */
	b->p = p;
	b->cap = cap;
	return VAULT_OK;
}

vault_err
vlt_gbuf_put(struct vlt_gbuf *b, const void *p, size_t len)
{
	vault_err rc;

	if (len == 0)
		return VAULT_OK;
	if ((rc = vlt_gbuf_reserve(b, len)) != VAULT_OK)
		return rc;
	memcpy(b->p + b->len, p, len);
	b->len += len;
	return VAULT_OK;
}

vault_err
vlt_gbuf_str(struct vlt_gbuf *b, const char *s)
{
	return vlt_gbuf_put(b, s, strlen(s));
}

void
vlt_gbuf_free(struct vlt_gbuf *b)
{
	sodium_free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
kdbx_block_mac(const uint8_t base[64], uint64_t index, const uint8_t *data,
    size_t len, uint8_t mac[32])
{
	crypto_auth_hmacsha256_state s;
	uint8_t key[64], hdr[12];

	kdbx_block_key(base, index, key);
	for (int i = 0; i < 8; i++)
		hdr[i] = (uint8_t)(index >> (8 * i));
	for (int i = 0; i < 4; i++)
		hdr[8 + i] = (uint8_t)((uint32_t)len >> (8 * i));
	crypto_auth_hmacsha256_init(&s, key, sizeof key);
	/* The header's MAC covers the header bytes alone. */
	if (index != UINT64_MAX)
		crypto_auth_hmacsha256_update(&s, hdr, sizeof hdr);
	crypto_auth_hmacsha256_update(&s, data, len);
	crypto_auth_hmacsha256_final(&s, mac);
	sodium_memzero(&s, sizeof s);
	sodium_memzero(key, sizeof key);
}
