/* SPDX-License-Identifier: ISC */
/*
 * fuzz_sealed.c - the sealed-record opener (crypto.c), which every blob
 * read from the file goes through before anything else looks at it.
 * Input: byte 0 picks the place (table, column, row) the blob is opened
 * for; the rest is used twice:
 *  1. as a blob, opened under a fixed key: it must give AUTH or CORRUPT
 *     (too short), never OK (that would be a forgery) and never a crash;
 *  2. as a plaintext, sealed and opened again: the same bytes come back;
 *     with one bit flipped (position from the input) it gives AUTH; and
 *     opened for another row or column it gives AUTH.
 * Randomness (the nonce) is deterministic per input (fuzz.h).
 */
#include "fuzz.h"
#include "internal.h"

static const uint8_t key[VLT_KEY_BYTES] = "fuzz-fixed-key-0123456789abcdef";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_rng_install();
	return 0;
}

static void
set_place(struct vlt_place *pl, uint8_t sel, uint8_t extra[12])
{
	static const char *const col[] = { "summary", "body", "council",
	    "clerk" };

	memset(pl, 0, sizeof *pl);
	pl->table = sel & 4 ? "setting" : sel & 8 ? "keyslot" : "entry";
	pl->column = col[sel & 3];
	pl->row = (int64_t)(sel >> 4) - 3;      /* a few, some negative */
	if (sel & 8) {
		pl->extra = extra;
		pl->extra_len = 12;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	vault v;
	struct vlt_place pl, other;
	uint8_t extra[12] = { 0, 0x20, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 };
	uint8_t *blob = NULL;
	size_t blob_len = 0;
	vault_secret *plain = NULL;
	vault_err rc;

	if (len < 1)
		return 0;
	fuzz_rng_seed(data, len);
	memset(&v, 0, sizeof v);
	memset(v.id, 0xa5, sizeof v.id);
	v.version = VAULT_FORMAT_VERSION;
	set_place(&pl, data[0], extra);
	data++;
	len--;

	rc = vlt_open_sealed(&v, key, &pl, data, len, &plain);
	FUZZ_ASSERT(plain == NULL);
	FUZZ_ASSERT(len < vlt_sealed_len(0) ? rc == VAULT_ERR_CORRUPT :
	    rc == VAULT_ERR_AUTH || rc == VAULT_ERR_NOMEM);

	if (vlt_seal(&v, key, &pl, data, len, &blob, &blob_len) != VAULT_OK)
		goto out;
	FUZZ_ASSERT(blob_len == vlt_sealed_len(len));
	rc = vlt_open_sealed(&v, key, &pl, blob, blob_len, &plain);
	if (rc == VAULT_OK) {
		FUZZ_ASSERT(plain->len == len);
		FUZZ_ASSERT(len == 0 || memcmp(plain->buf, data, len) == 0);
	} else {
		FUZZ_ASSERT(rc == VAULT_ERR_NOMEM);
	}
	vault_secret_free(plain);
	plain = NULL;

	other = pl;
	other.row = pl.row + 1;
	rc = vlt_open_sealed(&v, key, &other, blob, blob_len, &plain);
	FUZZ_ASSERT(rc == VAULT_ERR_AUTH || rc == VAULT_ERR_NOMEM);
	other = pl;
	other.column = strcmp(pl.column, "body") ? "body" : "summary";
	rc = vlt_open_sealed(&v, key, &other, blob, blob_len, &plain);
	FUZZ_ASSERT(rc == VAULT_ERR_AUTH || rc == VAULT_ERR_NOMEM);

	{
		size_t bit = (len ? data[len - 1] * 131u + len : 0) %
		    (blob_len * 8);

		blob[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		rc = vlt_open_sealed(&v, key, &pl, blob, blob_len, &plain);
		FUZZ_ASSERT(rc == VAULT_ERR_AUTH || rc == VAULT_ERR_NOMEM);
	}
out:
	vault_secret_free(plain);
	free(blob);
	return 0;
}
