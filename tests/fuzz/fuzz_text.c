/* SPDX-License-Identifier: ISC */
/*
 * fuzz_text.c - the text rules (vault_text_check), which decide what the
 * entry setters refuse and what the CLI escapes before it reaches a
 * terminal. Input: byte 0's low bit is the flag (VAULT_TEXT_MULTILINE);
 * the rest is the text.
 * Properties:
 *  - the verdict, offset and code point agree with a reference written
 *    another way: well-formed UTF-8 from the byte ranges of Unicode's
 *    Table 3-7 (not from code point bounds), controls from a list;
 *  - the text before the offending character passes on its own, and
 *    the character alone is refused the same way (the CLI escapes it and
 *    resumes after it);
 *  - MULTILINE accepts everything the plain rule accepts;
 *  - a CONTROL verdict names a character whose UTF-8 form is at *at, a
 *    NOT_UTF8 verdict the byte at *at.
 */
#include "fuzz.h"
#include "vault.h"

/* Unicode 15, Table 3-7: the well-formed byte sequences. */
static size_t
ref_len(const uint8_t *p, size_t n)
{
	static const struct { uint8_t lo, hi, len, lo2, hi2; } row[] = {
		{ 0x00, 0x7f, 1, 0, 0 },
		{ 0xc2, 0xdf, 2, 0x80, 0xbf },
		{ 0xe0, 0xe0, 3, 0xa0, 0xbf },
		{ 0xe1, 0xec, 3, 0x80, 0xbf },
		{ 0xed, 0xed, 3, 0x80, 0x9f },
		{ 0xee, 0xef, 3, 0x80, 0xbf },
		{ 0xf0, 0xf0, 4, 0x90, 0xbf },
		{ 0xf1, 0xf3, 4, 0x80, 0xbf },
		{ 0xf4, 0xf4, 4, 0x80, 0x8f },
	};

	for (size_t r = 0; r < sizeof row / sizeof *row; r++) {
		if (p[0] < row[r].lo || p[0] > row[r].hi)
			continue;
		if (n < row[r].len)
			return 0;
		if (row[r].len > 1 && (p[1] < row[r].lo2 || p[1] > row[r].hi2))
			return 0;
		for (size_t i = 2; i < row[r].len; i++)
			if (p[i] < 0x80 || p[i] > 0xbf)
				return 0;
		return row[r].len;
	}
	return 0;
}

static uint32_t
ref_cp(const uint8_t *p, size_t len)
{
	static const uint8_t lead_mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t c = p[0] & lead_mask[len];

	for (size_t i = 1; i < len; i++)
		c = c << 6 | (p[i] & 0x3f);
	return c;
}

static int
ref_control(uint32_t c, int multiline)
{
	static const uint32_t range[][2] = {
		{ 0x00, 0x1f }, { 0x7f, 0x9f }, { 0x061c, 0x061c },
		{ 0x200e, 0x200f }, { 0x202a, 0x202e }, { 0x2066, 0x2069 },
	};

	if (multiline && (c == 0x0a || c == 0x09))
		return 0;
	for (size_t i = 0; i < sizeof range / sizeof *range; i++)
		if (c >= range[i][0] && c <= range[i][1])
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const uint8_t *p = data + 1;
	unsigned flags;
	size_t n, i = 0, at = 0, l = 0;
	uint32_t cp = 0, c = 0;
	int kind, want = 0;

	if (len == 0)
		return 0;
	flags = (data[0] & 1) ? VAULT_TEXT_MULTILINE : 0;
	n = len - 1;
	/* The reference scan. */
	while (i < n) {
		if ((l = ref_len(p + i, n - i)) == 0) {
			want = VAULT_TEXT_NOT_UTF8;
			break;
		}
		c = ref_cp(p + i, l);
		if (ref_control(c, flags != 0)) {
			want = VAULT_TEXT_CONTROL;
			break;
		}
		i += l;
	}
	kind = vault_text_check(p, n, flags, &at, &cp);
	FUZZ_ASSERT(kind == want);
	FUZZ_ASSERT(vault_text_check(p, n, flags, NULL, NULL) == kind);
	if (kind == 0) {
		FUZZ_ASSERT(at == 0 && cp == 0);
		FUZZ_ASSERT(vault_text_check(p, n, VAULT_TEXT_MULTILINE, NULL,
		    NULL) == 0);
		return 0;
	}
	FUZZ_ASSERT(at == i && at < n);
	FUZZ_ASSERT(vault_text_check(p, at, flags, NULL, NULL) == 0);
	if (kind == VAULT_TEXT_NOT_UTF8) {
		FUZZ_ASSERT(cp == p[at]);
	} else {
		FUZZ_ASSERT(cp == c && ref_len(p + at, n - at) == l);
		FUZZ_ASSERT(ref_control(cp, flags != 0));
		/* The same character alone is refused, at offset 0. */
		FUZZ_ASSERT(vault_text_check(p + at, l, flags, &at, &cp) ==
		    VAULT_TEXT_CONTROL && at == 0 && cp == c);
	}
	return 0;
}
