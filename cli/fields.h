/* SPDX-License-Identifier: ISC */
/* fields.h - the options shared by `add` and `edit` (fields.c). */
#ifndef CLI_FIELDS_H
#define CLI_FIELDS_H

#include "cli.h"

struct edits {
	const char *target;             /* the TITLE argument */
	const char *title, *username, *url, *notes;     /* NULL: unchanged */
	const char *totp_qr;            /* --totp-qr IMAGE */
	const char *device;             /* --2fa-device TEXT ("" clears) */
	int recovery;                   /* --recovery-codes - */
	const char **tags, **untags, **fields, **unfields;
	size_t ntags, nuntags, nfields, nunfields;
	int totp, password, generate, allow_weak;
};

/* Parse; 0 ok, -1 usage error (message printed when specific). */
int cli_parse_edits(struct cli *c, int argc, char **argv, int for_edit,
    struct edits *ed);
void cli_edits_free(struct edits *ed);
vault_err cli_apply_edits(struct cli *c, vault_entry *e,
    const struct edits *ed);
/* Password (read when want_password, or generated), then TOTP, then
 * recovery codes. Prints its own errors; POLICY when the password is
 * refused, FORMAT when the TOTP secret is malformed (nothing stored). */
vault_err cli_apply_secrets(struct cli *c, vault_entry *e,
    const struct edits *ed, int want_password);

/* policy.c */
/* Check a password for entry `e` (its title, username and host are
 * context). allow_weak: store a refused one, marked weak. quiet: say
 * nothing on refusal. POLICY when refused and not allowed. */
vault_err cli_password_ok(struct cli *c, const vault_secret *pw,
    const vault_entry *e, int allow_weak, int quiet, int *weak);

/* qr.c: the text of the QR code in the PNG image at `path` (a screenshot
 * of a service's two-factor set-up page) that holds an otpauth:// URI,
 * in a new guarded secret. Prints its own one-line errors: IO (cannot
 * read the file), FORMAT (not a PNG, too large, no such QR code). */
vault_err cli_qr_read(struct cli *c, const char *path, vault_secret **out);

#endif
