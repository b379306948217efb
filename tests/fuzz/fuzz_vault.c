/* SPDX-License-Identifier: ISC */
/*
 * fuzz_vault.c - opening a vault file that someone has changed: the input
 * is written as the whole file (in a private directory, on /dev/shm when
 * there is one) and opened with vault_open() under a fixed passphrase;
 * when that works, every read path runs: the council, the KDF settings,
 * search (all summaries), get of every title found, verify, and one add.
 * The seeds (corpus/fuzz_vault) are real vaults made with the cheap KDF
 * {8 MiB, 1 pass, 1 lane} and vacuumed to 512-byte pages to stay small.
 * Properties: open gives OK or one of the documented errors (IO DB BUSY
 * CORRUPT VERSION KDF AUTH NOMEM; also NOTFOUND, which a file without
 * its keyslot row gives today, see docs/testing.md), never INVALID; a
 * listed title can be fetched or is reported CORRUPT; verify reports
 * damage whenever a read met it. Argon2id is memoised and capped at
 * 64 MiB / 4 passes (kdf_memo.h), or the fuzzer would measure only it.
 */
#include "kdf_memo.h"             /* first: it defines _GNU_SOURCE */
#include <unistd.h>
#include "fuzz.h"
#include "fuzz_dir.h"
#include "internal.h"

#define PASSPHRASE "correct horse battery staple"

static char path[160];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_dir_make("cvault-fuzz", "v.vault", path, sizeof path);
	return 0;
}

struct titles {
	char *t[64];
	size_t n;
};

static int
collect(void *ctx, const vault_entry *e)
{
	struct titles *ts = ctx;
	const uint8_t *t;
	size_t len;

	FUZZ_ASSERT(vault_entry_field(e, VAULT_FIELD_TITLE, &t, &len) ==
	    VAULT_OK);
	FUZZ_ASSERT(len >= 1 && len <= VAULT_TITLE_MAX);
	if (ts->n < 64 && memchr(t, 0, len) == NULL &&
	    (ts->t[ts->n] = calloc(1, len + 1)) != NULL)
		memcpy(ts->t[ts->n++], t, len);
	return 0;
}

static int
write_file(const uint8_t *data, size_t len)
{
	char j[sizeof path + 8];
	FILE *f;
	int ok;

	snprintf(j, sizeof j, "%s-journal", path);
	unlink(j);                      /* the last run may have left one */
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static void
reads(vault *v)
{
	struct titles ts = { { NULL }, 0 };
	vault_params p;
	vault_entry *e = NULL;
	vault_err rc, srch, ver;
	size_t damaged = 0, corrupt_gets = 0;

	FUZZ_ASSERT(vault_council(v) != NULL);
	rc = vault_params_get(v, &p);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_CORRUPT ||
	    rc == VAULT_ERR_DB || rc == VAULT_ERR_NOMEM);
	srch = vault_entry_search(v, NULL, collect, &ts, NULL);
	FUZZ_ASSERT(srch == VAULT_OK || srch == VAULT_ERR_CORRUPT ||
	    srch == VAULT_ERR_DB || srch == VAULT_ERR_NOMEM);
	for (size_t i = 0; i < ts.n; i++) {
		rc = vault_entry_get(v, ts.t[i], &e);
		/* NOTFOUND: another row with an equal title index came first. */
		FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_CORRUPT ||
		    rc == VAULT_ERR_NOTFOUND || rc == VAULT_ERR_DB ||
		    rc == VAULT_ERR_NOMEM);
		corrupt_gets += rc == VAULT_ERR_CORRUPT;
		vault_entry_free(e);
		e = NULL;
		free(ts.t[i]);
	}
	ver = vault_verify(v, NULL, NULL, &damaged);
	FUZZ_ASSERT(ver == VAULT_OK || ver == VAULT_ERR_CORRUPT ||
	    ver == VAULT_ERR_DB || ver == VAULT_ERR_NOMEM);
	/* CORRUPT with damaged == 0 happens when SQLite itself reports the
	 * corruption mid-walk (the CLI then says "0 damaged records"). */
	FUZZ_ASSERT(damaged == 0 || ver == VAULT_ERR_CORRUPT);
	/* A damaged record that a read saw must be one verify reports. */
	if (ver == VAULT_OK)
		FUZZ_ASSERT(corrupt_gets == 0 && srch != VAULT_ERR_CORRUPT);
}

static void
one_write(vault *v)
{
	vault_entry *e = NULL;
	vault_err rc;

	if (vault_entry_new(&e) != VAULT_OK)
		return;
	if (vault_entry_set(e, VAULT_FIELD_TITLE, (const uint8_t *)"fuzz", 4)
	    == VAULT_OK && vault_entry_set(e, VAULT_FIELD_PASSWORD,
	    (const uint8_t *)"pw", 2) == VAULT_OK) {
		rc = vault_entry_add(v, e);
		FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_EXISTS ||
		    rc == VAULT_ERR_CORRUPT || rc == VAULT_ERR_DB ||
		    rc == VAULT_ERR_IO || rc == VAULT_ERR_NOMEM);
	}
	vault_entry_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	vault *v = NULL;
	vault_err rc;

	if (write_file(data, len) != 0)
		return 0;
	rc = vault_open(path, (const uint8_t *)PASSPHRASE,
	    sizeof PASSPHRASE - 1, &v);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_IO || rc == VAULT_ERR_DB ||
	    rc == VAULT_ERR_BUSY || rc == VAULT_ERR_CORRUPT ||
	    rc == VAULT_ERR_VERSION || rc == VAULT_ERR_KDF ||
	    rc == VAULT_ERR_AUTH || rc == VAULT_ERR_NOMEM ||
	    rc == VAULT_ERR_NOTFOUND);
	FUZZ_ASSERT((rc == VAULT_OK) == (v != NULL));
	if (v != NULL) {
		reads(v);
		one_write(v);
	}
	vault_close(v);
	return 0;
}
