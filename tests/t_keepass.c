/* SPDX-License-Identifier: ISC */
/*
 * t_keepass.c - the KeePass readers (vault/import/keepass_xml.c, kdbx.c)
 * and the KDBX writer (vault/export/), through their internal interface.
 * With no arguments: TAP tests on built-in XML and on KDBX files this
 * library writes. With arguments, a helper for tests/cli_keepass.sh:
 *   t_keepass dump xml|kdbx FILE     entries as text, one field a line
 *   t_keepass count xml|kdbx FILE    how many entries (none kept)
 *                                    (kdbx: the password is stdin's first
 *                                    line); exit 1 with "error: CODE: why"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include "tap.h"
#include "testutil.h"
#include "vault.h"
#include "import/keepass.h"
#include "import/kdbx.h"
#include "export/export.h"

struct memsrc {
	const uint8_t *p;
	size_t len, pos, step;
};

static vault_err
mem_read(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	struct memsrc *m = ctx;
	size_t n = m->len - m->pos;

	if (n > cap)
		n = cap;
	if (m->step && n > m->step)
		n = m->step;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	*got = n;
	return VAULT_OK;
}

static vault_err
fd_read(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	ssize_t n = read(*(int *)ctx, buf, cap);

	if (n < 0)
		return VAULT_ERR_IO;
	*got = (size_t)n;
	return VAULT_OK;
}

/* The sink keeps entries (up to 64) and counts skips. */
struct keep {
	vault_entry *e[64];
	size_t n, skipped;
	char skip_why[200];
};

static vault_err
keep_emit(void *ctx, vault_entry *e, const struct vlt_import_where *at)
{
	struct keep *k = ctx;

	(void)at;
	if (k->n == 64) {
		vault_entry_free(e);
		return VAULT_ERR_NOMEM;
	}
	k->e[k->n++] = e;
	return VAULT_OK;
}

static void
keep_skip(void *ctx, const struct vlt_import_where *at, const char *why)
{
	struct keep *k = ctx;

	(void)at;
	k->skipped++;
	snprintf(k->skip_why, sizeof k->skip_why, "%s", why);
}

static void
keep_free(struct keep *k)
{
	for (size_t i = 0; i < k->n; i++)
		vault_entry_free(k->e[i]);
	memset(k, 0, sizeof *k);
}

static void
put_esc(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n')
			fputs("\\n", f);
		else if (p[i] == '\\')
			fputs("\\\\", f);
		else if (p[i] < 0x20 || p[i] == 0x7f)
			fprintf(f, "\\x%02x", p[i]);
		else
			putc(p[i], f);
	}
}

static void
dump_entry(FILE *o, const vault_entry *e)
{
	static const char *const names[] = { NULL, "title", "username",
	    "url", "notes", "password", "totp", "recovery", "device" };
	const uint8_t *p, *q;
	size_t n, m;
	int64_t t;

	for (int f = 1; f <= 8; f++) {
		if (vault_entry_field(e, (vault_field)f, &p, &n) != VAULT_OK)
			continue;
		fprintf(o, "%s ", names[f]);
		put_esc(o, p, n);
		putc('\n', o);
	}
	for (size_t i = 0; vault_entry_tag(e, i, &p, &n) == VAULT_OK; i++) {
		fprintf(o, "tag ");
		put_esc(o, p, n);
		putc('\n', o);
	}
	for (size_t i = 0; vault_entry_custom(e, i, &p, &n, &q, &m) ==
	    VAULT_OK; i++) {
		fprintf(o, "custom ");
		put_esc(o, p, n);
		putc('=', o);
		put_esc(o, q, m);
		putc('\n', o);
	}
	for (size_t i = 0; vault_entry_history(e, i, &p, &n, &t) == VAULT_OK;
	    i++) {
		fprintf(o, "history ");
		put_esc(o, p, n);
		fprintf(o, " %lld\n", (long long)t);
	}
	fprintf(o, "created %lld\nmodified %lld\npwtime %lld\n",
	    (long long)vault_entry_time(e, VAULT_TIME_CREATED),
	    (long long)vault_entry_time(e, VAULT_TIME_MODIFIED),
	    (long long)vault_entry_time(e, VAULT_TIME_PASSWORD));
}


static const char xml_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<KeePassFile><Meta>"
    "<RecycleBinUUID>YmluYmluYmluYmluYmluYg==</RecycleBinUUID></Meta>"
    "<Root><Group><UUID>cm9vdHJvb3Ryb290cm9vdA==</UUID><Name>Root</Name>"
    "<Entry><Tags>alpha;beta</Tags><Times>"
    "<CreationTime>2020-01-02T03:04:05Z</CreationTime>"
    "<LastModificationTime>2021-01-01T00:00:00Z</LastModificationTime>"
    "</Times><String><Key>Title</Key><Value>Top</Value></String>"
    "<String><Key>Password</Key><Value ProtectInMemory=\"True\">new</Value>"
    "</String><String><Key>otp</Key><Value>otpauth://totp/x?secret="
    "JBSWY3DPEHPK3PXPJBSWY3DP</Value></String>"
    "<String><Key>Pin</Key><Value>1234</Value></String>"
    "<History><Entry><Times><LastModificationTime>2020-01-02T03:04:05Z"
    "</LastModificationTime></Times><String><Key>Password</Key>"
    "<Value>old</Value></String></Entry><Entry><Times>"
    "<LastModificationTime>2020-06-01T00:00:00Z</LastModificationTime>"
    "</Times><String><Key>Password</Key><Value>mid</Value></String>"
    "</Entry></History></Entry>"
    "<Group><UUID>Y291bmNpbGNvdW5jaWxjbw==</UUID><Name>Council</Name>"
    "<Group><UUID>YmFua2JhbmtiYW5rYmFuaw==</UUID><Name>Banking</Name>"
    "<Entry><String><Key>Title</Key><Value>Bank \xc5\xb5</Value></String>"
    "<String><Key>Notes</Key><Value>line1\nline2</Value></String>"
    "<String><Key>UserName</Key><Value>clerk</Value></String></Entry>"
    "<Entry><String><Key>UserName</Key><Value>untitled</Value></String>"
    "</Entry></Group></Group>"
    "<Group><UUID>YmluYmluYmluYmluYmluYg==</UUID><Name>Recycle Bin</Name>"
    "<Entry><String><Key>Title</Key><Value>Gone</Value></String></Entry>"
    "</Group></Group></Root></KeePassFile>\n";

static vault_err
read_xml(const char *doc, size_t len, size_t step, struct keep *k,
    struct vlt_import_sink *sink)
{
	struct memsrc m = { (const uint8_t *)doc, len, 0, step };
	struct vlt_import_src src = { mem_read, &m };

	memset(k, 0, sizeof *k);
	memset(sink, 0, sizeof *sink);
	sink->emit = keep_emit;
	sink->skip = keep_skip;
	sink->ctx = k;
	return vlt_import_keepass_xml(&src, sink);
}

static void
test_xml_fields(void)
{
	struct keep k;
	struct vlt_import_sink sink;
	const uint8_t *p;
	size_t n;
	int64_t t;

	/* one byte at a time: the streaming must not depend on chunks */
	REQUIRE(read_xml(xml_doc, sizeof xml_doc - 1, 1, &k, &sink) ==
	    VAULT_OK);
	REQUIRE(k.n == 2);
	CHECK(k.skipped == 1 && strstr(k.skip_why, "no title") != NULL);
	CHECK(test_field_is(k.e[0], VAULT_FIELD_TITLE, "Top"));
	CHECK(test_field_is(k.e[0], VAULT_FIELD_PASSWORD, "new"));
	CHECK(test_field_is(k.e[0], VAULT_FIELD_TOTP, "otpauth://totp/x?secret="
	    "JBSWY3DPEHPK3PXPJBSWY3DP"));
	CHECK(vault_entry_tag(k.e[0], 0, &p, &n) == VAULT_OK && n == 5 &&
	    memcmp(p, "alpha", 5) == 0);
	CHECK(vault_entry_tag(k.e[0], 2, &p, &n) == VAULT_ERR_NOTFOUND);
	CHECK(vault_entry_time(k.e[0], VAULT_TIME_CREATED) == 1577934245);
	CHECK(vault_entry_time(k.e[0], VAULT_TIME_MODIFIED) == 1609459200);
	/* old replaced when "mid" was set; mid when "new" was */
	CHECK(vault_entry_history(k.e[0], 0, &p, &n, &t) == VAULT_OK &&
	    n == 3 && memcmp(p, "mid", 3) == 0 && t == 1609459200);
	CHECK(vault_entry_history(k.e[0], 1, &p, &n, &t) == VAULT_OK &&
	    n == 3 && memcmp(p, "old", 3) == 0 && t == 1590969600);
	CHECK(test_field_is(k.e[1], VAULT_FIELD_TITLE, "Bank \xc5\xb5"));
	CHECK(test_field_is(k.e[1], VAULT_FIELD_NOTES, "line1\nline2"));
	CHECK(vault_entry_tag(k.e[1], 0, &p, &n) == VAULT_OK && n == 15 &&
	    memcmp(p, "Council/Banking", 15) == 0);
	keep_free(&k);
}

static void
test_xml_malformed(void)
{
	static const char *const bad[] = {
		"",
		"<KeePassFile><Root><Group><Entry>",
		"<NotKeePass/>",
		"<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;\">]><KeePassFile>&b;</KeePassFile>",
		"<KeePassFile><Root></Group></Root></KeePassFile>",
		"\x01\x02\x03 random",
	};
	struct keep k;
	struct vlt_import_sink sink;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(read_xml(bad[i], strlen(bad[i]), 0, &k, &sink) ==
		    VAULT_ERR_FORMAT);
		CHECK(sink.why[0] != '\0');
		keep_free(&k);
	}
}

/* ---- KDBX: this library's writer and reader ---- */

static const struct kdbx_kdf_params fast_kdf = {
	.kind = KDBX_KDF_ARGON2ID, .memory = 64u * 1024u, .iterations = 1,
	.lanes = 1, .version = 0x13,
};

static vault_entry *
full_entry(const char *title)
{
	vault_entry *e = NULL;
	const char *notes = "a & b < c > d \"q\"\nsecond line\tTab";
	const char *totp = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXPJBSWY3DP";

	if (vault_entry_new(&e) != VAULT_OK)
		return NULL;
	if (vault_entry_set(e, VAULT_FIELD_TITLE, (const uint8_t *)title,
	    strlen(title)) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_USERNAME, (const uint8_t *)"clerk",
	    5) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_URL, (const uint8_t *)
	    "https://example.org/?a=1&b=2", 28) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_NOTES, (const uint8_t *)notes,
	    strlen(notes)) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_PASSWORD, (const uint8_t *)
	    "p\xc5\xb5<&>\"", 8) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_TOTP, (const uint8_t *)totp,
	    strlen(totp)) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_RECOVERY_CODES, (const uint8_t *)
	    "1111-2222\n3333-4444", 19) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_2FA_DEVICE, (const uint8_t *)
	    "red phone", 9) != VAULT_OK ||
	    vault_entry_custom_set(e, "PIN <&>", (const uint8_t *)"12 34",
	    5) != VAULT_OK ||
	    vault_entry_tag_add(e, "Council/Banking") != VAULT_OK ||
	    vault_entry_tag_add(e, "IT") != VAULT_OK ||
	    vault_entry_history_push(e, (const uint8_t *)"old1", 4,
	    1600000000) != VAULT_OK ||
	    vault_entry_history_push(e, (const uint8_t *)"old2", 4,
	    1650000000) != VAULT_OK ||
	    vault_entry_time_set(e, VAULT_TIME_CREATED, 1500000000) !=
	    VAULT_OK ||
	    vault_entry_time_set(e, VAULT_TIME_MODIFIED, 1700000000) !=
	    VAULT_OK ||
	    vault_entry_time_set(e, VAULT_TIME_PASSWORD, 1650000000) !=
	    VAULT_OK) {
		vault_entry_free(e);
		return NULL;
	}
	return e;
}

static char *
dump_str(const vault_entry *e)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (f == NULL)
		return NULL;
	dump_entry(f, e);
	fclose(f);
	return s;
}

/* Write entries to a temporary file; its bytes in *out (malloc). */
static size_t
write_kdbx(vault_entry *const *e, size_t n, const char *pass,
    uint8_t **out)
{
	FILE *f = tmpfile();
	long len;

	*out = NULL;
	if (f == NULL || exp_kdbx_entries(e, n, (const uint8_t *)pass,
	    strlen(pass), &fast_kdf, fileno(f)) != VAULT_OK ||
	    (len = lseek(fileno(f), 0, SEEK_END)) <= 0 ||
	    (*out = malloc((size_t)len)) == NULL ||
	    pread(fileno(f), *out, (size_t)len, 0) != len) {
		if (f != NULL)
			fclose(f);
		free(*out);
		*out = NULL;
		return 0;
	}
	fclose(f);
	return (size_t)len;
}

static vault_err
read_kdbx(const uint8_t *p, size_t len, const char *pass, struct keep *k,
    struct vlt_import_sink *sink)
{
	struct memsrc m = { p, len, 0, 0 };
	struct vlt_import_src src = { mem_read, &m };

	memset(k, 0, sizeof *k);
	memset(sink, 0, sizeof *sink);
	sink->emit = keep_emit;
	sink->skip = keep_skip;
	sink->ctx = k;
	return vlt_import_kdbx(&src, (const uint8_t *)pass, strlen(pass), sink);
}

static void
test_kdbx_roundtrip(void)
{
	vault_entry *e[2] = { full_entry("Bank \xc5\xb5"), full_entry("Two") };
	struct keep k;
	struct vlt_import_sink sink;
	uint8_t *file = NULL;
	size_t len;

	REQUIRE(e[0] != NULL && e[1] != NULL);
	len = write_kdbx(e, 2, "fuzz", &file);
	CHECK(len > 0);
	if (len > 0 && read_kdbx(file, len, "fuzz", &k, &sink) == VAULT_OK) {
		CHECK(k.n == 2 && k.skipped == 0);
		for (size_t i = 0; i < k.n && i < 2; i++) {
			char *a = dump_str(e[i]), *b = dump_str(k.e[i]);

			CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
			if (a && b && strcmp(a, b) != 0)
				printf("# wrote:\n%s# read:\n%s", a, b);
			free(a);
			free(b);
		}
		keep_free(&k);
	} else {
		CHECK(0);
	}
	free(file);
	vault_entry_free(e[0]);
	vault_entry_free(e[1]);
}

/* Argon2d (KeePass's older default) through the same writer. */
static void
test_kdbx_argon2d(void)
{
	struct kdbx_kdf_params d = fast_kdf;
	vault_entry *e = full_entry("D");
	struct keep k;
	struct vlt_import_sink sink;
	FILE *f = tmpfile();
	uint8_t buf[8192];
	ssize_t len;
	size_t i;

	d.kind = KDBX_KDF_ARGON2D;
	REQUIRE(e != NULL && f != NULL);
	CHECK(exp_kdbx_entries(&e, 1, (const uint8_t *)"pw", 2, &d,
	    fileno(f)) == VAULT_OK);
	len = pread(fileno(f), buf, sizeof buf, 0);
	fclose(f);
	vault_entry_free(e);
	REQUIRE(len > 200 && len < (ssize_t)sizeof buf);
	/* the KDF's UUID is Argon2d's */
	for (i = 0; i + 16 <= (size_t)len; i++)
		if (memcmp(buf + i, kdbx_uuid_argon2d, 16) == 0)
			break;
	CHECK(i + 16 <= (size_t)len);
	CHECK(read_kdbx(buf, (size_t)len, "pw", &k, &sink) == VAULT_OK &&
	    k.n == 1);
	keep_free(&k);
	CHECK(read_kdbx(buf, (size_t)len, "pX", &k, &sink) == VAULT_ERR_AUTH);
	keep_free(&k);
}

static void
test_kdbx_refusals(void)
{
	vault_entry *e = full_entry("One");
	struct keep k;
	struct vlt_import_sink sink;
	uint8_t *file = NULL;
	size_t len;
	vault_err rc;

	REQUIRE(e != NULL);
	len = write_kdbx(&e, 1, "right", &file);
	vault_entry_free(e);
	REQUIRE(len > 200);
	CHECK(read_kdbx(file, len, "wrong", &k, &sink) == VAULT_ERR_AUTH);
	CHECK(k.n == 0 && strstr(sink.why, "wrong password") != NULL);
	/* every cut: an error, never success */
	for (size_t cut = 0; cut < len; cut += cut < 300 ? 1 : 7) {
		rc = read_kdbx(file, cut, "right", &k, &sink);
		CHECK(rc == VAULT_ERR_FORMAT);
		if (rc != VAULT_ERR_FORMAT)
			printf("# cut at %zu: %s\n", cut, vault_strerror(rc));
		keep_free(&k);
	}
	/* every flipped byte after the header: FORMAT or AUTH */
	for (size_t i = 0; i < len; i += 5) {
		file[i] ^= 0x40;
		rc = read_kdbx(file, len, "right", &k, &sink);
		CHECK(rc == VAULT_ERR_FORMAT || rc == VAULT_ERR_AUTH);
		file[i] ^= 0x40;
		keep_free(&k);
	}
	free(file);
}

static void
test_sniff(void)
{
	static const uint8_t kdbx4[12] = { 0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb,
	    0x4b, 0xb5, 0x00, 0x00, 0x04, 0x00 };
	static const char bom_xml[] = "\xef\xbb\xbf<?xml version=\"1.0\"?>\r\n"
	    "<KeePassFile><Meta>";

	CHECK(vlt_import_kdbx_sniff(kdbx4, sizeof kdbx4) == 1);
	CHECK(vlt_import_kdbx_sniff(kdbx4, 7) == 0);
	CHECK(vlt_import_kdbx_sniff((const uint8_t *)xml_doc, 64) == 0);
	CHECK(vlt_import_keepass_xml_sniff((const uint8_t *)xml_doc,
	    sizeof xml_doc - 1) == 1);
	CHECK(vlt_import_keepass_xml_sniff((const uint8_t *)bom_xml,
	    sizeof bom_xml - 1) == 1);
	CHECK(vlt_import_keepass_xml_sniff((const uint8_t *)"title,username\n",
	    15) == 0);
	CHECK(vlt_import_keepass_xml_sniff(kdbx4, sizeof kdbx4) == 0);
}

static void
test_kdf_caps(void)
{
	struct kdbx_kdf_params p = fast_kdf;
	char why[120];

	CHECK(kdbx_kdf_check(&p, why, sizeof why) == VAULT_ERR_FORMAT);
	p.salt_len = 32;        /* fast_kdf has no salt: refused above */
	CHECK(kdbx_kdf_check(&p, why, sizeof why) == VAULT_OK);
	p.memory = KDBX_ARGON_MEM_MAX + 1;
	CHECK(kdbx_kdf_check(&p, why, sizeof why) == VAULT_ERR_FORMAT);
	p.memory = 1u << 20;
	p.iterations = KDBX_ARGON_ITER_MAX + 1;
	CHECK(kdbx_kdf_check(&p, why, sizeof why) == VAULT_ERR_FORMAT);
	p.iterations = 2;
	p.lanes = 0;
	CHECK(kdbx_kdf_check(&p, why, sizeof why) == VAULT_ERR_FORMAT);
	p.kind = KDBX_KDF_AES;
	p.rounds = KDBX_AES_ROUNDS_MAX + 1;
	CHECK(kdbx_kdf_check(&p, why, sizeof why) == VAULT_ERR_FORMAT);
	p.rounds = 1000;
	CHECK(kdbx_kdf_check(&p, why, sizeof why) == VAULT_OK);
}

/* `t_keepass seed DIR`: the fuzz corpus for fuzz_kdbx (password
 * "fuzz", a 64 KiB Argon2id), written once and checked in. */
static int
seed(const char *dir)
{
	vault_entry *e[2] = { full_entry("Bank"), full_entry("Two") };
	uint8_t *file = NULL;
	char path[512];
	size_t len;
	FILE *f;

	len = write_kdbx(e, 2, "fuzz", &file);
	vault_entry_free(e[0]);
	vault_entry_free(e[1]);
	snprintf(path, sizeof path, "%s/seed-export.kdbx", dir);
	if (len == 0 || (f = fopen(path, "wb")) == NULL)
		return 1;
	fwrite(file, 1, len, f);
	fclose(f);
	free(file);
	return 0;
}

static vault_err
count_emit(void *ctx, vault_entry *e, const struct vlt_import_where *at)
{
	(void)at;
	++*(size_t *)ctx;
	vault_entry_free(e);
	return VAULT_OK;
}

static int
dump(const char *fmt, const char *path, int count_only)
{
	struct keep k = { 0 };
	struct vlt_import_src src = { fd_read, NULL };
	struct vlt_import_sink sink = { keep_emit, keep_skip, &k, "", { 0 },
	    NULL, 0, NULL };
	size_t counted = 0;
	char pass[256];
	size_t pl = 0;
	int fd;
	vault_err rc;

	if ((fd = open(path, O_RDONLY)) < 0)
		return perror(path), 2;
	src.ctx = &fd;
	if (count_only) {
		sink.emit = count_emit;
		sink.ctx = &counted;
	}
	if (strcmp(fmt, "kdbx") == 0) {
		if (fgets(pass, sizeof pass, stdin) == NULL)
			pass[0] = '\0';
		pl = strcspn(pass, "\n");
		rc = vlt_import_kdbx(&src, (uint8_t *)pass, pl, &sink);
	} else {
		rc = vlt_import_keepass_xml(&src, &sink);
	}
	close(fd);
	if (rc != VAULT_OK) {
		printf("error: %s: %s\n", vault_strerror(rc), sink.why);
		keep_free(&k);
		return 1;
	}
	if (count_only)
		printf("%zu entries\n", counted);
	for (size_t i = 0; i < k.n; i++) {
		printf("--\n");
		dump_entry(stdout, k.e[i]);
	}
	if (k.skipped)
		printf("skipped %zu: %s\n", k.skipped, k.skip_why);
	keep_free(&k);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "dump") == 0)
		return dump(argv[2], argv[3], 0);
	if (argc == 4 && strcmp(argv[1], "count") == 0)
		return dump(argv[2], argv[3], 1);
	if (argc == 3 && strcmp(argv[1], "seed") == 0)
		return seed(argv[2]);
	RUN(test_xml_fields);
	RUN(test_kdbx_roundtrip);
	RUN(test_kdbx_argon2d);
	RUN(test_kdbx_refusals);
	RUN(test_kdf_caps);
	RUN(test_sniff);
	RUN(test_xml_malformed);
	return TAP_END();
}
