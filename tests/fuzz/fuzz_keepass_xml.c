/* SPDX-License-Identifier: ISC */
/*
 * fuzz_keepass_xml.c - the KeePass 2 XML reader (vlt_import_keepass_xml,
 * vault/import/keepass_xml.c) on arbitrary bytes: what a clerk gives
 * `cvault import` as a KeePass or KeePassXC XML export.
 * Input: byte 0 sets how many bytes each read returns (1..256), so that
 * the streaming is tried at every split; the rest is the file.
 * Properties:
 *  - the result is OK, FORMAT or NOMEM; a refusal comes with a reason
 *    that is one line of printable ASCII;
 *  - every entry handed over has a title that meets the text rules;
 *  - nothing leaks (the sink frees what it is given).
 */
#include "fuzz.h"
#include "vault.h"
#include "import/keepass.h"

struct src {
	const uint8_t *p;
	size_t len, step;
};

static vault_err
rd(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	struct src *s = ctx;
	size_t n = s->len < cap ? s->len : cap;

	if (n > s->step)
		n = s->step;
	memcpy(buf, s->p, n);
	s->p += n;
	s->len -= n;
	*got = n;
	return VAULT_OK;
}

static vault_err
emit(void *ctx, vault_entry *e, const struct vlt_import_where *at)
{
	const uint8_t *t;
	size_t n;

	(void)ctx;
	(void)at;
	FUZZ_ASSERT(vault_entry_field(e, VAULT_FIELD_TITLE, &t, &n) ==
	    VAULT_OK);
	FUZZ_ASSERT(vault_text_check(t, n, 0, NULL, NULL) == 0);
	vault_entry_free(e);
	return VAULT_OK;
}

static void
skip(void *ctx, const struct vlt_import_where *at, const char *why)
{
	(void)ctx;
	(void)at;
	FUZZ_ASSERT(why != NULL && why[0] != '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct src s;
	struct vlt_import_src in = { rd, &s };
	struct vlt_import_sink out;
	vault_err rc;

	if (len < 1)
		return 0;
	s.step = (size_t)data[0] + 1;
	s.p = data + 1;
	s.len = len - 1;
	memset(&out, 0, sizeof out);
	out.emit = emit;
	out.skip = skip;
	rc = vlt_import_keepass_xml(&in, &out);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_FORMAT ||
	    rc == VAULT_ERR_NOMEM);
	if (rc == VAULT_ERR_FORMAT) {
		FUZZ_ASSERT(out.why[0] != '\0');
		for (size_t i = 0; out.why[i] != '\0'; i++)
			FUZZ_ASSERT(out.why[i] >= 0x20 && out.why[i] < 0x7f);
	}
	return 0;
}
