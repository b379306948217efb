/* SPDX-License-Identifier: ISC */
/*
 * qr_none.c - --totp-qr where the QR reader (zbar) is not built: the
 * Windows build (docs/testing.md). The person is told to give the
 * otpauth:// text instead.
 */
#include <stdio.h>
#include "cli.h"
#include "fields.h"

vault_err
cli_qr_read(struct cli *c, const char *path, vault_secret **out)
{
	(void)path;
	*out = NULL;
	fprintf(stderr, "cvault: %s: reading QR images is not in this build "
	    "of cvault; give the otpauth:// text with --totp - instead\n",
	    c->name);
	return VAULT_ERR_UNAVAILABLE;
}
