/* SPDX-License-Identifier: ISC */
/*
 * entry.c - the vault_entry object: one account's credentials, decrypted,
 * in guarded memory. Setters rebuild the record run (codec.c) into a new
 * guarded buffer and free the old one, so no secret is ever realloc'd.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"

vault_err
vault_entry_new(vault_entry **out)
{
	if (out == NULL)
		return VAULT_ERR_INVALID;
	if (vlt_init() != VAULT_OK)
		return VAULT_ERR_NOMEM;
	*out = calloc(1, sizeof **out);
	return *out ? VAULT_OK : VAULT_ERR_NOMEM;
}

void
vault_entry_free(vault_entry *e)
{
	if (e == NULL)
		return;
	vault_secret_free(e->rec);
	free(e);
}

static int
is_field(vault_field f)
{
	return f >= VAULT_FIELD_TITLE && f <= VAULT_FIELD_2FA_DEVICE;
}

/* SECURITY: text stored must follow the text rules (vault.h): what a
 * holder types here is shown later on the clerk's terminal. Only the
 * setters check; readers accept what older vaults hold. */
static int
text_ok(const uint8_t *p, size_t len, unsigned flags)
{
	return vault_text_check(p, len, flags, NULL, NULL) == 0;
}

static int
drop_tag(const struct vlt_tlv *it, unsigned idx, const void *ctx)
{
	(void)idx;
	return it->tag == *(const unsigned *)ctx;
}

/* Find the first record with `tag`, or the i-th of a repeated tag. */
static int
find(const vault_entry *e, unsigned tag, size_t i, struct vlt_tlv *it)
{
	size_t n = 0;

	if (e == NULL || e->rec == NULL)
		return 0;
	it->buf = e->rec->buf;
	it->len = e->rec->len;
	it->off = 0;
	while (vlt_tlv_next(it))
		if (it->tag == tag && n++ == i)
			return 1;
	return 0;
}

vault_err
vault_entry_set(vault_entry *e, vault_field f, const uint8_t *val, size_t len)
{
	unsigned tag = (unsigned)f;

	if (e == NULL || !is_field(f) || (val == NULL && len != 0))
		return VAULT_ERR_INVALID;
	if (len > VAULT_VALUE_MAX ||
	    (f == VAULT_FIELD_TITLE && (len == 0 || len > VAULT_TITLE_MAX)))
		return VAULT_ERR_INVALID;
	if (f != VAULT_FIELD_PASSWORD && !text_ok(val, len,
	    f == VAULT_FIELD_NOTES || f == VAULT_FIELD_RECOVERY_CODES ?
	    VAULT_TEXT_MULTILINE : 0))
		return VAULT_ERR_INVALID;       /* the password is bytes */
	return vlt_entry_rebuild(e, drop_tag, &tag, len ? tag : 0, val, len,
	    NULL, 0, 0);
}

vault_err
vault_entry_field(const vault_entry *e, vault_field f, const uint8_t **val,
    size_t *len)
{
	struct vlt_tlv it;

	if (val == NULL || len == NULL)
		return VAULT_ERR_INVALID;
	*val = NULL;
	*len = 0;
	if (e == NULL || !is_field(f))
		return VAULT_ERR_INVALID;
	if (!find(e, (unsigned)f, 0, &it))
		return VAULT_ERR_NOTFOUND;
	*val = it.val;
	*len = it.vlen;
	return VAULT_OK;
}

struct match {
	unsigned tag;
	const uint8_t *s;
	size_t len;
};

static int
drop_match(const struct vlt_tlv *it, unsigned idx, const void *ctx)
{
	const struct match *m = ctx;

	(void)idx;
	return it->tag == m->tag && it->vlen == m->len &&
	    memcmp(it->val, m->s, m->len) == 0;
}

/* How many records with `tag`; the reader allows VLT_REPEATED_MAX. */
static size_t
count_tag(const vault_entry *e, unsigned tag)
{
	struct vlt_tlv it;
	size_t n = 0;

	while (find(e, tag, n, &it))
		n++;
	return n;
}

vault_err
vault_entry_tag_add(vault_entry *e, const char *tag)
{
	struct match m = { VLT_TAG_TAG, (const uint8_t *)tag, 0 };

	if (e == NULL || tag == NULL)
		return VAULT_ERR_INVALID;
	m.len = strlen(tag);
	if (m.len == 0 || m.len > VAULT_TITLE_MAX ||
	    !text_ok(m.s, m.len, 0) ||
	    count_tag(e, VLT_TAG_TAG) >= VLT_REPEATED_MAX)
		return VAULT_ERR_INVALID;
	/* Drop an equal tag, then append: duplicates collapse. */
	return vlt_entry_rebuild(e, drop_match, &m, VLT_TAG_TAG, m.s, m.len,
	    NULL, 0, 0);
}

vault_err
vault_entry_tag_remove(vault_entry *e, const char *tag)
{
	struct match m = { VLT_TAG_TAG, (const uint8_t *)tag, 0 };
	struct vlt_tlv it;
	size_t i;

	if (e == NULL || tag == NULL)
		return VAULT_ERR_INVALID;
	m.len = strlen(tag);
	for (i = 0; find(e, VLT_TAG_TAG, i, &it); i++)
		if (drop_match(&it, 0, &m))
			return vlt_entry_rebuild(e, drop_match, &m, 0, NULL,
			    0, NULL, 0, 0);
	return VAULT_ERR_NOTFOUND;
}

vault_err
vault_entry_tag(const vault_entry *e, size_t i, const uint8_t **tag,
    size_t *len)
{
	struct vlt_tlv it;

	if (e == NULL || tag == NULL || len == NULL)
		return VAULT_ERR_INVALID;
	*tag = NULL;
	*len = 0;
	if (!find(e, VLT_TAG_TAG, i, &it))
		return VAULT_ERR_NOTFOUND;
	*tag = it.val;
	*len = it.vlen;
	return VAULT_OK;
}

static int
drop_custom(const struct vlt_tlv *it, unsigned idx, const void *ctx)
{
	const struct match *m = ctx;

	(void)idx;
	return it->tag == VLT_TAG_CUSTOM && it->vlen >= 2 + m->len &&
	    ((size_t)it->val[0] | (size_t)it->val[1] << 8) == m->len &&
	    memcmp(it->val + 2, m->s, m->len) == 0;
}

vault_err
vault_entry_custom_set(vault_entry *e, const char *name, const uint8_t *val,
    size_t len)
{
	struct match m = { VLT_TAG_CUSTOM, (const uint8_t *)name, 0 };
	uint8_t hdr[2 + VAULT_TITLE_MAX];

	if (e == NULL || name == NULL || (val == NULL && len != 0))
		return VAULT_ERR_INVALID;
	m.len = strlen(name);
	if (m.len == 0 || m.len > VAULT_TITLE_MAX || len > VAULT_VALUE_MAX ||
	    (len && count_tag(e, VLT_TAG_CUSTOM) >= VLT_REPEATED_MAX))
		return VAULT_ERR_INVALID;
	/* Removing (len 0) works for any name, so old ones can be cleared. */
	if (len && (!text_ok(m.s, m.len, 0) ||
	    !text_ok(val, len, VAULT_TEXT_MULTILINE)))
		return VAULT_ERR_INVALID;
	hdr[0] = (uint8_t)m.len;
	hdr[1] = (uint8_t)(m.len >> 8);
	memcpy(hdr + 2, name, m.len);   /* a field name is not secret */
	return vlt_entry_rebuild(e, drop_custom, &m, len ? VLT_TAG_CUSTOM : 0,
	    hdr, 2 + m.len, val, len, 0);
}

vault_err
vault_entry_custom(const vault_entry *e, size_t i, const uint8_t **name,
    size_t *name_len, const uint8_t **val, size_t *val_len)
{
	struct vlt_tlv it;
	size_t nl;

	if (e == NULL || name == NULL || name_len == NULL || val == NULL ||
	    val_len == NULL)
		return VAULT_ERR_INVALID;
	*name = *val = NULL;
	*name_len = *val_len = 0;
	if (!find(e, VLT_TAG_CUSTOM, i, &it))
		return VAULT_ERR_NOTFOUND;
	nl = (size_t)it.val[0] | (size_t)it.val[1] << 8;
	*name = it.val + 2;
	*name_len = nl;
	*val = it.val + 2 + nl;
	*val_len = it.vlen - 2 - nl;
	return VAULT_OK;
}

static int64_t
get_i64(const uint8_t *p)
{
	uint64_t x = 0;

	for (int i = 7; i >= 0; i--)
		x = x << 8 | p[i];
	return (int64_t)x;
}

static void
put_i64(uint8_t *p, int64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)((uint64_t)v >> (8 * i));
}

vault_err
vault_entry_history(const vault_entry *e, size_t i, const uint8_t **pass,
    size_t *len, int64_t *replaced)
{
	struct vlt_tlv it;

	if (e == NULL || pass == NULL || len == NULL || replaced == NULL)
		return VAULT_ERR_INVALID;
	*pass = NULL;
	*len = 0;
	*replaced = 0;
	if (!find(e, VLT_TAG_HISTORY, i, &it))
		return VAULT_ERR_NOTFOUND;
	*replaced = get_i64(it.val);
	*pass = it.val + 8;
	*len = it.vlen - 8;
	return VAULT_OK;
}

static int
drop_history_beyond(const struct vlt_tlv *it, unsigned idx, const void *ctx)
{
	unsigned *seen = (unsigned *)(uintptr_t)ctx;

	(void)idx;
	return it->tag == VLT_TAG_HISTORY && ++*seen > VAULT_HISTORY_MAX;
}

vault_err
vault_entry_history_push(vault_entry *e, const uint8_t *pass, size_t len,
    int64_t when)
{
	uint8_t ts[8];
	unsigned seen = 0;
	vault_err rc;

	if (e == NULL || pass == NULL || len == 0 || len > VAULT_VALUE_MAX ||
	    when < 0 || when > VAULT_TIME_MAX)
		return VAULT_ERR_INVALID;
	put_i64(ts, when);
	if ((rc = vlt_entry_rebuild(e, NULL, NULL, VLT_TAG_HISTORY, ts, 8,
	    pass, len, 1)) != VAULT_OK)
		return rc;
	return vlt_entry_rebuild(e, drop_history_beyond, &seen, 0, NULL, 0,
	    NULL, 0, 0);
}

int64_t
vault_entry_time(const vault_entry *e, vault_time t)
{
	struct vlt_tlv it;
	unsigned tag = (unsigned)t - VAULT_TIME_CREATED + VLT_TAG_CREATED;

	if (t < VAULT_TIME_CREATED || t > VAULT_TIME_PASSWORD ||
	    !find(e, tag, 0, &it))
		return 0;
	return get_i64(it.val);
}

vault_err
vault_entry_time_set(vault_entry *e, vault_time t, int64_t when)
{
	unsigned tag = (unsigned)t - VAULT_TIME_CREATED + VLT_TAG_CREATED;
	uint8_t ts[8];

	if (e == NULL || t < VAULT_TIME_CREATED || t > VAULT_TIME_PASSWORD ||
	    when < 0 || when > VAULT_TIME_MAX)
		return VAULT_ERR_INVALID;
	put_i64(ts, when);
	return vlt_entry_rebuild(e, drop_tag, &tag, tag, ts, 8, NULL, 0, 0);
}

uint32_t
vault_entry_flags(const vault_entry *e)
{
	struct vlt_tlv it;

	if (!find(e, VLT_TAG_FLAGS, 0, &it))
		return 0;
	return (uint32_t)it.val[0] | (uint32_t)it.val[1] << 8 |
	    (uint32_t)it.val[2] << 16 | (uint32_t)it.val[3] << 24;
}

vault_err
vault_entry_flags_set(vault_entry *e, uint32_t flags)
{
	unsigned tag = VLT_TAG_FLAGS;
	uint8_t b[4];

	if (e == NULL)
		return VAULT_ERR_INVALID;
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(flags >> (8 * i));
	return vlt_entry_rebuild(e, drop_tag, &tag, flags ? tag : 0, b, 4,
	    NULL, 0, 0);
}

/* An entry from stored summary and body plaintexts (codec.c checks
 * them): the one place that builds an entry from the file. */
vault_err
vlt_codec_join(const uint8_t *a, size_t a_len, const uint8_t *b,
    size_t b_len, vault_entry **out)
{
	vault_entry *e = NULL;
	vault_err rc;

	*out = NULL;
	if (a_len > SIZE_MAX / 2 || b_len > SIZE_MAX / 2)
		return VAULT_ERR_CORRUPT;
	if ((rc = vault_entry_new(&e)) != VAULT_OK)
		return rc;
	if ((rc = vlt_secret_new(&e->rec, a_len + b_len)) != VAULT_OK)
		goto out;
	if (a_len)
		memcpy(e->rec->buf, a, a_len);
	if (b_len)
		memcpy(e->rec->buf + a_len, b, b_len);
	if ((rc = vlt_codec_check(e->rec->buf, e->rec->len)) != VAULT_OK)
		goto out;
	*out = e;
	e = NULL;
out:
	vault_entry_free(e);
	return rc;
}
