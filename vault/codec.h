/* SPDX-License-Identifier: ISC */
/* codec.h - record tags and the walker over an entry's plaintext
 * (docs/format.md, "Entry plaintext"). Internal. */
#ifndef VLT_CODEC_H
#define VLT_CODEC_H

#include "internal.h"

enum vlt_tag {
	VLT_TAG_TITLE = 1,      /* the vault_field numbers, on purpose */
	VLT_TAG_USERNAME = 2,
	VLT_TAG_URL = 3,
	VLT_TAG_NOTES = 4,
	VLT_TAG_PASSWORD = 5,
	VLT_TAG_TOTP = 6,
	VLT_TAG_RECOVERY = 7,   /* recovery codes (format 2) */
	VLT_TAG_2FA_DEVICE = 8, /* where the second factor is kept (format 2) */
	VLT_TAG_TAG = 16,       /* repeated: one record per tag */
	VLT_TAG_CUSTOM = 17,    /* repeated: name_len(2) name value */
	VLT_TAG_HISTORY = 18,   /* repeated, newest first: when(8) password */
	VLT_TAG_CREATED = 32,   /* int64 LE Unix seconds */
	VLT_TAG_MODIFIED = 33,
	VLT_TAG_PWCHANGED = 34,
	VLT_TAG_FLAGS = 35,     /* uint32 LE */
	VLT_TAG_MAX = 35
};

/* Most tags, or custom fields, in one entry (checked on write and read). */
#define VLT_REPEATED_MAX 1000u

struct vlt_tlv {
	const uint8_t *buf;
	size_t len, off;
	unsigned tag;
	const uint8_t *val;
	size_t vlen;
};

/* Step to the next record; 0 at the end (or on a short record, which
 * vlt_codec_check has already ruled out for stored entries). */
int vlt_tlv_next(struct vlt_tlv *it);
int vlt_tag_in_summary(unsigned tag);
/* Write one record with value a||b at dst; returns its size. */
size_t vlt_tlv_put(uint8_t *dst, unsigned tag, const uint8_t *a,
    size_t alen, const uint8_t *b, size_t blen);

/* Rebuild e's records: keep those `drop` rejects (drop may be NULL),
 * then add one record `tag` (0: none) with value a||b, first or last. */
typedef int (*vlt_drop_fn)(const struct vlt_tlv *it, unsigned idx,
    const void *ctx);
vault_err vlt_entry_rebuild(vault_entry *e, vlt_drop_fn drop,
    const void *ctx, unsigned tag, const uint8_t *a, size_t alen,
    const uint8_t *b, size_t blen, int prepend);

#endif
