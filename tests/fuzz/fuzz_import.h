/* SPDX-License-Identifier: ISC */
/*
 * fuzz_import.h - what the import readers' fuzz targets share: a source
 * over the input that hands it out in uneven pieces (readers must not
 * depend on where a read ends), and a sink that checks every entry a
 * reader emits and every reason it gives.
 * Properties, for any input:
 *  - the reader returns OK, FORMAT or NOMEM (a .kdbx reader, given a
 *    password, also AUTH or KDF); FORMAT and AUTH come with a reason
 *    that is one printable line;
 *  - every entry emitted has a title or none (the driver finds one), and
 *    every text field of it obeys the text rules (vault_text_check), so
 *    nothing from a file reaches a terminal with a control intact;
 *  - times are within 0..VAULT_TIME_MAX; skip reasons are printable.
 */
#ifndef FUZZ_IMPORT_H
#define FUZZ_IMPORT_H

#include "fuzz.h"
#include "vault.h"
#include "import/import.h"

struct fuzz_src {
	const uint8_t *p;
	size_t len, off;
	uint8_t step;
};

static vault_err
fuzz_src_read(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	struct fuzz_src *s = ctx;
	size_t n = s->len - s->off;
	size_t step = 1 + (size_t)s->step * 37u;

	if (n > cap)
		n = cap;
	if (n > step)
		n = step;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	*got = n;
	return VAULT_OK;
}

static void
fuzz_text_ok(const uint8_t *p, size_t len, unsigned flags)
{
	FUZZ_ASSERT(vault_text_check(p, len, flags, NULL, NULL) == 0);
}

static void
fuzz_line_ok(const char *s)
{
	size_t n = strlen(s);

	FUZZ_ASSERT(n > 0 && n < 200);
	fuzz_text_ok((const uint8_t *)s, n, 0);
}

static vault_err
fuzz_emit(void *ctx, vault_entry *e, const struct vlt_import_where *at)
{
	static const vault_field one_line[] = { VAULT_FIELD_TITLE,
	    VAULT_FIELD_USERNAME, VAULT_FIELD_URL, VAULT_FIELD_TOTP };
	const uint8_t *p, *n;
	size_t len, nl;
	int64_t when;

	(void)ctx;
	FUZZ_ASSERT(at->record > 0);
	for (size_t i = 0; i < sizeof one_line / sizeof *one_line; i++)
		if (vault_entry_field(e, one_line[i], &p, &len) == VAULT_OK)
			fuzz_text_ok(p, len, 0);
	if (vault_entry_field(e, VAULT_FIELD_NOTES, &p, &len) == VAULT_OK)
		fuzz_text_ok(p, len, VAULT_TEXT_MULTILINE);
	for (size_t i = 0; vault_entry_tag(e, i, &p, &len) == VAULT_OK; i++)
		fuzz_text_ok(p, len, 0);
	for (size_t i = 0; vault_entry_custom(e, i, &n, &nl, &p, &len) ==
	    VAULT_OK; i++) {
		fuzz_text_ok(n, nl, 0);
		fuzz_text_ok(p, len, VAULT_TEXT_MULTILINE);
	}
	for (size_t i = 0; vault_entry_history(e, i, &p, &len, &when) ==
	    VAULT_OK; i++)
		FUZZ_ASSERT(when >= 0 && when <= VAULT_TIME_MAX && len > 0);
	for (int t = VAULT_TIME_CREATED; t <= VAULT_TIME_PASSWORD; t++) {
		when = vault_entry_time(e, (vault_time)t);
		FUZZ_ASSERT(when >= 0 && when <= VAULT_TIME_MAX);
	}
	vault_entry_free(e);
	return VAULT_OK;
}

static void
fuzz_skip(void *ctx, const struct vlt_import_where *at, const char *why)
{
	(void)ctx;
	FUZZ_ASSERT(at->record > 0);
	fuzz_line_ok(why);
}

static void
fuzz_note(void *ctx, const char *text)
{
	(void)ctx;
	FUZZ_ASSERT(strlen(text) < 400);
}

/* A sink that checks what it is given (map: the CSV readers' --map). */
static void
fuzz_sink(struct vlt_import_sink *sink, const char *const *map, size_t n_map)
{
	memset(sink, 0, sizeof *sink);
	sink->emit = fuzz_emit;
	sink->skip = fuzz_skip;
	sink->note = fuzz_note;
	sink->map = map;
	sink->n_map = n_map;
}

/* A reader's answer: OK, FORMAT or NOMEM; with the file's password also
 * AUTH and KDF. A refusal comes with one printable line. And every
 * sniffer answers 0..100 on the same bytes. */
static void
fuzz_result(vault_err rc, const struct vlt_import_sink *sink, int with_pass,
    const uint8_t *data, size_t len)
{
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_FORMAT ||
	    rc == VAULT_ERR_NOMEM || (with_pass && (rc == VAULT_ERR_AUTH ||
	    rc == VAULT_ERR_KDF)));
	if (rc == VAULT_ERR_FORMAT || rc == VAULT_ERR_AUTH)
		fuzz_line_ok(sink->why);
	for (size_t i = 0; i < vlt_import_nformats; i++) {
		int sc = vlt_import_formats[i].sniff(data, len);

		FUZZ_ASSERT(sc >= 0 && sc <= 100);
	}
}

/* Run `read` over data[1..] (data[0] picks the read size); check it. */
FUZZ_UNUSED static void
fuzz_reader(vault_err (*read)(const struct vlt_import_src *,
    struct vlt_import_sink *), const uint8_t *data, size_t len,
    const char *const *map, size_t n_map)
{
	struct fuzz_src fs = { data + 1, len - 1, 0, data[0] };
	struct vlt_import_src src = { fuzz_src_read, &fs };
	struct vlt_import_sink sink;

	fuzz_sink(&sink, map, n_map);
	fuzz_result(read(&src, &sink), &sink, 0, data + 1, len - 1);
}

/* The same for a reader that needs the file's password (a .kdbx). */
FUZZ_UNUSED static void
fuzz_reader_pass(vault_err (*read_pass)(const struct vlt_import_src *,
    const uint8_t *, size_t, struct vlt_import_sink *),
    const uint8_t *pass, size_t pass_len, const uint8_t *data, size_t len)
{
	struct fuzz_src fs = { data + 1, len - 1, 0, data[0] };
	struct vlt_import_src src = { fuzz_src_read, &fs };
	struct vlt_import_sink sink;

	fuzz_sink(&sink, NULL, 0);
	fuzz_result(read_pass(&src, pass, pass_len, &sink), &sink, 1,
	    data + 1, len - 1);
}

#endif
