/* SPDX-License-Identifier: ISC */
/*
 * cmd_get.c - `cvault get TITLE [--field NAME]`: print the password, or one
 * field, alone on stdout (with --json, the whole entry). Secrets go from
 * guarded memory to write(2), never through stdio. For a script (stdout
 * not a terminal) the value is the exact bytes; on a terminal, control
 * characters in it are escaped (safe_text.c).
 */
#include <getopt.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "render.h"

static const struct {
	const char *name;
	vault_field f;
} named[] = {
	{ "title", VAULT_FIELD_TITLE }, { "username", VAULT_FIELD_USERNAME },
	{ "url", VAULT_FIELD_URL }, { "notes", VAULT_FIELD_NOTES },
	{ "password", VAULT_FIELD_PASSWORD }, { "totp", VAULT_FIELD_TOTP },
	{ "recovery-codes", VAULT_FIELD_RECOVERY_CODES },
	{ "2fa-device", VAULT_FIELD_2FA_DEVICE },
};

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

int
cmd_get(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "field", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char *field = "password";
	vault_entry *e = NULL;
	struct obuf *ob = NULL;
	vault_err rc;
	int ch, status;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if (ch != 'f')
			return cli_usage(c);
		field = optarg;
	}
	if (optind != argc - 1)
		return cli_usage(c);
	if ((status = cli_unlock(c)) != EXIT_OK)
		return status;
	if ((rc = vault_entry_get(c->v, argv[optind], &e)) != VAULT_OK) {
		status = rc == VAULT_ERR_NOTFOUND ? cli_fail(c, rc, "no entry "
		    "titled \"%s\"; 'cvault ls' lists them", argv[optind]) :
		    rc == VAULT_ERR_CORRUPT ? cli_fail(c, rc, "the entry "
		    "\"%s\" is damaged or has been tampered with; nothing was "
		    "shown", argv[optind]) : cli_fail(c, rc, NULL);
		goto out;
	}
	if ((rc = ob_new(&ob)) != VAULT_OK) {
		status = cli_fail(c, rc, NULL);
		goto out;
	}
	rc = c->json ? ob_entry_json(ob, e, 1) : put_field(ob, e, field,
	    isatty(STDOUT_FILENO));
	if (rc == VAULT_ERR_NOTFOUND) {
		status = cli_fail(c, rc, "\"%s\" has no %s", argv[optind],
		    field);
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
	vault_entry_free(e);
	return status;
}
