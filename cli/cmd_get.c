/* SPDX-License-Identifier: ISC */
/*
 * cmd_get.c - `cvault get TITLE [--field NAME]`: print the password, or one
 * field, alone on stdout (with --json, the whole entry). Secrets go from
 * guarded memory to write(2), never through stdio. For a script (stdout
 * not a terminal) the value is the exact bytes; on a terminal, control
 * characters in it are escaped (safe_text.c). The TITLE is found as for
 * every command (find.c); the log's reveal record names the field shown.
 * --copy puts the value on the clipboard instead (clipboard.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "render.h"

static const struct {
	const char *name;
	vault_field f;
	unsigned shown;         /* what the log says was revealed */
} named[] = {
	{ "title", VAULT_FIELD_TITLE, VAULT_SHOWN_DETAILS },
	{ "username", VAULT_FIELD_USERNAME, VAULT_SHOWN_DETAILS },
	{ "url", VAULT_FIELD_URL, VAULT_SHOWN_DETAILS },
	{ "notes", VAULT_FIELD_NOTES, VAULT_SHOWN_NOTES },
	{ "password", VAULT_FIELD_PASSWORD, VAULT_SHOWN_PASSWORD },
	{ "totp", VAULT_FIELD_TOTP, VAULT_SHOWN_2FA },
	{ "recovery-codes", VAULT_FIELD_RECOVERY_CODES, VAULT_SHOWN_2FA },
	{ "2fa-device", VAULT_FIELD_2FA_DEVICE, VAULT_SHOWN_2FA },
};

/* What showing field `name` reveals (VAULT_SHOWN_*); custom fields,
 * tags and times are details. */
static unsigned
shown_by(const char *name)
{
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strcmp(name, named[i].name) == 0)
			return named[i].shown;
	return VAULT_SHOWN_DETAILS;
}

/* A value as it is (for a script), or escaped for a terminal: a title or
 * note an older vault holds, or a password's bytes, could otherwise
 * drive the terminal. Notes and custom values keep newlines and tabs. */
static vault_err
put_value(struct obuf *ob, const uint8_t *p, size_t len, int tty,
    unsigned flags)
{
	return tty ? ob_safe(ob, p, len, flags) : ob_put(ob, p, len);
}

/* Append field `name` of e (a standard field, "tags", a time, or a custom
 * field) to ob; NOTFOUND when the entry has no such value. */
static vault_err
put_field(struct obuf *ob, const vault_entry *e, const char *name, int tty)
{
	const uint8_t *p, *n, *v;
	size_t len, nl, vl;
	vault_err rc = VAULT_OK;

	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strcmp(name, named[i].name) == 0) {
			if ((rc = vault_entry_field(e, named[i].f, &p, &len)))
				return rc;
			return put_value(ob, p, len, tty, named[i].f ==
			    VAULT_FIELD_NOTES ? VAULT_TEXT_MULTILINE : 0);
		}
	if (strcmp(name, "tags") == 0) {
		size_t i;
		/* One tag a line. */
		for (i = 0; rc == VAULT_OK &&
		    vault_entry_tag(e, i, &p, &len) == VAULT_OK; i++)
			if ((rc = ob_str(ob, i ? "\n" : "")) == VAULT_OK)
				rc = put_value(ob, p, len, tty, 0);
		return rc == VAULT_OK && i == 0 ? VAULT_ERR_NOTFOUND : rc;
	}
	if (strcmp(name, "created") == 0)
		return ob_time(ob, vault_entry_time(e, VAULT_TIME_CREATED), 0);
	if (strcmp(name, "modified") == 0)
		return ob_time(ob, vault_entry_time(e, VAULT_TIME_MODIFIED), 0);
	if (strcmp(name, "password-changed") == 0)
		return ob_time(ob, vault_entry_time(e, VAULT_TIME_PASSWORD), 0);
	for (size_t i = 0; vault_entry_custom(e, i, &n, &nl, &v, &vl) ==
	    VAULT_OK; i++)
		if (nl == strlen(name) && memcmp(n, name, nl) == 0)
			return put_value(ob, v, vl, tty,
			    VAULT_TEXT_MULTILINE);
	return VAULT_ERR_NOTFOUND;
}

/* --copy: the field's value, exact, to the clipboard. */
static int
copy_field(struct cli *c, const vault_entry *e, const char *title,
    const char *field, unsigned seconds)
{
	struct obuf *ob = NULL;
	char what[1300];
	vault_err rc;
	int status;

	if ((rc = ob_new(&ob)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if ((rc = put_field(ob, e, field, 0)) != VAULT_OK) {
		ob_free(ob);
		return rc == VAULT_ERR_NOTFOUND ? cli_fail(c, rc, "\"%s\" has "
		    "no %s", title, field) : cli_fail(c, rc, NULL);
	}
	snprintf(what, sizeof what, "the %s of \"%s\"", cli_safe(field),
	    cli_safe_n((const uint8_t *)title, strlen(title), 1024));
	status = cli_copy(c, ob_data(ob), ob_len(ob), seconds, what);
	ob_free(ob);
	return status;
}

int
cmd_get(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "field", required_argument, NULL, 'f' },
		{ "copy", no_argument, NULL, 'C' },
		{ "clear-after", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 }
	};
	const char *field = "password", *clear_after = NULL;
	vault_entry *e = NULL;
	struct obuf *ob = NULL;
	char *title = NULL;
	unsigned seconds = 0;
	vault_err rc;
	int ch, status, copy = 0;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if (ch == 'f')
			field = optarg;
		else if (ch == 'C')
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
	if ((status = cli_entry(c, argv[optind], c->json ? VAULT_SHOWN_ENTRY :
	    shown_by(field), &e, &title)) != EXIT_OK)
		goto out;
	if (copy) {
		status = copy_field(c, e, title, field, seconds);
		goto out;
	}
	if ((rc = ob_new(&ob)) != VAULT_OK) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	rc = c->json ? ob_entry_json(ob, e, 1) : put_field(ob, e, field,
	    sys_isatty(STDOUT_FILENO));
	if (rc == VAULT_ERR_NOTFOUND) {
		status = cli_fail(c, rc, "\"%s\" has no %s", title, field);
		goto out;
	}
	if (rc != VAULT_OK || (rc = ob_str(ob, "\n")) != VAULT_OK) {
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
