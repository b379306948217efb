/* SPDX-License-Identifier: ISC */
/*
 * fuzz_import_json.c - the Bitwarden JSON reader (vault/import/
 * bitwarden_json.c, yajl underneath) on arbitrary bytes: a Bitwarden
 * export, a truncated or damaged one, or any JSON at all.
 * Input: byte 0 sets the size of each read, the rest is the file.
 * Properties: those of fuzz_import.h.
 */
#include "fuzz_import.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	fuzz_reader(vlt_import_bitwarden_json, data, len, NULL, 0);
	return 0;
}
