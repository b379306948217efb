/* SPDX-License-Identifier: ISC */
/* sheet.h - a holder's printable paper share (sheet.c). */
#ifndef CLI_SHEET_H
#define CLI_SHEET_H

#include "cli.h"

/* paper_only: the sheet is the only copy of the share (none in the file),
 * and there is no passphrase to open it by. */
/* fallback: where the vault is when the sheet carries no location (the
 * file's full path, or NULL). */
vault_err cli_sheet(struct obuf *ob, const char *role,
    const vault_share_sheet *s, int paper_only, const char *fallback);

#endif
