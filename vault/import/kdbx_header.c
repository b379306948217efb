/* SPDX-License-Identifier: ISC */
/*
 * kdbx_header.c - the KDBX outer header: signature, version, the fields
 * (16-bit lengths in 3.1, 32-bit in 4), and KDBX 4's KDF parameters in
 * a VariantDictionary. Every length and number is bounded here, before
 * any is used (docs/kdbx.md, "Caps"). Field ids and types are from the
 * KeePass documentation (keepass.info/help/kb/kdbx_4.html).
 */
#include <stdio.h>
#include <string.h>
#include "import/kdbx.h"

enum { H_END = 0, H_CIPHER = 2, H_COMPRESS = 3, H_SEED = 4,
    H_TSEED = 5, H_TROUNDS = 6, H_IV = 7, H_STREAMKEY = 8,
    H_START = 9, H_STREAMID = 10, H_KDF = 11, H_PUBLIC = 12 };

enum { VD_U32 = 0x04, VD_U64 = 0x05, VD_BOOL = 0x08, VD_I32 = 0x0c,
    VD_I64 = 0x0d, VD_STR = 0x18, VD_BYTES = 0x42 };

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static vault_err
bad(char *why, size_t why_len, const char *msg)
{
	snprintf(why, why_len, "%s", msg);
	return VAULT_ERR_FORMAT;
}

/* One VariantDictionary item of the KDF parameters. */
static vault_err
vd_item(struct kdbx_kdf_params *k, unsigned type, const uint8_t *name,
    size_t nlen, const uint8_t *v, size_t vlen, char *why, size_t wl)
{
	if (nlen == 5 && memcmp(name, "$UUID", 5) == 0) {
		if (type != VD_BYTES || vlen != 16)
			return bad(why, wl, "the KDF is not named properly");
		if (memcmp(v, kdbx_uuid_aeskdf3, 16) == 0 ||
		    memcmp(v, kdbx_uuid_aeskdf4, 16) == 0)
			k->kind = KDBX_KDF_AES;
		else if (memcmp(v, kdbx_uuid_argon2d, 16) == 0)
			k->kind = KDBX_KDF_ARGON2D;
		else if (memcmp(v, kdbx_uuid_argon2id, 16) == 0)
			k->kind = KDBX_KDF_ARGON2ID;
		else
			return bad(why, wl, "the file uses a KDF this "
			    "program does not know");
	} else if (nlen == 1 && (name[0] == 'S')) {
		if (type != VD_BYTES || vlen < 8 || vlen > 32)
			return bad(why, wl, "the KDF salt is not 8-32 bytes");
		memcpy(k->salt, v, vlen);
		k->salt_len = vlen;
	} else if (nlen == 1 && (name[0] == 'R' || name[0] == 'I' ||
	    name[0] == 'M')) {
		if (type != VD_U64 || vlen != 8)
			return bad(why, wl, "a KDF number is not 64-bit");
		if (name[0] == 'R')
			k->rounds = le64(v);
		else if (name[0] == 'I')
			k->iterations = le64(v);
		else
			k->memory = le64(v);
	} else if (nlen == 1 && (name[0] == 'P' || name[0] == 'V')) {
		if (type != VD_U32 || vlen != 4)
			return bad(why, wl, "a KDF number is not 32-bit");
		if (name[0] == 'P')
			k->lanes = le32(v);
		else
			k->version = le32(v);
	} else if (nlen == 1 && (name[0] == 'K' || name[0] == 'A')) {
		if (vlen > 0)
			return bad(why, wl, "the KDF uses a secret key or "
			    "associated data, which this program cannot give");
	}
	return VAULT_OK;
}

static vault_err
parse_vd(const uint8_t *p, size_t len, struct kdbx_kdf_params *k,
    char *why, size_t wl)
{
	size_t i = 2;
	vault_err rc;

	if (len < 2 || p[1] != 0x01)
		return bad(why, wl, "the KDF parameters have an unknown version");
	while (i < len) {
		unsigned type = p[i++];
		uint32_t nlen, vlen;
		const uint8_t *name;

		if (type == 0)
			return k->kind ? VAULT_OK :
			    bad(why, wl, "the file names no KDF");
		if (len - i < 4 || (nlen = le32(p + i)) > len - i - 4)
			break;
		name = p + i + 4;
		i += 4 + nlen;
		if (len - i < 4 || (vlen = le32(p + i)) > len - i - 4)
			break;
		if ((rc = vd_item(k, type, name, nlen, p + i + 4, vlen, why,
		    wl)) != VAULT_OK)
			return rc;
		i += 4 + vlen;
	}
	return bad(why, wl, "the KDF parameters are cut short");
}

vault_err
kdbx_kdf_check(const struct kdbx_kdf_params *k, char *why, size_t wl)
{
	if (k->kind == KDBX_KDF_AES) {
		if (k->salt_len != 32)
			return bad(why, wl, "the AES-KDF seed is not 32 bytes");
		if (k->rounds == 0 || k->rounds > KDBX_AES_ROUNDS_MAX)
			return bad(why, wl, "the file asks for more than "
			    "100,000,000 AES-KDF rounds (or none)");
		return VAULT_OK;
	}
	if (k->kind != KDBX_KDF_ARGON2D && k->kind != KDBX_KDF_ARGON2ID)
		return bad(why, wl, "the file names no KDF");
	if (k->memory < KDBX_ARGON_MEM_MIN || k->memory > KDBX_ARGON_MEM_MAX)
		return bad(why, wl, "the file asks for Argon2 memory outside "
		    "8 KiB..1 GiB");
	if (k->iterations < 1 || k->iterations > KDBX_ARGON_ITER_MAX)
		return bad(why, wl, "the file asks for Argon2 iterations "
		    "outside 1..256");
	if (k->lanes < 1 || k->lanes > KDBX_ARGON_LANES_MAX ||
	    k->memory / 1024u < 8u * k->lanes)
		return bad(why, wl, "the file asks for Argon2 parallelism "
		    "outside 1..64 (or too little memory for it)");
	if (k->version != 0x10 && k->version != 0x13)
		return bad(why, wl, "the file asks for an unknown Argon2 version");
	if (k->salt_len < 8)
		return bad(why, wl, "the Argon2 salt is missing");
	return VAULT_OK;
}

static vault_err
cipher(struct kdbx_header *h, const uint8_t *d, size_t n, char *why,
    size_t wl)
{
	if (n != 16)
		return bad(why, wl, "the cipher is not named properly");
	if (memcmp(d, kdbx_uuid_aes256, 16) == 0)
		h->cipher = KDBX_AES256;
	else if (memcmp(d, kdbx_uuid_chacha20, 16) == 0)
		h->cipher = KDBX_CHACHA20;
	else if (memcmp(d, kdbx_uuid_twofish, 16) == 0)
		return bad(why, wl, "the file is encrypted with Twofish; change "
		    "it to AES or ChaCha20 in KeePassXC (Database > Database "
		    "Security) or export XML");
	else
		return bad(why, wl, "the file uses an unknown cipher");
	return VAULT_OK;
}

static vault_err
field(struct kdbx_header *h, unsigned id, const uint8_t *d, size_t n,
    char *why, size_t wl)
{
	switch (id) {
	case H_CIPHER:
		return cipher(h, d, n, why, wl);
	case H_COMPRESS:
		if (n != 4 || le32(d) > 1)
			return bad(why, wl, "unknown compression");
		h->gzip = (int)le32(d);
		break;
	case H_SEED:
		if (n != 32)
			return bad(why, wl, "the master seed is not 32 bytes");
		memcpy(h->master_seed, d, 32);
		break;
	case H_TSEED:
		if (n != 32)
			return bad(why, wl, "the AES-KDF seed is not 32 bytes");
		memcpy(h->kdf.salt, d, 32);
		h->kdf.salt_len = 32;
		h->kdf.kind = KDBX_KDF_AES;
		break;
	case H_TROUNDS:
		if (n != 8)
			return bad(why, wl, "the AES-KDF rounds are not 64-bit");
		h->kdf.rounds = le64(d);
		break;
	case H_IV:
		if (n != 12 && n != 16)
			return bad(why, wl, "the IV is not 12 or 16 bytes");
		memcpy(h->iv, d, n);
		h->iv_len = n;
		break;
	case H_STREAMKEY:
		if (n == 0 || n > sizeof h->inner_key)
			return bad(why, wl, "the inner stream key is too long");
		memcpy(h->inner_key, d, n);
		h->inner_key_len = n;
		break;
	case H_START:
		if (n != 32)
			return bad(why, wl, "the stream start bytes are not 32");
		memcpy(h->stream_start, d, 32);
		h->have_start = 1;
		break;
	case H_STREAMID:
		if (n != 4 || (le32(d) != KDBX_INNER_SALSA20 &&
		    le32(d) != KDBX_INNER_CHACHA20 && le32(d) != 0))
			return bad(why, wl, "unknown inner stream cipher");
		h->inner = (enum kdbx_inner)le32(d);
		break;
	case H_KDF:
		if (h->major < KDBX_V4)
			return bad(why, wl, "KDF parameters in a KDBX 3 file");
		return parse_vd(d, n, &h->kdf, why, wl);
	default:                /* comment, public custom data: ignored */
		break;
	}
	return VAULT_OK;
}

static vault_err
complete(const struct kdbx_header *h, char *why, size_t wl)
{
	if (h->cipher == 0)
		return bad(why, wl, "the header names no cipher");
	if (h->iv_len != (h->cipher == KDBX_CHACHA20 ? 12u : 16u))
		return bad(why, wl, "the IV does not fit the cipher");
	if (h->major == KDBX_V3 && (!h->have_start || h->inner_key_len == 0))
		return bad(why, wl, "the KDBX 3.1 header is incomplete");
	return kdbx_kdf_check(&h->kdf, why, wl);
}

vault_err
kdbx_header_parse(const uint8_t *buf, size_t len, struct kdbx_header *h,
    size_t *used, char *why, size_t wl)
{
	size_t i = 12, lw;
	uint32_t ver;
	vault_err rc;

	memset(h, 0, sizeof *h);
	if (len < 12)
		return VAULT_ERR_NOTFOUND;
	if (le32(buf) != KDBX_SIG1 || le32(buf + 4) != KDBX_SIG2)
		return bad(why, wl, "not a KeePass 2 (.kdbx) file");
	ver = le32(buf + 8);
	h->major = ver >> 16;
	h->minor = ver & 0xffffu;
	if (h->major != KDBX_V3 && h->major != KDBX_V4)
		return bad(why, wl, h->major < KDBX_V3 ? "a KDBX file older "
		    "than 3.1; save it again with KeePassXC" : "a KDBX "
		    "version newer than 4 that this program cannot read");
	lw = h->major == KDBX_V4 ? 4 : 2;
	for (;;) {
		unsigned id;
		size_t n;

		if (len - i < 1 + lw)
			return VAULT_ERR_NOTFOUND;
		id = buf[i];
		n = lw == 4 ? le32(buf + i + 1) :
		    (size_t)(buf[i + 1] | buf[i + 2] << 8);
		if (n > KDBX_FIELD_MAX)
			return bad(why, wl, "a header field is too long");
		if (len - i - 1 - lw < n)
			return VAULT_ERR_NOTFOUND;
		if (id == H_END) {
			*used = i + 1 + lw + n;
			return complete(h, why, wl);
		}
		if ((rc = field(h, id, buf + i + 1 + lw, n, why, wl)) !=
		    VAULT_OK)
			return rc;
		i += 1 + lw + n;
	}
}
