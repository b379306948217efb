/* SPDX-License-Identifier: ISC */
/*
 * cmd_config.c - `cvault config [NAME [VALUE | --clear]]`: the vault's
 * own settings. `hibp`, the path of a Have I Been Pwned "Pwned
 * Passwords" file that every password check consults (as --hibp does for
 * one command); `max-age-days`, the age past which the annual review
 * report lists a password for review (docs/annual-review.md);
 * `backup-dir`, the folder `cvault backup` writes into (docs/backup.md);
 * `clipboard-seconds`, how long --copy leaves a value on the clipboard;
 * `idle-timeout`, after how long an idle `cvault shell` locks;
 * `location`, where the vault file is kept, for the holders' sheets.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static const char *const names[] = { "hibp", "max-age-days",
    "clipboard-seconds", "backup-dir", "idle-timeout", "location" };
#define NNAMES (sizeof names / sizeof *names)

static int
known(const char *name)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* Print one setting (or all, name NULL): "name<TAB>value" for all. */
static int
show(struct cli *c, const char *name)
{
	char def[NNAMES][32];

	snprintf(def[0], sizeof def[0], "(not set)");
	snprintf(def[1], sizeof def[1], "%u (the default)",
	    VAULT_MAX_AGE_DAYS_DEFAULT);
	snprintf(def[2], sizeof def[2], "20 (the default)");
	snprintf(def[3], sizeof def[3], "(not set)");
	snprintf(def[4], sizeof def[4], "%u (the default)",
	    VAULT_IDLE_TIMEOUT_DEFAULT);
	snprintf(def[5], sizeof def[5], "(not set)");
	for (size_t i = 0; i < NNAMES; i++) {
		char *value = NULL;
		vault_err rc;

		if (name != NULL && strcmp(name, names[i]) != 0)
			continue;
		rc = vault_config_get(c->v, names[i], &value);
		if (rc != VAULT_OK && rc != VAULT_ERR_NOTFOUND)
			return cli_fail(c, rc, NULL);
		if (name == NULL)
			printf("%s\t", names[i]);
		printf("%s\n", value ? cli_safe(value) : def[i]);
		free(value);
	}
	return EXIT_OK;
}

static int
set_max_age(struct cli *c, const char *value)
{
	uint32_t days;
	char buf[16];
	vault_err rc;

	if (strcmp(value, "--clear") == 0) {
		if ((rc = vault_config_set(c->v, "max-age-days", NULL)) !=
		    VAULT_OK)
			return cli_fail(c, rc, NULL);
		fprintf(stderr, "The report now lists passwords older than %u "
		    "days (the default).\n", VAULT_MAX_AGE_DAYS_DEFAULT);
		return EXIT_OK;
	}
	if (cli_parse_u32(value, 0, VAULT_MAX_AGE_DAYS_MAX, &days) != VAULT_OK)
		return cli_fail(c, VAULT_ERR_INVALID, "max-age-days is a "
		    "number of days from 0 to %u", VAULT_MAX_AGE_DAYS_MAX);
	snprintf(buf, sizeof buf, "%u", days);  /* canonical: 0365 is 365 */
	if ((rc = vault_config_set(c->v, "max-age-days", buf)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	fprintf(stderr, "The report now lists passwords %u days old or "
	    "more for review.\n", days);
	return EXIT_OK;
}

static int
is_folder(const char *path)
{
	return sys_kind(path, 1) == SYS_DIR;
}

/* An existing folder, kept as its absolute path. */
static int
set_backup_dir(struct cli *c, const char *value)
{
	char *real = NULL;
	vault_err rc;

	if (strcmp(value, "--clear") == 0) {
		if ((rc = vault_config_set(c->v, "backup-dir", NULL)) !=
		    VAULT_OK)
			return cli_fail(c, rc, NULL);
		fprintf(stderr, "'cvault backup' now needs a destination.\n");
		return EXIT_OK;
	}
	if ((real = sys_realpath(value)) == NULL || !is_folder(real)) {
		free(real);
		return cli_fail(c, VAULT_ERR_IO, "%s is not a folder", value);
	}
	if ((rc = vault_config_set(c->v, "backup-dir", real)) != VAULT_OK) {
		free(real);
		return cli_fail(c, rc, NULL);
	}
	fprintf(stderr, "'cvault backup' now writes into %s.\n",
	    cli_safe(real));
	free(real);
	return EXIT_OK;
}

static int
set_clipboard(struct cli *c, const char *value)
{
	uint32_t n;
	char buf[16];
	vault_err rc;

	if (strcmp(value, "--clear") == 0) {
		if ((rc = vault_config_set(c->v, "clipboard-seconds", NULL)) !=
		    VAULT_OK)
			return cli_fail(c, rc, NULL);
		fprintf(stderr, "A copied value is now cleared after 20 s (the "
		    "default).\n");
		return EXIT_OK;
	}
	if (cli_parse_u32(value, 1, VAULT_CLIPBOARD_SECONDS_MAX, &n) !=
	    VAULT_OK)
		return cli_fail(c, VAULT_ERR_INVALID, "clipboard-seconds is a "
		    "number of seconds from 1 to %u",
		    VAULT_CLIPBOARD_SECONDS_MAX);
	snprintf(buf, sizeof buf, "%u", n);
	if ((rc = vault_config_set(c->v, "clipboard-seconds", buf)) !=
	    VAULT_OK)
		return cli_fail(c, rc, NULL);
	fprintf(stderr, "A copied value is now cleared after %u s.\n", n);
	return EXIT_OK;
}

/* idle-timeout as seconds ("90", "90s") or minutes ("5m"): 0 when good. */
static int
idle_seconds(const char *value, uint32_t *out)
{
	size_t n = strlen(value);
	unsigned mult = n > 0 && value[n - 1] == 'm' ? 60 : 1;
	char buf[16];
	uint32_t x;

	snprintf(buf, sizeof buf, "%.*s", (int)(n > 0 && (value[n - 1] == 'm'
	    || value[n - 1] == 's') ? n - 1 : n), value);
	if (cli_parse_u32(buf, 1, VAULT_IDLE_TIMEOUT_MAX / mult, &x) !=
	    VAULT_OK)
		return -1;
	*out = x * mult;
	return 0;
}

/* idle-timeout SECONDS|Nm, or location TEXT (one line). */
static int
set_shell(struct cli *c, const char *name, const char *value)
{
	int clear = strcmp(value, "--clear") == 0;
	char buf[16];
	uint32_t x;
	size_t n = strlen(value);
	vault_err rc;

	if (!clear && strcmp(name, "idle-timeout") == 0) {
		if (idle_seconds(value, &x) != 0)
			return cli_fail(c, VAULT_ERR_INVALID, "idle-timeout "
			    "is seconds (like 90) or minutes (like 5m), from "
			    "1 second to 24 hours");
		snprintf(buf, sizeof buf, "%u", x);
		value = buf;
	} else if (!clear && cli_text_check(c, "location", (const uint8_t *)
	    value, n, 0, 0) != 0) {
		return EXIT_USAGE;
	}
	if ((rc = vault_config_set(c->v, name, clear ? NULL : value)) !=
	    VAULT_OK)
		return cli_fail(c, rc, NULL);
	if (strcmp(name, "location") == 0)
		fprintf(stderr, clear ? "Shares issued from now on do not "
		    "say where the vault is.\n" : "The sheets of shares issued "
		    "from now on ('cvault escrow setup' or 'rotate') say the "
		    "vault is at: %s\n", cli_safe(value));
	else
		fprintf(stderr, "The shell now locks after %s seconds "
		    "idle.\n", clear ? "300 (the default)" : value);
	return EXIT_OK;
}

int
cmd_config(struct cli *c, int argc, char **argv)
{
	uint32_t days;
	vault_err rc;
	int st;

	/* Every check that needs no vault comes before the passphrase. */
	if (argc > 1 && !known(argv[1]))
		return cli_fail(c, VAULT_ERR_INVALID, "the settings are hibp, "
		    "max-age-days, clipboard-seconds, backup-dir, idle-timeout "
		    "and location");
	if (argc > 3)
		return cli_usage(c);
	if (argc == 3 && strcmp(argv[2], "--clear") != 0) {
		if (strcmp(argv[1], "max-age-days") == 0 &&
		    cli_parse_u32(argv[2], 0, VAULT_MAX_AGE_DAYS_MAX, &days) !=
		    VAULT_OK)
			return cli_fail(c, VAULT_ERR_INVALID, "max-age-days is "
			    "a number of days from 0 to %u",
			    VAULT_MAX_AGE_DAYS_MAX);
		if (strcmp(argv[1], "hibp") == 0 && !sys_readable(argv[2]))
			return cli_fail(c, VAULT_ERR_IO, "cannot read %s",
			    argv[2]);
		if (strcmp(argv[1], "backup-dir") == 0 && !is_folder(argv[2]))
			return cli_fail(c, VAULT_ERR_IO, "%s is not a folder",
			    argv[2]);
		if (strcmp(argv[1], "idle-timeout") == 0 &&
		    idle_seconds(argv[2], &days) != 0)
			return cli_fail(c, VAULT_ERR_INVALID, "idle-timeout "
			    "is seconds (like 90) or minutes (like 5m), from "
			    "1 second to 24 hours");
		if (strcmp(argv[1], "location") == 0 && cli_text_check(c,
		    "location", (const uint8_t *)argv[2], strlen(argv[2]), 0,
		    0) != 0)
			return EXIT_USAGE;
		if (strcmp(argv[1], "clipboard-seconds") == 0 &&
		    cli_parse_u32(argv[2], 1, VAULT_CLIPBOARD_SECONDS_MAX,
		    &days) != VAULT_OK)
			return cli_fail(c, VAULT_ERR_INVALID, "clipboard-seconds "
			    "is a number of seconds from 1 to %u",
			    VAULT_CLIPBOARD_SECONDS_MAX);
	}
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	if (argc == 1)
		return show(c, NULL);
	if (argc == 2)
		return show(c, argv[1]);
	if (strcmp(argv[1], "max-age-days") == 0)
		return set_max_age(c, argv[2]);
	if (strcmp(argv[1], "backup-dir") == 0)
		return set_backup_dir(c, argv[2]);
	if (strcmp(argv[1], "clipboard-seconds") == 0)
		return set_clipboard(c, argv[2]);
	if (strcmp(argv[1], "idle-timeout") == 0 ||
	    strcmp(argv[1], "location") == 0)
		return set_shell(c, argv[1], argv[2]);
	if (strcmp(argv[2], "--clear") == 0)
		rc = vault_config_set(c->v, "hibp", NULL);
	else if (!sys_readable(argv[2]))
		return cli_fail(c, VAULT_ERR_IO, "cannot read %s", argv[2]);
	else
		rc = vault_config_set(c->v, "hibp", argv[2]);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, NULL);
	fprintf(stderr, strcmp(argv[2], "--clear") == 0 ? "Password checks no "
	    "longer consult a breach list.\n" : "Every password check now "
	    "consults %s.\n", cli_safe(argv[2]));
	return EXIT_OK;
}
