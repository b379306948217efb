/* SPDX-License-Identifier: ISC */
/*
 * fuzz_keepass_xml.c - the KeePass 2 XML reader (vlt_import_keepass_xml,
 * vault/import/keepass_xml.c) on arbitrary bytes: what a clerk gives
 * `cvault import` as a KeePass or KeePassXC XML export.
 * Input: byte 0 sets the size of each read, so that the streaming is
 * tried at many splits; the rest is the file. The properties are the
 * import readers' (fuzz_import.h).
 */
#include "fuzz_import.h"
#include "import/keepass.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	fuzz_reader(vlt_import_keepass_xml, data, len, NULL, 0);
	return 0;
}
