/* SPDX-License-Identifier: ISC */
/*
 * import/text.c - foreign text into entry fields, the same way for every
 * reader: UTF-8 checked, control characters made harmless, white space
 * trimmed, times parsed. SECURITY: field values are secret; the copies
 * made here to clean them are wiped before they are freed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "import.h"

static int
is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Copy p into a new buffer with controls replaced: FORMAT when it is not
 * UTF-8. Multi-line: CR LF and lone CR become LF first. */
static vault_err
clean(const uint8_t *p, size_t len, unsigned flags, uint8_t **out,
    size_t *out_len)
{
	uint8_t *b;
	size_t n = 0, at;
	uint32_t cp;
	int r;

	*out = NULL;
	*out_len = 0;
	if ((b = malloc(len + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\r' && (flags & VAULT_TEXT_MULTILINE)) {
			b[n++] = '\n';
			if (i + 1 < len && p[i + 1] == '\n')
				i++;
		} else {
			b[n++] = p[i];
		}
	}
	for (size_t off = 0; off < n;) {
		r = vault_text_check(b + off, n - off, flags, &at, &cp);
		if (r == 0)
			break;
		if (r == VAULT_TEXT_NOT_UTF8) {
			sodium_memzero(b, len + 1);
			free(b);
			return VAULT_ERR_FORMAT;
		}
		/* A control: its bytes become spaces. */
		for (size_t k = 0; k < utf8_len(cp) && off + at + k < n; k++)
			b[off + at + k] = ' ';
		off += at + utf8_len(cp);
	}
	*out = b;
	*out_len = n;
	return VAULT_OK;
}

/* Trim white space at both ends of a one-line value. */
static void
trim(const uint8_t **p, size_t *len)
{
	while (*len > 0 && is_space((*p)[0])) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*p)[*len - 1]))
		(*len)--;
}

static void
drop(uint8_t *b, size_t cap)
{
	if (b != NULL) {
		sodium_memzero(b, cap);
		free(b);
	}
}

vault_err
vlt_imp_set(struct vlt_draft *e, vault_field f, const uint8_t *p, size_t len)
{
	unsigned flags = f == VAULT_FIELD_NOTES ||
	    f == VAULT_FIELD_RECOVERY_CODES ? VAULT_TEXT_MULTILINE : 0;
	uint8_t *b = NULL;
	size_t n, cap;
	vault_err rc;

	if (f == VAULT_FIELD_PASSWORD)
		return len == 0 ? VAULT_OK : vlt_draft_set(e, f, p, len);
	if (!flags)
		trim(&p, &len);
	if (len == 0)
		return VAULT_OK;
	if (f == VAULT_FIELD_TITLE && len > VAULT_TITLE_MAX)
		len = VAULT_TITLE_MAX;          /* cut; the check below */
	cap = len + 1;                  /* what clean() allocates */
	if ((rc = clean(p, len, flags, &b, &n)) != VAULT_OK)
		return rc;
	/* A title cut inside a character is not UTF-8: cut back to one. */
	while (f == VAULT_FIELD_TITLE && n > 0 && (b[n - 1] & 0xc0) == 0x80 &&
	    vault_text_check(b, n, 0, NULL, NULL) != 0)
		n--;
	if (f == VAULT_FIELD_TITLE && n > 0 && (b[n - 1] & 0x80) &&
	    vault_text_check(b, n, 0, NULL, NULL) != 0)
		n--;
	rc = n == 0 ? VAULT_OK : vlt_draft_set(e, f, b, n);
	drop(b, cap);
	return rc;
}

vault_err
vlt_imp_custom(struct vlt_draft *e, const uint8_t *name, size_t nlen,
    const uint8_t *val, size_t vlen)
{
	uint8_t *nb = NULL, *vb = NULL;
	size_t nn = 0, vn = 0;
	vault_err rc;

	trim(&name, &nlen);
	if (vlen == 0)
		return VAULT_OK;
	/* The names cvault's own exports (and KeePass) give these two. */
	if (nlen == 14 && memcmp(name, "Recovery Codes", 14) == 0)
		return vlt_imp_set(e, VAULT_FIELD_RECOVERY_CODES, val, vlen);
	if (nlen == 10 && memcmp(name, "2FA Device", 10) == 0)
		return vlt_imp_set(e, VAULT_FIELD_2FA_DEVICE, val, vlen);
	if (nlen == 0) {
		name = (const uint8_t *)"Field";
		nlen = 5;
	}
	if (nlen > 200)
		nlen = 200;
	if ((rc = clean(name, nlen, 0, &nb, &nn)) != VAULT_OK ||
	    (rc = clean(val, vlen, VAULT_TEXT_MULTILINE, &vb, &vn)) != VAULT_OK)
		goto out;
	nb[nn] = '\0';
	/* A name cut inside a character: back to the last whole one. */
	while (nn > 0 && vault_text_check(nb, nn, 0, NULL, NULL) != 0)
		nb[--nn] = '\0';
	rc = nn == 0 ? VAULT_OK : vlt_draft_custom(e, nb, nn, vb, vn);
out:
	drop(nb, nlen + 1);
	drop(vb, vlen + 1);
	return rc;
}

vault_err
vlt_imp_tag(struct vlt_draft *e, const uint8_t *p, size_t len)
{
	uint8_t *b = NULL;
	size_t n, cap;
	vault_err rc;

	trim(&p, &len);
	if (len == 0)
		return VAULT_OK;
	if (len > VAULT_TITLE_MAX)
		len = VAULT_TITLE_MAX;
	cap = len + 1;
	if ((rc = clean(p, len, 0, &b, &n)) != VAULT_OK)
		return rc;
	b[n] = '\0';
	while (n > 0 && vault_text_check(b, n, 0, NULL, NULL) != 0)
		b[--n] = '\0';
	rc = n == 0 ? VAULT_OK : vlt_draft_tag(e, b, n);
	drop(b, cap);
	return rc;
}

vault_err
vlt_imp_note_line(struct vlt_draft *e, const char *label, const uint8_t *p,
    size_t len)
{
	const uint8_t *old = NULL;
	size_t olen = 0, ll = label ? strlen(label) : 0, n = 0, cap;
	uint8_t *b;
	vault_err rc;

	trim(&p, &len);
	if (len == 0)
		return VAULT_OK;
	if (!vlt_draft_get(e, VAULT_FIELD_NOTES, &old, &olen))
		olen = 0;
	if (len > VAULT_VALUE_MAX || olen + ll + len + 3 > VAULT_VALUE_MAX)
		return VAULT_ERR_FORMAT;
	cap = olen + ll + len + 3;
	if ((b = malloc(cap)) == NULL)
		return VAULT_ERR_NOMEM;
	if (olen > 0) {
		memcpy(b, old, olen);
		b[olen] = '\n';
		n = olen + 1;
	}
	if (ll > 0) {
		memcpy(b + n, label, ll);
		memcpy(b + n + ll, ": ", 2);
		n += ll + 2;
	}
	memcpy(b + n, p, len);
	n += len;
	rc = vlt_imp_set(e, VAULT_FIELD_NOTES, b, n);
	drop(b, cap);
	return rc;
}

vault_err
vlt_imp_url(struct vlt_draft *e, const uint8_t *p, size_t len)
{
	const uint8_t *u;
	size_t ul, nl;
	char name[32];

	trim(&p, &len);
	if (len == 0)
		return VAULT_OK;
	if (!vlt_draft_get(e, VAULT_FIELD_URL, &u, &ul))
		return vlt_imp_set(e, VAULT_FIELD_URL, p, len);
	for (unsigned k = 1; k <= 20; k++) {
		nl = (size_t)snprintf(name, sizeof name, k == 1 ?
		    "Other web address" : "Other web address %u", k);
		if (!vlt_draft_has_custom(e, (const uint8_t *)name, nl))
			return vlt_imp_custom(e, (const uint8_t *)name, nl, p,
			    len);
	}
	return VAULT_OK;        /* more than 21 addresses: the rest dropped */
}

/* Set the title to `len` bytes of single-line text, cut back to whole
 * characters within VAULT_TITLE_MAX. */
static vault_err
title_from(vault_entry *e, const uint8_t *p, size_t len)
{
	if (len > VAULT_TITLE_MAX)
		len = VAULT_TITLE_MAX;
	while (len > 0 && vault_text_check(p, len, 0, NULL, NULL) != 0)
		len--;
	return len == 0 ? VAULT_ERR_NOTFOUND :
	    vault_entry_set(e, VAULT_FIELD_TITLE, p, len);
}

vault_err
vlt_imp_title_fallback(vault_entry *e)
{
	const uint8_t *p;
	size_t len, i = 0, n;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &p, &len) == VAULT_OK)
		return VAULT_OK;
	if (vault_entry_field(e, VAULT_FIELD_URL, &p, &len) == VAULT_OK) {
		for (size_t k = 0; k + 2 < len; k++)
			if (p[k] == ':' && p[k + 1] == '/' && p[k + 2] == '/') {
				i = k + 3;
				break;
			}
		for (n = i; n < len && p[n] != '/' && p[n] != '?' &&
		    p[n] != '#'; n++)
			;
		if (n > i)
			return title_from(e, p + i, n - i);
	}
	if (vault_entry_field(e, VAULT_FIELD_USERNAME, &p, &len) == VAULT_OK)
		return title_from(e, p, len);
	return VAULT_ERR_NOTFOUND;
}

static int
digits(const uint8_t *p, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

vault_err
vlt_imp_iso8601(const uint8_t *p, size_t len, int64_t *out)
{
	int y, mo, d, h, mi, s, oh = 0, om = 0;
	size_t i = 19;
	int64_t t;

	*out = 0;
	if (len < 19 || p[4] != '-' || p[7] != '-' ||
	    (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':' ||
	    digits(p, 4, &y) || digits(p + 5, 2, &mo) || digits(p + 8, 2, &d) ||
	    digits(p + 11, 2, &h) || digits(p + 14, 2, &mi) ||
	    digits(p + 17, 2, &s))
		return VAULT_ERR_FORMAT;
	if (i < len && p[i] == '.')
		for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++)
			;
	if (i < len && (p[i] == '+' || p[i] == '-') && len - i == 6 &&
	    p[i + 3] == ':' && !digits(p + i + 1, 2, &oh) &&
	    !digits(p + i + 4, 2, &om)) {
		if (p[i] == '-') {
			oh = -oh;
			om = -om;
		}
		i = len;
	} else if (i < len && p[i] == 'Z') {
		i++;
	}
	if (i != len || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || s > 60)
		return VAULT_ERR_FORMAT;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
	    oh * 3600 - om * 60;
	if (t < 0 || t > VAULT_TIME_MAX)
		return VAULT_ERR_FORMAT;
	*out = t;
	return VAULT_OK;
}

vault_err
vlt_imp_epoch(const uint8_t *p, size_t len, int ms, int64_t *out)
{
	int64_t t = 0;

	*out = 0;
	if (len == 0 || len > 16)
		return VAULT_ERR_FORMAT;
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return VAULT_ERR_FORMAT;
		t = t * 10 + (p[i] - '0');
	}
	if (ms)
		t /= 1000;
	if (t > VAULT_TIME_MAX)
		return VAULT_ERR_FORMAT;
	*out = t;
	return VAULT_OK;
}

void
vlt_imp_time(struct vlt_draft *e, vault_time t, const uint8_t *p, size_t len,
    int ms)
{
	int64_t when;

	trim(&p, &len);
	if (len == 0)
		return;
	if (vlt_imp_iso8601(p, len, &when) != VAULT_OK &&
	    vlt_imp_epoch(p, len, ms, &when) != VAULT_OK)
		return;
	/* Only a time out of range fails: such a time is left unset. */
	if (when > 0 && vlt_draft_time(e, t, when) != VAULT_OK)
		return;
}

int
vlt_imp_utf8_prefix(const uint8_t *p, size_t len)
{
	size_t at;
	uint32_t cp;

	for (size_t off = 0; off < len;) {
		int r = vault_text_check(p + off, len - off,
		    VAULT_TEXT_MULTILINE, &at, &cp);

		if (r == 0)
			return 1;
		if (r == VAULT_TEXT_NOT_UTF8)
			/* Only a code point cut by the end of the buffer. */
			return off + at + 4 > len && (p[off + at] & 0xc0) ==
			    0xc0;
		off += at + utf8_len(cp);
	}
	return 1;
}
