/* SPDX-License-Identifier: ISC */
/*
 * fuzz_kdbx.c - the .kdbx reader (vlt_import_kdbx, vault/import/kdbx.c,
 * kdbx_header.c, kdbx_crypto.c) on arbitrary bytes, opened with the
 * password "fuzz": what a clerk gives
 * `cvault import` as a KeePass database. The corpus holds files made
 * with that password and a cheap KDF (seed-export.kdbx: `t_keepass seed`)
 * and by keepassxc-cli (KDBX 3.1 and 4), so mutations reach every layer.
 * Input: byte 0 sets the size of each read, so that the streaming is
 * tried at many splits; the rest is the file. The properties are the
 * import readers' (fuzz_import.h), AUTH and KDF allowed besides.
 */
#include "fuzz_import.h"
#include "import/keepass.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	fuzz_reader_pass(vlt_import_kdbx, (const uint8_t *)"fuzz", 4, data,
	    len);
	return 0;
}
