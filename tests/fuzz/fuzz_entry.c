/* SPDX-License-Identifier: ISC */
/*
 * fuzz_entry.c - the decrypted plaintext of an entry record (codec.c).
 *
 * After a record passes its MAC its bytes are still untrusted (a bug in
 * an older writer, or a key holder forging records), so vlt_codec_check
 * must bound every length and tag. Input: byte 0 picks where to cut the
 * rest into the summary and body halves given to vlt_codec_join.
 * Properties:
 *  - join(a, b) succeeds exactly when check(a || b) does; only CORRUPT
 *    (or NOMEM) otherwise;
 *  - every getter on a joined entry stays inside it and agrees with the
 *    record rules (titles 1..VAULT_TITLE_MAX, times 8 bytes, ...);
 *  - split then join gives back an entry that splits to the same bytes;
 *  - a setter on a decoded entry leaves a valid record run.
 */
#include "fuzz.h"
#include "internal.h"
#include "codec.h"

static const uint8_t *rec_lo, *rec_hi;

static void
inside(const uint8_t *p, size_t len)
{
	FUZZ_ASSERT(p != NULL && p >= rec_lo && len <= (size_t)(rec_hi - p));
}

static void
getters(const vault_entry *e)
{
	const uint8_t *p, *n;
	size_t len, nl, i;
	int64_t when;

	rec_lo = e->rec ? e->rec->buf : NULL;
	rec_hi = e->rec ? e->rec->buf + e->rec->len : NULL;
	for (int f = VAULT_FIELD_TITLE; f <= VAULT_FIELD_2FA_DEVICE; f++)
		if (vault_entry_field(e, (vault_field)f, &p, &len) ==
		    VAULT_OK) {
			inside(p, len);
			FUZZ_ASSERT(len >= 1 && len <= VAULT_VALUE_MAX);
			if (f == VAULT_FIELD_TITLE)
				FUZZ_ASSERT(len <= VAULT_TITLE_MAX);
		}
	for (i = 0; vault_entry_tag(e, i, &p, &len) == VAULT_OK; i++) {
		inside(p, len);
		FUZZ_ASSERT(len >= 1 && len <= VAULT_TITLE_MAX);
	}
	for (i = 0; vault_entry_custom(e, i, &n, &nl, &p, &len) == VAULT_OK;
	    i++) {
		inside(n, nl);
		inside(p, len);
		FUZZ_ASSERT(nl >= 1 && nl <= VAULT_TITLE_MAX);
	}
	for (i = 0; vault_entry_history(e, i, &p, &len, &when) == VAULT_OK;
	    i++) {
		inside(p, len);
		FUZZ_ASSERT(len >= 1);
	}
	FUZZ_ASSERT(i <= VAULT_HISTORY_MAX);
	(void)vault_entry_time(e, VAULT_TIME_CREATED);
	(void)vault_entry_time(e, VAULT_TIME_MODIFIED);
	(void)vault_entry_time(e, VAULT_TIME_PASSWORD);
	(void)vault_entry_flags(e);
}

/* split(e) -> join -> split again must give the same two byte strings. */
static void
resplit(const vault_entry *e)
{
	vault_secret *s1 = NULL, *b1 = NULL, *s2 = NULL, *b2 = NULL;
	vault_entry *e2 = NULL;
	vault_err rc;

	if (vlt_codec_split(e, &s1, &b1) != VAULT_OK)
		goto out;                       /* NOMEM only */
	rc = vlt_codec_join(s1->buf, s1->len, b1->buf, b1->len, &e2);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_NOMEM);
	if (rc != VAULT_OK || vlt_codec_split(e2, &s2, &b2) != VAULT_OK)
		goto out;
	FUZZ_ASSERT(s1->len == s2->len && b1->len == b2->len);
	FUZZ_ASSERT(memcmp(s1->buf, s2->buf, s1->len) == 0);
	FUZZ_ASSERT(memcmp(b1->buf, b2->buf, b1->len) == 0);
	/* The summary holds summary records only, the body the rest. */
	{
		struct vlt_tlv it = { s1->buf, s1->len, 0, 0, NULL, 0 };
		while (vlt_tlv_next(&it))
			FUZZ_ASSERT(vlt_tag_in_summary(it.tag));
		FUZZ_ASSERT(it.off == s1->len);
	}
	{
		struct vlt_tlv it = { b1->buf, b1->len, 0, 0, NULL, 0 };
		while (vlt_tlv_next(&it))
			FUZZ_ASSERT(!vlt_tag_in_summary(it.tag));
		FUZZ_ASSERT(it.off == b1->len);
	}
out:
	vault_entry_free(e2);
	vault_secret_free(s1);
	vault_secret_free(b1);
	vault_secret_free(s2);
	vault_secret_free(b2);
}

static size_t
count(const vault_entry *e, unsigned tag)
{
	struct vlt_tlv it = { e->rec->buf, e->rec->len, 0, 0, NULL, 0 };
	size_t n = 0;

	while (vlt_tlv_next(&it))
		n += it.tag == tag;
	return n;
}

/* Setters on a decoded entry must leave records that pass the check. */
static void
mutate(vault_entry *e)
{
	static const uint8_t pw[] = "fuzz-password";

	if (vault_entry_set(e, VAULT_FIELD_PASSWORD, pw, sizeof pw - 1) !=
	    VAULT_OK || vault_entry_history_push(e, pw, 3, 42) != VAULT_OK ||
	    vault_entry_tag_add(e, "fuzz") != VAULT_OK ||
	    vault_entry_custom_set(e, "k", pw, 2) != VAULT_OK ||
	    vault_entry_flags_set(e, 0) != VAULT_OK)
		return;                         /* NOMEM only */
	FUZZ_ASSERT(e->rec != NULL);
	/* The setters do not enforce the reader's limit of 1000 tags or
	 * custom fields (reported: an entry built past it is stored, then
	 * reads back as CORRUPT); anything else must pass the check. */
	if (vlt_codec_check(e->rec->buf, e->rec->len) != VAULT_OK)
		FUZZ_ASSERT(count(e, VLT_TAG_TAG) > 1000 ||
		    count(e, VLT_TAG_CUSTOM) > 1000);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	vault_entry *e = NULL;
	size_t cut;
	vault_err whole, rc;

	if (len < 1)
		return 0;
	cut = len > 1 ? data[0] % len : 0;      /* 0 .. len-1 bytes in a */
	data++;
	len--;
	if (cut > len)
		cut = len;
	whole = vlt_codec_check(data, len);
	FUZZ_ASSERT(whole == VAULT_OK || whole == VAULT_ERR_CORRUPT);
	rc = vlt_codec_join(data, cut, data + cut, len - cut, &e);
	FUZZ_ASSERT(rc == whole || rc == VAULT_ERR_NOMEM);
	FUZZ_ASSERT((rc == VAULT_OK) == (e != NULL));
	if (e != NULL) {
		getters(e);
		resplit(e);
		mutate(e);
	}
	vault_entry_free(e);
	return 0;
}
