/* SPDX-License-Identifier: ISC */
/*
 * fuzz_tomb.c - the decoder of the `deleted` setting (tomb.c), which a
 * merge reads from both copies. Input: the setting's plaintext.
 * Properties:
 *  - OK only for whole 16-byte records, at most VLT_TOMB_MAX, ids 1..2^62
 *    strictly increasing, times 0..VAULT_TIME_MAX (checked here another
 *    way, on the bytes); otherwise CORRUPT with no record given;
 *  - what decodes encodes back to the same bytes.
 */
#include "fuzz.h"
#include "internal.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int
expect_ok(const uint8_t *p, size_t len)
{
	uint64_t prev = 0;

	if (len % 16 != 0 || len / 16 > VLT_TOMB_MAX)
		return 0;
	for (size_t i = 0; i < len; i += 16) {
		uint64_t id = 0, t = 0;

		for (int k = 7; k >= 0; k--) {
			id = id << 8 | p[i + (size_t)k];
			t = t << 8 | p[i + 8 + (size_t)k];
		}
		if (id == 0 || id > (1ull << 62) || id <= prev ||
		    t > (uint64_t)VAULT_TIME_MAX)
			return 0;
		prev = id;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vlt_tomb *t;
	uint8_t *back;
	size_t n = 99;
	vault_err rc;

	if ((t = calloc(len / 16 + 1, sizeof *t)) == NULL)
		return 0;
	rc = vlt_tomb_decode(data, len, t, &n);
	FUZZ_ASSERT((rc == VAULT_OK) == expect_ok(data, len));
	if (rc != VAULT_OK) {
		FUZZ_ASSERT(rc == VAULT_ERR_CORRUPT && n == 0);
	} else {
		FUZZ_ASSERT(n == len / 16);
		if ((back = malloc(len + 1)) != NULL) {
			vlt_tomb_encode(t, n, back);
			FUZZ_ASSERT(len == 0 || memcmp(back, data, len) == 0);
			free(back);
		}
	}
	free(t);
	return 0;
}
