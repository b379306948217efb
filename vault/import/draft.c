/* SPDX-License-Identifier: ISC */
/*
 * import/draft.c - an entry being read from a file, as its records
 * (docs/format.md, "Entry plaintext") in one growing buffer, made into a
 * vault_entry once, when the record is complete. Setting fields one by
 * one on a vault_entry rebuilds its guarded buffer each time (a
 * sodium_malloc: mmap, mprotect, mlock and their undoing), which for a
 * 10,000-row file cost more than sealing and storing the rows. The
 * draft's buffer is ordinary memory reused from record to record.
 * SECURITY: it holds passwords: it is wiped whenever it is cleared,
 * grown (the old copy) or freed; vlt_codec_join validates the records
 * as it copies them into guarded memory.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "import.h"
#include "codec.h"

void
vlt_draft_clear(struct vlt_draft *d)
{
	if (d->buf != NULL)
		sodium_memzero(d->buf, d->len);
	d->len = 0;
}

void
vlt_draft_free(struct vlt_draft *d)
{
	if (d->buf != NULL) {
		sodium_memzero(d->buf, d->cap);
		free(d->buf);
	}
	memset(d, 0, sizeof *d);
}

static vault_err
room(struct vlt_draft *d, size_t need)
{
	uint8_t *nb;
	size_t cap = d->cap ? d->cap : 512;

	if (need <= d->cap - d->len)
		return VAULT_OK;
	if (need > 4 * (size_t)VAULT_VALUE_MAX + 4096 - d->len)
		return VAULT_ERR_FORMAT;        /* an entry past all reason */
	while (cap - d->len < need)
		cap *= 2;
	if ((nb = malloc(cap)) == NULL)
		return VAULT_ERR_NOMEM;
	if (d->buf != NULL) {
		memcpy(nb, d->buf, d->len);
		sodium_memzero(d->buf, d->cap);
		free(d->buf);
	}
	d->buf = nb;
	d->cap = cap;
	return VAULT_OK;
}

static vault_err
put(struct vlt_draft *d, unsigned tag, const uint8_t *a, size_t alen,
    const uint8_t *b, size_t blen)
{
	vault_err rc;

	if (alen + blen > VAULT_VALUE_MAX + 2 + VAULT_TITLE_MAX)
		return VAULT_ERR_FORMAT;
	if ((rc = room(d, 5 + alen + blen)) != VAULT_OK)
		return rc;
	d->len += vlt_tlv_put(d->buf + d->len, tag, a, alen, b, blen);
	return VAULT_OK;
}

/* Remove every record `gone` says is gone. */
static void
drop(struct vlt_draft *d, int (*gone)(const struct vlt_tlv *, const void *),
    const void *ctx)
{
	struct vlt_tlv it = { d->buf, d->len, 0, 0, NULL, 0 };
	size_t w = 0, start = 0;

	if (d->buf == NULL)
		return;                 /* nothing yet */
	while (vlt_tlv_next(&it)) {
		size_t n = it.off - start;

		if (!gone(&it, ctx)) {
			memmove(d->buf + w, d->buf + start, n);
			w += n;
		}
		start = it.off;
	}
	sodium_memzero(d->buf + w, d->len - w);
	d->len = w;
}

static int
same_tag(const struct vlt_tlv *it, const void *ctx)
{
	return it->tag == *(const unsigned *)ctx;
}

int
vlt_draft_get(const struct vlt_draft *d, vault_field f, const uint8_t **p,
    size_t *len)
{
	struct vlt_tlv it = { d->buf, d->len, 0, 0, NULL, 0 };

	while (vlt_tlv_next(&it))
		if (it.tag == (unsigned)f) {
			*p = it.val;
			*len = it.vlen;
			return 1;
		}
	*p = NULL;
	*len = 0;
	return 0;
}

vault_err
vlt_draft_set(struct vlt_draft *d, vault_field f, const uint8_t *p,
    size_t len)
{
	unsigned tag = (unsigned)f;

	if (len > VAULT_VALUE_MAX || (f == VAULT_FIELD_TITLE &&
	    len > VAULT_TITLE_MAX))
		return VAULT_ERR_FORMAT;
	drop(d, same_tag, &tag);
	return len == 0 ? VAULT_OK : put(d, tag, p, len, NULL, 0);
}

static size_t
count(const struct vlt_draft *d, unsigned tag)
{
	struct vlt_tlv it = { d->buf, d->len, 0, 0, NULL, 0 };
	size_t n = 0;

	while (vlt_tlv_next(&it))
		n += it.tag == tag;
	return n;
}

struct named {
	const uint8_t *name;
	size_t len;
};

static int
same_custom(const struct vlt_tlv *it, const void *ctx)
{
	const struct named *m = ctx;

	return it->tag == VLT_TAG_CUSTOM && it->vlen >= 2 + m->len &&
	    ((size_t)it->val[0] | (size_t)it->val[1] << 8) == m->len &&
	    memcmp(it->val + 2, m->name, m->len) == 0;
}

vault_err
vlt_draft_custom(struct vlt_draft *d, const uint8_t *name, size_t nlen,
    const uint8_t *val, size_t vlen)
{
	struct named m = { name, nlen };
	uint8_t hdr[2 + VAULT_TITLE_MAX];

	if (nlen == 0 || nlen > VAULT_TITLE_MAX || vlen > VAULT_VALUE_MAX)
		return VAULT_ERR_FORMAT;
	drop(d, same_custom, &m);
	if (vlen == 0)
		return VAULT_OK;
	if (count(d, VLT_TAG_CUSTOM) >= VLT_REPEATED_MAX)
		return VAULT_ERR_FORMAT;
	hdr[0] = (uint8_t)nlen;
	hdr[1] = (uint8_t)(nlen >> 8);
	memcpy(hdr + 2, name, nlen);    /* a field name is not secret */
	return put(d, VLT_TAG_CUSTOM, hdr, 2 + nlen, val, vlen);
}

int
vlt_draft_has_custom(const struct vlt_draft *d, const uint8_t *name,
    size_t nlen)
{
	struct named m = { name, nlen };
	struct vlt_tlv it = { d->buf, d->len, 0, 0, NULL, 0 };

	while (vlt_tlv_next(&it))
		if (same_custom(&it, &m))
			return 1;
	return 0;
}

vault_err
vlt_draft_tag(struct vlt_draft *d, const uint8_t *p, size_t len)
{
	struct vlt_tlv it = { d->buf, d->len, 0, 0, NULL, 0 };

	if (len == 0 || len > VAULT_TITLE_MAX)
		return VAULT_ERR_FORMAT;
	while (vlt_tlv_next(&it))
		if (it.tag == VLT_TAG_TAG && it.vlen == len &&
		    memcmp(it.val, p, len) == 0)
			return VAULT_OK;        /* already there */
	if (count(d, VLT_TAG_TAG) >= VLT_REPEATED_MAX)
		return VAULT_ERR_FORMAT;
	return put(d, VLT_TAG_TAG, p, len, NULL, 0);
}

static void
le64(uint8_t *p, int64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)((uint64_t)v >> (8 * i));
}

vault_err
vlt_draft_time(struct vlt_draft *d, vault_time t, int64_t when)
{
	unsigned tag = (unsigned)t - VAULT_TIME_CREATED + VLT_TAG_CREATED;
	uint8_t ts[8];

	if (t < VAULT_TIME_CREATED || t > VAULT_TIME_PASSWORD || when < 0 ||
	    when > VAULT_TIME_MAX)
		return VAULT_ERR_FORMAT;
	le64(ts, when);
	drop(d, same_tag, &tag);
	return put(d, tag, ts, 8, NULL, 0);
}

vault_err
vlt_draft_history(struct vlt_draft *d, const uint8_t *pw, size_t len,
    int64_t when)
{
	uint8_t ts[8];

	if (len == 0 || len > VAULT_VALUE_MAX || when < 0 ||
	    when > VAULT_TIME_MAX)
		return VAULT_ERR_FORMAT;
	if (count(d, VLT_TAG_HISTORY) >= VAULT_HISTORY_MAX)
		return VAULT_OK;                /* only the newest are kept */
	le64(ts, when);
	return put(d, VLT_TAG_HISTORY, ts, 8, pw, len);
}

vault_err
vlt_draft_entry(struct vlt_draft *d, vault_entry **out)
{
	vault_err rc;

	*out = NULL;
	rc = d->len == 0 ? vault_entry_new(out) :
	    vlt_codec_join(d->buf, d->len, NULL, 0, out);
	vlt_draft_clear(d);
	return rc == VAULT_ERR_CORRUPT ? VAULT_ERR_FORMAT : rc;
}
