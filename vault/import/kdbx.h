/* SPDX-License-Identifier: ISC */
/*
 * import/kdbx.h - what the KeePass reader's files and the KDBX writer
 * (export/export_kdbx.c) share: the format's constants, the caps on every
 * number a file states, the key schedule, the inner stream that hides
 * protected values, and a growable buffer in guarded memory. The format
 * is described in docs/kdbx.md, with its sources. Not installed.
 */
#ifndef VAULT_IMPORT_KDBX_H
#define VAULT_IMPORT_KDBX_H

#include <stdint.h>
#include <stddef.h>
#include "import/reader.h"

#define KDBX_SIG1 0x9AA2D903u
#define KDBX_SIG2 0xB54BFB67u
#define KDBX_V3   3u            /* major versions read */
#define KDBX_V4   4u

/* Caps on what a file may ask for (docs/kdbx.md, "Caps"). */
#define KDBX_HEADER_MAX      (256u << 10) /* outer header bytes */
#define KDBX_FIELD_MAX       (1u << 16)   /* one header field */
#define KDBX_BLOCK_MAX       (64u << 20)  /* one block of the payload */
#define KDBX_ARGON_MEM_MAX   (1024ull << 20)  /* bytes: 1 GiB */
#define KDBX_ARGON_MEM_MIN   (8ull << 10)     /* bytes: 8 KiB */
#define KDBX_ARGON_ITER_MAX  256u
#define KDBX_ARGON_LANES_MAX 64u
#define KDBX_AES_ROUNDS_MAX  100000000ull     /* AES-KDF rounds */
#define KDBX_XML_MAX         (1ull << 31)     /* decompressed payload */

enum kdbx_cipher { KDBX_AES256 = 1, KDBX_CHACHA20 = 2 };
enum kdbx_kdf { KDBX_KDF_AES = 1, KDBX_KDF_ARGON2D = 2,
    KDBX_KDF_ARGON2ID = 3 };
enum kdbx_inner { KDBX_INNER_NONE = 0, KDBX_INNER_SALSA20 = 2,
    KDBX_INNER_CHACHA20 = 3 };

extern const uint8_t kdbx_uuid_aes256[16], kdbx_uuid_chacha20[16],
    kdbx_uuid_twofish[16], kdbx_uuid_aeskdf3[16], kdbx_uuid_aeskdf4[16],
    kdbx_uuid_argon2d[16], kdbx_uuid_argon2id[16];

/* The key derivation a file asks for, bounded by kdbx_kdf_check. */
struct kdbx_kdf_params {
	enum kdbx_kdf kind;
	uint8_t salt[32];       /* AES-KDF seed, or Argon2 salt */
	size_t salt_len;
	uint64_t rounds;        /* AES-KDF */
	uint64_t memory;        /* Argon2: bytes */
	uint64_t iterations;
	uint32_t lanes;
	uint32_t version;       /* Argon2: 0x10 or 0x13 */
};

/* A parsed outer header. */
struct kdbx_header {
	unsigned major, minor;
	enum kdbx_cipher cipher;
	int gzip;
	uint8_t master_seed[32];
	uint8_t iv[16];
	size_t iv_len;
	struct kdbx_kdf_params kdf;
	/* KDBX 3.1 only; in 4 these are in the inner header */
	uint8_t stream_start[32];
	uint8_t inner_key[64];
	size_t inner_key_len;
	enum kdbx_inner inner;
	int have_start;
};

/* kdbx_header.c: parse the header at the start of `buf` (len bytes,
 * the whole header read so far); *used receives its length. Returns OK,
 * FORMAT (why filled) or NOTFOUND when more bytes are needed. */
vault_err kdbx_header_parse(const uint8_t *buf, size_t len,
    struct kdbx_header *h, size_t *used, char *why, size_t why_len);
/* FORMAT (why filled) when the settings are over the caps. */
vault_err kdbx_kdf_check(const struct kdbx_kdf_params *k, char *why,
    size_t why_len);

/* kdbx_crypto.c: the key schedule. The transformed key of the composite
 * key of `pass` (password only); keys[0..31] the cipher key
 * SHA-256(seed || transformed), keys[32..95] the HMAC base key
 * SHA-512(seed || transformed || 0x01). `keys` is guarded (96 bytes).
 * Errors: NOMEM KDF. */
vault_err kdbx_derive(const struct kdbx_header *h, const uint8_t *pass,
    size_t pass_len, uint8_t keys[96]);
/* HMAC-SHA256 key (64 bytes) of block `index` (UINT64_MAX: header). */
void kdbx_block_key(const uint8_t base[64], uint64_t index, uint8_t out[64]);
/* HMAC-SHA256 of a block: index, length and data, under its key. */
void kdbx_block_mac(const uint8_t base[64], uint64_t index,
    const uint8_t *data, size_t len, uint8_t mac[32]);

/* The inner stream: XORs protected values, one stream for the file. */
struct kdbx_stream {
	enum kdbx_inner kind;
	uint8_t key[32];
	uint8_t nonce[12];
	uint8_t ks[64];
	unsigned pos;
	uint64_t block;
};
vault_err kdbx_stream_init(struct kdbx_stream *s, enum kdbx_inner kind,
    const uint8_t *key, size_t key_len);
void kdbx_stream_xor(struct kdbx_stream *s, uint8_t *buf, size_t len);
/* Advance the stream by `len` bytes (a protected value not kept). */
void kdbx_stream_skip(struct kdbx_stream *s, uint64_t len);
void kdbx_stream_wipe(struct kdbx_stream *s);

/* A growable buffer in guarded memory: growth copies into a new
 * sodium_malloc region and frees (wiping) the old; never realloc. */
struct vlt_gbuf {
	uint8_t *p;
	size_t len, cap;
};
vault_err vlt_gbuf_reserve(struct vlt_gbuf *b, size_t more);
vault_err vlt_gbuf_put(struct vlt_gbuf *b, const void *p, size_t len);
vault_err vlt_gbuf_str(struct vlt_gbuf *b, const char *s);
void vlt_gbuf_free(struct vlt_gbuf *b);         /* wipes; reusable */

/* keepass_xml.c: read KeePass XML from `in`; `inner` (may be NULL: a
 * plain export) unmasks values marked Protected="True". */
vault_err kdbx_xml_read(const struct vlt_import_src *in,
    struct kdbx_stream *inner, struct vlt_import_sink *out);

#endif
