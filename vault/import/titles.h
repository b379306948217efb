/* SPDX-License-Identifier: ISC */
/*
 * import/titles.h - the set of titles an import has seen (titles.c):
 * matched after NFC normalisation and case folding, kept as they came.
 */
#ifndef VAULT_IMPORT_TITLES_H
#define VAULT_IMPORT_TITLES_H

#include <stdint.h>
#include <stddef.h>
#include "vault.h"

#define VLT_TITLE_KEY 16u
struct vlt_titles;

vault_err vlt_titles_new(struct vlt_titles **out);
void vlt_titles_free(struct vlt_titles *t);     /* NULL: no-op */
/* The matching key of a title: trimmed, NFC, case-folded, hashed. */
vault_err vlt_titles_key(const struct vlt_titles *t, const uint8_t *title,
    size_t len, uint8_t key[VLT_TITLE_KEY]);
/* The title first seen under `key` (NUL-terminated, owned by the set),
 * or NULL; *existing (may be NULL) 1 when it is the vault's. */
const char *vlt_titles_find(const struct vlt_titles *t,
    const uint8_t key[VLT_TITLE_KEY], int *existing);
/* Remember `title` under `key` (a key already there keeps its title). */
vault_err vlt_titles_put(struct vlt_titles *t,
    const uint8_t key[VLT_TITLE_KEY], const uint8_t *title, size_t len,
    int existing);

#endif
