/* SPDX-License-Identifier: ISC */
/* sheet.h - a holder's printable paper share (sheet.c). */
#ifndef CLI_SHEET_H
#define CLI_SHEET_H

#include "cli.h"

vault_err cli_sheet(struct obuf *ob, const char *role,
    const vault_share_sheet *s);

#endif
