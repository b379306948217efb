/* SPDX-License-Identifier: ISC */
/*
 * store_and_fetch.c - the smallest complete use of libvault: create a
 * vault, store one account, close it, open it again with the passphrase
 * and read the password back, finding the entry from the start of its
 * title as a person would type it (vault_entry_find) and telling the log
 * that only the password is shown (vault_entry_reveal). Uses only <vault.h>; `make test` builds and
 * runs it. (Real programs read passphrases from a terminal, not literals.)
 * Text is checked with vault_text_check(): the setters refuse a title
 * holding terminal control characters, and text read back from a vault
 * (an older one may hold some) is checked before it is printed.
 */
#define _DEFAULT_SOURCE 1          /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vault.h>

#define PASSPHRASE "saddle-prism-otter-cavern"

/* 1 when `s` may go to a terminal as it is (see vault.h, Text rules). */
static int
printable(const char *s)
{
	return vault_text_check((const uint8_t *)s, strlen(s), 0, NULL,
	    NULL) == 0;
}

static int
fail(const char *what, vault_err rc)
{
	fprintf(stderr, "store_and_fetch: %s: %s\n", what, vault_strerror(rc));
	return 1;
}

int
main(void)
{
	/* Cheap settings keep the example fast; use the defaults (NULL). */
	const vault_params quick = { 8 * 1024, 1, 1 };
	char dir[] = "/tmp/cvault-example-XXXXXX", path[64];
	const uint8_t *pw;
	size_t len;
	vault *v = NULL;
	vault_entry *e = NULL;
	vault_found found = { 0, 0, 0, NULL };
	vault_err rc;
	int status = 1;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/council.vault", dir);
	if ((rc = vault_create(path, "Example Parish Council",
	    (const uint8_t *)PASSPHRASE, strlen(PASSPHRASE), &quick, &v)))
		goto fail_create;
	/* A title with ESC [2J (clear the screen) is refused. */
	if ((rc = vault_entry_new(&e)) || vault_entry_set(e, VAULT_FIELD_TITLE,
	    (const uint8_t *)"Bank\033[2J", 8) != VAULT_ERR_INVALID ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TITLE,
	    (const uint8_t *)"Bank", 4)) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
	    (const uint8_t *)"S3cure!pass", 11)) ||
	    (rc = vault_entry_add(v, e))) {
		status = fail("add", rc);
		goto out;
	}
	vault_entry_free(e);
	e = NULL;
	vault_close(v);
	v = NULL;

	if ((rc = vault_open(path, (const uint8_t *)PASSPHRASE,
	    strlen(PASSPHRASE), &v)) ||
	    (rc = vault_entry_find(v, "ban", 4, &found)) ||
	    (rc = vault_entry_reveal(v, found.titles[0], VAULT_SHOWN_PASSWORD,
	    &e)) ||
	    (rc = vault_entry_field(e, VAULT_FIELD_PASSWORD, &pw, &len))) {
		status = fail("get", rc);
		goto out;
	}
	if (len == 11 && memcmp(pw, "S3cure!pass", 11) == 0) {
		printf("store_and_fetch: stored and read back \"Bank\" in %s\n",
		    printable(vault_council(v)) ? vault_council(v) :
		    "(a council name that is not printable)");
		status = 0;
	}
	goto out;
fail_create:
	status = fail("create", rc);
out:
	vault_found_clear(&found);
	vault_entry_free(e);            /* wipes the decrypted entry */
	vault_close(v);                 /* wipes the keys */
	unlink(path);
	rmdir(dir);
	return status;
}
