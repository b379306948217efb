/* SPDX-License-Identifier: ISC */
/*
 * import/reader.h - the one interface between the import driver and each
 * format's reader (one file a format in this folder). A reader pulls
 * bytes from a source, builds a vault_entry for each record it finds and
 * hands it to the sink; it never touches the vault, the terminal or the
 * policy: the driver does (duplicates, weak passwords, one transaction).
 * Not installed; the library's own.
 */
#ifndef VAULT_IMPORT_READER_H
#define VAULT_IMPORT_READER_H

#include <stdint.h>
#include <stddef.h>
#include "vault.h"

/* Bytes in: read up to `cap` bytes into `buf`, set *got (0 at the end).
 * Errors: IO. Readers stream: they never need the whole file at once. */
struct vlt_import_src {
	vault_err (*read)(void *ctx, uint8_t *buf, size_t cap, size_t *got);
	void *ctx;
};

/* Where a reader is: 1-based line (0 when the format has no lines),
 * byte offset from the start of the source, 1-based record number. */
struct vlt_import_where {
	uint64_t line;
	uint64_t offset;
	uint64_t record;
};

/* Entries out. emit takes ownership of `e` whatever it returns; a
 * non-OK return stops the reader, which returns that code. skip reports
 * a record that cannot be read but leaves the rest of the file sound
 * (a row with no title, say): it is counted and shown, not imported.
 * On a malformed source the reader returns VAULT_ERR_FORMAT (or IO,
 * NOMEM, AUTH for a wrong KDBX password) after filling `why` (one line
 * of plain text, no secret in it) and `at`. */
struct vlt_import_sink {
	vault_err (*emit)(void *ctx, vault_entry *e,
	    const struct vlt_import_where *at);
	void (*skip)(void *ctx, const struct vlt_import_where *at,
	    const char *why);
	void *ctx;
	char why[200];
	struct vlt_import_where at;
	/* For the CSV readers (others ignore them): the caller's column
	 * overrides, n_map strings "COLUMN=FIELD", and where to say how the
	 * header was mapped (note may be NULL; plain text, no secret). */
	const char *const *map;
	size_t n_map;
	void (*note)(void *ctx, const char *text);
};

#endif
