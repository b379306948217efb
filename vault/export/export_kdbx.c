/* SPDX-License-Identifier: ISC */
/*
 * export_kdbx.c - a KeePass KDBX 4.0 file, as KeePassXC reads it
 * (docs/kdbx.md): the XML (one group, every entry with its strings,
 * tags, times and history snapshots; passwords and other secrets masked
 * by the ChaCha20 inner stream), the inner header, gzip, ChaCha20 under
 * a key stretched with Argon2id, HMAC-SHA256 blocks of 1 MiB.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <zlib.h>
#include "export/export.h"

#define BLOCK (1u << 20)

static vault_err
put_time(struct vlt_gbuf *b, const char *tag, int64_t t)
{
	uint8_t raw[8];
	char enc[16];
	uint64_t v = (uint64_t)(t < 0 ? 0 : t) + 62135596800ull;
	vault_err rc;

	for (int i = 0; i < 8; i++)
		raw[i] = (uint8_t)(v >> (8 * i));
	sodium_bin2base64(enc, sizeof enc, raw, 8,
	    sodium_base64_VARIANT_ORIGINAL);
	if ((rc = vlt_gbuf_str(b, "<")) == VAULT_OK &&
	    (rc = vlt_gbuf_str(b, tag)) == VAULT_OK &&
	    (rc = vlt_gbuf_str(b, ">")) == VAULT_OK &&
	    (rc = vlt_gbuf_str(b, enc)) == VAULT_OK &&
	    (rc = vlt_gbuf_str(b, "</")) == VAULT_OK &&
	    (rc = vlt_gbuf_str(b, tag)) == VAULT_OK)
		rc = vlt_gbuf_str(b, ">");
	return rc;
}

static vault_err
put_uuid(struct vlt_gbuf *b)
{
	uint8_t id[16];
	char enc[32];

	randombytes_buf(id, sizeof id);
	sodium_bin2base64(enc, sizeof enc, id, sizeof id,
	    sodium_base64_VARIANT_ORIGINAL);
	if (vlt_gbuf_str(b, "<UUID>") != VAULT_OK ||
	    vlt_gbuf_str(b, enc) != VAULT_OK)
		return VAULT_ERR_NOMEM;
	return vlt_gbuf_str(b, "</UUID>");
}

/* <String>: protected values are XORed with the inner stream, in
 * document order, and base64-encoded. */
static vault_err
put_string(struct exp_kdbx *k, struct vlt_gbuf *b, const char *key,
    size_t klen, const uint8_t *v, size_t n, int prot)
{
	struct vlt_gbuf tmp = { 0 };
	vault_err rc;

	if ((rc = vlt_gbuf_str(b, "<String><Key>")) != VAULT_OK ||
	    (rc = exp_put_esc_xml(b, (const uint8_t *)key, klen)) != VAULT_OK ||
	    (rc = vlt_gbuf_str(b, prot ? "</Key><Value Protected=\"True\">" :
	    "</Key><Value>")) != VAULT_OK)
		return rc;
	if (prot && n > 0) {
		size_t enc = sodium_base64_ENCODED_LEN(n,
		    sodium_base64_VARIANT_ORIGINAL);

		if ((rc = vlt_gbuf_put(&tmp, v, n)) != VAULT_OK ||
		    (rc = vlt_gbuf_reserve(b, enc)) != VAULT_OK) {
			vlt_gbuf_free(&tmp);
			return rc;
		}
		kdbx_stream_xor(&k->inner, tmp.p, n);
		sodium_bin2base64((char *)b->p + b->len, enc, tmp.p, n,
		    sodium_base64_VARIANT_ORIGINAL);
		b->len += enc - 1;
		vlt_gbuf_free(&tmp);
	} else if ((rc = exp_put_esc_xml(b, v, n)) != VAULT_OK) {
		return rc;
	}
	return vlt_gbuf_str(b, "</Value></String>");
}

static vault_err
put_field(struct exp_kdbx *k, struct vlt_gbuf *b, const char *key,
    const vault_entry *e, vault_field f, int prot)
{
	const uint8_t *p;
	size_t n;

	if (vault_entry_field(e, f, &p, &n) != VAULT_OK) {
		p = (const uint8_t *)"";
		n = 0;
	}
	return put_string(k, b, key, strlen(key), p, n, prot);
}

static vault_err
put_times(struct vlt_gbuf *b, int64_t created, int64_t modified)
{
	vault_err rc;

	if ((rc = vlt_gbuf_str(b, "<Times>")) == VAULT_OK &&
	    (rc = put_time(b, "CreationTime", created)) == VAULT_OK &&
	    (rc = put_time(b, "LastModificationTime", modified)) == VAULT_OK)
		rc = vlt_gbuf_str(b, "</Times>");
	return rc;
}

/* One history snapshot: the entry's title with an old password, dated
 * when the state before it changed (see keepass_entry.c). */
static vault_err
put_snapshot(struct exp_kdbx *k, struct vlt_gbuf *b, const vault_entry *e,
    const uint8_t *pass, size_t n, int64_t mtime)
{
	vault_err rc;

	if ((rc = vlt_gbuf_str(b, "<Entry>")) == VAULT_OK &&
	    (rc = put_uuid(b)) == VAULT_OK &&
	    (rc = put_times(b, vault_entry_time(e, VAULT_TIME_CREATED),
	    mtime)) == VAULT_OK &&
	    (rc = put_field(k, b, "Title", e, VAULT_FIELD_TITLE, 0)) ==
	    VAULT_OK &&
	    (rc = put_string(k, b, "Password", 8, pass, n, 1)) == VAULT_OK)
		rc = vlt_gbuf_str(b, "</Entry>");
	return rc;
}

/* Snapshot i holds history password i (oldest first) and is dated when
 * the one before it was replaced; a last snapshot with the current
 * password dates the newest replacement when the entry changed since. */
static vault_err
put_history(struct exp_kdbx *k, struct vlt_gbuf *b, const vault_entry *e)
{
	const uint8_t *p, *cur;
	size_t n = 0, pl, cl;
	int64_t t, prev = vault_entry_time(e, VAULT_TIME_CREATED), last = -1;
	vault_err rc = vlt_gbuf_str(b, "<History>");

	while (vault_entry_history(e, n, &p, &pl, &t) == VAULT_OK)
		n++;
	for (size_t i = n; rc == VAULT_OK && i-- > 0;) {
		if ((rc = vault_entry_history(e, i, &p, &pl, &t)) != VAULT_OK)
			break;
		rc = put_snapshot(k, b, e, p, pl, prev);
		prev = last = t;
	}
	if (rc == VAULT_OK && last >= 0 &&
	    last != vault_entry_time(e, VAULT_TIME_MODIFIED) &&
	    vault_entry_field(e, VAULT_FIELD_PASSWORD, &cur, &cl) == VAULT_OK)
		rc = put_snapshot(k, b, e, cur, cl, last);
	return rc == VAULT_OK ? vlt_gbuf_str(b, "</History>") : rc;
}

static vault_err
put_tags(struct vlt_gbuf *b, const vault_entry *e)
{
	const uint8_t *p;
	size_t n;
	vault_err rc = vlt_gbuf_str(b, "<Tags>");

	for (size_t i = 0; rc == VAULT_OK &&
	    vault_entry_tag(e, i, &p, &n) == VAULT_OK; i++)
		if ((rc = vlt_gbuf_str(b, i ? ";" : "")) == VAULT_OK)
			rc = exp_put_esc_xml(b, p, n);
	return rc == VAULT_OK ? vlt_gbuf_str(b, "</Tags>") : rc;
}

static vault_err
xml_entry(void *w, struct vlt_gbuf *b, const vault_entry *e)
{
	struct exp_kdbx *k = w;
	const uint8_t *p, *q;
	size_t n, m;
	vault_err rc;

	if ((rc = vlt_gbuf_str(b, "<Entry>")) != VAULT_OK ||
	    (rc = put_uuid(b)) != VAULT_OK || (rc = put_tags(b, e)) != VAULT_OK ||
	    (rc = put_times(b, vault_entry_time(e, VAULT_TIME_CREATED),
	    vault_entry_time(e, VAULT_TIME_MODIFIED))) != VAULT_OK ||
	    (rc = put_field(k, b, "Title", e, VAULT_FIELD_TITLE, 0)) ||
	    (rc = put_field(k, b, "UserName", e, VAULT_FIELD_USERNAME, 0)) ||
	    (rc = put_field(k, b, "Password", e, VAULT_FIELD_PASSWORD, 1)) ||
	    (rc = put_field(k, b, "URL", e, VAULT_FIELD_URL, 0)) ||
	    (rc = put_field(k, b, "Notes", e, VAULT_FIELD_NOTES, 0)))
		return rc;
	if (vault_entry_field(e, VAULT_FIELD_TOTP, &p, &n) == VAULT_OK &&
	    (rc = put_string(k, b, "otp", 3, p, n, 1)) != VAULT_OK)
		return rc;
	if (vault_entry_field(e, VAULT_FIELD_RECOVERY_CODES, &p, &n) ==
	    VAULT_OK && (rc = put_string(k, b, "Recovery Codes", 14, p, n,
	    1)) != VAULT_OK)
		return rc;
	if (vault_entry_field(e, VAULT_FIELD_2FA_DEVICE, &p, &n) ==
	    VAULT_OK && (rc = put_string(k, b, "2FA Device", 10, p, n,
	    0)) != VAULT_OK)
		return rc;
	for (size_t i = 0; vault_entry_custom(e, i, &p, &n, &q, &m) ==
	    VAULT_OK; i++)
		if ((rc = put_string(k, b, (const char *)p, n, q, m, 1)) !=
		    VAULT_OK)
			return rc;
	if ((rc = put_history(k, b, e)) != VAULT_OK)
		return rc;
	return vlt_gbuf_str(b, "</Entry>");
}

static vault_err
xml_begin(void *w, struct vlt_gbuf *b)
{
	vault_err rc;

	(void)w;
	if ((rc = vlt_gbuf_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<KeePassFile><Meta><Generator>cvault"
	    "</Generator><MemoryProtection><ProtectPassword>True"
	    "</ProtectPassword></MemoryProtection><RecycleBinEnabled>False"
	    "</RecycleBinEnabled></Meta><Root><Group>")) != VAULT_OK ||
	    (rc = put_uuid(b)) != VAULT_OK)
		return rc;
	return vlt_gbuf_str(b, "<Name>cvault</Name>");
}

static vault_err
xml_end(void *w, struct vlt_gbuf *b)
{
	(void)w;
	return vlt_gbuf_str(b, "</Group></Root></KeePassFile>\n");
}

const struct exp_writer exp_kdbx_xml = { xml_begin, xml_entry, xml_end };
