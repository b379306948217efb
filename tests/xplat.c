/* SPDX-License-Identifier: ISC */
/*
 * xplat.c - one vault file, two systems: `xplat make DIR` writes a vault
 * (both KDF routes: libsodium's one-lane Argon2id for the clerk,
 * libargon2's two lanes for the chair), entries with Welsh and emoji,
 * and escrow with a passphrase holder and a paper holder;
 * `xplat check DIR` opens it as the clerk and through escrow and checks
 * every byte. scripts/windows/test runs make on one system and check on
 * the other, both ways (docs/testing.md). Public API only. The paper
 * share written to DIR is a test fixture, not a council's secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vault.h"

#define CLERK "ffordd-glas-tywod-melin"
#define CHAIR "heol-afon-derwen-seren"
#define S(x) (const uint8_t *)(x), strlen(x)

static const char *const fields[][2] = {
	{ "Banc y Cyngor \xc5\xb5", "Pw-\xc5\xb5-\xf0\x9f\x90\x89-71x" },
	{ "Email \xf0\x9f\x93\xa7", "J7#kq2!Lm9@zWx4p" },
};
#define NOTES "Llinell un\nLlinell dau \xf0\x9f\x90\x89\n"

static int failed;

static void
check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	failed += !ok;
}

static char *
join(const char *dir, const char *name)
{
	static char buf[2][512];
	static int i;

	i ^= 1;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

static int
make(const char *dir)
{
	const vault_params one = { 8 * 1024, 1, 1 }, two = { 8 * 1024, 1, 2 };
	vault_holder_spec h[2] = { { 0 }, { 0 } };
	vault_share_sheet paper[2];
	vault *v = NULL;
	vault_entry *e = NULL;
	FILE *f;
	size_t i;

	memset(paper, 0, sizeof paper);
	if (vault_create(join(dir, "council.vault"), "Cyngor Cymuned Llan",
	    S(CLERK), &one, &v) != VAULT_OK)
		return 1;
	for (i = 0; i < 2; i++) {
		if (vault_entry_new(&e) != VAULT_OK ||
		    vault_entry_set(e, VAULT_FIELD_TITLE, S(fields[i][0])) ||
		    vault_entry_set(e, VAULT_FIELD_PASSWORD, S(fields[i][1])) ||
		    vault_entry_set(e, VAULT_FIELD_NOTES, S(NOTES)) ||
		    vault_entry_tag_add(e, "Cyllid \xc5\xb5") ||
		    vault_entry_custom_set(e, "PIN", S("0420")) ||
		    vault_entry_add(v, e) != VAULT_OK)
			return 1;
		vault_entry_free(e);
		e = NULL;
	}
	h[0].role = "chair";
	h[0].name = "Gwen Ll\xc5\xb7r";
	h[0].pass = (const uint8_t *)CHAIR;
	h[0].pass_len = strlen(CHAIR);
	h[1].role = "deputy";
	h[1].name = "Dafydd ap Gwilym";
	h[1].paper_only = 1;
	if (vault_escrow_setup(v, h, 2, 2, &two, paper) != VAULT_OK ||
	    (f = fopen(join(dir, "deputy.txt"), "wb")) == NULL)
		return 1;
	fwrite(vault_secret_data(paper[1].mnemonic), 1,
	    vault_secret_len(paper[1].mnemonic), f);
	fclose(f);
	vault_secret_free(paper[1].mnemonic);
	vault_close(v);
	puts("ok - made the vault");
	return 0;
}

static void
entries_match(vault *v, const char *who)
{
	const uint8_t *p, *name;
	size_t len, nlen, i;
	vault_entry *e;
	char what[160];

	for (i = 0; i < 2; i++) {
		e = NULL;
		snprintf(what, sizeof what, "%s: entry %zu, every field", who, i);
		check(vault_entry_get(v, fields[i][0], &e) == VAULT_OK &&
		    vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &len) == 0 &&
		    len == strlen(fields[i][1]) &&
		    memcmp(p, fields[i][1], len) == 0 &&
		    vault_entry_field(e, VAULT_FIELD_NOTES, &p, &len) == 0 &&
		    len == strlen(NOTES) && memcmp(p, NOTES, len) == 0 &&
		    vault_entry_tag(e, 0, &p, &len) == 0 && len == 9 &&
		    memcmp(p, "Cyllid \xc5\xb5", 9) == 0 &&
		    vault_entry_custom(e, 0, &name, &nlen, &p, &len) == 0 &&
		    nlen == 3 && len == 4 && memcmp(p, "0420", 4) == 0, what);
		vault_entry_free(e);
	}
}

static int
check_all(const char *dir)
{
	vault *v = NULL;
	vault_escrow *eo = NULL;
	char words[1024];
	size_t n, damaged = 99, bad = 0;
	FILE *f;

	check(vault_open(join(dir, "council.vault"), S(CLERK), &v) == VAULT_OK,
	    "the clerk opens the other system's file");
	if (v == NULL)
		return 1;
	check(strcmp(vault_council(v), "Cyngor Cymuned Llan") == 0,
	    "the council's name");
	entries_match(v, "the clerk");
	check(vault_verify(v, NULL, NULL, &damaged) == VAULT_OK &&
	    damaged == 0, "verify finds nothing wrong");
	vault_close(v);
	v = NULL;
	if ((f = fopen(join(dir, "deputy.txt"), "rb")) == NULL)
		return 1;
	n = fread(words, 1, sizeof words, f);
	fclose(f);
	check(vault_escrow_begin(join(dir, "council.vault"), &eo) == VAULT_OK &&
	    vault_escrow_add_holder(eo, "chair", S(CHAIR)) == VAULT_OK &&
	    vault_escrow_add_paper(eo, (const uint8_t *)words, n, &bad,
	    NULL) == VAULT_OK && vault_escrow_finish(eo, &v) == VAULT_OK,
	    "the chair's passphrase (two lanes) and the deputy's paper open it");
	vault_escrow_free(eo);
	if (v != NULL)
		entries_match(v, "the holders");
	vault_close(v);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "make") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: xplat make|check DIR\n");
		return 2;
	}
	if (strcmp(argv[1], "make") == 0)
		return make(argv[2]) ? (puts("not ok - made the vault"), 1) : 0;
	check_all(argv[2]);
	return failed != 0;
}
