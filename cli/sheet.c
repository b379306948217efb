/* SPDX-License-Identifier: ISC */
/*
 * sheet.c - a holder's paper share, ready to print and seal in an
 * envelope: the council, holder, share number, threshold and date, the
 * SLIP-0039 words numbered, the same words as a QR code (libqrencode),
 * and plain-English steps for when the clerk is unavailable. Built in
 * guarded memory: the words are secret.
 */
#include <string.h>
#include <time.h>
#include <qrencode.h>
#include <sodium.h>
#include "cli.h"
#include "paths.h"
#include "render.h"
#include "sheet.h"

/* The QR code as text, two modules a character row (upper/lower half
 * blocks), dark modules drawn, with a two-module quiet zone. */
static vault_err
put_qr(struct obuf *ob, const vault_secret *words)
{
	static const char *const cell[4] = { " ", "\xe2\x96\x80",
	    "\xe2\x96\x84", "\xe2\x96\x88" };
	char *text = NULL;
	QRcode *qr = NULL;
	vault_err rc = VAULT_OK;
	int w, q = 2;

	if ((text = sodium_malloc(vault_secret_len(words) + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	memcpy(text, vault_secret_data(words), vault_secret_len(words));
	text[vault_secret_len(words)] = '\0';
	/* Upper case fits QR's compact alphanumeric mode. */
	for (size_t i = 0; text[i]; i++)
		if (text[i] >= 'a' && text[i] <= 'z')
			text[i] = (char)(text[i] - 32);
	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL) {
		rc = VAULT_ERR_NOMEM;
		goto out;
	}
	w = qr->width;
	for (int y = -q; rc == VAULT_OK && y < w + q; y += 2) {
		rc = ob_str(ob, "    ");
		for (int x = -q; rc == VAULT_OK && x < w + q; x++) {
			int top = y >= 0 && y < w && x >= 0 && x < w &&
			    (qr->data[y * w + x] & 1);
			int bot = y + 1 >= 0 && y + 1 < w && x >= 0 && x < w &&
			    (qr->data[(y + 1) * w + x] & 1);
			rc = ob_str(ob, cell[top | bot << 1]);
		}
		if (rc == VAULT_OK)
			rc = ob_str(ob, "\n");
	}
out:
	if (qr != NULL) {
		/* SECURITY: the modules encode the secret words. */
		sodium_memzero(qr->data, (size_t)qr->width * (size_t)qr->width);
		QRcode_free(qr);
	}
	sodium_free(text);
	return rc;
}

static vault_err
put_words(struct obuf *ob, const vault_secret *words)
{
	const uint8_t *p = vault_secret_data(words);
	size_t len = vault_secret_len(words), i = 0, n = 0;
	vault_err rc = VAULT_OK;

	while (rc == VAULT_OK && i < len) {
		size_t start, wl;

		while (i < len && p[i] == ' ')
			i++;
		start = i;
		while (i < len && p[i] != ' ')
			i++;
		if ((wl = i - start) == 0)
			break;
		n++;
		rc = ob_fmt(ob, "%s%3zu. ", n % 4 == 1 ? "    " : "  ", n);
		if (rc == VAULT_OK)
			rc = ob_put(ob, p + start, wl);
		for (size_t k = wl; rc == VAULT_OK && k < 10; k++)
			rc = ob_str(ob, " ");
		if (rc == VAULT_OK && n % 4 == 0)
			rc = ob_str(ob, "\n");
	}
	if (rc == VAULT_OK && n % 4 != 0)
		rc = ob_str(ob, "\n");
	return rc;
}

/* `s` quoted for the shell it will be typed into: a Windows path (a
 * drive letter; such a name holds no '"') in double quotes, which the
 * Command Prompt and PowerShell both take; anything else for a POSIX
 * shell, in single quotes, a ' as '\''. */
static vault_err
put_quoted(struct obuf *ob, const char *s)
{
	vault_err rc;

	if (s[0] != '\0' && s[1] == ':' && strchr(s, '"') == NULL) {
		rc = ob_str(ob, "\"");
		rc = rc == VAULT_OK ? ob_str(ob, s) : rc;
		return rc == VAULT_OK ? ob_str(ob, "\"") : rc;
	}
	rc = ob_str(ob, "'");

	for (; rc == VAULT_OK && *s; s++)
		rc = *s == '\'' ? ob_str(ob, "'\\''") : ob_put(ob, s, 1);
	return rc == VAULT_OK ? ob_str(ob, "'") : rc;
}

/* An absolute path (POSIX, or a Windows drive), usable with --file. */
static int
is_path(const char *s)
{
	return s[0] == '/' || (((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') &&
	    s[1] == ':' && (s[2] == '\\' || s[2] == '/'));
}

static int
where_is_path(const vault_share_sheet *s, const char *fallback)
{
	const char *where = s->location[0] ? s->location : fallback;

	return where != NULL && is_path(where) && vault_text_check(
	    (const uint8_t *)where, strlen(where), 0, NULL, NULL) == 0;
}

/* Where the vault is, and the command that opens it from there:
 * `cvault --file PATH ... shell` when the location is a path, so that
 * it works as printed (tests/cli_shell.sh runs it). */
static vault_err
put_where(struct obuf *ob, const char *role, const vault_share_sheet *s,
    const char *fallback, int paper_only)
{
	const char *where = s->location[0] ? s->location : fallback;
	vault_err rc;

	if ((rc = ob_str(ob, "\n  WHERE THE VAULT IS\n    ")) != VAULT_OK)
		return rc;
	rc = where != NULL && *where ? ob_safe_str(ob, where) :
	    ob_str(ob, "(not recorded: ask the clerk or the council office)");
	if (rc == VAULT_OK && !s->location[0] && where != NULL && *where)
		rc = ob_str(ob, "\n    (the file this sheet was printed from)");
	if (rc == VAULT_OK)
		rc = ob_str(ob, "\n  The command that opens it with this "
		    "sheet:\n    cvault ");
	if (rc == VAULT_OK && where_is_path(s, fallback))
		rc = (rc = ob_str(ob, "--file ")) != VAULT_OK ? rc :
		    (rc = put_quoted(ob, where)) != VAULT_OK ? rc :
		    ob_str(ob, " ");
	else if (rc == VAULT_OK)
		rc = ob_str(ob, "--file FILE ");
	if (rc == VAULT_OK)
		rc = ob_str(ob, "--shares - shell\n");
	if (rc == VAULT_OK && !paper_only)
		rc = (rc = ob_str(ob, "  or, with your passphrase instead:\n    "
		    "the same with --escrow ")) != VAULT_OK ? rc :
		    (rc = ob_safe_str(ob, role)) != VAULT_OK ? rc :
		    ob_str(ob, ",OTHER-ROLE in place of --shares -\n");
	return rc;
}

static size_t
count_words(const vault_secret *words)
{
	const uint8_t *p = vault_secret_data(words);
	size_t n = 0;

	for (size_t i = 0; i < vault_secret_len(words); i++)
		if (p[i] != ' ' && (i == 0 || p[i - 1] == ' '))
			n++;
	return n;
}

vault_err
cli_sheet(struct obuf *ob, const char *role, const vault_share_sheet *s,
    int paper_only, const char *fallback)
{
	char date[32] = "";
	time_t t = (time_t)s->since;
	struct tm tm;
	vault_err rc;

	if (localtime_r(&t, &tm) != NULL)
		strftime(date, sizeof date, "%d %B %Y", &tm);
	/* The council, role and name come from the file: escaped. */
	if ((rc = ob_str(ob, "=========================================="
	    "====================\n"
	    "  EMERGENCY SHARE - KEEP IN A SEALED ENVELOPE\n  ")) ||
	    (rc = ob_safe(ob, (const uint8_t *)s->council,
	    strnlen(s->council, sizeof s->council), 0)) ||
	    (rc = ob_str(ob, "\n=============================================="
	    "================\n  Holder:  the ")) ||
	    (rc = ob_safe_str(ob, role)) || (rc = ob_str(ob, ", ")) ||
	    (rc = ob_safe(ob, (const uint8_t *)s->name,
	    strnlen(s->name, sizeof s->name), 0)) || (rc = ob_str(ob, "\n")) ||
	    (rc = ob_fmt(ob, "  Share:   %u of %u. Any %u holders together "
	    "can open the vault.\n", s->member, s->holders, s->threshold)) ||
	    (rc = ob_fmt(ob, "  Issued:  %s (shares issued later replace "
	    "this one)\n\n  The %zu words of this share:\n\n",
	    date, count_words(s->mnemonic))) ||
	    (rc = put_words(ob, s->mnemonic)) ||
	    (rc = ob_str(ob, "\n  The same words as a QR code:\n\n")) ||
	    (rc = put_qr(ob, s->mnemonic)))
		return rc;
	if (paper_only && (rc = ob_str(ob, "\n  THIS SHEET IS THE ONLY COPY "
	    "of this share: it is not kept\n  in the vault file. If it is "
	    "lost, tell the clerk, who issues new\n  shares.\n")) != VAULT_OK)
		return rc;
	if ((rc = put_where(ob, role, s, fallback, paper_only)) != VAULT_OK)
		return rc;
	if ((rc = ob_fmt(ob, "\n  IF THE CLERK IS UNAVAILABLE\n"
	    "  1. Meet the other holders: %u of you are needed. Bring this\n"
	    "     sheet%s. Use a council computer that has\n"
	    "     cvault and the council's vault file.\n"
	    "  2. Type the command above%s\n"
	    "     and the words of each sheet on one line when asked (the\n"
	    "     first four letters of each word are enough). A mistyped\n"
	    "     word is asked for again. When enough sheets are in, the\n"
	    "     vault opens and a prompt appears: cvault (holders)>\n",
	    s->threshold, paper_only ? "" : " or your passphrase",
	    where_is_path(s, fallback) ? "" : " (FILE: the vault file's "
	    "full name)")) != VAULT_OK)
		return rc;
	return ob_str(ob,
	    "  3. At the prompt type 'ls' to list the accounts and\n"
	    "     'get TITLE' to see a password; 'exit' when done.\n"
	    "  4. Everything you open is recorded and shown to the clerk.\n"
	    "  5. Afterwards the clerk (or a new clerk, with 'cvault\n"
	    "     handover') issues new shares.\n"
	    "  Full steps: " CVAULT_DOCDIR "/emergency-access.md\n");
}
