/* SPDX-License-Identifier: ISC */
/*
 * export_kdbx_file.c - the KDBX 4.0 container around the XML that
 * export_kdbx.c built: outer header (ChaCha20, gzip, Argon2id in a
 * VariantDictionary), its SHA-256 and HMAC, then the payload (inner
 * header and XML, gzipped, encrypted) in HMAC-SHA256 blocks. The key
 * schedule is the reader's (import/kdbx_crypto.c).
 */
#include <string.h>
#include <sodium.h>
#include <zlib.h>
#include "export/export.h"

#define BLOCK (1u << 20)

static void
le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static vault_err
hfield(struct vlt_gbuf *h, unsigned id, const void *d, uint32_t n)
{
	uint8_t t[5];

	t[0] = (uint8_t)id;
	le(t + 1, n, 4);
	if (vlt_gbuf_put(h, t, 5) != VAULT_OK)
		return VAULT_ERR_NOMEM;
	return vlt_gbuf_put(h, d, n);
}

static vault_err
vd_item(struct vlt_gbuf *d, unsigned type, const char *name,
    const void *v, uint32_t n)
{
	uint8_t t[5];

	t[0] = (uint8_t)type;
	le(t + 1, strlen(name), 4);
	if (vlt_gbuf_put(d, t, 5) != VAULT_OK ||
	    vlt_gbuf_str(d, name) != VAULT_OK)
		return VAULT_ERR_NOMEM;
	le(t, n, 4);
	if (vlt_gbuf_put(d, t, 4) != VAULT_OK)
		return VAULT_ERR_NOMEM;
	return vlt_gbuf_put(d, v, n);
}

static vault_err
header(struct kdbx_header *hd, struct vlt_gbuf *h)
{
	struct vlt_gbuf d = { 0 };
	uint8_t u32[4], u64[8], end = 0;
	static const uint8_t sig[12] = { 0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb,
	    0x4b, 0xb5, 0x00, 0x00, 0x04, 0x00 };
	vault_err rc;

	if ((rc = vlt_gbuf_put(h, sig, 12)) != VAULT_OK ||
	    (rc = hfield(h, 2, kdbx_uuid_chacha20, 16)) != VAULT_OK)
		goto out;
	le(u32, 1, 4);
	if ((rc = hfield(h, 3, u32, 4)) != VAULT_OK ||
	    (rc = hfield(h, 4, hd->master_seed, 32)) != VAULT_OK ||
	    (rc = hfield(h, 7, hd->iv, 12)) != VAULT_OK ||
	    (rc = vlt_gbuf_put(&d, "\x00\x01", 2)) != VAULT_OK ||
	    (rc = vd_item(&d, 0x42, "$UUID", hd->kdf.kind == KDBX_KDF_ARGON2D ?
	    kdbx_uuid_argon2d : kdbx_uuid_argon2id, 16)) !=
	    VAULT_OK ||
	    (rc = vd_item(&d, 0x42, "S", hd->kdf.salt, 32)) != VAULT_OK)
		goto out;
	le(u32, hd->kdf.lanes, 4);
	if ((rc = vd_item(&d, 0x04, "P", u32, 4)) != VAULT_OK)
		goto out;
	le(u64, hd->kdf.memory, 8);
	if ((rc = vd_item(&d, 0x05, "M", u64, 8)) != VAULT_OK)
		goto out;
	le(u64, hd->kdf.iterations, 8);
	if ((rc = vd_item(&d, 0x05, "I", u64, 8)) != VAULT_OK)
		goto out;
	le(u32, 0x13, 4);
	if ((rc = vd_item(&d, 0x04, "V", u32, 4)) != VAULT_OK ||
	    (rc = vlt_gbuf_put(&d, &end, 1)) != VAULT_OK ||
	    (rc = hfield(h, 11, d.p, (uint32_t)d.len)) != VAULT_OK)
		goto out;
	rc = hfield(h, 0, "\r\n\r\n", 4);
out:
	vlt_gbuf_free(&d);
	return rc;
}

/* Inner header and XML, gzipped into `z`. */
static vault_err
payload(struct exp_kdbx *k, const struct vlt_gbuf *xml, struct vlt_gbuf *z)
{
	struct vlt_gbuf in = { 0 };
	uint8_t id[4];
	z_stream zs;
	vault_err rc;
	int zr;

	le(id, KDBX_INNER_CHACHA20, 4);
	if ((rc = hfield(&in, 1, id, 4)) != VAULT_OK ||
	    (rc = hfield(&in, 2, k->inner_key, 64)) != VAULT_OK ||
	    (rc = hfield(&in, 0, NULL, 0)) != VAULT_OK ||
	    (rc = vlt_gbuf_put(&in, xml->p, xml->len)) != VAULT_OK)
		goto out;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		rc = VAULT_ERR_NOMEM;
		goto out;
	}
	if ((rc = vlt_gbuf_reserve(z, deflateBound(&zs, in.len) + 64)) ==
	    VAULT_OK) {
		zs.next_in = in.p;
		zs.avail_in = (uInt)in.len;
		zs.next_out = z->p;
		zs.avail_out = (uInt)z->cap;
		zr = deflate(&zs, Z_FINISH);
		if (zr == Z_STREAM_END)
			z->len = zs.total_out;
		else
			rc = VAULT_ERR_NOMEM;
	}
	deflateEnd(&zs);
out:
	vlt_gbuf_free(&in);
	return rc;
}

static vault_err
blocks(int fd, const uint8_t base[64], const uint8_t *p, size_t n)
{
	uint8_t hdr[36];
	uint64_t i = 0;
	size_t k;
	vault_err rc;

	for (;;) {
		k = n < BLOCK ? n : BLOCK;
		kdbx_block_mac(base, i++, p, k, hdr);
		le(hdr + 32, k, 4);
		if ((rc = exp_write_all(fd, hdr, 36)) != VAULT_OK ||
		    (rc = exp_write_all(fd, p, k)) != VAULT_OK)
			return rc;
		if (k == 0)
			return VAULT_OK;
		p += k;
		n -= k;
	}
}

vault_err
exp_kdbx_file(struct exp_kdbx *k, const struct vlt_gbuf *xml,
    const uint8_t *pass, size_t pass_len, const struct kdbx_kdf_params *kdf,
    int fd)
{
	struct vlt_gbuf h = { 0 }, z = { 0 };
	struct {
		struct kdbx_header h;
		uint8_t keys[96];       /* cipher key, HMAC base key */
	} *g;
	struct kdbx_header *hd;
	uint8_t sum[64];
	vault_err rc;

	if ((g = sodium_malloc(sizeof *g)) == NULL)
		return VAULT_ERR_NOMEM;
	memset(g, 0, sizeof *g);
	hd = &g->h;
	hd->major = KDBX_V4;
	hd->cipher = KDBX_CHACHA20;
	randombytes_buf(hd->master_seed, 32);
	randombytes_buf(hd->iv, 12);
	hd->iv_len = 12;
	hd->kdf.kind = kdf->kind == KDBX_KDF_ARGON2D ? KDBX_KDF_ARGON2D :
	    KDBX_KDF_ARGON2ID;
	randombytes_buf(hd->kdf.salt, 32);
	hd->kdf.salt_len = 32;
	hd->kdf.version = 0x13;
	hd->kdf.memory = kdf->memory;
	hd->kdf.iterations = kdf->iterations;
	hd->kdf.lanes = kdf->lanes;
	if ((rc = header(hd, &h)) != VAULT_OK ||
	    (rc = kdbx_derive(hd, pass, pass_len, g->keys)) != VAULT_OK ||
	    (rc = payload(k, xml, &z)) != VAULT_OK)
		goto out;
	crypto_stream_chacha20_ietf_xor(z.p, z.p, z.len, hd->iv, g->keys);
	crypto_hash_sha256(sum, h.p, h.len);
	kdbx_block_mac(g->keys + 32, UINT64_MAX, h.p, h.len, sum + 32);
	if ((rc = exp_write_all(fd, h.p, h.len)) == VAULT_OK &&
	    (rc = exp_write_all(fd, sum, 64)) == VAULT_OK)
		rc = blocks(fd, g->keys + 32, z.p, z.len);
out:
	vlt_gbuf_free(&h);
	vlt_gbuf_free(&z);
	sodium_free(g);
	return rc;
}

vault_err
exp_kdbx_entries(vault_entry *const *e, size_t n, const uint8_t *pass,
    size_t pass_len, const struct kdbx_kdf_params *kdf, int fd)
{
	struct vlt_gbuf b = { 0 };
	struct exp_kdbx *k;
	vault_err rc;

	if ((k = sodium_malloc(sizeof *k)) == NULL)
		return VAULT_ERR_NOMEM;
	randombytes_buf(k->inner_key, sizeof k->inner_key);
	if ((rc = kdbx_stream_init(&k->inner, KDBX_INNER_CHACHA20,
	    k->inner_key, sizeof k->inner_key)) != VAULT_OK ||
	    (rc = exp_kdbx_xml.begin(k, &b)) != VAULT_OK)
		goto out;
	for (size_t i = 0; i < n && rc == VAULT_OK; i++)
		rc = exp_kdbx_xml.entry(k, &b, e[i]);
	if (rc == VAULT_OK && (rc = exp_kdbx_xml.end(k, &b)) == VAULT_OK)
		rc = exp_kdbx_file(k, &b, pass, pass_len, kdf, fd);
out:
	vlt_gbuf_free(&b);
	sodium_free(k);
	return rc;
}
