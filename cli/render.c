/* SPDX-License-Identifier: ISC */
/*
 * render.c - entries as text and JSON, built in guarded output buffers
 * (out.c). Times are shown as UTC ISO 8601 in JSON and as local dates in
 * text.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "render.h"

vault_err
ob_time(struct obuf *ob, int64_t t, int json)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[40];

	if (t == 0)
		return ob_str(ob, json ? "null" : "-");
	if ((json ? gmtime_r(&tt, &tm) : localtime_r(&tt, &tm)) == NULL)
		return ob_str(ob, json ? "null" : "-");
	strftime(buf, sizeof buf, json ? "\"%Y-%m-%dT%H:%M:%SZ\"" :
	    "%Y-%m-%d %H:%M", &tm);
	return ob_str(ob, buf);
}

static vault_err
json_field(struct obuf *ob, const vault_entry *e, vault_field f,
    const char *key)
{
	const uint8_t *p;
	size_t len;
	vault_err rc;

	if ((rc = ob_fmt(ob, ",\"%s\":", key)) != VAULT_OK)
		return rc;
	if (vault_entry_field(e, f, &p, &len) != VAULT_OK)
		return ob_str(ob, "null");
	return ob_json_str(ob, p, len);
}

static vault_err
json_tags(struct obuf *ob, const vault_entry *e)
{
	const uint8_t *p;
	size_t len;
	vault_err rc = ob_str(ob, ",\"tags\":[");

	for (size_t i = 0; rc == VAULT_OK &&
	    vault_entry_tag(e, i, &p, &len) == VAULT_OK; i++) {
		if (i && (rc = ob_str(ob, ",")) != VAULT_OK)
			break;
		rc = ob_json_str(ob, p, len);
	}
	return rc == VAULT_OK ? ob_str(ob, "]") : rc;
}

static vault_err
json_custom(struct obuf *ob, const vault_entry *e)
{
	const uint8_t *n, *v;
	size_t nl, vl;
	vault_err rc = ob_str(ob, ",\"fields\":{");

	for (size_t i = 0; rc == VAULT_OK &&
	    vault_entry_custom(e, i, &n, &nl, &v, &vl) == VAULT_OK; i++) {
		if ((i && (rc = ob_str(ob, ",")) != VAULT_OK) ||
		    (rc = ob_json_str(ob, n, nl)) != VAULT_OK ||
		    (rc = ob_str(ob, ":")) != VAULT_OK)
			break;
		rc = ob_json_str(ob, v, vl);
	}
	return rc == VAULT_OK ? ob_str(ob, "}") : rc;
}

static vault_err
json_times(struct obuf *ob, const vault_entry *e)
{
	static const struct { vault_time t; const char *key; } times[] = {
		{ VAULT_TIME_CREATED, "created" },
		{ VAULT_TIME_MODIFIED, "modified" },
		{ VAULT_TIME_PASSWORD, "password_changed" },
	};
	vault_err rc = VAULT_OK;

	for (size_t i = 0; rc == VAULT_OK && i < 3; i++)
		if ((rc = ob_fmt(ob, ",\"%s\":", times[i].key)) == VAULT_OK)
			rc = ob_time(ob, vault_entry_time(e, times[i].t), 1);
	return rc;
}

vault_err
ob_entry_json(struct obuf *ob, const vault_entry *e, int secrets)
{
	const uint8_t *p;
	size_t len, nhist = 0;
	int64_t when;
	vault_err rc;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &p, &len) != VAULT_OK)
		return VAULT_ERR_INVALID;
	if ((rc = ob_str(ob, "{\"title\":")) != VAULT_OK ||
	    (rc = ob_json_str(ob, p, len)) != VAULT_OK ||
	    (rc = json_field(ob, e, VAULT_FIELD_USERNAME, "username")) ||
	    (rc = json_field(ob, e, VAULT_FIELD_URL, "url")) ||
	    (rc = json_tags(ob, e)) || (rc = json_times(ob, e)) ||
	    (rc = ob_fmt(ob, ",\"weak\":%s", (vault_entry_flags(e) &
	    VAULT_ENTRY_WEAK) ? "true" : "false")))
		return rc;
	if (secrets) {
		while (vault_entry_history(e, nhist, &p, &len, &when) ==
		    VAULT_OK)
			nhist++;
		if ((rc = json_field(ob, e, VAULT_FIELD_PASSWORD, "password")) ||
		    (rc = json_field(ob, e, VAULT_FIELD_NOTES, "notes")) ||
		    (rc = json_field(ob, e, VAULT_FIELD_TOTP, "totp")) ||
		    (rc = json_field(ob, e, VAULT_FIELD_RECOVERY_CODES,
		    "recovery_codes")) ||
		    (rc = json_field(ob, e, VAULT_FIELD_2FA_DEVICE,
		    "2fa_device")) ||
		    (rc = json_custom(ob, e)) ||
		    (rc = ob_fmt(ob, ",\"history_count\":%zu", nhist)))
			return rc;
	}
	return ob_str(ob, "}");
}

/* Write `ob` to stdout, then free it; 0 or an exit status. */
int
cli_emit(struct cli *c, struct obuf *ob)
{
	vault_err rc = ob_flush(ob, 1);

	ob_free(ob);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, "could not write the output");
	return EXIT_OK;
}

const char *
cli_shown(unsigned shown)
{
	static const char *const word[] = { "password", "notes", "details",
	    "two-factor", "old passwords" };
	static char buf[96];
	size_t n = 0;

	if (shown == 0 || (shown & VAULT_SHOWN_ENTRY) == VAULT_SHOWN_ENTRY)
		return "whole entry";
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof word / sizeof *word; i++)
		if (shown & (1u << i))
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
			    n ? ", " : "", word[i]);
	return buf;
}
