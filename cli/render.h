/* SPDX-License-Identifier: ISC */
/* render.h - entries as text and JSON (render.c). */
#ifndef CLI_RENDER_H
#define CLI_RENDER_H

#include "cli.h"

/* A time: UTC ISO 8601 string in JSON (null when 0), local date in text. */
vault_err ob_time(struct obuf *ob, int64_t t, int json);
/* One entry as a JSON object; secrets (password, notes, TOTP, recovery
 * codes, second-factor device, custom fields) only when `secrets` is
 * set. */
vault_err ob_entry_json(struct obuf *ob, const vault_entry *e, int secrets);
/* What a reveal showed (VAULT_SHOWN_* bits) in words: "password",
 * "password, notes", "whole entry" (also for 0: a record from before the
 * fields were kept). A static string. */
const char *cli_shown(unsigned shown);
/* Flush `ob` to stdout and free it; returns an exit status. */
int cli_emit(struct cli *c, struct obuf *ob);

#endif
