/* SPDX-License-Identifier: ISC */
/*
 * slip39_words.c - SLIP-0039 share mnemonics: words to share and back.
 *
 * A share is a string of 10-bit words (indexes into the 1024-word list):
 *   id (15 bits) | extendable (1) | iteration exponent (4)     2 words
 *   group index | group threshold-1 | group count-1 |
 *   member index | member threshold-1 (4 bits each)            2 words
 *   share value, big-endian, left-padded with 0 bits           13..26 words
 *   RS1024 checksum over all of the above                      3 words
 * The checksum's customization string is "shamir", or "shamir_extendable"
 * when the extendable flag is set.
 *
 * SECURITY: the words of a mnemonic encode its secret value. Looking a
 * word up compares it with every list word and selects the index with
 * masks; turning an index into a word does the same; the RS1024
 * polynomial reduction uses masks instead of branching on the running
 * checksum. Word lengths are not hidden: they show in the text itself.
 * Working buffers are guarded (one sodium_malloc per call) and wiped.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "slip39.h"
#include "wordlists.h"

#define WORD_MAX 8u                     /* letters in the longest word */

static const uint32_t rs1024_gen[10] = {
	0xe0e040, 0x1c1c080, 0x3838100, 0x7070200, 0xe0e0009,
	0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120,
};

/* Feed `n` 10-bit values to the RS1024 checksum state `chk`. */
static uint32_t
rs1024_feed(uint32_t chk, const uint16_t *v, size_t n)
{
	uint32_t top;
	size_t i, j;

	for (i = 0; i < n; i++) {
		top = chk >> 20;
		chk = ((chk & 0xfffffu) << 10) ^ v[i];
		for (j = 0; j < 10; j++)
			chk ^= rs1024_gen[j] & -((top >> j) & 1u);
	}
	return chk;
}

/* The state after the customization string (public). */
static uint32_t
rs1024_start(unsigned ext)
{
	const char *cs = ext ? "shamir_extendable" : "shamir";
	uint16_t c;
	uint32_t chk = 1;

	for (; *cs != '\0'; cs++) {
		c = (uint16_t)(unsigned char)*cs;
		chk = rs1024_feed(chk, &c, 1);
	}
	return chk;
}

/* 1 if x == 0, else 0, for x < 2^31, without a branch. */
static uint32_t
ct_is_zero(uint32_t x)
{
	return (x - 1u) >> 31;
}

/* The list index of the lower-case token `tok` (4..WORD_MAX letters):
 * the one word it is a prefix of. Every word is compared in full and the
 * match is selected with masks, so the time does not depend on which
 * word it is. Returns 0, or -1 when no word matches. */
static int
word_find(const uint8_t *tok, size_t n, uint16_t *out)
{
	uint32_t found = 0, idx = 0, diff, eq;
	size_t i, j, wl;
	const char *w;

	for (i = 0; i < VLT_SLIP39_WORDS; i++) {
		w = vlt_slip39_words[i];
		wl = strlen(w);                 /* public */
		diff = 0;
		for (j = 0; j < n; j++)
			diff |= (uint8_t)(j < wl ? w[j] : 0) ^ tok[j];
		eq = ct_is_zero(diff);
		found |= eq;
		idx |= (uint32_t)i & -eq;
	}
	*out = (uint16_t)idx;
	return found ? 0 : -1;
}

/* Copy list word `idx` (secret) to `buf` (WORD_MAX bytes, zero-padded)
 * and return its length, touching every list word. */
static size_t
word_get(uint16_t idx, uint8_t *buf)
{
	uint32_t eq, len = 0;
	size_t i, j, wl;
	const char *w;

	memset(buf, 0, WORD_MAX);
	for (i = 0; i < VLT_SLIP39_WORDS; i++) {
		w = vlt_slip39_words[i];
		wl = strlen(w);
		eq = -ct_is_zero((uint32_t)i ^ idx);
		for (j = 0; j < wl; j++)
			buf[j] |= (uint8_t)w[j] & (uint8_t)eq;
		len |= (uint32_t)wl & eq;
	}
	return len;
}

/* Lower-case `n` bytes of `in` into `out`; -1 if any is not a letter. */
static int
token_fold(const uint8_t *in, size_t n, uint8_t *out)
{
	uint32_t bad = 0, c, up;
	size_t i;

	for (i = 0; i < n; i++) {
		c = in[i];
		up = (c - 'A') < 26u;
		c |= up << 5;
		bad |= (c - 'a') >= 26u;
		out[i] = (uint8_t)c;
	}
	return bad ? -1 : 0;
}

static int
is_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Bits of the `n` value bytes into `nw` 10-bit words, left-padded. */
static void
value_pack(const uint8_t *v, size_t n, uint16_t *w, size_t nw)
{
	uint32_t acc = 0;
	unsigned bits = (unsigned)(nw * 10 - n * 8);    /* the zero padding */
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | v[i];
		bits += 8;
		if (bits >= 10) {
			bits -= 10;
			w[k++] = (uint16_t)((acc >> bits) & 0x3ffu);
			acc &= (1u << bits) - 1;
		}
	}
}

/* The inverse: `nw` words with `pad` leading padding bits to `n` bytes. */
static void
value_unpack(const uint16_t *w, size_t nw, unsigned pad, uint8_t *v)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t i, k = 0;

	for (i = 0; i < nw; i++) {
		acc = (acc << 10) | w[i];
		bits += i == 0 ? 10 - pad : 10;
		acc &= (1u << bits) - 1;        /* drops the padding once */
		while (bits >= 8) {
			bits -= 8;
			v[k++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
}

struct encode_ws {
	uint16_t idx[VLT_SLIP39_WORDS_MAX];
	uint8_t word[VLT_SLIP39_WORDS_MAX][WORD_MAX];
	size_t wlen[VLT_SLIP39_WORDS_MAX];
};

static int
hdr_valid(const struct vlt_share_hdr *h)
{
	return h->id <= VLT_SLIP39_ID_MAX && h->ext <= 1 && h->exp <= 15 &&
	    h->group_index < 16 && h->member_index < 16 &&
	    h->group_threshold >= 1 && h->group_threshold <= h->group_count &&
	    h->group_count <= 16 &&
	    h->member_threshold >= 1 && h->member_threshold <= 16;
}

vault_err
vlt_slip39_encode(const struct vlt_share_hdr *h, const uint8_t *value,
    size_t n, vault_secret **out)
{
	vault_err rc;
	vault_secret *wsb = NULL;
	struct encode_ws *ws;
	size_t nw, i, total, pos;
	uint32_t id_exp, par, chk;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (h == NULL || value == NULL || !hdr_valid(h) ||
	    n < VAULT_SLIP39_SECRET_MIN || n > VAULT_SLIP39_SECRET_MAX ||
	    n % 2 != 0)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_secret_new(&wsb, sizeof *ws)) != VAULT_OK)
		goto out;
	ws = (struct encode_ws *)(void *)wsb->buf;
	nw = VLT_SLIP39_META_WORDS + (n * 8 + 9) / 10;
	id_exp = (uint32_t)h->id << 5 | (uint32_t)h->ext << 4 | h->exp;
	par = (uint32_t)h->group_index << 16 |
	    (uint32_t)(h->group_threshold - 1) << 12 |
	    (uint32_t)(h->group_count - 1) << 8 |
	    (uint32_t)h->member_index << 4 |
	    (uint32_t)(h->member_threshold - 1);
	ws->idx[0] = (uint16_t)(id_exp >> 10);
	ws->idx[1] = (uint16_t)(id_exp & 0x3ffu);
	ws->idx[2] = (uint16_t)(par >> 10);
	ws->idx[3] = (uint16_t)(par & 0x3ffu);
	value_pack(value, n, ws->idx + 4, nw - VLT_SLIP39_META_WORDS);
	/* Checksum: feed three zero words, then xor 1 into the remainder. */
	ws->idx[nw - 3] = ws->idx[nw - 2] = ws->idx[nw - 1] = 0;
	chk = rs1024_feed(rs1024_start(h->ext), ws->idx, nw) ^ 1u;
	for (i = 0; i < 3; i++)
		ws->idx[nw - 3 + i] =
		    (uint16_t)((chk >> (10 * (2 - i))) & 0x3ffu);
	total = nw - 1;                 /* the spaces */
	for (i = 0; i < nw; i++) {
		ws->wlen[i] = word_get(ws->idx[i], ws->word[i]);
		total += ws->wlen[i];
	}
	if ((rc = vlt_secret_new(out, total)) != VAULT_OK)
		goto out;
	for (i = 0, pos = 0; i < nw; i++) {
		if (i != 0)
			(*out)->buf[pos++] = ' ';
		memcpy((*out)->buf + pos, ws->word[i], ws->wlen[i]);
		pos += ws->wlen[i];
	}
out:
	vault_secret_free(wsb);
	return rc;
}

struct decode_ws {
	uint16_t idx[VLT_SLIP39_WORDS_MAX];
	uint8_t tok[WORD_MAX];
};

/* Split `text` into words and look each up, stopping (MNEMONIC, no word
 * to blame) past VLT_SLIP39_WORDS_MAX words so that the work is bounded
 * whatever the input. On success ws->idx holds the indexes and *nw the
 * word count. */
static vault_err
words_read(const uint8_t *text, size_t len, struct decode_ws *ws,
    size_t *nw, size_t *bad_word)
{
	size_t p = 0, start, tl, count = 0;
	uint16_t idx;

	for (;;) {
		while (p < len && is_space(text[p]))
			p++;
		if (p == len)
			break;
		start = p;
		while (p < len && !is_space(text[p]))
			p++;
		tl = p - start;
		if (++count > VLT_SLIP39_WORDS_MAX)
			return VAULT_ERR_MNEMONIC;      /* too many words */
		if (tl < 4 || tl > WORD_MAX ||
		    token_fold(text + start, tl, ws->tok) != 0 ||
		    word_find(ws->tok, tl, &idx) != 0) {
			*bad_word = count;
			return VAULT_ERR_MNEMONIC;
		}
		ws->idx[count - 1] = idx;
	}
	*nw = count;
	return VAULT_OK;
}

/* Read the header words; MNEMONIC (word 3) if GT > G. */
static vault_err
hdr_read(const uint16_t *idx, struct vlt_share_hdr *h, size_t *bad_word)
{
	uint32_t id_exp = (uint32_t)idx[0] << 10 | idx[1];
	uint32_t par = (uint32_t)idx[2] << 10 | idx[3];

	h->id = (uint16_t)(id_exp >> 5);
	h->ext = (uint8_t)((id_exp >> 4) & 1u);
	h->exp = (uint8_t)(id_exp & 0xfu);
	h->group_index = (uint8_t)(par >> 16);
	h->group_threshold = (uint8_t)(((par >> 12) & 0xfu) + 1);
	h->group_count = (uint8_t)(((par >> 8) & 0xfu) + 1);
	h->member_index = (uint8_t)((par >> 4) & 0xfu);
	h->member_threshold = (uint8_t)((par & 0xfu) + 1);
	if (h->group_threshold > h->group_count) {
		*bad_word = 3;
		return VAULT_ERR_MNEMONIC;
	}
	return VAULT_OK;
}

vault_err
vault_share_decode(const uint8_t *text, size_t len, vault_share **out,
    size_t *bad_word)
{
	vault_err rc;
	vault_secret *wsb = NULL;
	vault_share *sh = NULL;
	struct decode_ws *ws;
	struct vlt_share_hdr h;
	size_t nw = 0, vw, bad = 0;
	unsigned pad;

	if (bad_word != NULL)
		*bad_word = 0;
	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (text == NULL && len != 0)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_secret_new(&wsb, sizeof *ws)) != VAULT_OK)
		goto out;
	ws = (struct decode_ws *)(void *)wsb->buf;
	if ((rc = words_read(text, len, ws, &nw, &bad)) != VAULT_OK)
		goto out;
	rc = VAULT_ERR_MNEMONIC;
	if (nw < VLT_SLIP39_WORDS_MIN || nw > VLT_SLIP39_WORDS_MAX)
		goto out;
	vw = nw - VLT_SLIP39_META_WORDS;        /* value words */
	if ((pad = (unsigned)(vw * 10 % 16)) > 8)
		goto out;               /* no whole number of 16-bit units */
	/* SECURITY: branching on the checksum's outcome reveals only
	 * whether the share is valid, which the caller learns anyway. */
	if (rs1024_feed(rs1024_start((ws->idx[1] >> 4) & 1u), ws->idx, nw)
	    != 1u)
		goto out;
	if ((rc = hdr_read(ws->idx, &h, &bad)) != VAULT_OK)
		goto out;
	if ((ws->idx[4] >> (10 - pad)) != 0) {
		rc = VAULT_ERR_MNEMONIC;
		bad = 5;                /* padding bits must be zero */
		goto out;
	}
	if ((sh = calloc(1, sizeof *sh)) == NULL) {
		rc = VAULT_ERR_NOMEM;
		goto out;
	}
	sh->h = h;
	if ((rc = vlt_secret_new(&sh->value, (vw * 10 - pad) / 8)) != VAULT_OK)
		goto out;
	value_unpack(ws->idx + 4, vw, pad, sh->value->buf);
	*out = sh;
	sh = NULL;
out:
	if (rc == VAULT_ERR_MNEMONIC && bad_word != NULL)
		*bad_word = bad;
	vault_share_free(sh);
	vault_secret_free(wsb);
	return rc;
}

vault_err
vault_share_encode(const vault_share *s, vault_secret **out)
{
	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (s == NULL || s->value == NULL)
		return VAULT_ERR_INVALID;
	return vlt_slip39_encode(&s->h, s->value->buf, s->value->len, out);
}

void
vault_share_free(vault_share *s)
{
	if (s == NULL)
		return;
	vault_secret_free(s->value);
	sodium_memzero(s, sizeof *s);
	free(s);
}

unsigned
vault_share_identifier(const vault_share *s)
{
	return s ? s->h.id : 0;
}

unsigned
vault_share_extendable(const vault_share *s)
{
	return s ? s->h.ext : 0;
}

unsigned
vault_share_iteration_exponent(const vault_share *s)
{
	return s ? s->h.exp : 0;
}

unsigned
vault_share_group_index(const vault_share *s)
{
	return s ? s->h.group_index : 0;
}

unsigned
vault_share_group_threshold(const vault_share *s)
{
	return s ? s->h.group_threshold : 0;
}

unsigned
vault_share_group_count(const vault_share *s)
{
	return s ? s->h.group_count : 0;
}

unsigned
vault_share_member_index(const vault_share *s)
{
	return s ? s->h.member_index : 0;
}

unsigned
vault_share_member_threshold(const vault_share *s)
{
	return s ? s->h.member_threshold : 0;
}

const vault_secret *
vault_share_value(const vault_share *s)
{
	return s ? s->value : NULL;
}

const char *
vault_slip39_word(size_t i)
{
	return i < VLT_SLIP39_WORDS ? vlt_slip39_words[i] : NULL;
}
