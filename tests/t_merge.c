/* SPDX-License-Identifier: ISC */
/*
 * t_merge.c - vault_backup and vault_merge through the public API (issue
 * 14): a backup is a verified copy and its time is recorded; merging a
 * copy brings its new, changed and deleted entries, idempotently and the
 * same in both directions; an escrow change made in one copy is taken,
 * escrow changed in both is refused with nothing written; a read-only
 * session that merges a refused copy writes nothing at all.
 */
#include <sys/stat.h>
#include <sodium.h>
#include "tap.h"
#include "testutil.h"

#define CLERK "correct horse battery staple"
#define CHAIR "chair holder passphrase one"
#define DEPUTY "deputy holder passphrase two"

static vault *
clerk_open(const char *path)
{
	vault *v = NULL;

	return vault_open(path, PASS(CLERK), &v) == VAULT_OK ? v : NULL;
}

static int
escrow(vault *v)
{
	vault_holder_spec hs[2];

	memset(hs, 0, sizeof hs);
	hs[0].role = "chair";
	hs[0].name = "G. Walker";
	hs[0].pass = (const uint8_t *)CHAIR;
	hs[0].pass_len = strlen(CHAIR);
	hs[1].role = "deputy";
	hs[1].name = "P. Jones";
	hs[1].pass = (const uint8_t *)DEPUTY;
	hs[1].pass_len = strlen(DEPUTY);
	return vault_escrow_setup(v, hs, 2, 2, &test_params, NULL);
}

/* A hash of the file's bytes. */
static int
digest(const char *path, uint8_t out[32])
{
	crypto_generichash_state h;
	uint8_t buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	crypto_generichash_init(&h, NULL, 0, 32);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_generichash_update(&h, buf, n);
	fclose(f);
	crypto_generichash_final(&h, out, 32);
	return 0;
}

static int
count(void *ctx, const vault_entry *e)
{
	(void)e;
	(*(size_t *)ctx)++;
	return 0;
}

static size_t
entries(vault *v)
{
	size_t n = 0;

	return vault_entry_search(v, NULL, count, &n, NULL) == VAULT_OK ? n : 0;
}

static const char *
make(const char *name)
{
	const char *path = test_path(name);
	vault *v = NULL;
	int ok;

	if (vault_create(path, "PC", PASS(CLERK), &test_params, &v) != 0)
		return NULL;
	ok = test_add(v, "Bank", "bank-password-1") == 0 &&
	    test_add(v, "Email", "email-password-1") == 0 && escrow(v) == 0;
	vault_close(v);
	return ok ? path : NULL;
}

static void
test_backup(void)
{
	const char *path = make("bk.vault"), *dest = test_path("bk-copy.vault");
	char *when = NULL;
	vault *v = NULL, *b = NULL;
	struct stat sb TU_UNUSED;
	int rec = 0;

	REQUIRE(path && (v = clerk_open(path)) != NULL);
	CHECK(vault_config_get(v, "last-backup", &when) == VAULT_ERR_NOTFOUND);
	CHECK(vault_backup(v, dest, &rec) == VAULT_OK && rec == 1);
#ifndef _WIN32  /* Windows: the folder's ACL, not a mode (docs/testing.md) */
	CHECK(stat(dest, &sb) == 0 && (sb.st_mode & 0777) == 0600);
#endif
	CHECK(vault_backup(v, dest, &rec) == VAULT_ERR_EXISTS);
	CHECK(vault_config_get(v, "last-backup", &when) == VAULT_OK &&
	    when != NULL && atoll(when) > 0);
	CHECK(vault_config_set(v, "last-backup", "1") == VAULT_ERR_INVALID);
	free(when);
	vault_close(v);
	CHECK(vault_open_flags(dest, PASS(CLERK), VAULT_OPEN_READONLY, &b) ==
	    VAULT_OK && vault_is_readonly(b) && entries(b) == 2);
	CHECK(vault_verify(b, NULL, NULL, NULL) == VAULT_OK);
	vault_close(b);
}

static void
test_merge_both_ways(void)
{
	const char *a = make("a.vault"), *b = test_path("b.vault");
	vault_merge_result r;
	vault *va = NULL, *vb = NULL;

	REQUIRE(a && test_copy(a, b) == 0);
	REQUIRE((va = clerk_open(a)) != NULL && (vb = clerk_open(b)) != NULL);
	CHECK(test_add(va, "Payroll", "payroll-password-1") == 0);
	CHECK(vault_entry_delete(va, "Email") == VAULT_OK);
	CHECK(test_add(vb, "Hall", "hall-password-1") == 0);
	vault_close(vb);
	vb = NULL;
	CHECK(vault_merge(va, b, &r) == VAULT_OK && r.added == 1 &&
	    r.deleted == 0 && r.records > 0);
	CHECK(entries(va) == 3);                /* Bank Payroll Hall */
	CHECK(vault_merge(va, b, &r) == VAULT_OK && r.added == 0 &&
	    r.updated == 0 && r.deleted == 0 && r.records == 0);
	vault_close(va);
	va = NULL;
	REQUIRE((vb = clerk_open(b)) != NULL);
	CHECK(vault_merge(vb, a, &r) == VAULT_OK && r.added == 1 &&
	    r.deleted == 1);
	CHECK(entries(vb) == 3);
	CHECK(vault_entry_exists(vb, "Email") == VAULT_ERR_NOTFOUND);
	CHECK(vault_verify(vb, NULL, NULL, NULL) == VAULT_OK);
	vault_close(vb);
}

static void
test_escrow_changes(void)
{
	const char *a = make("ea.vault"), *b = test_path("eb.vault");
	const char *c = test_path("ec.vault");
	unsigned t, n, rot;
	int64_t since;
	vault_merge_result r;
	vault *va = NULL, *vb = NULL;

	REQUIRE(a && test_copy(a, b) == 0 && test_copy(a, c) == 0);
	REQUIRE((va = clerk_open(a)) != NULL);
	CHECK(escrow(va) == VAULT_OK);          /* rotation 2, only in a */
	vault_close(va);
	REQUIRE((vb = clerk_open(b)) != NULL);
	CHECK(vault_merge(vb, a, &r) == VAULT_OK && r.escrow_taken == 1);
	CHECK(vault_escrow_status(vb, &t, &n, &rot, &since, NULL, NULL) ==
	    VAULT_OK && rot == 2);
	vault_close(vb);
	/* c rotates too: escrow changed in both copies. */
	REQUIRE((vb = clerk_open(c)) != NULL);
	CHECK(escrow(vb) == VAULT_OK);
	vault_close(vb);
	REQUIRE((vb = vault_open_flags(c, PASS(CLERK), VAULT_OPEN_READONLY,
	    &vb) == VAULT_OK ? vb : NULL) != NULL);
	{
		uint8_t before[32], after[32];

		REQUIRE(digest(c, before) == 0);
		CHECK(vault_merge(vb, a, &r) == VAULT_ERR_EXISTS &&
		    r.refused != NULL && r.added == 0);
		REQUIRE(digest(c, after) == 0);
		CHECK(memcmp(before, after, 32) == 0);  /* nothing written */
		CHECK(vault_is_readonly(vb));
	}
	vault_close(vb);
}

static void
test_other_vault_refused(void)
{
	const char *a = make("oa.vault"), *o = make("oo.vault");
	vault_merge_result r;
	vault *v = NULL;
	uint8_t ia[VAULT_ID_BYTES], io[VAULT_ID_BYTES];

	REQUIRE(a && o && (v = clerk_open(a)) != NULL);
	CHECK(vault_id_read(a, ia) == VAULT_OK && vault_id_read(o, io) ==
	    VAULT_OK && memcmp(ia, io, sizeof ia) != 0);
	CHECK(vault_merge(v, o, &r) == VAULT_ERR_INVALID && r.refused != NULL);
	vault_close(v);
}

int
main(void)
{
	test_dir_make();
	RUN(test_backup);
	RUN(test_merge_both_ways);
	RUN(test_escrow_changes);
	RUN(test_other_vault_refused);
	test_dir_remove();
	return TAP_END();
}
