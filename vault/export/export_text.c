/* SPDX-License-Identifier: ISC */
/*
 * export_text.c - the plaintext exports (docs/cvault.1, "export"):
 *  CSV  RFC 4180, UTF-8, CRLF, every field quoted, with the header
 *       title,username,password,url,notes,tags,totp (tags joined by
 *       ","), one row an entry;
 *  JSON Bitwarden's unencrypted export shape ({"encrypted": false,
 *       "items": [...]}: name, notes, login.username/password/uris/totp,
 *       passwordHistory, fields, plus "tags", creationDate, revisionDate).
 * Both are what the import readers read back.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "export/export.h"

static vault_err
field(const vault_entry *e, vault_field f, const uint8_t **p, size_t *n)
{
	vault_err rc = vault_entry_field(e, f, p, n);

	if (rc == VAULT_ERR_NOTFOUND) {
		*p = (const uint8_t *)"";
		*n = 0;
		return VAULT_OK;
	}
	return rc;
}

void
exp_iso_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* ---- CSV ---- */

static vault_err
csv_cell(struct vlt_gbuf *b, const uint8_t *p, size_t n, int last)
{
	vault_err rc = vlt_gbuf_put(b, "\"", 1);
	size_t i, j;

	for (i = 0; rc == VAULT_OK && i < n; i = j + 1) {
		for (j = i; j < n && p[j] != '"'; j++)
			;
		rc = vlt_gbuf_put(b, p + i, j - i);
		if (rc == VAULT_OK && j < n)
			rc = vlt_gbuf_put(b, "\"\"", 2);
	}
	if (rc == VAULT_OK)
		rc = vlt_gbuf_str(b, last ? "\"\r\n" : "\",");
	return rc;
}

static vault_err
csv_begin(void *w, struct vlt_gbuf *b)
{
	(void)w;
	return vlt_gbuf_str(b, "title,username,password,url,notes,tags,totp"
	    "\r\n");
}

static vault_err
csv_entry(void *w, struct vlt_gbuf *b, const vault_entry *e)
{
	static const vault_field order[] = { VAULT_FIELD_TITLE,
	    VAULT_FIELD_USERNAME, VAULT_FIELD_PASSWORD, VAULT_FIELD_URL,
	    VAULT_FIELD_NOTES };
	struct vlt_gbuf tags = { 0 };
	const uint8_t *p;
	size_t n;
	vault_err rc = VAULT_OK;

	(void)w;
	for (size_t i = 0; rc == VAULT_OK && i < 5; i++)
		if ((rc = field(e, order[i], &p, &n)) == VAULT_OK)
			rc = csv_cell(b, p, n, 0);
	for (size_t i = 0; rc == VAULT_OK &&
	    vault_entry_tag(e, i, &p, &n) == VAULT_OK; i++)
		if ((rc = vlt_gbuf_put(&tags, ",", i ? 1 : 0)) == VAULT_OK)
			rc = vlt_gbuf_put(&tags, p, n);
	if (rc == VAULT_OK)
		rc = csv_cell(b, tags.p, tags.len, 0);
	if (rc == VAULT_OK && (rc = field(e, VAULT_FIELD_TOTP, &p, &n)) ==
	    VAULT_OK)
		rc = csv_cell(b, p, n, 1);
	vlt_gbuf_free(&tags);
	return rc;
}

static vault_err
none(void *w, struct vlt_gbuf *b)
{
	(void)w;
	(void)b;
	return VAULT_OK;
}

const struct exp_writer exp_csv = { csv_begin, csv_entry, none };

/* ---- JSON ---- */

static vault_err
jstr(struct vlt_gbuf *b, const uint8_t *p, size_t n)
{
	char u[8];
	vault_err rc = vlt_gbuf_put(b, "\"", 1);

	for (size_t i = 0; rc == VAULT_OK && i < n; i++) {
		if (p[i] == '"' || p[i] == '\\') {
			u[0] = '\\';
			u[1] = (char)p[i];
			rc = vlt_gbuf_put(b, u, 2);
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			snprintf(u, sizeof u, "\\u%04x", p[i]);
			rc = vlt_gbuf_put(b, u, 6);
		} else {
			rc = vlt_gbuf_put(b, p + i, 1);
		}
	}
	return rc == VAULT_OK ? vlt_gbuf_put(b, "\"", 1) : rc;
}

static vault_err
jkey(struct vlt_gbuf *b, const char *key, const vault_entry *e,
    vault_field f)
{
	const uint8_t *p;
	size_t n;
	vault_err rc;

	if ((rc = vault_entry_field(e, f, &p, &n)) == VAULT_ERR_NOTFOUND)
		return vlt_gbuf_str(b, key) == VAULT_OK ?
		    vlt_gbuf_str(b, "null") : VAULT_ERR_NOMEM;
	if (rc != VAULT_OK || (rc = vlt_gbuf_str(b, key)) != VAULT_OK)
		return rc;
	return jstr(b, p, n);
}

static vault_err
json_begin(void *w, struct vlt_gbuf *b)
{
	(void)w;
	return vlt_gbuf_str(b, "{\"encrypted\":false,\"items\":[");
}

static vault_err
json_fields(struct vlt_gbuf *b, const vault_entry *e)
{
	static const struct { vault_field f; const char *name; } extra[] = {
		{ VAULT_FIELD_RECOVERY_CODES, "Recovery Codes" },
		{ VAULT_FIELD_2FA_DEVICE, "2FA Device" } };
	const uint8_t *p, *q;
	size_t n, m, k = 0;
	vault_err rc = vlt_gbuf_str(b, ",\"fields\":[");

	for (size_t i = 0; rc == VAULT_OK && i < 2; i++) {
		if (vault_entry_field(e, extra[i].f, &q, &m) != VAULT_OK)
			continue;
		if ((rc = vlt_gbuf_str(b, k++ ? ",{\"name\":" :
		    "{\"name\":")) == VAULT_OK &&
		    (rc = jstr(b, (const uint8_t *)extra[i].name,
		    strlen(extra[i].name))) == VAULT_OK &&
		    (rc = vlt_gbuf_str(b, ",\"type\":1,\"value\":")) == VAULT_OK &&
		    (rc = jstr(b, q, m)) == VAULT_OK)
			rc = vlt_gbuf_str(b, "}");
	}
	for (size_t i = 0; rc == VAULT_OK &&
	    vault_entry_custom(e, i, &p, &n, &q, &m) == VAULT_OK; i++) {
		if ((rc = vlt_gbuf_str(b, k++ ? ",{\"name\":" :
		    "{\"name\":")) == VAULT_OK && (rc = jstr(b, p, n)) ==
		    VAULT_OK && (rc = vlt_gbuf_str(b, ",\"type\":1,"
		    "\"value\":")) == VAULT_OK && (rc = jstr(b, q, m)) == VAULT_OK)
			rc = vlt_gbuf_str(b, "}");
	}
	return rc == VAULT_OK ? vlt_gbuf_str(b, "]") : rc;
}

static vault_err
json_history(struct vlt_gbuf *b, const vault_entry *e)
{
	const uint8_t *p;
	char when[32];
	size_t n;
	int64_t t;
	vault_err rc = vlt_gbuf_str(b, ",\"passwordHistory\":[");

	for (size_t i = 0; rc == VAULT_OK &&
	    vault_entry_history(e, i, &p, &n, &t) == VAULT_OK; i++) {
		exp_iso_time(t, when);
		if ((rc = vlt_gbuf_str(b, i ? ",{\"lastUsedDate\":\"" :
		    "{\"lastUsedDate\":\"")) == VAULT_OK &&
		    (rc = vlt_gbuf_str(b, when)) == VAULT_OK &&
		    (rc = vlt_gbuf_str(b, "\",\"password\":")) == VAULT_OK &&
		    (rc = jstr(b, p, n)) == VAULT_OK)
			rc = vlt_gbuf_str(b, "}");
	}
	return rc == VAULT_OK ? vlt_gbuf_str(b, "]") : rc;
}

static vault_err
json_entry(void *w, struct vlt_gbuf *b, const vault_entry *e)
{
	const uint8_t *p;
	char t1[32], t2[32];
	size_t n;
	vault_err rc;

	(void)w;
	exp_iso_time(vault_entry_time(e, VAULT_TIME_CREATED), t1);
	exp_iso_time(vault_entry_time(e, VAULT_TIME_MODIFIED), t2);
	if (b->len > 0 && b->p[b->len - 1] == '}' &&
	    (rc = vlt_gbuf_str(b, ",")) != VAULT_OK)
		return rc;
	if ((rc = vlt_gbuf_str(b, "{\"type\":1")) != VAULT_OK ||
	    (rc = jkey(b, ",\"name\":", e, VAULT_FIELD_TITLE)) != VAULT_OK ||
	    (rc = jkey(b, ",\"notes\":", e, VAULT_FIELD_NOTES)) != VAULT_OK ||
	    (rc = vlt_gbuf_str(b, ",\"creationDate\":\"")) != VAULT_OK ||
	    (rc = vlt_gbuf_str(b, t1)) != VAULT_OK ||
	    (rc = vlt_gbuf_str(b, "\",\"revisionDate\":\"")) != VAULT_OK ||
	    (rc = vlt_gbuf_str(b, t2)) != VAULT_OK ||
	    (rc = vlt_gbuf_str(b, "\",\"tags\":[")) != VAULT_OK)
		return rc;
	for (size_t i = 0; vault_entry_tag(e, i, &p, &n) == VAULT_OK; i++)
		if ((i && (rc = vlt_gbuf_str(b, ",")) != VAULT_OK) ||
		    (rc = jstr(b, p, n)) != VAULT_OK)
			return rc;
	if ((rc = vlt_gbuf_str(b, "]")) != VAULT_OK ||
	    (rc = json_fields(b, e)) != VAULT_OK ||
	    (rc = jkey(b, ",\"login\":{\"username\":", e,
	    VAULT_FIELD_USERNAME)) != VAULT_OK ||
	    (rc = jkey(b, ",\"password\":", e, VAULT_FIELD_PASSWORD)) !=
	    VAULT_OK ||
	    (rc = jkey(b, ",\"totp\":", e, VAULT_FIELD_TOTP)) != VAULT_OK ||
	    (rc = vlt_gbuf_str(b, ",\"uris\":[")) != VAULT_OK)
		return rc;
	if (vault_entry_field(e, VAULT_FIELD_URL, &p, &n) == VAULT_OK &&
	    ((rc = jkey(b, "{\"match\":null,\"uri\":", e, VAULT_FIELD_URL)) !=
	    VAULT_OK || (rc = vlt_gbuf_str(b, "}")) != VAULT_OK))
		return rc;
	if ((rc = vlt_gbuf_str(b, "]}")) != VAULT_OK ||
	    (rc = json_history(b, e)) != VAULT_OK)
		return rc;
	return vlt_gbuf_str(b, "}");
}

static vault_err
json_end(void *w, struct vlt_gbuf *b)
{
	(void)w;
	return vlt_gbuf_str(b, "]}\n");
}

const struct exp_writer exp_json = { json_begin, json_entry, json_end };

vault_err
exp_put_esc_xml(struct vlt_gbuf *b, const uint8_t *p, size_t n)
{
	vault_err rc = VAULT_OK;
	size_t i, j;

	for (i = 0; rc == VAULT_OK && i < n; i = j + 1) {
		for (j = i; j < n && p[j] != '&' && p[j] != '<' &&
		    p[j] != '>' && p[j] != '"'; j++)
			;
		rc = vlt_gbuf_put(b, p + i, j - i);
		if (rc != VAULT_OK || j == n)
			break;
		rc = vlt_gbuf_str(b, p[j] == '&' ? "&amp;" : p[j] == '<' ?
		    "&lt;" : p[j] == '>' ? "&gt;" : "&quot;");
	}
	return rc;
}
