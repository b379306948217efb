/* SPDX-License-Identifier: ISC */
/*
 * export/export.h - the export writers' shared parts (export.c drives
 * them over vault_entry_walk). Not installed.
 */
#ifndef VAULT_EXPORT_EXPORT_H
#define VAULT_EXPORT_EXPORT_H

#include "import/kdbx.h"

/* One writer: begin, one call per entry, end; all into `b` (guarded). */
struct exp_writer {
	vault_err (*begin)(void *w, struct vlt_gbuf *b);
	vault_err (*entry)(void *w, struct vlt_gbuf *b, const vault_entry *e);
	vault_err (*end)(void *w, struct vlt_gbuf *b);
};

extern const struct exp_writer exp_csv, exp_json, exp_kdbx_xml;

/* export_kdbx.c: the KDBX writer's state (inner stream, ids). */
struct exp_kdbx {
	struct kdbx_stream inner;
	uint8_t inner_key[64];
};
vault_err exp_kdbx_file(struct exp_kdbx *k, const struct vlt_gbuf *xml,
    const uint8_t *pass, size_t pass_len, const struct kdbx_kdf_params *kdf,
    int fd);
/* A KDBX file of `n` entries with the given Argon2id settings (memory
 * in bytes, iterations, lanes): for tests and fuzz seeds, whose KDF
 * must be cheaper than vault_params allows. */
vault_err exp_kdbx_entries(vault_entry *const *e, size_t n,
    const uint8_t *pass, size_t pass_len,
    const struct kdbx_kdf_params *kdf, int fd);

/* export_text.c helpers shared with the KDBX XML */
vault_err exp_put_esc_xml(struct vlt_gbuf *b, const uint8_t *p, size_t n);
vault_err exp_write_all(int fd, const uint8_t *p, size_t n);
/* "YYYY-MM-DDTHH:MM:SSZ" */
void exp_iso_time(int64_t t, char out[32]);

#endif
