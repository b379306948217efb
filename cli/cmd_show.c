/* SPDX-License-Identifier: ISC */
/*
 * cmd_show.c - `cvault show TITLE [--copy [--clear-after S]]`: an entry
 * for a person to read, one labelled line a field: title, username, URL,
 * password, notes (further lines indented under the label), custom
 * fields, tags, when the password last changed, and the current
 * two-factor code with the seconds it has left (otp_codes.c, as `totp`
 * shows it). `get` stays the one-value command for scripts.
 *
 * Everything shown is escaped (safe_text.c), the password too: this is
 * for a screen. It is a reveal of the whole entry in the log
 * (VAULT_SHOWN_ENTRY). --copy puts the password on the clipboard and
 * shows "(copied to the clipboard)" in its place. --json gives the entry
 * as `get --json` does. Built in a guarded buffer, written with write(2).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "render.h"

#define LABEL_WIDTH 18          /* "Password changed: " */

static vault_err
label(struct obuf *ob, const char *name)
{
	size_t n = strlen(name) + 1;
	vault_err rc = ob_fmt(ob, "%s:", name);

	while (rc == VAULT_OK && n++ < LABEL_WIDTH)
		rc = ob_str(ob, " ");
	return rc;
}

/* Text over several lines: the lines after the first indented under the
 * label; a newline at the very end dropped. */
static vault_err
put_lines(struct obuf *ob, const uint8_t *p, size_t len)
{
	vault_err rc = VAULT_OK;
	size_t start = 0;

	while (len > 0 && p[len - 1] == '\n')
		len--;
	for (size_t i = 0; rc == VAULT_OK && i <= len; i++) {
		if (i < len && p[i] != '\n')
			continue;
		if (start > 0)
			rc = ob_fmt(ob, "\n%*s", LABEL_WIDTH, "");
		if (rc == VAULT_OK)
			rc = ob_safe(ob, p + start, i - start,
			    VAULT_TEXT_MULTILINE);
		start = i + 1;
	}
	return rc;
}

/* "Label: value" for a standard field, when the entry has one. */
static vault_err
put_std(struct obuf *ob, const vault_entry *e, vault_field f,
    const char *name)
{
	const uint8_t *p;
	size_t len;
	vault_err rc;

	if (vault_entry_field(e, f, &p, &len) != VAULT_OK)
		return VAULT_OK;
	if ((rc = label(ob, name)) != VAULT_OK ||
	    (rc = put_lines(ob, p, len)) != VAULT_OK)
		return rc;
	return ob_str(ob, "\n");
}

static vault_err
put_password(struct obuf *ob, const vault_entry *e, int copied)
{
	const uint8_t *p;
	size_t len;
	vault_err rc;

	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &len) != VAULT_OK)
		return VAULT_OK;
	if ((rc = label(ob, "Password")) != VAULT_OK)
		return rc;
	rc = copied ? ob_str(ob, "(copied to the clipboard)") :
	    ob_safe(ob, p, len, 0);
	if (rc == VAULT_OK && (vault_entry_flags(e) & VAULT_ENTRY_WEAK))
		rc = ob_str(ob, "  (stored as weak)");
	return rc != VAULT_OK ? rc : ob_str(ob, "\n");
}

static vault_err
put_custom_and_tags(struct obuf *ob, const vault_entry *e)
{
	const uint8_t *n, *v;
	size_t nl, vl, i;
	vault_err rc = VAULT_OK;

	for (i = 0; rc == VAULT_OK && vault_entry_custom(e, i, &n, &nl, &v,
	    &vl) == VAULT_OK; i++) {
		size_t w = nl + 1;

		if ((rc = ob_safe(ob, n, nl, 0)) != VAULT_OK ||
		    (rc = ob_str(ob, ":")) != VAULT_OK)
			break;
		while (rc == VAULT_OK && w++ < LABEL_WIDTH)
			rc = ob_str(ob, " ");
		if (rc == VAULT_OK && w > LABEL_WIDTH + 1)
			rc = ob_str(ob, " ");
		if (rc == VAULT_OK && (rc = put_lines(ob, v, vl)) == VAULT_OK)
			rc = ob_str(ob, "\n");
	}
	for (i = 0; rc == VAULT_OK && vault_entry_tag(e, i, &n, &nl) ==
	    VAULT_OK; i++)
		if ((rc = i ? ob_str(ob, ", ") : label(ob, "Tags")) ==
		    VAULT_OK)
			rc = ob_safe(ob, n, nl, 0);
	return rc == VAULT_OK && i > 0 ? ob_str(ob, "\n") : rc;
}

/* The two-factor lines: the current code (TOTP), or how to get one
 * (HOTP: a code moves the counter, which `show` does not do). */
static vault_err
put_2fa(struct obuf *ob, const vault_entry *e, const char *title)
{
	const uint8_t *p;
	size_t len;
	vault_otp *o = NULL;
	vault_err rc = VAULT_OK;

	if (vault_entry_field(e, VAULT_FIELD_TOTP, &p, &len) == VAULT_OK) {
		if ((rc = label(ob, "Two-factor code")) != VAULT_OK)
			return rc;
		if (vault_otp_parse(p, len, &o, NULL) != VAULT_OK)
			rc = ob_str(ob, "(the stored secret is not usable)\n");
		else if (vault_otp_kind(o) == VAULT_OTP_HOTP)
			rc = ob_fmt(ob, "(counter-based: 'cvault totp \"%s\"' "
			    "gives the next code)\n", cli_safe(title));
		else
			rc = cli_otp_codes(ob, o, (int64_t)time(NULL), 0);
		vault_otp_free(o);
	}
	if (rc == VAULT_OK)
		rc = put_std(ob, e, VAULT_FIELD_2FA_DEVICE, "Second factor");
	if (rc == VAULT_OK && vault_entry_field(e, VAULT_FIELD_RECOVERY_CODES,
	    &p, &len) == VAULT_OK && (rc = label(ob, "Recovery codes")) ==
	    VAULT_OK)
		rc = ob_fmt(ob, "stored: 'cvault get \"%s\" --field "
		    "recovery-codes'\n", cli_safe(title));
	return rc;
}

static vault_err
render(struct obuf *ob, const vault_entry *e, const char *title, int copied)
{
	vault_err rc;

	if ((rc = put_std(ob, e, VAULT_FIELD_TITLE, "Title")) ||
	    (rc = put_std(ob, e, VAULT_FIELD_USERNAME, "Username")) ||
	    (rc = put_std(ob, e, VAULT_FIELD_URL, "URL")) ||
	    (rc = put_password(ob, e, copied)) ||
	    (rc = put_std(ob, e, VAULT_FIELD_NOTES, "Notes")) ||
	    (rc = put_custom_and_tags(ob, e)))
		return rc;
	if (vault_entry_time(e, VAULT_TIME_PASSWORD) != 0 &&
	    ((rc = label(ob, "Password changed")) ||
	    (rc = ob_time(ob, vault_entry_time(e, VAULT_TIME_PASSWORD), 0)) ||
	    (rc = ob_str(ob, "\n"))))
		return rc;
	return put_2fa(ob, e, title);
}

static int
copy_password(struct cli *c, const vault_entry *e, const char *title,
    unsigned seconds)
{
	const uint8_t *p;
	size_t len;
	char what[1300];

	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &len) != VAULT_OK)
		return cli_fail(c, VAULT_ERR_NOTFOUND, "\"%s\" has no password; "
		    "nothing was copied", title);
	snprintf(what, sizeof what, "the password of \"%s\"",
	    cli_safe_n((const uint8_t *)title, strlen(title), 1024));
	return cli_copy(c, p, len, seconds, what);
}

int
cmd_show(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "copy", no_argument, NULL, 'C' },
		{ "clear-after", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 }
	};
	const char *clear_after = NULL;
	vault_entry *e = NULL;
	struct obuf *ob = NULL;
	char *title = NULL;
	unsigned seconds = 0;
	vault_err rc;
	int ch, status, copy = 0;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if (ch == 'C')
			copy = 1;
		else if (ch == 'K')
			clear_after = optarg;
		else
			return cli_usage(c);
	}
	if (optind != argc - 1 || (clear_after != NULL && !copy) ||
	    (copy && c->json))
		return cli_usage(c);
	if ((status = cli_unlock_copy(c, copy, clear_after, &seconds)) !=
	    EXIT_OK)
		return status;
	if ((status = cli_entry(c, argv[optind], VAULT_SHOWN_ENTRY, &e,
	    &title)) != EXIT_OK)
		goto out;
	if (copy && (status = copy_password(c, e, title, seconds)) != EXIT_OK)
		goto out;
	if ((rc = ob_new(&ob)) != VAULT_OK ||
	    (rc = c->json ? ob_entry_json(ob, e, 1) : render(ob, e, title,
	    copy)) != VAULT_OK ||
	    (c->json && (rc = ob_str(ob, "\n")) != VAULT_OK)) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	status = cli_emit(c, ob);
	ob = NULL;
out:
	ob_free(ob);
	free(title);
	vault_entry_free(e);
	return status;
}
