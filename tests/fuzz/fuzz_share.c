/* SPDX-License-Identifier: ISC */
/*
 * fuzz_share.c - SLIP-0039 share text (vault_share_decode), the words a
 * holder types back in from paper.
 * Properties:
 *  - any input gives VAULT_OK or MNEMONIC, and bad_word is 0 or the
 *    1-based position of one of the input's words;
 *  - a decoded share re-encodes (vault_share_encode) to the canonical
 *    mnemonic of the input: the same number of words, each input word
 *    (lower-cased) a prefix of at least 4 letters of the canonical word;
 *  - the canonical mnemonic decodes to the same share (every public
 *    field and the value).
 */
#include "fuzz.h"
#include "vault.h"

static int
is_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The next white-space separated token at or after *p. */
static int
token(const uint8_t *s, size_t len, size_t *p, size_t *start, size_t *n)
{
	while (*p < len && is_space(s[*p]))
		(*p)++;
	if (*p == len)
		return 0;
	*start = *p;
	while (*p < len && !is_space(s[*p]))
		(*p)++;
	*n = *p - *start;
	return 1;
}

static size_t
count_tokens(const uint8_t *s, size_t len)
{
	size_t p = 0, st, n, k = 0;

	while (token(s, len, &p, &st, &n))
		k++;
	return k;
}

static void
same_share(const vault_share *a, const vault_share *b)
{
	const vault_secret *va = vault_share_value(a);
	const vault_secret *vb = vault_share_value(b);

	FUZZ_ASSERT(vault_share_identifier(a) == vault_share_identifier(b));
	FUZZ_ASSERT(vault_share_extendable(a) == vault_share_extendable(b));
	FUZZ_ASSERT(vault_share_iteration_exponent(a) ==
	    vault_share_iteration_exponent(b));
	FUZZ_ASSERT(vault_share_group_index(a) == vault_share_group_index(b));
	FUZZ_ASSERT(vault_share_group_threshold(a) ==
	    vault_share_group_threshold(b));
	FUZZ_ASSERT(vault_share_group_count(a) == vault_share_group_count(b));
	FUZZ_ASSERT(vault_share_member_index(a) == vault_share_member_index(b));
	FUZZ_ASSERT(vault_share_member_threshold(a) ==
	    vault_share_member_threshold(b));
	FUZZ_ASSERT(vault_secret_len(va) == vault_secret_len(vb));
	FUZZ_ASSERT(memcmp(vault_secret_data(va), vault_secret_data(vb),
	    vault_secret_len(va)) == 0);
}

static void
check_reencodes(const vault_share *sh, const uint8_t *in, size_t in_len)
{
	vault_secret *canon = NULL;
	vault_share *again = NULL;
	const uint8_t *c;
	size_t cl, pi = 0, pc = 0, si, ni, sc, nc, words = 0, bad = 99;

	FUZZ_ASSERT(vault_share_encode(sh, &canon) == VAULT_OK);
	c = vault_secret_data(canon);
	cl = vault_secret_len(canon);
	/* Canonical: lower-case words, single spaces, nothing around. */
	FUZZ_ASSERT(cl > 0 && c[0] != ' ' && c[cl - 1] != ' ');
	for (size_t i = 0; i < cl; i++)
		FUZZ_ASSERT((c[i] >= 'a' && c[i] <= 'z') ||
		    (c[i] == ' ' && c[i + 1] != ' '));
	while (token(in, in_len, &pi, &si, &ni)) {
		FUZZ_ASSERT(token(c, cl, &pc, &sc, &nc));
		FUZZ_ASSERT(ni >= 4 && ni <= nc);
		for (size_t k = 0; k < ni; k++) {
			uint8_t ch = in[si + k];

			if (ch >= 'A' && ch <= 'Z')
				ch += 'a' - 'A';
			FUZZ_ASSERT(ch == c[sc + k]);
		}
		words++;
	}
	FUZZ_ASSERT(!token(c, cl, &pc, &sc, &nc));     /* same word count */
	FUZZ_ASSERT(words >= 20 && words <= 33);
	FUZZ_ASSERT(vault_share_decode(c, cl, &again, &bad) == VAULT_OK);
	FUZZ_ASSERT(bad == 0);
	same_share(sh, again);
	vault_share_free(again);
	vault_secret_free(canon);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	vault_share *sh = NULL;
	size_t bad = 12345;
	vault_err rc;

	rc = vault_share_decode(data, len, &sh, &bad);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_MNEMONIC ||
	    rc == VAULT_ERR_NOMEM);
	FUZZ_ASSERT((rc == VAULT_OK) == (sh != NULL));
	if (rc == VAULT_OK) {
		FUZZ_ASSERT(bad == 0);
		FUZZ_ASSERT(vault_share_group_threshold(sh) <=
		    vault_share_group_count(sh));
		check_reencodes(sh, data, len);
	} else if (rc == VAULT_ERR_MNEMONIC) {
		FUZZ_ASSERT(bad <= count_tokens(data, len));
	}
	vault_share_free(sh);
	return 0;
}
