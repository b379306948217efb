/* SPDX-License-Identifier: ISC */
/*
 * text.c - the text rules (vault.h, "Text rules"): well-formed UTF-8,
 * and no character a terminal would obey instead of showing. The entry
 * setters and escrow set-up refuse text that breaks them; the CLI uses
 * the same check to find what it must escape, so the rule lives here only.
 */
#include "vault.h"

/* Decode the character at p (n > 0 bytes): its length, or 0 when p does
 * not start a well-formed UTF-8 sequence (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static size_t
utf8_char(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2, c = p[0] & 0x1fu, min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3, c = p[0] & 0x0fu, min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4, c = p[0] & 0x07u, min = 0x10000;
	} else {
		return 0;       /* continuation byte, C0, C1, F5..FF */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3fu);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* SECURITY: C0 and C1 controls start terminal escape sequences (ESC,
 * CSI), move the cursor (CR, BS) or erase; bidirectional controls make
 * text display in an order other than the one stored. */
static int
is_control(uint32_t c, unsigned flags)
{
	if (c < 0x20)
		return !((flags & VAULT_TEXT_MULTILINE) && (c == '\n' ||
		    c == '\t'));
	return c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x061c ||
	    c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

int
vault_text_check(const uint8_t *p, size_t len, unsigned flags, size_t *at,
    uint32_t *cp)
{
	size_t i = 0, n;
	uint32_t c = 0;
	int kind = 0;

	if (p == NULL)
		len = 0;
	while (i < len) {
		if ((n = utf8_char(p + i, len - i, &c)) == 0) {
			c = p[i];
			kind = VAULT_TEXT_NOT_UTF8;
			break;
		}
		if (is_control(c, flags)) {
			kind = VAULT_TEXT_CONTROL;
			break;
		}
		i += n;
	}
	if (at != NULL)
		*at = kind ? i : 0;
	if (cp != NULL)
		*cp = kind ? c : 0;
	return kind;
}
