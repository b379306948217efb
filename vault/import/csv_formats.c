/* SPDX-License-Identifier: ISC */
/*
 * import/csv_formats.c - the CSV dialects, each a table of the columns
 * its program writes (header lines from each program's documentation and
 * its own export, named beside each table), how to recognise it from its
 * header line, and, for a spreadsheet, the generous guess from column
 * names in English. csv.c reads them all.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "csv.h"

/* KeePassXC 2.7, `keepassxc-cli export --format csv` (tests make one). */
static const struct vlt_csv_col keepassxc[] = {
	{ "Group", VLT_COL_GROUP }, { "Title", VLT_COL_TITLE },
	{ "Username", VLT_COL_USERNAME }, { "Password", VLT_COL_PASSWORD },
	{ "URL", VLT_COL_URL }, { "Notes", VLT_COL_NOTES },
	{ "TOTP", VLT_COL_TOTP }, { "Icon", VLT_COL_IGNORE },
	{ "Last Modified", VLT_COL_MODIFIED }, { "Created", VLT_COL_CREATED },
	{ NULL, 0 }
};

/* Bitwarden, "Export vault" as .csv (bitwarden.com/help/condition-
 * bitwarden-import/): folder,favorite,type,name,notes,fields,reprompt,
 * login_uri,login_username,login_password,login_totp. */
static const struct vlt_csv_col bitwarden[] = {
	{ "folder", VLT_COL_FOLDER }, { "favorite", VLT_COL_IGNORE },
	{ "type", VLT_COL_TYPE }, { "name", VLT_COL_TITLE },
	{ "notes", VLT_COL_NOTES }, { "fields", VLT_COL_FIELDS },
	{ "reprompt", VLT_COL_IGNORE }, { "login_uri", VLT_COL_URLS },
	{ "login_username", VLT_COL_USERNAME },
	{ "login_password", VLT_COL_PASSWORD }, { "login_totp", VLT_COL_TOTP },
	{ NULL, 0 }
};

/* Chrome and Edge, Password Manager > Settings > Export passwords:
 * name,url,username,password (newer versions add note). */
static const struct vlt_csv_col chrome[] = {
	{ "name", VLT_COL_TITLE }, { "url", VLT_COL_URL },
	{ "username", VLT_COL_USERNAME }, { "password", VLT_COL_PASSWORD },
	{ "note", VLT_COL_NOTES }, { NULL, 0 }
};

/* Firefox, about:logins > Export Logins (times in ms since 1970). */
static const struct vlt_csv_col firefox[] = {
	{ "url", VLT_COL_URL }, { "username", VLT_COL_USERNAME },
	{ "password", VLT_COL_PASSWORD }, { "httpRealm", VLT_COL_IGNORE },
	{ "formActionOrigin", VLT_COL_IGNORE }, { "guid", VLT_COL_IGNORE },
	{ "timeCreated", VLT_COL_CREATED },
	{ "timeLastUsed", VLT_COL_IGNORE },
	{ "timePasswordChanged", VLT_COL_PWCHANGED }, { NULL, 0 }
};

/* Safari and Apple Passwords, File > Export Passwords. */
static const struct vlt_csv_col safari[] = {
	{ "Title", VLT_COL_TITLE }, { "URL", VLT_COL_URL },
	{ "Username", VLT_COL_USERNAME }, { "Password", VLT_COL_PASSWORD },
	{ "Notes", VLT_COL_NOTES }, { "OTPAuth", VLT_COL_TOTP }, { NULL, 0 }
};

/* 1Password 8, File > Export > CSV. */
static const struct vlt_csv_col onepassword[] = {
	{ "Title", VLT_COL_TITLE }, { "Url", VLT_COL_URL },
	{ "Username", VLT_COL_USERNAME }, { "Password", VLT_COL_PASSWORD },
	{ "OTPAuth", VLT_COL_TOTP }, { "Favorite", VLT_COL_IGNORE },
	{ "Archived", VLT_COL_IGNORE }, { "Tags", VLT_COL_TAGS },
	{ "Notes", VLT_COL_NOTES }, { NULL, 0 }
};

/* LastPass, Advanced Options > Export: url,username,password,totp,extra,
 * name,grouping,fav ("http://sn" is the address of a secure note). */
static const struct vlt_csv_col lastpass[] = {
	{ "url", VLT_COL_URL }, { "username", VLT_COL_USERNAME },
	{ "password", VLT_COL_PASSWORD }, { "totp", VLT_COL_TOTP },
	{ "extra", VLT_COL_NOTES }, { "name", VLT_COL_TITLE },
	{ "grouping", VLT_COL_FOLDER }, { "fav", VLT_COL_IGNORE },
	{ NULL, 0 }
};

static const struct vlt_csv_col none[] = { { NULL, 0 } };

static const struct vlt_csv_profile profiles[] = {
	{ "keepassxc-csv", keepassxc, 6, 0, 0 },
	{ "bitwarden-csv", bitwarden, 9, 0, 0 },
	{ "chrome-csv", chrome, 4, 0, 0 },
	{ "firefox-csv", firefox, 9, 0, 1 },
	{ "safari-csv", safari, 5, 0, 0 },
	{ "1password-csv", onepassword, 9, 0, 0 },
	{ "lastpass-csv", lastpass, 8, 0, 0 },
	{ "csv", none, 0, 1, 0 },
};
#define NPROFILES (sizeof profiles / sizeof *profiles)

/* A spreadsheet's column, by its name: lower case, letters and digits
 * only ("User name", "user_name" and "Username" are alike). */
static const struct {
	const char *name;
	enum vlt_csv_target t;
} guesses[] = {
	{ "account", VLT_COL_TITLE }, { "accountname", VLT_COL_TITLE },
	{ "service", VLT_COL_TITLE }, { "servicename", VLT_COL_TITLE },
	{ "site", VLT_COL_TITLE }, { "sitename", VLT_COL_TITLE },
	{ "name", VLT_COL_TITLE }, { "title", VLT_COL_TITLE },
	{ "system", VLT_COL_TITLE }, { "what", VLT_COL_TITLE },
	{ "username", VLT_COL_USERNAME }, { "user", VLT_COL_USERNAME },
	{ "userid", VLT_COL_USERNAME }, { "login", VLT_COL_USERNAME },
	{ "loginname", VLT_COL_USERNAME }, { "logon", VLT_COL_USERNAME },
	{ "email", VLT_COL_USERNAME }, { "emailaddress", VLT_COL_USERNAME },
	{ "password", VLT_COL_PASSWORD }, { "pass", VLT_COL_PASSWORD },
	{ "passwd", VLT_COL_PASSWORD }, { "pwd", VLT_COL_PASSWORD },
	{ "passcode", VLT_COL_PASSWORD },
	{ "website", VLT_COL_URL }, { "url", VLT_COL_URL },
	{ "webaddress", VLT_COL_URL }, { "web", VLT_COL_URL },
	{ "link", VLT_COL_URL }, { "address", VLT_COL_URL },
	{ "loginurl", VLT_COL_URL }, { "siteurl", VLT_COL_URL },
	{ "notes", VLT_COL_NOTES }, { "note", VLT_COL_NOTES },
	{ "comments", VLT_COL_NOTES }, { "comment", VLT_COL_NOTES },
	{ "remarks", VLT_COL_NOTES }, { "extra", VLT_COL_NOTES },
	{ "totp", VLT_COL_TOTP }, { "otpauth", VLT_COL_TOTP },
	{ "tags", VLT_COL_TAGS }, { "tag", VLT_COL_TAGS },
	{ "group", VLT_COL_FOLDER }, { "folder", VLT_COL_FOLDER },
	{ "category", VLT_COL_FOLDER },
};

static void
squash(const char *h, char *out, size_t cap)
{
	size_t n = 0;

	for (; *h && n + 1 < cap; h++)
		if (isalnum((unsigned char)*h))
			out[n++] = (char)tolower((unsigned char)*h);
	out[n] = '\0';
}

enum vlt_csv_target
vlt_csv_guess(const char *header)
{
	char k[64];

	squash(header, k, sizeof k);
	for (size_t i = 0; i < sizeof guesses / sizeof *guesses; i++)
		if (strcmp(k, guesses[i].name) == 0)
			return guesses[i].t;
	/* A column about a second factor ("2FA?", "MFA on", "Two-step"):
	 * kept as a line of the notes, never lost. */
	if (strstr(k, "2fa") || strstr(k, "mfa") || strstr(k, "twofactor") ||
	    strstr(k, "2step") || strstr(k, "twostep") ||
	    strstr(k, "secondfactor") || strstr(k, "authenticator"))
		return VLT_COL_NOTE_LINE;
	return VLT_COL_CUSTOM;
}

static const char *const target_names[] = {
	[VLT_COL_UNKNOWN] = "custom", [VLT_COL_IGNORE] = "ignore",
	[VLT_COL_TITLE] = "title", [VLT_COL_USERNAME] = "username",
	[VLT_COL_PASSWORD] = "password", [VLT_COL_URL] = "url",
	[VLT_COL_URLS] = "url", [VLT_COL_NOTES] = "notes",
	[VLT_COL_NOTE_LINE] = "a line of the notes",
	[VLT_COL_TOTP] = "totp", [VLT_COL_TAGS] = "tags",
	[VLT_COL_GROUP] = "tags", [VLT_COL_FOLDER] = "tags",
	[VLT_COL_CUSTOM] = "custom", [VLT_COL_FIELDS] = "custom fields",
	[VLT_COL_TYPE] = "the kind of item",
	[VLT_COL_CREATED] = "the created time",
	[VLT_COL_MODIFIED] = "the modified time",
	[VLT_COL_PWCHANGED] = "the password time",
};

const char *
vlt_csv_target_name(enum vlt_csv_target t)
{
	return (unsigned)t <= VLT_COL_PWCHANGED ? target_names[t] : "?";
}

int
vlt_csv_field_target(const char *field)
{
	static const struct {
		const char *n;
		enum vlt_csv_target t;
	} f[] = {
		{ "title", VLT_COL_TITLE }, { "username", VLT_COL_USERNAME },
		{ "password", VLT_COL_PASSWORD }, { "url", VLT_COL_URL },
		{ "notes", VLT_COL_NOTES }, { "totp", VLT_COL_TOTP },
		{ "tags", VLT_COL_TAGS }, { "ignore", VLT_COL_IGNORE },
		{ "custom", VLT_COL_CUSTOM },
	};

	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		if (strcasecmp(field, f[i].n) == 0)
			return (int)f[i].t;
	return -1;
}

/* The header line's cells (quotes removed, cut at 63 bytes), at most
 * `max`; the count. */
static size_t
header_cells(const uint8_t *p, size_t len, char cells[][64], size_t max)
{
	size_t n = 0, k = 0, i = 0;
	int q = 0;
	uint8_t delim = ',';

	/* the delimiter, as csv.c finds it (tab too rare to sniff) */
	for (size_t j = 0, c = 0, sc = 0; j < len && p[j] != '\n'; j++) {
		c += p[j] == ',';
		sc += p[j] == ';';
		delim = sc > c ? ';' : ',';
	}
	for (; i < len && n < max; i++) {
		uint8_t ch = p[i];

		if (ch == '"') {
			q = !q;
		} else if (!q && (ch == delim || ch == '\n' || ch == '\r')) {
			cells[n][k] = '\0';
			n++;
			k = 0;
			if (ch != delim)
				break;
		} else if (k < 63) {
			cells[n][k++] = (char)ch;
		}
	}
	if (i == len && n < max && k > 0) {
		cells[n][k] = '\0';
		n++;
	}
	return n;
}

/* How well the header line matches profile `p`: 80 + for a named
 * program when every column it needs is there, 20 for a spreadsheet
 * whose header the guess can read, else 0. */
static int
score(const struct vlt_csv_profile *p, char cells[][64], size_t n)
{
	size_t hits = 0, known = 0;
	int title = 0, pass = 0;

	if (p->generic) {
		for (size_t i = 0; i < n; i++) {
			enum vlt_csv_target t = vlt_csv_guess(cells[i]);

			title |= t == VLT_COL_TITLE || t == VLT_COL_URL;
			pass |= t == VLT_COL_PASSWORD;
		}
		/* Any sheet with a header line is one, at worst, for
		 * --map to name its columns. */
		return title && pass ? 20 : 5;
	}
	for (const struct vlt_csv_col *c = p->cols; c->header != NULL; c++) {
		known++;
		for (size_t i = 0; i < n; i++)
			if (strcasecmp(c->header, cells[i]) == 0 &&
			    strcmp(c->header, cells[i]) == 0) {
				hits++;
				break;
			}
	}
	if (hits < p->required || n > known)
		return 0;
	return 80 + (int)hits;        /* at most 80 + 11 */
}

/* The first line is text: no control character but tab and CR, and
 * UTF-8 or (Windows-1252) bytes at or above 0x80. */
static int
printable_line(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len && p[i] != '\n'; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r') ||
		    p[i] == 0x7f)
			return 0;
	return 1;
}

int
vlt_csv_sniff(const uint8_t *head, size_t len, const char *name)
{
	char cells[32][64];
	size_t n = header_cells(head, len, cells, 32);

	if (n < 2 || !printable_line(head, len))
		return 0;
	for (size_t i = 0; i < NPROFILES; i++)
		if (strcmp(profiles[i].name, name) == 0)
			return score(&profiles[i], cells, n);
	return 0;
}

static const struct vlt_csv_profile *
profile(const char *name)
{
	for (size_t i = 0; i < NPROFILES; i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return &profiles[NPROFILES - 1];
}

#define READER(fn, sniff, name)                                          \
vault_err                                                                \
fn(const struct vlt_import_src *src, struct vlt_import_sink *sink)       \
{                                                                        \
	return vlt_csv_read(src, profile(name), sink);                   \
}                                                                        \
int                                                                      \
sniff(const uint8_t *head, size_t len)                                   \
{                                                                        \
	return vlt_csv_sniff(head, len, name);                           \
}

READER(vlt_import_csv_spreadsheet, vlt_sniff_csv_spreadsheet, "csv")
READER(vlt_import_csv_keepassxc, vlt_sniff_csv_keepassxc, "keepassxc-csv")
READER(vlt_import_csv_bitwarden, vlt_sniff_csv_bitwarden, "bitwarden-csv")
READER(vlt_import_csv_chrome, vlt_sniff_csv_chrome, "chrome-csv")
READER(vlt_import_csv_firefox, vlt_sniff_csv_firefox, "firefox-csv")
READER(vlt_import_csv_safari, vlt_sniff_csv_safari, "safari-csv")
READER(vlt_import_csv_1password, vlt_sniff_csv_1password, "1password-csv")
READER(vlt_import_csv_lastpass, vlt_sniff_csv_lastpass, "lastpass-csv")
