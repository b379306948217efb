/* SPDX-License-Identifier: ISC */
/*
 * codec.c - the plaintext layout of an entry, and its validation.
 *
 * An entry is a run of records: tag (1 byte), length (4 bytes, little
 * endian), value. It is stored as two sealed blobs: the summary (title,
 * username, URL, tags, times, flags: what `ls` and `search` need) and the
 * body (password, notes, TOTP, recovery codes, second-factor device,
 * custom fields, history). Decrypted bytes
 * are untrusted until vlt_codec_check() has bounded every length and tag.
 */
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"


int
vlt_tlv_next(struct vlt_tlv *it)
{
	uint32_t n;

	if (it->off + 5 > it->len)
		return 0;
	n = (uint32_t)it->buf[it->off + 1] |
	    (uint32_t)it->buf[it->off + 2] << 8 |
	    (uint32_t)it->buf[it->off + 3] << 16 |
	    (uint32_t)it->buf[it->off + 4] << 24;
	if (n > it->len - it->off - 5)
		return 0;
	it->tag = it->buf[it->off];
	it->val = it->buf + it->off + 5;
	it->vlen = n;
	it->off += 5 + (size_t)n;
	return 1;
}

int
vlt_tag_in_summary(unsigned tag)
{
	switch (tag) {
	case VLT_TAG_TITLE: case VLT_TAG_USERNAME: case VLT_TAG_URL:
	case VLT_TAG_TAG: case VLT_TAG_CREATED: case VLT_TAG_MODIFIED:
	case VLT_TAG_PWCHANGED: case VLT_TAG_FLAGS:
		return 1;
	default:
		return 0;
	}
}

/* Check one record's value against its tag's rules. */
static int
record_ok(unsigned tag, const uint8_t *val, size_t len)
{
	switch (tag) {
	case VLT_TAG_TITLE:
		return len >= 1 && len <= VAULT_TITLE_MAX;
	case VLT_TAG_TAG:
		return len >= 1 && len <= VAULT_TITLE_MAX;
	case VLT_TAG_USERNAME: case VLT_TAG_URL: case VLT_TAG_NOTES:
	case VLT_TAG_PASSWORD: case VLT_TAG_TOTP:
	case VLT_TAG_RECOVERY: case VLT_TAG_2FA_DEVICE:
		return len >= 1 && len <= VAULT_VALUE_MAX;
	case VLT_TAG_CREATED: case VLT_TAG_MODIFIED: case VLT_TAG_PWCHANGED:
		return len == 8;
	case VLT_TAG_FLAGS:
		return len == 4;
	case VLT_TAG_CUSTOM: {
		size_t nl;
		if (len < 2)
			return 0;
		nl = (size_t)val[0] | (size_t)val[1] << 8;
		return nl >= 1 && nl <= VAULT_TITLE_MAX && nl < len &&
		    len - 2 - nl <= VAULT_VALUE_MAX;
	}
	case VLT_TAG_HISTORY:
		return len > 8 && len - 8 <= VAULT_VALUE_MAX;
	default:
		return 0;               /* unknown tag: not ours */
	}
}

vault_err
vlt_codec_check(const uint8_t *buf, size_t len)
{
	struct vlt_tlv it = { buf, len, 0, 0, NULL, 0 };
	unsigned seen[VLT_TAG_MAX + 1] = { 0 };

	while (vlt_tlv_next(&it)) {
		if (it.tag > VLT_TAG_MAX || !record_ok(it.tag, it.val, it.vlen))
			return VAULT_ERR_CORRUPT;
		seen[it.tag]++;
		if (it.tag == VLT_TAG_TAG || it.tag == VLT_TAG_CUSTOM) {
			if (seen[it.tag] > VLT_REPEATED_MAX)
				return VAULT_ERR_CORRUPT;
		} else if (it.tag == VLT_TAG_HISTORY) {
			if (seen[it.tag] > VAULT_HISTORY_MAX)
				return VAULT_ERR_CORRUPT;
		} else if (seen[it.tag] > 1) {
			return VAULT_ERR_CORRUPT;       /* single-valued */
		}
	}
	return it.off == len ? VAULT_OK : VAULT_ERR_CORRUPT;
}

size_t
vlt_tlv_put(uint8_t *dst, unsigned tag, const uint8_t *a, size_t alen,
    const uint8_t *b, size_t blen)
{
	size_t n = alen + blen;

	dst[0] = (uint8_t)tag;
	for (int i = 0; i < 4; i++)
		dst[1 + i] = (uint8_t)(n >> (8 * i));
	if (alen)
		memcpy(dst + 5, a, alen);
	if (blen)
		memcpy(dst + 5 + alen, b, blen);
	return 5 + n;
}

vault_err
vlt_entry_rebuild(vault_entry *e, vlt_drop_fn drop, const void *ctx,
    unsigned tag, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen, int prepend)
{
	const uint8_t *old = e->rec ? e->rec->buf : NULL;
	size_t old_len = e->rec ? e->rec->len : 0, n = 0, add = 0;
	struct vlt_tlv it = { old, old_len, 0, 0, NULL, 0 };
	vault_secret *nu = NULL;
	vault_err rc;
	unsigned idx = 0;

	if (tag != 0)
		add = 5 + alen + blen;
	if (alen > VAULT_VALUE_MAX || blen > VAULT_VALUE_MAX ||
	    old_len > SIZE_MAX / 2)
		return VAULT_ERR_INVALID;
	/* Never realloc a secret: build the new run, then free the old. */
	if ((rc = vlt_secret_new(&nu, old_len + add)) != VAULT_OK)
		return rc;
	if (tag != 0 && prepend)
		n += vlt_tlv_put(nu->buf + n, tag, a, alen, b, blen);
	while (vlt_tlv_next(&it)) {
		if (drop != NULL && drop(&it, idx++, ctx))
			continue;
		memcpy(nu->buf + n, it.buf + it.off - 5 - it.vlen, 5 + it.vlen);
		n += 5 + it.vlen;
	}
	if (tag != 0 && !prepend)
		n += vlt_tlv_put(nu->buf + n, tag, a, alen, b, blen);
	nu->len = n;    /* may shrink; the allocation keeps its true size */
	vault_secret_free(e->rec);
	e->rec = nu;
	return VAULT_OK;
}

vault_err
vlt_codec_split(const vault_entry *e, vault_secret **summary,
    vault_secret **body)
{
	vault_secret *out[2] = { NULL, NULL };
	size_t len = e->rec ? e->rec->len : 0, n[2] = { 0, 0 };
	struct vlt_tlv it = { e->rec ? e->rec->buf : NULL, len, 0, 0, NULL, 0 };
	vault_err rc;

	*summary = *body = NULL;
	for (int i = 0; i < 2; i++)
		if ((rc = vlt_secret_new(&out[i], len)) != VAULT_OK)
			goto out;
	while (vlt_tlv_next(&it)) {
		int s = vlt_tag_in_summary(it.tag) ? 0 : 1;

		memcpy(out[s]->buf + n[s], it.val - 5, 5 + it.vlen);
		n[s] += 5 + it.vlen;
	}
	out[0]->len = n[0];
	out[1]->len = n[1];
	*summary = out[0];
	*body = out[1];
	out[0] = out[1] = NULL;
out:
	vault_secret_free(out[0]);
	vault_secret_free(out[1]);
	return rc;
}
