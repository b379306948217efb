/* SPDX-License-Identifier: ISC */
/*
 * import/formats.c - the formats `cvault import` reads: one line each,
 * {name, label, kind, sniff, read}. Detection asks every sniff function
 * about the head of the file and takes the highest score, so a named
 * program's CSV (80+) wins over a spreadsheet's (20). A format that
 * needs the file's own password (a .kdbx) has kind VLT_FMT_PASSWORD and
 * read_pass instead of read.
 */
#include "import.h"
#include "keepass.h"

/* The KeePass readers answer 0 or 1; a match is as sure as it gets. */
static int
sniff_kdbx(const uint8_t *head, size_t len)
{
	return vlt_import_kdbx_sniff(head, len) ? 100 : 0;
}

static int
sniff_keepass_xml(const uint8_t *head, size_t len)
{
	return vlt_import_keepass_xml_sniff(head, len) ? 100 : 0;
}

const struct vlt_import_format vlt_import_formats[] = {
	{ "csv", "a spreadsheet CSV", 0, vlt_sniff_csv_spreadsheet,
	  vlt_import_csv_spreadsheet, NULL },
	{ "keepassxc-csv", "a KeePassXC CSV export", 0,
	  vlt_sniff_csv_keepassxc, vlt_import_csv_keepassxc, NULL },
	{ "bitwarden-csv", "a Bitwarden CSV export", 0,
	  vlt_sniff_csv_bitwarden, vlt_import_csv_bitwarden, NULL },
	{ "bitwarden-json", "a Bitwarden JSON export", 0,
	  vlt_sniff_bitwarden_json, vlt_import_bitwarden_json, NULL },
	{ "chrome-csv", "a Chrome or Edge passwords CSV", 0,
	  vlt_sniff_csv_chrome, vlt_import_csv_chrome, NULL },
	{ "firefox-csv", "a Firefox logins CSV", 0, vlt_sniff_csv_firefox,
	  vlt_import_csv_firefox, NULL },
	{ "safari-csv", "a Safari or Apple Passwords CSV", 0,
	  vlt_sniff_csv_safari, vlt_import_csv_safari, NULL },
	{ "1password-csv", "a 1Password CSV export", 0,
	  vlt_sniff_csv_1password, vlt_import_csv_1password, NULL },
	{ "lastpass-csv", "a LastPass CSV export", 0, vlt_sniff_csv_lastpass,
	  vlt_import_csv_lastpass, NULL },
	{ "keepass-xml", "a KeePass 2 XML export", 0, sniff_keepass_xml,
	  vlt_import_keepass_xml, NULL },
	{ "kdbx", "a KeePass database", VLT_FMT_PASSWORD, sniff_kdbx, NULL,
	  vlt_import_kdbx },
};
const size_t vlt_import_nformats = sizeof vlt_import_formats /
    sizeof *vlt_import_formats;
