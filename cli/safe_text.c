/* SPDX-License-Identifier: ISC */
/*
 * safe_text.c - the one place where text chosen by a person or read from
 * the vault file is made safe to show: titles, tags, field names and
 * values, holders' names and roles, the council's name, the log's
 * subjects and actors, paths and arguments quoted in messages.
 *
 * SECURITY: a terminal obeys control characters instead of showing them
 * (ESC and CSI start sequences that move the cursor, erase lines, hide
 * text or retitle the window), and bidirectional controls reorder what
 * is shown. So every character vault_text_check() (vault/text.c) does not
 * accept is written as an escape: `\x1b` for a byte (a C0 control, DEL,
 * or a byte that is not UTF-8), `\u202e` for a character (a C1 or a
 * bidirectional control). A backslash itself is left alone: the escapes
 * are there to keep the screen honest, not to make text reversible.
 * The rule is the library's; only the escaping is here, so that input
 * checks and output escaping cannot drift apart.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"

typedef vault_err (*sink_fn)(void *ctx, const void *p, size_t len);

/* Length of the UTF-8 form of `cp` (known to be well formed). */
static size_t
utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static vault_err
escape(const uint8_t *p, size_t len, unsigned flags, sink_fn put, void *ctx)
{
	vault_err rc = VAULT_OK;

	while (rc == VAULT_OK && len > 0) {
		char esc[16];
		size_t at, skip;
		uint32_t cp;
		int kind = vault_text_check(p, len, flags, &at, &cp);

		if (kind == 0)
			at = len;
		if (at > 0 && (rc = put(ctx, p, at)) != VAULT_OK)
			break;
		if (kind == 0)
			break;
		if (kind == VAULT_TEXT_NOT_UTF8 || cp < 0x80) {
			snprintf(esc, sizeof esc, "\\x%02x", (unsigned)p[at]);
			skip = 1;
		} else {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			skip = utf8_len(cp);
		}
		rc = put(ctx, esc, strlen(esc));
		p += at + skip;
		len -= at + skip;
	}
	return rc;
}

static vault_err
to_obuf(void *ctx, const void *p, size_t len)
{
	return ob_put(ctx, p, len);
}

vault_err
ob_safe(struct obuf *ob, const uint8_t *p, size_t len, unsigned flags)
{
	return escape(p, len, flags, to_obuf, ob);
}

vault_err
ob_safe_str(struct obuf *ob, const char *s)
{
	return ob_safe(ob, (const uint8_t *)s, strlen(s), 0);
}

static vault_err
to_stderr(void *ctx, const void *p, size_t len)
{
	(void)ctx;
	return fwrite(p, 1, len, stderr) == len ? VAULT_OK : VAULT_ERR_IO;
}

void
cli_safe_stderr(const char *s, size_t len)
{
	(void)escape((const uint8_t *)s, len, 0, to_stderr, NULL);
}

/* A bounded buffer: text past `cap` - 4 bytes is cut, at a character
 * boundary, and marked with "...". */
struct bounded {
	char *buf;
	size_t cap, len;
	int cut;
};

static vault_err
to_bounded(void *ctx, const void *p, size_t len)
{
	struct bounded *b = ctx;
	size_t room = b->cap - 4 - b->len;      /* keep "...\0" */

	if (b->cut)
		return VAULT_OK;
	if (len > room) {
		const uint8_t *q = p;

		/* Never split a UTF-8 character: back up to its first byte. */
		while (room > 0 && (q[room] & 0xc0) == 0x80)
			room--;
		len = room;
		b->cut = 1;
	}
	memcpy(b->buf + b->len, p, len);
	b->len += len;
	return VAULT_OK;
}

#define SAFE_SLOTS 4
#define SAFE_MAX 1200

const char *
cli_safe_n(const uint8_t *p, size_t len, size_t max)
{
	static char slot[SAFE_SLOTS][SAFE_MAX];
	static unsigned next;
	struct bounded b;

	b.buf = slot[next++ % SAFE_SLOTS];
	b.cap = max + 4 < SAFE_MAX ? max + 4 : SAFE_MAX;
	b.len = 0;
	b.cut = 0;
	(void)escape(p, len, 0, to_bounded, &b);
	if (b.cut) {
		memcpy(b.buf + b.len, "...", 3);
		b.len += 3;
	}
	b.buf[b.len] = '\0';
	return b.buf;
}

const char *
cli_safe(const char *s)
{
	return cli_safe_n((const uint8_t *)s, strlen(s), SAFE_MAX);
}

/* A JSON string. Everything vault_text_check() refuses is escaped too,
 * so the output is ASCII-clean of controls: C0, DEL, C1 and
 * bidirectional controls as \uXXXX (newline and tab as \n and \t). A
 * byte that is not UTF-8 (a password is bytes; other text only in an
 * older vault) becomes U+FFFD, the replacement character: JSON must be
 * valid UTF-8, and `get` without --json gives the exact bytes. */
vault_err
ob_json_str(struct obuf *ob, const uint8_t *p, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	vault_err rc = ob_put(ob, "\"", 1);

	while (rc == VAULT_OK && len > 0) {
		size_t at, run, skip = 1;
		uint32_t cp;
		int kind = vault_text_check(p, len, 0, &at, &cp);

		if (kind == 0)
			at = len;
		/* The acceptable run, with quotes and backslashes escaped. */
		for (size_t i = 0; rc == VAULT_OK && i < at; i = run + 1) {
			for (run = i; run < at && p[run] != '"' &&
			    p[run] != '\\'; run++)
				;
			if (run > i)
				rc = ob_put(ob, p + i, run - i);
			if (rc == VAULT_OK && run < at) {
				char esc[2] = { '\\', (char)p[run] };
				rc = ob_put(ob, esc, 2);
			}
		}
		if (rc != VAULT_OK || kind == 0)
			break;
		if (kind == VAULT_TEXT_NOT_UTF8) {
			rc = ob_str(ob, "\\ufffd");
		} else if (cp == '\n') {
			rc = ob_str(ob, "\\n");
		} else if (cp == '\t') {
			rc = ob_str(ob, "\\t");
		} else {
			char esc[6] = { '\\', 'u', hex[cp >> 12 & 15],
			    hex[cp >> 8 & 15], hex[cp >> 4 & 15],
			    hex[cp & 15] };
			rc = ob_put(ob, esc, 6);
			skip = utf8_len(cp);
		}
		p += at + skip;
		len -= at + skip;
	}
	return rc == VAULT_OK ? ob_put(ob, "\"", 1) : rc;
}

int
cli_text_check(struct cli *c, const char *what, const uint8_t *p, size_t len,
    unsigned flags, int secret)
{
	int plural = strcmp(what, "notes") == 0;
	const char *rule = (flags & VAULT_TEXT_MULTILINE) ? "notes and field "
	    "values must be UTF-8 text, with no control characters but "
	    "newline and tab" : "titles, tags, field names, usernames, URLs "
	    "and names must be printable UTF-8 text";
	char where[40] = "";
	size_t at;
	int kind = vault_text_check(p, len, flags, &at, NULL);

	if (kind == 0)
		return 0;
	/* SECURITY: for a secret, not even where the bad byte is. */
	if (!secret)
		snprintf(where, sizeof where, " (byte %zu)", at + 1);
	cli_fail(c, VAULT_ERR_INVALID, kind == VAULT_TEXT_CONTROL ?
	    "the %s contain%s a control character%s; %s" :
	    "the %s %s not valid UTF-8%s; %s", what, kind ==
	    VAULT_TEXT_CONTROL ? (plural ? "" : "s") : (plural ? "are" : "is"),
	    where, rule);
	return -1;
}
