/* SPDX-License-Identifier: ISC */
/*
 * keepass_entry.c - a KeePass entry turned into a vault entry: standard
 * strings to fields, `otp` (or KeePassXC's older "TOTP Seed" and "TOTP
 * Settings") to the TOTP field, other strings to custom fields, <Tags>
 * and the group path to tags, history snapshots to password history,
 * creation and modification times kept. docs/kdbx.md lists the mapping.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "import/keepass_entry.h"

#define KP_SNAPS_MAX 32u        /* snapshots looked at per entry */

static const struct {
	const char *key;
	vault_field f;
} std_keys[] = {
	{ "Title", VAULT_FIELD_TITLE }, { "UserName", VAULT_FIELD_USERNAME },
	{ "Password", VAULT_FIELD_PASSWORD }, { "URL", VAULT_FIELD_URL },
	{ "Notes", VAULT_FIELD_NOTES }, { "otp", VAULT_FIELD_TOTP },
	{ "Recovery Codes", VAULT_FIELD_RECOVERY_CODES },
	{ "2FA Device", VAULT_FIELD_2FA_DEVICE },
};

static void
reject(struct kp_entry *k, const char *what, const uint8_t *key, size_t klen)
{
	char name[40];
	size_t i;

	if (k->why[0] != '\0')
		return;
	/* The key is from the file: printable ASCII only, cut short. */
	for (i = 0; i < klen && i < sizeof name - 1; i++)
		name[i] = key[i] >= 0x20 && key[i] < 0x7f ? (char)key[i] : '?';
	name[i] = '\0';
	snprintf(k->why, sizeof k->why, "its \"%s\" %s", name, what);
}

vault_err
kp_entry_begin(struct kp_entry *k)
{
	kp_entry_clear(k);
	return vault_entry_new(&k->e);
}

static void
reset(struct vlt_gbuf *b)
{
	if (b->p != NULL)
		sodium_memzero(b->p, b->cap);
	b->len = 0;
}

/* Between entries: the entries are freed, the buffers wiped and kept
 * (guarded allocations are slow: one set serves the whole file). */
void
kp_entry_clear(struct kp_entry *k)
{
	vault_entry_free(k->e);
	vault_entry_free(k->snaps);
	k->e = k->snaps = NULL;
	reset(&k->snap_pass);
	reset(&k->totp_seed);
	reset(&k->totp_settings);
	k->created = k->modified = k->snap_mtime = 0;
	k->in_snap = 0;
	k->why[0] = '\0';
}

void
kp_entry_free(struct kp_entry *k)
{
	kp_entry_clear(k);
	vlt_gbuf_free(&k->snap_pass);
	vlt_gbuf_free(&k->totp_seed);
	vlt_gbuf_free(&k->totp_settings);
}

static vault_err
keep(struct vlt_gbuf *b, const uint8_t *v, size_t len)
{
	b->len = 0;
	return vlt_gbuf_put(b, v, len);
}

vault_err
kp_entry_string(struct kp_entry *k, const uint8_t *key, size_t klen,
    const uint8_t *val, size_t vlen)
{
	char name[VAULT_TITLE_MAX + 1];
	vault_err rc;

	if (k->in_snap) {
		if (klen == 8 && memcmp(key, "Password", 8) == 0)
			return keep(&k->snap_pass, val, vlen);
		return VAULT_OK;
	}
	if (vlen == 0)
		return VAULT_OK;
	for (size_t i = 0; i < sizeof std_keys / sizeof std_keys[0]; i++) {
		if (strlen(std_keys[i].key) != klen ||
		    memcmp(std_keys[i].key, key, klen) != 0)
			continue;
		rc = vault_entry_set(k->e, std_keys[i].f, val, vlen);
		if (rc == VAULT_ERR_INVALID)
			reject(k, "field is too long or holds control "
			    "characters", key, klen);
		return rc == VAULT_ERR_INVALID ? VAULT_OK : rc;
	}
	if (klen == 9 && memcmp(key, "TOTP Seed", 9) == 0)
		return keep(&k->totp_seed, val, vlen);
	if (klen == 13 && memcmp(key, "TOTP Settings", 13) == 0)
		return keep(&k->totp_settings, val, vlen);
	if (klen == 0 || klen > VAULT_TITLE_MAX || memchr(key, 0, klen)) {
		reject(k, "field has an unusable name", key, klen);
		return VAULT_OK;
	}
	memcpy(name, key, klen);
	name[klen] = '\0';
	rc = vault_entry_custom_set(k->e, name, val, vlen);
	sodium_memzero(name, sizeof name);
	if (rc == VAULT_ERR_INVALID)
		reject(k, "field is too long or holds control characters",
		    key, klen);
	return rc == VAULT_ERR_INVALID ? VAULT_OK : rc;
}

vault_err
kp_entry_tags(struct kp_entry *k, const uint8_t *t, size_t len)
{
	char tag[VAULT_TITLE_MAX + 1];
	size_t i = 0, j, a, b;
	vault_err rc = VAULT_OK;

	if (k->in_snap)
		return VAULT_OK;
	while (i < len && rc == VAULT_OK) {
		for (j = i; j < len && t[j] != ';' && t[j] != ','; j++)
			;
		for (a = i; a < j && t[a] == ' '; a++)
			;
		for (b = j; b > a && t[b - 1] == ' '; b--)
			;
		if (b > a && b - a <= VAULT_TITLE_MAX &&
		    memchr(t + a, 0, b - a) == NULL) {
			memcpy(tag, t + a, b - a);
			tag[b - a] = '\0';
			rc = vault_entry_tag_add(k->e, tag);
			if (rc == VAULT_ERR_INVALID) {
				reject(k, "tag holds control characters",
				    (const uint8_t *)"Tags", 4);
				rc = VAULT_OK;
			}
		}
		i = j + 1;
	}
	return rc;
}

void
kp_entry_time(struct kp_entry *k, int modified, int64_t when)
{
	if (when < 0 || when > VAULT_TIME_MAX)
		return;
	if (k->in_snap) {
		if (modified)
			k->snap_mtime = when;
	} else if (modified) {
		k->modified = when;
	} else {
		k->created = when;
	}
}

void
kp_snap_begin(struct kp_entry *k)
{
	k->in_snap = 1;
	k->snap_pass.len = 0;
	k->snap_mtime = 0;
}

vault_err
kp_snap_end(struct kp_entry *k)
{
	vault_err rc = VAULT_OK;

	k->in_snap = 0;
	/* A snapshot without a password says nothing about passwords. */
	if (k->snap_pass.len > 0 && k->snap_pass.len <= VAULT_VALUE_MAX &&
	    (k->snaps != NULL || (rc = vault_entry_new(&k->snaps)) == VAULT_OK))
		rc = vault_entry_history_push(k->snaps, k->snap_pass.p,
		    k->snap_pass.len, k->snap_mtime);
	reset(&k->snap_pass);
	return rc;
}

/* Snapshots are states before each change; a password was replaced at
 * the modification time of the state that follows it, and only when
 * that state's password differs. Pushed oldest first. */
static vault_err
resolve_history(struct kp_entry *k)
{
	const uint8_t *p, *q;
	size_t n = 0, pl, ql;
	int64_t t, tq;
	vault_err rc;

	if (k->snaps == NULL)
		return VAULT_OK;
	while (n < KP_SNAPS_MAX && vault_entry_history(k->snaps, n, &p, &pl,
	    &t) == VAULT_OK)
		n++;
	for (size_t i = n; i-- > 0;) {
		if ((rc = vault_entry_history(k->snaps, i, &p, &pl, &t)) !=
		    VAULT_OK)
			return rc;
		if (i > 0) {
			if ((rc = vault_entry_history(k->snaps, i - 1, &q, &ql,
			    &tq)) != VAULT_OK)
				return rc;
		} else {
			tq = k->modified;
			if (vault_entry_field(k->e, VAULT_FIELD_PASSWORD, &q,
			    &ql) != VAULT_OK)
				ql = 0;
		}
		if (pl == ql && sodium_memcmp(p, q, pl) == 0)
			continue;
		if ((rc = vault_entry_history_push(k->e, p, pl, tq)) !=
		    VAULT_OK)
			return rc;
	}
	return VAULT_OK;
}

/* Seed and settings that could not be turned into a URI are kept as
 * they were, as custom fields: nothing is lost. */
static vault_err
totp_keep(struct kp_entry *k)
{
	vault_err rc = VAULT_OK;

	if (k->totp_seed.len > 0)
		rc = vault_entry_custom_set(k->e, "TOTP Seed", k->totp_seed.p,
		    k->totp_seed.len);
	if (rc == VAULT_OK && k->totp_settings.len > 0)
		rc = vault_entry_custom_set(k->e, "TOTP Settings",
		    k->totp_settings.p, k->totp_settings.len);
	return rc == VAULT_ERR_INVALID ? VAULT_OK : rc;
}

/* KeePassXC's "TOTP Settings" is "period;digits" (digits "S": Steam). */
static vault_err
totp_from_seed(struct kp_entry *k)
{
	char uri[600], s[32];
	unsigned period = 30, digits = 6;
	vault_otp *o = NULL;
	vault_secret *canon = NULL;
	const uint8_t *have;
	const char *why;
	size_t have_len;
	int n;
	vault_err rc;

	if (k->totp_seed.len == 0 && k->totp_settings.len == 0)
		return VAULT_OK;
	if (k->totp_seed.len == 0 || k->totp_seed.len > 256 ||
	    vault_entry_field(k->e, VAULT_FIELD_TOTP, &have, &have_len) ==
	    VAULT_OK)
		return totp_keep(k);
	if (k->totp_settings.len > 0) {
		if (k->totp_settings.len >= sizeof s)
			return totp_keep(k);
		memcpy(s, k->totp_settings.p, k->totp_settings.len);
		s[k->totp_settings.len] = '\0';
		if (sscanf(s, "%u;%u", &period, &digits) != 2)
			return totp_keep(k);    /* Steam and the like */
	}
	n = snprintf(uri, sizeof uri, "otpauth://totp/KeePass?secret=%.*s&"
	    "period=%u&digits=%u", (int)k->totp_seed.len,
	    (const char *)k->totp_seed.p, period, digits);
	if (n <= 0 || (size_t)n >= sizeof uri ||
	    vault_otp_parse((const uint8_t *)uri, (size_t)n, &o, &why) !=
	    VAULT_OK)
		rc = totp_keep(k);
	else if ((rc = vault_otp_uri(o, &canon)) == VAULT_OK)
		rc = vault_entry_set(k->e, VAULT_FIELD_TOTP,
		    vault_secret_data(canon), vault_secret_len(canon));
	sodium_memzero(uri, sizeof uri);
	vault_otp_free(o);
	vault_secret_free(canon);
	return rc;
}

vault_err
kp_entry_finish(struct kp_entry *k, const char *group, vault_entry **out)
{
	const uint8_t *p;
	size_t len;
	int64_t t;
	vault_err rc;

	*out = NULL;
	if (k->why[0] == '\0' && vault_entry_field(k->e, VAULT_FIELD_TITLE,
	    &p, &len) != VAULT_OK)
		snprintf(k->why, sizeof k->why, "it has no title");
	if (k->why[0] != '\0')
		return VAULT_OK;
	if (group != NULL && group[0] != '\0' &&
	    (rc = vault_entry_tag_add(k->e, group)) != VAULT_OK) {
		if (rc != VAULT_ERR_INVALID)
			return rc;
		snprintf(k->why, sizeof k->why, "its group's name holds "
		    "control characters");
		return VAULT_OK;
	}
	if ((rc = totp_from_seed(k)) != VAULT_OK ||
	    (rc = resolve_history(k)) != VAULT_OK)
		return rc;
	t = vault_entry_history(k->e, 0, &p, &len, &t) == VAULT_OK ? t :
	    k->created;
	if ((rc = vault_entry_time_set(k->e, VAULT_TIME_CREATED,
	    k->created)) != VAULT_OK ||
	    (rc = vault_entry_time_set(k->e, VAULT_TIME_MODIFIED,
	    k->modified)) != VAULT_OK ||
	    (rc = vault_entry_time_set(k->e, VAULT_TIME_PASSWORD, t)) !=
	    VAULT_OK)
		return rc;
	*out = k->e;
	k->e = NULL;
	return VAULT_OK;
}

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t
kp_parse_time(const uint8_t *p, size_t len)
{
	unsigned y, mo, d, h, mi, s;
	uint8_t raw[16];
	char buf[32];
	size_t n;
	uint64_t v = 0;

	if (len == 12 && sodium_base642bin(raw, sizeof raw, (const char *)p,
	    len, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
	    n == 8) {
		for (int i = 7; i >= 0; i--)
			v = v << 8 | raw[i];
		/* seconds since 0001-01-01 */
		if (v < 62135596800ull ||
		    v - 62135596800ull > (uint64_t)VAULT_TIME_MAX)
			return -1;
		return (int64_t)(v - 62135596800ull);
	}
	if (len < 19 || len >= sizeof buf)
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	if (sscanf(buf, "%4u-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi,
	    &s) != 6 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || s > 60 || y < 1970)
		return -1;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}
