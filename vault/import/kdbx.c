/* SPDX-License-Identifier: ISC */
/*
 * kdbx.c - read an encrypted KeePass .kdbx file (3.1 and 4.x, password
 * only) as a chain of streaming stages, so memory stays bounded by one
 * block whatever the file's size:
 *   KDBX 4:   file -> HMAC-SHA256 blocks -> AES-256-CBC or ChaCha20
 *             -> gzip -> inner header -> XML (keepass_xml.c)
 *   KDBX 3.1: file -> AES-256-CBC or ChaCha20 -> start bytes
 *             -> SHA-256 hashed blocks -> gzip -> XML
 * SECURITY: nothing from the payload is used before it is
 * authenticated: KDBX 4's header is checked by its HMAC (a wrong
 * password fails here), every block by its HMAC (or, in 3.1, the start
 * bytes under the key and each block's hash) before a byte of it goes
 * further. Decrypted bytes live only in guarded memory.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <zlib.h>
#include <nettle/aes.h>
#include <nettle/cbc.h>
#include "import/keepass.h"
#include "import/kdbx.h"

#define CHUNK 65536u
#define WHY_AUTH "wrong password for this KeePass file (a file that also " \
    "needs a key file or YubiKey cannot be read: export it from " \
    "KeePassXC as XML instead)"

struct kx;

/* One stage: pulls from `below` into `buf` (guarded, CHUNK bytes, or a
 * whole block for the block stages). */
struct stage {
	struct kx *kx;
	struct stage *below;    /* NULL: the raw file */
	vault_err (*fill)(struct stage *st);
	struct vlt_gbuf buf;
	size_t pos;
	int eof;
	uint64_t index;         /* next block's index */
	/* decrypt */
	struct {
		struct aes256_ctx ctx;
		uint8_t iv[16];
	} cbc;
	uint8_t hold[16];       /* CBC: the last block, until EOF is known */
	size_t hold_len;
	struct kdbx_stream chacha;
	/* inflate */
	z_stream z;
	uint8_t zin[4096];
	int z_live;
	uint64_t total;
};

struct kx {
	const struct vlt_import_src *in;
	struct vlt_import_sink *out;
	uint8_t head[KDBX_HEADER_MAX];  /* raw bytes read ahead */
	size_t head_pos, head_len;
	uint64_t offset;
	struct kdbx_header h;
	uint8_t keys[96];       /* cipher key, HMAC base key */
	int verified;           /* the key is known to be right */
	uint8_t chk[64];        /* KDBX 4: header SHA-256 and HMAC */
	struct kdbx_stream inner;
	struct stage st[4];
};

static vault_err
fail(struct kx *kx, vault_err rc, const char *why)
{
	snprintf(kx->out->why, sizeof kx->out->why, "%s", why);
	kx->out->at.offset = kx->offset;
	return rc;
}

/* Raw bytes: first what the header read left over, then the source. */
static vault_err
raw_read(struct kx *kx, uint8_t *buf, size_t cap, size_t *got)
{
	vault_err rc;
	size_t n;

	if (kx->head_pos < kx->head_len) {
		n = kx->head_len - kx->head_pos;
		n = n < cap ? n : cap;
		memcpy(buf, kx->head + kx->head_pos, n);
		kx->head_pos += n;
		*got = n;
	} else if ((rc = kx->in->read(kx->in->ctx, buf, cap, got)) !=
	    VAULT_OK) {
		return fail(kx, rc, "the file could not be read");
	}
	kx->offset += *got;
	return VAULT_OK;
}

/* Exactly n bytes from the stage (or the raw file when st is NULL);
 * *got < n only at the end. */
static vault_err stage_read(struct stage *st, uint8_t *buf, size_t n,
    size_t *got);

static vault_err
pull(struct kx *kx, struct stage *below, uint8_t *buf, size_t n,
    size_t *got)
{
	size_t g;
	vault_err rc;

	if (below != NULL)
		return stage_read(below, buf, n, got);
	*got = 0;
	while (*got < n) {
		if ((rc = raw_read(kx, buf + *got, n - *got, &g)) != VAULT_OK)
			return rc;
		if (g == 0)
			break;
		*got += g;
	}
	return VAULT_OK;
}

static vault_err
stage_read(struct stage *st, uint8_t *buf, size_t n, size_t *got)
{
	size_t k;
	vault_err rc;

	*got = 0;
	while (*got < n) {
		if (st->pos == st->buf.len) {
			if (st->eof)
				break;
			st->pos = st->buf.len = 0;
			if ((rc = st->fill(st)) != VAULT_OK)
				return rc;
			continue;
		}
		k = st->buf.len - st->pos;
		k = k < n - *got ? k : n - *got;
		memcpy(buf + *got, st->buf.p + st->pos, k);
		st->pos += k;
		*got += k;
	}
	return VAULT_OK;
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Exactly `n` bytes from the stage below, else "cut short". */
static vault_err
pull_exact(struct stage *st, uint8_t *p, size_t n)
{
	size_t got;
	vault_err rc;

	if ((rc = pull(st->kx, st->below, p, n, &got)) != VAULT_OK)
		return rc;
	return got < n ? fail(st->kx, VAULT_ERR_FORMAT, "the file is cut "
	    "short") : VAULT_OK;
}

/* A block's `n` data bytes (bounded first) into st->buf, not yet
 * checked: the caller sets st->buf.len once they are. */
static vault_err
pull_block(struct stage *st, uint32_t n)
{
	vault_err rc;

	if (n > KDBX_BLOCK_MAX)
		return fail(st->kx, VAULT_ERR_FORMAT, "a block is too long");
	if ((rc = vlt_gbuf_reserve(&st->buf, n)) != VAULT_OK)
		return rc;
	return pull_exact(st, st->buf.p, n);
}

/* KDBX 4: [HMAC 32][length 4][data], the last block empty. */
static vault_err
fill_hmac(struct stage *st)
{
	uint8_t hdr[36], mac[32];
	uint32_t n;
	vault_err rc;

	if ((rc = pull_exact(st, hdr, 36)) != VAULT_OK ||
	    (rc = pull_block(st, n = le32(hdr + 32))) != VAULT_OK)
		return rc;
	kdbx_block_mac(st->kx->keys + 32, st->index++, st->buf.p, n, mac);
	if (sodium_memcmp(mac, hdr, 32) != 0)
		return fail(st->kx, VAULT_ERR_FORMAT, "the file is damaged "
		    "(a block fails its HMAC)");
	st->buf.len = n;
	st->eof = n == 0;
	return VAULT_OK;
}

/* KDBX 3.1: [index 4][SHA-256 32][length 4][data], the last empty. */
static vault_err
fill_hashed(struct stage *st)
{
	uint8_t hdr[40], h[32];
	uint32_t n;
	vault_err rc;

	if ((rc = pull_exact(st, hdr, 40)) != VAULT_OK)
		return rc;
	if (le32(hdr) != (uint32_t)st->index++)
		return fail(st->kx, VAULT_ERR_FORMAT, "blocks out of order");
	if ((rc = pull_block(st, n = le32(hdr + 36))) != VAULT_OK)
		return rc;
	st->buf.len = n;
	st->eof = n == 0;
	if (n == 0)
		return VAULT_OK;
	crypto_hash_sha256(h, st->buf.p, n);
	if (sodium_memcmp(h, hdr + 4, 32) != 0)
		return fail(st->kx, VAULT_ERR_FORMAT, "the file is damaged "
		    "(a block fails its hash)");
	return VAULT_OK;
}

static vault_err
fill_cbc(struct stage *st)
{
	size_t got, n;
	vault_err rc;
	unsigned pad;

	if ((rc = vlt_gbuf_reserve(&st->buf, CHUNK + 16)) != VAULT_OK)
		return rc;
	memcpy(st->buf.p, st->hold, st->hold_len);
	if ((rc = pull(st->kx, st->below, st->buf.p + st->hold_len, CHUNK,
	    &got)) != VAULT_OK)
		return rc;
	n = st->hold_len + got;
	if (n % 16 != 0)
		return fail(st->kx, VAULT_ERR_FORMAT, "the file is cut short");
	if (got == CHUNK) {     /* more may follow: keep the last block */
		n -= 16;
		memcpy(st->hold, st->buf.p + n, 16);
		st->hold_len = 16;
		cbc_decrypt(&st->cbc.ctx, (nettle_cipher_func *)aes256_decrypt,
		    16, st->cbc.iv, n, st->buf.p, st->buf.p);
		st->buf.len = n;
		return VAULT_OK;
	}
	st->eof = 1;
	if (n == 0)
		return fail(st->kx, VAULT_ERR_FORMAT, "the file is cut short");
	cbc_decrypt(&st->cbc.ctx, (nettle_cipher_func *)aes256_decrypt, 16,
	    st->cbc.iv, n, st->buf.p, st->buf.p);
	pad = st->buf.p[n - 1];
	/* A file of one chunk gets here before the 3.1 start bytes are
	 * compared: bad padding then means the key is wrong. */
	if (pad < 1 || pad > 16 || pad > n)
		return st->kx->verified ? fail(st->kx, VAULT_ERR_FORMAT,
		    "the file is damaged (bad padding)") :
		    fail(st->kx, VAULT_ERR_AUTH, WHY_AUTH);
	st->buf.len = n - pad;
	return VAULT_OK;
}

static vault_err
fill_chacha(struct stage *st)
{
	size_t got;
	vault_err rc;

	if ((rc = vlt_gbuf_reserve(&st->buf, CHUNK)) != VAULT_OK)
		return rc;
	if ((rc = pull(st->kx, st->below, st->buf.p, CHUNK, &got)) !=
	    VAULT_OK)
		return rc;
	kdbx_stream_xor(&st->chacha, st->buf.p, got);
	st->buf.len = got;
	st->eof = got < CHUNK;
	return VAULT_OK;
}

static vault_err
fill_inflate(struct stage *st)
{
	size_t got;
	int zr;
	vault_err rc;

	if ((rc = vlt_gbuf_reserve(&st->buf, CHUNK)) != VAULT_OK)
		return rc;
	st->z.next_out = st->buf.p;
	st->z.avail_out = CHUNK;
	while (st->z.avail_out > 0 && !st->eof) {
		if (st->z.avail_in == 0) {
			if ((rc = pull(st->kx, st->below, st->zin,
			    sizeof st->zin, &got)) != VAULT_OK)
				return rc;
			if (got == 0)
				return fail(st->kx, VAULT_ERR_FORMAT, "the "
				    "file's compressed data is cut short");
			st->z.next_in = st->zin;
			st->z.avail_in = (uInt)got;
		}
		zr = inflate(&st->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			st->eof = 1;
		else if (zr != Z_OK)
			return fail(st->kx, VAULT_ERR_FORMAT, "the file's "
			    "compressed data is damaged");
	}
	st->buf.len = CHUNK - st->z.avail_out;
	st->total += st->buf.len;
	if (st->total > KDBX_XML_MAX)
		return fail(st->kx, VAULT_ERR_FORMAT, "the file expands to "
		    "more than 2 GiB");
	return VAULT_OK;
}

static vault_err
top_read(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	return stage_read(ctx, buf, cap, got);
}

/* Read raw bytes until the whole outer header is in kx->head. */
static vault_err
read_header(struct kx *kx, size_t *used)
{
	size_t got;
	vault_err rc;

	for (;;) {
		rc = kdbx_header_parse(kx->head, kx->head_len, &kx->h, used,
		    kx->out->why, sizeof kx->out->why);
		if (rc != VAULT_ERR_NOTFOUND) {
			kx->out->at.offset = kx->head_len;
			return rc;
		}
		if (kx->head_len == sizeof kx->head)
			return fail(kx, VAULT_ERR_FORMAT, "the header is "
			    "longer than 256 KiB");
		if ((rc = kx->in->read(kx->in->ctx, kx->head + kx->head_len,
		    sizeof kx->head - kx->head_len, &got)) != VAULT_OK)
			return fail(kx, rc, "the file could not be read");
		if (got == 0)
			return fail(kx, VAULT_ERR_FORMAT, kx->head_len < 12 ?
			    "not a KeePass 2 (.kdbx) file" : "the file is cut "
			    "short in its header");
		kx->head_len += got;
	}
}

static struct stage *
stage_new(struct kx *kx, int i, struct stage *below,
    vault_err (*fill)(struct stage *))
{
	struct stage *st = &kx->st[i];

	st->kx = kx;
	st->below = below;
	st->fill = fill;
	return st;
}

static vault_err
cipher_stage(struct kx *kx, struct stage *st)
{
	if (kx->h.cipher == KDBX_AES256) {
		aes256_set_decrypt_key(&st->cbc.ctx, kx->keys);
		memcpy(st->cbc.iv, kx->h.iv, 16);
		st->fill = fill_cbc;
		return VAULT_OK;
	}
	st->fill = fill_chacha;
	st->chacha.kind = KDBX_INNER_CHACHA20;
	memcpy(st->chacha.key, kx->keys, 32);
	memcpy(st->chacha.nonce, kx->h.iv, 12);
	st->chacha.pos = 64;
	return VAULT_OK;
}

static struct stage *
gzip_stage(struct kx *kx, int i, struct stage *below, vault_err *rc)
{
	struct stage *st;

	*rc = VAULT_OK;
	if (!kx->h.gzip)
		return below;
	st = stage_new(kx, i, below, fill_inflate);
	if (inflateInit2(&st->z, 16 + MAX_WBITS) != Z_OK)
		*rc = VAULT_ERR_NOMEM;
	else
		st->z_live = 1;
	return st;
}

/* KDBX 4 after the header: its SHA-256 (checked before the KDF is
 * spent on it) and its HMAC (the password check, after). */
static vault_err
check_v4_hash(struct kx *kx, size_t used)
{
	uint8_t h[32];
	size_t got;
	vault_err rc;

	if ((rc = pull(kx, NULL, kx->chk, 64, &got)) != VAULT_OK)
		return rc;
	if (got < 64)
		return fail(kx, VAULT_ERR_FORMAT, "the file is cut short");
	crypto_hash_sha256(h, kx->head, used);
	if (sodium_memcmp(h, kx->chk, 32) != 0)
		return fail(kx, VAULT_ERR_FORMAT, "the file's header is "
		    "damaged (its hash does not match)");
	return VAULT_OK;
}

static vault_err
open_v4(struct kx *kx, size_t used, struct stage **top)
{
	uint8_t mac[32];
	struct stage *s0, *s1;
	vault_err rc;

	kdbx_block_mac(kx->keys + 32, UINT64_MAX, kx->head, used, mac);
	if (sodium_memcmp(mac, kx->chk + 32, 32) != 0)
		return fail(kx, VAULT_ERR_AUTH, WHY_AUTH);
	kx->verified = 1;
	s0 = stage_new(kx, 0, NULL, fill_hmac);
	s1 = stage_new(kx, 1, s0, NULL);
	if ((rc = cipher_stage(kx, s1)) != VAULT_OK)
		return rc;
	*top = gzip_stage(kx, 2, s1, &rc);
	return rc;
}

static vault_err
open_v3(struct kx *kx, struct stage **top)
{
	uint8_t start[32];
	size_t got;
	struct stage *s0, *s1;
	vault_err rc;

	s0 = stage_new(kx, 0, NULL, NULL);
	if ((rc = cipher_stage(kx, s0)) != VAULT_OK ||
	    (rc = stage_read(s0, start, 32, &got)) != VAULT_OK)
		return rc;
	if (got < 32 || sodium_memcmp(start, kx->h.stream_start, 32) != 0)
		return fail(kx, VAULT_ERR_AUTH, WHY_AUTH);
	kx->verified = 1;
	s1 = stage_new(kx, 1, s0, fill_hashed);
	*top = gzip_stage(kx, 2, s1, &rc);
	if (rc == VAULT_OK)
		rc = kdbx_stream_init(&kx->inner, kx->h.inner,
		    kx->h.inner_key, kx->h.inner_key_len);
	return rc;
}

/* KDBX 4's inner header: the inner stream's cipher and key, then
 * attachments (skipped: cvault keeps no files). */
static vault_err
inner_header(struct kx *kx, struct stage *top)
{
	uint8_t hdr[5], buf[4096];
	enum kdbx_inner kind = KDBX_INNER_NONE;
	size_t got, n, k;
	vault_err rc;
	int have_key = 0;

	for (;;) {
		if ((rc = stage_read(top, hdr, 5, &got)) != VAULT_OK)
			return rc;
		if (got < 5)
			return fail(kx, VAULT_ERR_FORMAT, "the inner header "
			    "is cut short");
		n = le32(hdr + 1);
		if (hdr[0] == 0)
			break;
		if ((hdr[0] == 1 && n != 4) || (hdr[0] == 2 &&
		    n > sizeof kx->h.inner_key) || (hdr[0] > 3))
			return fail(kx, VAULT_ERR_FORMAT, "the inner header "
			    "is malformed");
		for (; n > 0; n -= k) {
			k = n < sizeof buf ? n : sizeof buf;
			if ((rc = stage_read(top, buf, k, &got)) != VAULT_OK)
				goto out;
			if (got < k) {
				rc = fail(kx, VAULT_ERR_FORMAT, "the inner "
				    "header is cut short");
				goto out;
			}
			if (hdr[0] == 1)
				kind = (enum kdbx_inner)le32(buf);
			if (hdr[0] == 2) {
				memcpy(kx->h.inner_key, buf, k);
				kx->h.inner_key_len = k;
				have_key = 1;
			}
		}
	}
	if (!have_key || kind == KDBX_INNER_NONE)
		return fail(kx, VAULT_ERR_FORMAT, "the inner header names no "
		    "stream cipher");
	rc = kdbx_stream_init(&kx->inner, kind, kx->h.inner_key,
	    kx->h.inner_key_len);
	if (rc != VAULT_OK)
		rc = fail(kx, rc, "unknown inner stream cipher");
out:
	sodium_memzero(buf, sizeof buf);
	return rc;
}

static void
kx_free(struct kx *kx)
{
	if (kx == NULL)
		return;
	for (int i = 0; i < 4; i++) {
		if (kx->st[i].z_live)
			inflateEnd(&kx->st[i].z);
		vlt_gbuf_free(&kx->st[i].buf);
	}
	sodium_free(kx);        /* wipes keys, streams, read-ahead */
}

vault_err
vlt_import_kdbx(const struct vlt_import_src *in, const uint8_t *pass,
    size_t pass_len, struct vlt_import_sink *out)
{
	struct kx *kx = NULL;
	struct stage *top = NULL;
	struct vlt_import_src xml;
	size_t used = 0;
	vault_err rc;

	if (in == NULL || out == NULL || (pass == NULL && pass_len > 0))
		return VAULT_ERR_INVALID;
	if (sodium_init() < 0 || (kx = sodium_malloc(sizeof *kx)) == NULL)
		return VAULT_ERR_NOMEM;
	memset(kx, 0, sizeof *kx);
	kx->in = in;
	kx->out = out;
	if ((rc = read_header(kx, &used)) != VAULT_OK)
		goto out;
	kx->head_pos = used;
	kx->offset = used;
	if (kx->h.major == KDBX_V4 && (rc = check_v4_hash(kx, used)) != VAULT_OK)
		goto out;
	if ((rc = kdbx_derive(&kx->h, pass, pass_len, kx->keys)) != VAULT_OK) {
		rc = fail(kx, rc, "the key derivation failed (out of memory?)");
		goto out;
	}
	if (kx->h.major == KDBX_V4)
		rc = open_v4(kx, used, &top);
	else
		rc = open_v3(kx, &top);
	if (rc == VAULT_OK && kx->h.major == KDBX_V4)
		rc = inner_header(kx, top);
	if (rc != VAULT_OK)
		goto out;
	xml.read = top_read;
	xml.ctx = top;
	rc = kdbx_xml_read(&xml, &kx->inner, out);
	/* The XML may end before the stream does: read the rest, so that
	 * a cut or damaged tail (the last block, the padding) is found. */
	while (rc == VAULT_OK && (rc = stage_read(top, kx->head, sizeof kx->head,
	    &used)) == VAULT_OK && used > 0)
		;
out:
	kx_free(kx);
	return rc;
}

int
vlt_import_kdbx_sniff(const uint8_t *head, size_t len)
{
	return len >= 8 && le32(head) == KDBX_SIG1 &&
	    le32(head + 4) == KDBX_SIG2;
}
