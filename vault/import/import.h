/* SPDX-License-Identifier: ISC */
/*
 * import/import.h - what the import driver and the readers share beyond
 * reader.h: the table of formats, each reader's entry point, and the
 * small helpers every reader uses to turn foreign text into entry fields.
 * Not installed.
 */
#ifndef VAULT_IMPORT_IMPORT_H
#define VAULT_IMPORT_IMPORT_H

#include "reader.h"

/* A format the driver knows. sniff looks at the first bytes of the
 * source (after any byte-order mark: `head`, `len` of them) and answers
 * 0 (not this format) to 100 (certainly this one); the highest wins.
 * read streams the whole source; a format of kind VLT_FMT_PASSWORD has
 * read_pass instead (the file's own password, secret, read only). To add
 * one: a line in formats.c's table. */
#define VLT_FMT_PASSWORD 0x1u
struct vlt_import_format {
	const char *name;       /* --format NAME */
	const char *label;      /* "a Bitwarden JSON export" */
	unsigned kind;
	int (*sniff)(const uint8_t *head, size_t len);
	vault_err (*read)(const struct vlt_import_src *src,
	    struct vlt_import_sink *sink);
	vault_err (*read_pass)(const struct vlt_import_src *src,
	    const uint8_t *pass, size_t pass_len, struct vlt_import_sink *sink);
};
/* wipe_alloc.c: malloc, realloc and free for the parsers' own buffers,
 * each block wiped before it is freed or moved. */
void *vlt_wipe_malloc(size_t n);
void *vlt_wipe_realloc(void *p, size_t n);
void vlt_wipe_free(void *p);

extern const struct vlt_import_format vlt_import_formats[];
extern const size_t vlt_import_nformats;

/* csv.c and csv_formats.c: one reader per CSV dialect (a table of its
 * columns), all through one streaming parser (libcsv). */
struct vlt_csv_profile;
vault_err vlt_csv_read(const struct vlt_import_src *src,
    const struct vlt_csv_profile *p, struct vlt_import_sink *sink);
/* The profile whose header the first line of `head` matches, and how
 * well (csv_formats.c); `name` NULL: any. */
int vlt_csv_sniff(const uint8_t *head, size_t len, const char *name);
vault_err vlt_import_csv_spreadsheet(const struct vlt_import_src *,
    struct vlt_import_sink *);
vault_err vlt_import_csv_keepassxc(const struct vlt_import_src *,
    struct vlt_import_sink *);
vault_err vlt_import_csv_bitwarden(const struct vlt_import_src *,
    struct vlt_import_sink *);
vault_err vlt_import_csv_chrome(const struct vlt_import_src *,
    struct vlt_import_sink *);
vault_err vlt_import_csv_firefox(const struct vlt_import_src *,
    struct vlt_import_sink *);
vault_err vlt_import_csv_safari(const struct vlt_import_src *,
    struct vlt_import_sink *);
vault_err vlt_import_csv_1password(const struct vlt_import_src *,
    struct vlt_import_sink *);
vault_err vlt_import_csv_lastpass(const struct vlt_import_src *,
    struct vlt_import_sink *);
int vlt_sniff_csv_spreadsheet(const uint8_t *, size_t);
int vlt_sniff_csv_keepassxc(const uint8_t *, size_t);
int vlt_sniff_csv_bitwarden(const uint8_t *, size_t);
int vlt_sniff_csv_chrome(const uint8_t *, size_t);
int vlt_sniff_csv_firefox(const uint8_t *, size_t);
int vlt_sniff_csv_safari(const uint8_t *, size_t);
int vlt_sniff_csv_1password(const uint8_t *, size_t);
int vlt_sniff_csv_lastpass(const uint8_t *, size_t);

/* bitwarden_json.c */
vault_err vlt_import_bitwarden_json(const struct vlt_import_src *,
    struct vlt_import_sink *);
int vlt_sniff_bitwarden_json(const uint8_t *, size_t);

/* draft.c: an entry being read, as records in one reused buffer
 * (wiped), made a vault_entry once it is whole: setting fields on a
 * vault_entry one by one costs a guarded allocation each. Field and
 * custom values are set as given (text.c cleans them first); errors:
 * FORMAT (too long, too many) NOMEM. get: 1 and the value when set. */
struct vlt_draft {
	uint8_t *buf;
	size_t len, cap;
};
void vlt_draft_clear(struct vlt_draft *d);
void vlt_draft_free(struct vlt_draft *d);
int vlt_draft_get(const struct vlt_draft *d, vault_field f,
    const uint8_t **p, size_t *len);
vault_err vlt_draft_set(struct vlt_draft *d, vault_field f, const uint8_t *p,
    size_t len);
vault_err vlt_draft_custom(struct vlt_draft *d, const uint8_t *name,
    size_t nlen, const uint8_t *val, size_t vlen);
int vlt_draft_has_custom(const struct vlt_draft *d, const uint8_t *name,
    size_t nlen);
vault_err vlt_draft_tag(struct vlt_draft *d, const uint8_t *p, size_t len);
vault_err vlt_draft_time(struct vlt_draft *d, vault_time t, int64_t when);
/* History: newest first; past VAULT_HISTORY_MAX ignored. */
vault_err vlt_draft_history(struct vlt_draft *d, const uint8_t *pw,
    size_t len, int64_t when);
/* The entry (empty draft: an empty entry); the draft is cleared. */
vault_err vlt_draft_entry(struct vlt_draft *d, vault_entry **out);

/* text.c: foreign text into fields. Text is checked as UTF-8 (FORMAT
 * when it is not, so the caller can say "not UTF-8"); control and bidi
 * characters become spaces (in notes and custom values a CR LF or lone
 * CR becomes a newline, and newlines and tabs stay); leading and
 * trailing white space is trimmed on one-line fields. Empty values are
 * left unset (VAULT_OK). Passwords are bytes, set as they are. */
vault_err vlt_imp_set(struct vlt_draft *e, vault_field f, const uint8_t *p,
    size_t len);
vault_err vlt_imp_custom(struct vlt_draft *e, const uint8_t *name,
    size_t nlen, const uint8_t *val, size_t vlen);
vault_err vlt_imp_tag(struct vlt_draft *e, const uint8_t *p, size_t len);
/* Append "Label: value" (or the value alone, label NULL) as a line of
 * the notes. */
vault_err vlt_imp_note_line(struct vlt_draft *e, const char *label,
    const uint8_t *p, size_t len);
/* A web address: the URL when it has none yet, else a custom field
 * "Other web address" (then "... 2", "... 3", up to 20). */
vault_err vlt_imp_url(struct vlt_draft *e, const uint8_t *p, size_t len);
/* No title: the web address's host, else the username; NOTFOUND when
 * neither is there. (On an entry: the driver's, after emit.) */
vault_err vlt_imp_title_fallback(vault_entry *e);
/* "2023-04-05T06:07:08(.123)Z" or with +hh:mm: Unix seconds in *out;
 * FORMAT when it is not such a time or out of range. */
vault_err vlt_imp_iso8601(const uint8_t *p, size_t len, int64_t *out);
/* A decimal number of seconds (ms = 1: milliseconds) since 1970. */
vault_err vlt_imp_epoch(const uint8_t *p, size_t len, int ms, int64_t *out);
/* Set time `t` from text (ISO 8601 or epoch); empty or unreadable text
 * leaves it unset. */
void vlt_imp_time(struct vlt_draft *e, vault_time t, const uint8_t *p,
    size_t len, int ms);
/* 1 when the first `len` bytes are valid UTF-8, allowing a code point
 * cut at the very end (a chunk boundary). */
int vlt_imp_utf8_prefix(const uint8_t *p, size_t len);

#endif
