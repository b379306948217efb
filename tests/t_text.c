/* SPDX-License-Identifier: ISC */
/*
 * t_text.c - the text rules (vault_text_check), the setters that refuse
 * text breaking them, readers that still return what an older vault
 * holds, and holder roles checked when read back from the file.
 *
 * With `--legacy-vault FILE` it instead writes a vault as an older cvault
 * could have: titles, tags, names and notes holding terminal control
 * characters and bytes that are not UTF-8, put straight into the records
 * (the setters would refuse them). tests/cli.sh and tests/cli_escrow.sh
 * check that every screen shows them escaped.
 */
#include "tap.h"
#include "testutil.h"
#include "internal.h"
#include "codec.h"

#define CLERK "velvet-marsh-tango-pylon"
#define P_CHAIR "harbor-quill-sprocket-lava"
#define P_DEPUTY "tundra-falcon-opal-ledger"

/* The title of the legacy vault's entry, as the attack in issue 9. */
#define EVIL_TITLE "Legacy\r\033[2K\033[1A\033[2K\033[8m"
#define T(s) (const uint8_t *)(s), sizeof(s) - 1

static int
check(const char *s, size_t len, unsigned flags, size_t want_at,
    uint32_t want_cp)
{
	size_t at = 99;
	uint32_t cp = 99;
	int kind = vault_text_check((const uint8_t *)s, len, flags, &at, &cp);

	if (kind != 0 && (at != want_at || cp != want_cp))
		printf("# %d at %zu cp %x\n", kind, at, (unsigned)cp);
	return kind != 0 && (at != want_at || cp != want_cp) ? -1 : kind;
}
#define CK(s, flags, at, cp) check(s, sizeof(s) - 1, flags, at, cp)

static void
test_printable(void)
{
	CHECK(CK("Lloyds online banking", 0, 0, 0) == 0);
	CHECK(CK("Caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x8f\xa6", 0, 0, 0) == 0);
	CHECK(CK("", 0, 0, 0) == 0);
	CHECK(vault_text_check(NULL, 0, 0, NULL, NULL) == 0);
	/* Backslashes, quotes, right-to-left letters are text. */
	CHECK(CK("a\\x1b \"q\" \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 0, 0, 0) ==
	    0);
}

static void
test_controls(void)
{
	CHECK(CK("ab\x03", 0, 2, 3) == VAULT_TEXT_CONTROL);
	CHECK(CK("\r\033[2K", 0, 0, '\r') == VAULT_TEXT_CONTROL);
	CHECK(CK("x\033[8m", 0, 1, 0x1b) == VAULT_TEXT_CONTROL);
	CHECK(CK("a\0b", 0, 1, 0) == VAULT_TEXT_CONTROL);
	CHECK(CK("del\x7f", 0, 3, 0x7f) == VAULT_TEXT_CONTROL);
	CHECK(CK("c1\xc2\x9b" "2J", 0, 2, 0x9b) == VAULT_TEXT_CONTROL);
	CHECK(CK("nel\xc2\x85", 0, 3, 0x85) == VAULT_TEXT_CONTROL);
	CHECK(CK("\xc2\xa0ok", 0, 0, 0) == 0);          /* NBSP is text */
	/* Newline and tab: only where asked for, and CR never. */
	CHECK(CK("a\nb", 0, 1, '\n') == VAULT_TEXT_CONTROL);
	CHECK(CK("a\nb\tc", VAULT_TEXT_MULTILINE, 0, 0) == 0);
	CHECK(CK("a\r\nb", VAULT_TEXT_MULTILINE, 1, '\r') ==
	    VAULT_TEXT_CONTROL);
	CHECK(CK("a\n\033", VAULT_TEXT_MULTILINE, 2, 0x1b) ==
	    VAULT_TEXT_CONTROL);
}

static void
test_bidi(void)
{
	static const struct { const char *s; uint32_t cp; } b[] = {
		{ "x\xd8\x9c", 0x061c }, { "x\xe2\x80\x8e", 0x200e },
		{ "x\xe2\x80\x8f", 0x200f }, { "x\xe2\x80\xaa", 0x202a },
		{ "x\xe2\x80\xae", 0x202e }, { "x\xe2\x81\xa6", 0x2066 },
		{ "x\xe2\x81\xa9", 0x2069 },
	};

	for (size_t i = 0; i < sizeof b / sizeof *b; i++)
		CHECK(check(b[i].s, strlen(b[i].s), VAULT_TEXT_MULTILINE, 1,
		    b[i].cp) == VAULT_TEXT_CONTROL);
	/* Neighbours that are not controls. */
	CHECK(CK("x\xe2\x80\xa9y\xe2\x80\xafz\xe2\x81\xaa", 0, 0, 0) == 0);
}

static void
test_utf8(void)
{
	CHECK(CK("ok\xff\xfe", 0, 2, 0xff) == VAULT_TEXT_NOT_UTF8);
	CHECK(CK("\x80", 0, 0, 0x80) == VAULT_TEXT_NOT_UTF8);
	CHECK(CK("\xc0\xaf", 0, 0, 0xc0) == VAULT_TEXT_NOT_UTF8); /* overlong */
	CHECK(CK("\xe0\x80\xaf", 0, 0, 0xe0) == VAULT_TEXT_NOT_UTF8);
	CHECK(CK("\xed\xa0\x80", 0, 0, 0xed) == VAULT_TEXT_NOT_UTF8); /* D800 */
	CHECK(CK("\xf4\x90\x80\x80", 0, 0, 0xf4) == VAULT_TEXT_NOT_UTF8);
	CHECK(CK("ab\xe2\x98", 0, 2, 0xe2) == VAULT_TEXT_NOT_UTF8); /* cut */
	CHECK(CK("\xe2\x28\xa1", 0, 0, 0xe2) == VAULT_TEXT_NOT_UTF8);
	CHECK(CK("\xf4\x8f\xbf\xbf", 0, 0, 0) == 0);    /* U+10FFFF */
	CHECK(CK("\xef\xbb\xbf", 0, 0, 0) == 0);        /* U+FEFF */
}

static void
test_setters(void)
{
	vault_entry *e = NULL;

	REQUIRE(vault_entry_new(&e) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_TITLE, T(EVIL_TITLE)) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, VAULT_FIELD_TITLE, T("Bad\xff\xfe")) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, VAULT_FIELD_TITLE, T("Bank")) == VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_USERNAME, T("u\xe2\x80\xae")) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, VAULT_FIELD_URL, T("https://x/\n")) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, VAULT_FIELD_TOTP, T("otpauth://\033")) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, VAULT_FIELD_NOTES, T("one\ntwo\tthree")) ==
	    VAULT_OK);
	CHECK(vault_entry_set(e, VAULT_FIELD_NOTES, T("one\r\ntwo")) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_set(e, VAULT_FIELD_NOTES, T("\xfe")) ==
	    VAULT_ERR_INVALID);
	/* A password is bytes. */
	CHECK(vault_entry_set(e, VAULT_FIELD_PASSWORD, T("p\033\xff\n")) ==
	    VAULT_OK);
	CHECK(vault_entry_tag_add(e, "fin\033ance") == VAULT_ERR_INVALID);
	CHECK(vault_entry_tag_add(e, "fin\xe2\x81\xa6") == VAULT_ERR_INVALID);
	CHECK(vault_entry_tag_add(e, "finance") == VAULT_OK);
	CHECK(vault_entry_custom_set(e, "pin\033", T("1")) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_custom_set(e, "pin", T("1\0332")) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_entry_custom_set(e, "pin", T("12\n34")) == VAULT_OK);
	/* Removing works whatever the name, so old fields can go. */
	CHECK(vault_entry_custom_set(e, "old\033", NULL, 0) == VAULT_OK);
	vault_entry_free(e);
}

static int
drop_tag(const struct vlt_tlv *it, unsigned idx, const void *ctx)
{
	(void)idx;
	return it->tag == *(const unsigned *)ctx;
}

/* Put a record in as an older cvault could have written it. */
static vault_err
raw(vault_entry *e, unsigned tag, const uint8_t *p, size_t len)
{
	return vlt_entry_rebuild(e, tag == VLT_TAG_TAG ? NULL : drop_tag, &tag,
	    tag, p, len, NULL, 0, 0);
}

static vault_err
raw_custom(vault_entry *e, const char *name, const char *val)
{
	uint8_t hdr[64];
	size_t nl = strlen(name);

	hdr[0] = (uint8_t)nl;
	hdr[1] = 0;
	memcpy(hdr + 2, name, nl);
	return vlt_entry_rebuild(e, NULL, NULL, VLT_TAG_CUSTOM, hdr, 2 + nl,
	    (const uint8_t *)val, strlen(val), 0);
}

/* The legacy vault: see the file's opening comment. */
static vault_err
legacy_vault(const char *path, vault **out)
{
	vault_holder_spec hs[2] = { { 0 }, { 0 } };
	vault_entry *e = NULL;
	vault *v = NULL;
	vault_err rc;

	hs[0].role = "chair", hs[0].name = "G. Walker";
	hs[0].pass = (const uint8_t *)P_CHAIR, hs[0].pass_len = strlen(P_CHAIR);
	hs[1].role = "deputy", hs[1].name = "P. Jones";
	hs[1].pass = (const uint8_t *)P_DEPUTY;
	hs[1].pass_len = strlen(P_DEPUTY);
	*out = NULL;
	if ((rc = vault_create(path, "Little Snoring PC", PASS(CLERK),
	    &test_params, &v)) || (rc = vault_escrow_setup(v, hs, 2, 2,
	    &test_params, NULL)) || (rc = vault_entry_new(&e)) ||
	    (rc = raw(e, VLT_TAG_TITLE, T(EVIL_TITLE))) ||
	    (rc = raw(e, VLT_TAG_USERNAME, T("clerk\xe2\x80\xaelive.com"))) ||
	    (rc = raw(e, VLT_TAG_NOTES, T("first\n\033[2Jsecond"))) ||
	    (rc = raw(e, VLT_TAG_TAG, T("fin\033]0;owned\007"))) ||
	    (rc = raw_custom(e, "pin\033[8m", "12\03334")) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
	    T("old\033[31m-pass"))) || (rc = vault_entry_add(v, e)))
		goto out;
	/* A second password, so the first (with its ESC) is history. */
	if ((rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
	    T("Kq8-vTz3@pLm9wRs"))) ||
	    (rc = vault_entry_update(v, EVIL_TITLE, e)))
		goto out;
	vault_entry_free(e);
	e = NULL;
	if ((rc = vault_entry_new(&e)) ||
	    (rc = raw(e, VLT_TAG_TITLE, T("Bad\xff\xfe"))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
	    T("Zr4@wq-Nd8sLk2Vb"))) || (rc = vault_entry_add(v, e)))
		goto out;
	*out = v;
	v = NULL;
out:
	vault_entry_free(e);
	vault_close(v);
	return rc;
}

static int
count_entry(void *ctx, const vault_entry *e)
{
	(void)e;
	++*(int *)ctx;
	return 0;
}

/* What an older vault holds is read back as it is, never refused. */
static void
test_legacy_read(void)
{
	const char *path = test_path("legacy.vault");
	vault *v = NULL;
	vault_entry *e = NULL;
	const uint8_t *p, *n;
	size_t len, nl;
	int64_t when;
	int found = 0;

	REQUIRE(legacy_vault(path, &v) == VAULT_OK);
	vault_close(v);
	v = NULL;
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_entry_get(v, EVIL_TITLE, &e) == VAULT_OK);
	if (e != NULL) {
		CHECK(vault_entry_field(e, VAULT_FIELD_TITLE, &p, &len) ==
		    VAULT_OK && len == sizeof EVIL_TITLE - 1 &&
		    memcmp(p, EVIL_TITLE, len) == 0);
		CHECK(vault_entry_tag(e, 0, &p, &len) == VAULT_OK &&
		    len == 13 && p[3] == 0x1b);
		CHECK(vault_entry_custom(e, 0, &n, &nl, &p, &len) ==
		    VAULT_OK && nl == 7 && n[3] == 0x1b);
		CHECK(vault_entry_history(e, 0, &p, &len, &when) == VAULT_OK &&
		    len == 13 && p[3] == 0x1b);
		/* Editing other fields keeps the old title. */
		CHECK(vault_entry_set(e, VAULT_FIELD_URL,
		    T("https://x.example")) == VAULT_OK);
		CHECK(vault_entry_update(v, EVIL_TITLE, e) == VAULT_OK);
	}
	vault_entry_free(e);
	e = NULL;
	CHECK(vault_entry_get(v, "Bad\xff\xfe", &e) == VAULT_OK);
	vault_entry_free(e);
	CHECK(vault_entry_search(v, NULL, count_entry, &found, NULL) ==
	    VAULT_OK && found == 2);
	CHECK(vault_verify(v, NULL, NULL, NULL) == VAULT_OK);
	vault_close(v);
}

/* The holder table's role column is not sealed: a role edited in the
 * file is damage, before it can reach a screen or a log record. */
static void
test_role_from_file(void)
{
	const char *path = test_path("roles.vault");
	vault *v = NULL;
	vault_escrow *eo = NULL;
	unsigned k, n, rot;
	int64_t since;

	REQUIRE(legacy_vault(path, &v) == VAULT_OK);
	vault_close(v);
	v = NULL;
	REQUIRE(vault_escrow_begin(path, &eo) == VAULT_OK);
	vault_escrow_free(eo);
	eo = NULL;
	REQUIRE(sql(path, "UPDATE holder SET role = char(27) || '[2J' "
	    "WHERE role = 'chair'") == 0);
	CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_CORRUPT);
	vault_escrow_free(eo);
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_escrow_status(v, &k, &n, &rot, &since, NULL, NULL) ==
	    VAULT_ERR_CORRUPT);
	vault_close(v);
	v = NULL;
	/* Too long, upper case, empty: all damage too. */
	REQUIRE(sql(path, "UPDATE holder SET role = 'Chair' "
	    "WHERE role <> 'deputy'") == 0);
	CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_CORRUPT);
	vault_escrow_free(eo);
	REQUIRE(sql(path, "UPDATE holder SET role = "
	    "'a23456789012345678901234567890123' WHERE role <> 'deputy'") == 0);
	CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_CORRUPT);
	vault_escrow_free(eo);
	REQUIRE(sql(path, "UPDATE holder SET role = '' "
	    "WHERE role <> 'deputy'") == 0);
	CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_CORRUPT);
	vault_escrow_free(eo);
}

static void
test_holder_names(void)
{
	const char *path = test_path("names.vault");
	vault_holder_spec hs[1] = { { 0 } };
	vault *v = NULL;

	REQUIRE(vault_create(path, "X", PASS(CLERK), &test_params, &v) ==
	    VAULT_OK);
	hs[0].role = "chair";
	hs[0].name = "G. \033[2JWalker";
	hs[0].pass = (const uint8_t *)P_CHAIR;
	hs[0].pass_len = strlen(P_CHAIR);
	CHECK(vault_escrow_setup(v, hs, 1, 1, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	hs[0].role = "ch\033ir";
	hs[0].name = "G. Walker";
	CHECK(vault_escrow_setup(v, hs, 1, 1, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	vault_close(v);
}

int
main(int argc, char **argv)
{
	vault *v = NULL;
	vault_err rc;

	if (argc == 3 && strcmp(argv[1], "--legacy-vault") == 0) {
		if ((rc = legacy_vault(argv[2], &v)) != VAULT_OK) {
			fprintf(stderr, "t_text: %s\n", vault_strerror(rc));
			return 1;
		}
		vault_close(v);
		return 0;
	}
	test_dir_make();
	RUN(test_printable);
	RUN(test_controls);
	RUN(test_bidi);
	RUN(test_utf8);
	RUN(test_setters);
	RUN(test_legacy_read);
	RUN(test_role_from_file);
	RUN(test_holder_names);
	test_dir_remove();
	return TAP_END();
}
