/* SPDX-License-Identifier: ISC */
/*
 * review_walk.c - look at every password without showing any, as
 * `cvault report` does: vault_entry_walk() hands each whole entry to a
 * callback (nothing is logged), which judges the password with
 * vault_strength_check() and keeps only the verdict. Prints how many
 * passwords the policy refuses. Uses only <vault.h>; `make test` builds
 * and runs it. (Real programs read passphrases from a terminal.)
 */
#define _DEFAULT_SOURCE 1          /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vault.h>

#define PASSPHRASE "saddle-prism-otter-cavern"

struct tally {
	size_t entries, refused;
	vault_err rc;
};

/* The entry is valid only during the call: keep verdicts, never bytes. */
static int
judge(void *ctx, const vault_entry *e)
{
	struct tally *t = ctx;
	vault_strength *s = NULL;
	const uint8_t *pw;
	size_t len;

	t->entries++;
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &pw, &len) != VAULT_OK)
		return 0;
	if ((t->rc = vault_strength_check(pw, len, VAULT_STRENGTH_CREDENTIAL,
	    NULL, 0, &s)) != VAULT_OK)
		return 1;               /* stop the walk */
	t->refused += !vault_strength_ok(s);
	vault_strength_free(s);
	return 0;
}

static vault_err
add(vault *v, const char *title, const char *pw)
{
	vault_entry *e = NULL;
	vault_err rc;

	if ((rc = vault_entry_new(&e)) == VAULT_OK &&
	    (rc = vault_entry_set(e, VAULT_FIELD_TITLE, (const uint8_t *)title,
	    strlen(title))) == VAULT_OK &&
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
	    (const uint8_t *)pw, strlen(pw))) == VAULT_OK)
		rc = vault_entry_add(v, e);
	vault_entry_free(e);
	return rc;
}

int
main(void)
{
	const vault_params quick = { 8 * 1024, 1, 1 };  /* fast, for tests */
	char dir[] = "/tmp/cvault-example-XXXXXX", path[64];
	struct tally t = { 0, 0, VAULT_OK };
	vault *v = NULL;
	vault_err rc;
	int status = 1;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/council.vault", dir);
	if ((rc = vault_create(path, "Example Parish Council",
	    (const uint8_t *)PASSPHRASE, strlen(PASSPHRASE), &quick, &v)) ||
	    (rc = add(v, "Bank", "qVsVRAJ.yqhZ3UdD")) ||
	    (rc = add(v, "Hall booking", "password1")) ||
	    (rc = vault_entry_walk(v, judge, &t, NULL)) || (rc = t.rc))
		fprintf(stderr, "review_walk: %s\n", vault_strerror(rc));
	else if (t.entries != 2 || t.refused != 1)
		fprintf(stderr, "review_walk: %zu entries, %zu refused\n",
		    t.entries, t.refused);
	else {
		printf("review_walk: %zu entries, %zu refused by the policy\n",
		    t.entries, t.refused);
		status = 0;
	}
	vault_close(v);
	unlink(path);
	rmdir(dir);
	return status;
}
