/* SPDX-License-Identifier: ISC */
/*
 * fuzz_import.h - what the import readers' fuzz targets share: a source
 * over the input that hands it out in uneven pieces (readers must not
 * depend on where a read ends), and a sink that checks every entry a
 * reader emits and every reason it gives.
 * Properties, for any input:
 *  - the reader returns OK, FORMAT or NOMEM; FORMAT comes with a reason
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

/* Run `read` over data[1..] (data[0] picks the read size); check it. */
static void
fuzz_reader(vault_err (*read)(const struct vlt_import_src *,
    struct vlt_import_sink *), const uint8_t *data, size_t len,
    const char *const *map, size_t n_map)
{
	struct fuzz_src fs = { data + 1, len - 1, 0, data[0] };
	struct vlt_import_src src = { fuzz_src_read, &fs };
	struct vlt_import_sink sink;
	vault_err rc;

	memset(&sink, 0, sizeof sink);
	sink.emit = fuzz_emit;
	sink.skip = fuzz_skip;
	sink.note = fuzz_note;
	sink.map = map;
	sink.n_map = n_map;
	rc = read(&src, &sink);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_FORMAT ||
	    rc == VAULT_ERR_NOMEM);
	if (rc == VAULT_ERR_FORMAT)
		fuzz_line_ok(sink.why);
	/* every sniffer answers 0..100 on the same bytes */
	for (size_t i = 0; i < vlt_import_nformats; i++) {
		int sc = vlt_import_formats[i].sniff(data + 1, len - 1);

		FUZZ_ASSERT(sc >= 0 && sc <= 100);
	}
}

#endif
