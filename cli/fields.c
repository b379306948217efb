/* SPDX-License-Identifier: ISC */
/*
 * fields.c - the options `add` and `edit` share: parsing them, and
 * applying them to an entry. Secrets (the password, a TOTP URI, recovery
 * codes, a field given as NAME=-) are never taken from argv: they are
 * read as lines (term.c) in a fixed order after the vault passphrase: the
 * password, then the TOTP URI or secret, then the recovery codes, then
 * each NAME=- field in the order given. --totp-qr reads the URI from a
 * QR code in an image file instead (qr.c). A TOTP secret is checked with
 * vault_otp_parse before anything is stored: a URI is kept as given, a
 * bare base32 secret becomes its canonical otpauth:// URI.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cli.h"
#include "fields.h"

void
cli_edits_free(struct edits *ed)
{
	free(ed->tags);
	free(ed->untags);
	free(ed->fields);
	free(ed->unfields);
	memset(ed, 0, sizeof *ed);
}

static int
bad_for_add(struct cli *c, const char *opt)
{
	fprintf(stderr, "cvault: %s: %s is for 'cvault edit'\n", c->name, opt);
	return -1;
}

int
cli_parse_edits(struct cli *c, int argc, char **argv, int for_edit,
    struct edits *ed)
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 'T' },
		{ "username", required_argument, NULL, 'u' },
		{ "url", required_argument, NULL, 'U' },
		{ "notes", required_argument, NULL, 'n' },
		{ "tag", required_argument, NULL, 't' },
		{ "untag", required_argument, NULL, 'x' },
		{ "field", required_argument, NULL, 'F' },
		{ "unfield", required_argument, NULL, 'X' },
		{ "totp", required_argument, NULL, 'o' },
		{ "totp-qr", required_argument, NULL, 'q' },
		{ "recovery-codes", required_argument, NULL, 'r' },
		{ "2fa-device", required_argument, NULL, 'd' },
		{ "password", no_argument, NULL, 'p' },
		{ "generate", no_argument, NULL, 'g' },
		{ "allow-weak", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;
	size_t n = (size_t)argc;

	memset(ed, 0, sizeof *ed);
	ed->tags = calloc(n, sizeof *ed->tags);
	ed->untags = calloc(n, sizeof *ed->untags);
	ed->fields = calloc(n, sizeof *ed->fields);
	ed->unfields = calloc(n, sizeof *ed->unfields);
	if (!ed->tags || !ed->untags || !ed->fields || !ed->unfields)
		return -1;
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'T':
			if (!for_edit)
				return bad_for_add(c, "--title");
			ed->title = optarg;
			break;
		case 'u': ed->username = optarg; break;
		case 'U': ed->url = optarg; break;
		case 'n': ed->notes = optarg; break;
		case 't': ed->tags[ed->ntags++] = optarg; break;
		case 'x': ed->untags[ed->nuntags++] = optarg; break;
		case 'F':
			if (strchr(optarg, '=') == NULL || *optarg == '=') {
				fprintf(stderr, "cvault: %s: --field takes "
				    "NAME=VALUE\n", c->name);
				return -1;
			}
			ed->fields[ed->nfields++] = optarg;
			break;
		case 'X': ed->unfields[ed->nunfields++] = optarg; break;
		case 'o':
			if (strcmp(optarg, "-") != 0) {
				/* SECURITY: a TOTP secret on argv is visible
				 * to every user of the machine (ps). */
				fprintf(stderr, "cvault: %s: a TOTP secret is "
				    "never taken from the command line; use "
				    "--totp - and type or pipe the otpauth:// "
				    "URI when asked\n", c->name);
				return -1;
			}
			ed->totp = 1;
			break;
		case 'q': ed->totp_qr = optarg; break;
		case 'r':
			if (strcmp(optarg, "-") != 0) {
				fprintf(stderr, "cvault: %s: recovery codes are "
				    "never taken from the command line; use "
				    "--recovery-codes - and type or pipe them "
				    "when asked\n", c->name);
				return -1;
			}
			ed->recovery = 1;
			break;
		case 'd': ed->device = optarg; break;
		case 'p':
			if (!for_edit)
				return bad_for_add(c, "--password");
			ed->password = 1;
			break;
		case 'g': ed->generate = 1; break;
		case 'w': ed->allow_weak = 1; break;
		default: return -1;
		}
	}
	if (!for_edit && (ed->nuntags || ed->nunfields))
		return bad_for_add(c, "--untag/--unfield");
	if (ed->totp && ed->totp_qr != NULL) {
		fprintf(stderr, "cvault: %s: give --totp - or --totp-qr IMAGE, "
		    "not both\n", c->name);
		return -1;
	}
	if (ed->password && ed->generate) {
		fprintf(stderr, "cvault: %s: give --password or --generate, "
		    "not both\n", c->name);
		return -1;
	}
	if (ed->notes != NULL && strcmp(ed->notes, "-") == 0 &&
	    c->pass_fd == 0) {
		fprintf(stderr, "cvault: %s: --notes - reads standard input, "
		    "which --passphrase-fd 0 already uses\n", c->name);
		return -1;
	}
	if (optind != argc - 1 || *argv[optind] == '\0')
		return -1;
	ed->target = argv[optind];
	return 0;
}

/* Text from the command line, checked here so that the message can say
 * what is wrong and where (the library would only say INVALID). *said is
 * set when a message was printed. */
static vault_err
set_str(struct cli *c, vault_entry *e, vault_field f, const char *what,
    const char *s, int *said)
{
	if (cli_text_check(c, what, (const uint8_t *)s, strlen(s),
	    f == VAULT_FIELD_NOTES ? VAULT_TEXT_MULTILINE : 0, 0) != 0) {
		*said = 1;
		return VAULT_ERR_INVALID;
	}
	return vault_entry_set(e, f, (const uint8_t *)s, strlen(s));
}

/* --notes -: from standard input. Prints its own errors. */
static vault_err
read_notes(struct cli *c, vault_entry *e)
{
	vault_secret *notes = NULL;
	vault_err rc;

	if (c->pass_fd == 0) {
		fprintf(stderr, "cvault: %s: --notes - reads standard input, "
		    "which --passphrase-fd 0 already uses\n", c->name);
		return VAULT_ERR_INVALID;
	}
	if (sys_isatty(STDIN_FILENO))
		fprintf(stderr, "Type the notes; finish with Ctrl-D on a new "
		    "line:\n");
	if ((rc = cli_read_stdin(VAULT_VALUE_MAX, &notes)) != VAULT_OK) {
		fprintf(stderr, "cvault: %s: could not read the notes from "
		    "standard input (at most %u MiB)\n", c->name,
		    VAULT_VALUE_MAX >> 20);
		return rc;
	}
	if (cli_text_check(c, "notes", vault_secret_data(notes),
	    vault_secret_len(notes), VAULT_TEXT_MULTILINE, 0) != 0)
		rc = VAULT_ERR_INVALID;
	else if ((rc = vault_entry_set(e, VAULT_FIELD_NOTES,
	    vault_secret_data(notes), vault_secret_len(notes))) != VAULT_OK)
		cli_fail(c, rc, NULL);
	vault_secret_free(notes);
	return rc;
}

/* --field NAME=VALUE (or NAME=-: only the name is checked here; the
 * value is read as a secret line later). */
static vault_err
apply_custom(struct cli *c, vault_entry *e, const char *spec, int *said)
{
	const char *eq = strchr(spec, '=');
	size_t nl = (size_t)(eq - spec);
	char name[VAULT_TITLE_MAX + 1];

	if (nl > VAULT_TITLE_MAX)
		return VAULT_ERR_INVALID;
	if (cli_text_check(c, "field name", (const uint8_t *)spec, nl, 0,
	    0) != 0 || (strcmp(eq + 1, "-") != 0 && cli_text_check(c,
	    "field value", (const uint8_t *)eq + 1, strlen(eq + 1),
	    VAULT_TEXT_MULTILINE, 0) != 0)) {
		*said = 1;
		return VAULT_ERR_INVALID;
	}
	if (strcmp(eq + 1, "-") == 0)
		return VAULT_OK;
	memcpy(name, spec, nl);
	name[nl] = '\0';
	return vault_entry_custom_set(e, name, (const uint8_t *)eq + 1,
	    strlen(eq + 1));
}

static vault_err
apply_edits(struct cli *c, vault_entry *e, const struct edits *ed, int *said)
{
	vault_err rc = VAULT_OK;
	size_t i;

	if (ed->title && (rc = set_str(c, e, VAULT_FIELD_TITLE, "new title",
	    ed->title, said)))
		return rc;
	if (ed->username && (rc = set_str(c, e, VAULT_FIELD_USERNAME,
	    "username", ed->username, said)))
		return rc;
	if (ed->url && (rc = set_str(c, e, VAULT_FIELD_URL, "URL", ed->url,
	    said)))
		return rc;
	if (ed->device && (rc = set_str(c, e, VAULT_FIELD_2FA_DEVICE,
	    "2FA device", ed->device, said)))
		return rc;
	if (ed->notes && strcmp(ed->notes, "-") == 0) {
		if ((rc = read_notes(c, e)) != VAULT_OK)
			*said = 1;
	} else if (ed->notes) {
		rc = set_str(c, e, VAULT_FIELD_NOTES, "notes", ed->notes, said);
	}
	for (i = 0; rc == VAULT_OK && i < ed->ntags; i++) {
		if (cli_text_check(c, "tag", (const uint8_t *)ed->tags[i],
		    strlen(ed->tags[i]), 0, 0) != 0) {
			*said = 1;
			return VAULT_ERR_INVALID;
		}
		rc = vault_entry_tag_add(e, ed->tags[i]);
	}
	for (i = 0; rc == VAULT_OK && i < ed->nuntags; i++)
		if ((rc = vault_entry_tag_remove(e, ed->untags[i])) ==
		    VAULT_ERR_NOTFOUND)
			rc = VAULT_OK;  /* removing an absent tag is fine */
	for (i = 0; rc == VAULT_OK && i < ed->nfields; i++)
		rc = apply_custom(c, e, ed->fields[i], said);
	for (i = 0; rc == VAULT_OK && i < ed->nunfields; i++)
		rc = vault_entry_custom_set(e, ed->unfields[i], NULL, 0);
	return rc;
}

/* Check the TOTP text `s` (a URI or a bare base32 secret) and store it
 * in e: a URI as given (trimmed), a bare secret as its canonical URI.
 * FORMAT, with the reason printed, when it is malformed. */
static vault_err
set_totp(struct cli *c, vault_entry *e, const vault_secret *s)
{
	const uint8_t *p = vault_secret_data(s);
	size_t n = vault_secret_len(s);
	vault_otp *o = NULL;
	vault_secret *uri = NULL;
	const char *why = NULL;
	vault_err rc;

	/* Printable text only; as a secret, no byte position is named. */
	if (cli_text_check(c, "TOTP URI", p, n, 0, 1) != 0)
		return VAULT_ERR_INVALID;
	if ((rc = vault_otp_parse(p, n, &o, &why)) != VAULT_OK) {
		/* SECURITY: the reason never quotes the input. */
		if (rc == VAULT_ERR_FORMAT)
			fprintf(stderr, "cvault: %s: TOTP secret refused: %s; "
			    "nothing was stored\n", c->name, why);
		else
			cli_fail(c, rc, NULL);
		return rc;
	}
	while (n > 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' ||
	    p[0] == '\n')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	if (n >= 8 && strncasecmp((const char *)p, "otpauth:", 8) == 0)
		rc = vault_entry_set(e, VAULT_FIELD_TOTP, p, n);
	else if ((rc = vault_otp_uri(o, &uri)) == VAULT_OK)
		rc = vault_entry_set(e, VAULT_FIELD_TOTP,
		    vault_secret_data(uri), vault_secret_len(uri));
	if (rc != VAULT_OK)
		cli_fail(c, rc, NULL);
	vault_secret_free(uri);
	vault_otp_free(o);
	return rc;
}

/* Apply the public edits (everything but password and TOTP). Prints its
 * own error. */
vault_err
cli_apply_edits(struct cli *c, vault_entry *e, const struct edits *ed)
{
	int said = 0;
	vault_err rc = apply_edits(c, e, ed, &said);

	if (rc != VAULT_OK && !said)
		cli_fail(c, rc, NULL);
	return rc;
}

/* Read, generate and check the secrets the edits ask for. */
vault_err
cli_apply_secrets(struct cli *c, vault_entry *e, const struct edits *ed,
    int want_password)
{
	vault_secret *s = NULL;
	char prompt[128];
	vault_err rc = VAULT_OK;
	const uint8_t *title;
	size_t tl;
	int weak = 0;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &title, &tl) != VAULT_OK)
		return VAULT_ERR_INVALID;
	snprintf(prompt, sizeof prompt, "Password for %s: ",
	    cli_safe_n(title, tl, 60));
	/* On a terminal a refused password is asked for again (3 tries);
	 * a generated one that happens to contain a context word (about 1
	 * in 70 with a council's worth of names) is drawn again quietly. */
	for (int tries = 0; ed->generate || want_password; tries++) {
		rc = ed->generate ? vault_gen_chars(0, NULL, &s, NULL) :
		    cli_read_new_secret(c, prompt, &s);
		if (rc != VAULT_OK && ed->generate)
			cli_fail(c, rc, "cannot generate a password: %s",
			    vault_strerror(rc));
		if (rc != VAULT_OK)
			goto out;
		rc = cli_password_ok(c, s, e, ed->allow_weak && !ed->generate,
		    ed->generate, &weak);
		if (rc != VAULT_ERR_POLICY || (ed->generate ? tries == 9 :
		    c->pass_fd >= 0 || tries == 2))
			break;
		vault_secret_free(s);
		s = NULL;
		if (!ed->generate)
			fprintf(stderr, "Please choose another.\n");
	}
	if (rc == VAULT_OK && ed->generate)
		fprintf(stderr, "Generated a random password of %u characters; "
		    "'cvault get' shows it.\n", VAULT_GEN_LENGTH_DEFAULT);
	if (rc != VAULT_OK)
		goto out;
	if (s != NULL) {
		if ((rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
		    vault_secret_data(s), vault_secret_len(s))) != VAULT_OK ||
		    (rc = vault_entry_flags_set(e, weak ? (vault_entry_flags(e) |
		    VAULT_ENTRY_WEAK) : (vault_entry_flags(e) &
		    ~VAULT_ENTRY_WEAK))) != VAULT_OK)
			goto out;
		vault_secret_free(s);
		s = NULL;
	}
	if (ed->totp || ed->totp_qr != NULL) {
		if ((rc = ed->totp ? cli_read_secret(c, "TOTP otpauth:// URI "
		    "or base32 secret: ", &s) : cli_qr_read(c, ed->totp_qr,
		    &s)) != VAULT_OK ||
		    (rc = set_totp(c, e, s)) != VAULT_OK)
			goto out;
		vault_secret_free(s);
		s = NULL;
	}
	if (ed->recovery) {
		if ((rc = cli_read_secret(c, "Recovery codes (on one line): ",
		    &s)) != VAULT_OK)
			goto out;
		if (cli_text_check(c, "recovery codes", vault_secret_data(s),
		    vault_secret_len(s), VAULT_TEXT_MULTILINE, 1) != 0) {
			rc = VAULT_ERR_INVALID;
			goto out;
		}
		rc = vault_entry_set(e, VAULT_FIELD_RECOVERY_CODES,
		    vault_secret_data(s), vault_secret_len(s));
		vault_secret_free(s);
		s = NULL;
		if (rc != VAULT_OK)
			goto out;
	}
	/* --field NAME=- : the value is a secret line, in the order given. */
	for (size_t i = 0; rc == VAULT_OK && i < ed->nfields; i++) {
		const char *eq = strchr(ed->fields[i], '=');
		char name[VAULT_TITLE_MAX + 1];
		size_t nl = (size_t)(eq - ed->fields[i]);

		if (strcmp(eq + 1, "-") != 0)
			continue;
		if (nl > VAULT_TITLE_MAX)
			return VAULT_ERR_INVALID;
		memcpy(name, ed->fields[i], nl);
		name[nl] = '\0';
		snprintf(prompt, sizeof prompt, "Value of %s: ",
		    cli_safe_n((const uint8_t *)name, nl, 60));
		if ((rc = cli_read_secret(c, prompt, &s)) != VAULT_OK)
			goto out;
		if (cli_text_check(c, "field value", vault_secret_data(s),
		    vault_secret_len(s), VAULT_TEXT_MULTILINE, 1) != 0) {
			rc = VAULT_ERR_INVALID;
			goto out;
		}
		rc = vault_entry_custom_set(e, name, vault_secret_data(s),
		    vault_secret_len(s));
		vault_secret_free(s);
		s = NULL;
	}
out:
	vault_secret_free(s);
	return rc;
}
