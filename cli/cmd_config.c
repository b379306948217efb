/* SPDX-License-Identifier: ISC */
/*
 * cmd_config.c - `cvault config [NAME [VALUE | --clear]]`: the vault's
 * own settings. `hibp`, the path of a Have I Been Pwned "Pwned
 * Passwords" file that every password check consults (as --hibp does for
 * one command); `max-age-days`, the age past which the annual review
 * report lists a password for review (docs/annual-review.md);
 * `backup-dir`, the folder `cvault backup` writes into (docs/backup.md);
 * `clipboard-seconds`, how long --copy leaves a value on the clipboard.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static const char *const names[] = { "hibp", "max-age-days",
    "clipboard-seconds", "backup-dir" };
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
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* An existing folder, kept as its absolute path. */
static int
set_backup_dir(struct cli *c, const char *value)
{
	char real[PATH_MAX];
	struct stat sb;
	vault_err rc;

	if (strcmp(value, "--clear") == 0)
		rc = vault_config_set(c->v, "backup-dir", NULL);
	else if (realpath(value, real) == NULL || stat(real, &sb) != 0 ||
	    !S_ISDIR(sb.st_mode))
		return cli_fail(c, VAULT_ERR_IO, "%s is not a folder", value);
	else
		rc = vault_config_set(c->v, "backup-dir", real);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if (strcmp(value, "--clear") == 0)
		fprintf(stderr, "'cvault backup' now needs a destination.\n");
	else
		fprintf(stderr, "'cvault backup' now writes into %s.\n",
		    cli_safe(real));
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

int
cmd_config(struct cli *c, int argc, char **argv)
{
	uint32_t days;
	vault_err rc;
	int st;

	/* Every check that needs no vault comes before the passphrase. */
	if (argc > 1 && !known(argv[1]))
		return cli_fail(c, VAULT_ERR_INVALID, "the settings are hibp, "
		    "max-age-days, clipboard-seconds and backup-dir");
	if (argc > 3)
		return cli_usage(c);
	if (argc == 3 && strcmp(argv[2], "--clear") != 0) {
		if (strcmp(argv[1], "max-age-days") == 0 &&
		    cli_parse_u32(argv[2], 0, VAULT_MAX_AGE_DAYS_MAX, &days) !=
		    VAULT_OK)
			return cli_fail(c, VAULT_ERR_INVALID, "max-age-days is "
			    "a number of days from 0 to %u",
			    VAULT_MAX_AGE_DAYS_MAX);
		if (strcmp(argv[1], "hibp") == 0 && access(argv[2], R_OK) != 0)
			return cli_fail(c, VAULT_ERR_IO, "cannot read %s",
			    argv[2]);
		if (strcmp(argv[1], "backup-dir") == 0 && !is_folder(argv[2]))
			return cli_fail(c, VAULT_ERR_IO, "%s is not a folder",
			    argv[2]);
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
	if (strcmp(argv[2], "--clear") == 0)
		rc = vault_config_set(c->v, "hibp", NULL);
	else if (access(argv[2], R_OK) != 0)
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
