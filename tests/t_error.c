/* SPDX-License-Identifier: ISC */
/* t_error.c - every error code has its own message, and codes out of
 * range are "unknown error". */
#include <string.h>
#include "tap.h"
#include "vault.h"

static void
test_every_code_has_a_message(void)
{
	for (int e = 0; e < VAULT_ERR_COUNT; e++) {
		const char *m = vault_strerror((vault_err)e);

		CHECK(m != NULL && strcmp(m, "unknown error") != 0 &&
		    strlen(m) > 3);
		for (int f = 0; f < e; f++)
			CHECK(strcmp(m, vault_strerror((vault_err)f)) != 0);
	}
}

static void
test_unknown_codes(void)
{
	CHECK(strcmp(vault_strerror(VAULT_ERR_COUNT), "unknown error") == 0);
	CHECK(strcmp(vault_strerror((vault_err)-1), "unknown error") == 0);
	CHECK(strcmp(vault_strerror(VAULT_OK), "success") == 0);
}

int
main(void)
{
	RUN(test_every_code_has_a_message);
	RUN(test_unknown_codes);
	return TAP_END();
}
