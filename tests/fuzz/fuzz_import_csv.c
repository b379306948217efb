/* SPDX-License-Identifier: ISC */
/*
 * fuzz_import_csv.c - every CSV reader (vault/import/csv.c through each
 * dialect of csv_formats.c) on arbitrary bytes: what a spreadsheet or a
 * password manager's export holds, or a file that only claims to be one.
 * Input: byte 0 sets the size of each read, byte 1 picks the dialect
 * (and, when odd, two --map overrides), the rest is the file.
 * Properties: those of fuzz_import.h.
 */
#include "fuzz_import.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static vault_err (*const readers[])(const struct vlt_import_src *,
	    struct vlt_import_sink *) = {
		vlt_import_csv_spreadsheet, vlt_import_csv_keepassxc,
		vlt_import_csv_bitwarden, vlt_import_csv_chrome,
		vlt_import_csv_firefox, vlt_import_csv_safari,
		vlt_import_csv_1password, vlt_import_csv_lastpass,
	};
	static const char *const map[] = { "Thing=title", "Secret=password" };
	uint8_t pick;

	if (len < 2)
		return 0;
	pick = data[1];
	data++;
	len--;
	fuzz_reader(readers[pick % (sizeof readers / sizeof *readers)],
	    data, len, map, pick & 0x80 ? 2 : 0);
	return 0;
}
