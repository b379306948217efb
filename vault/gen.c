/* SPDX-License-Identifier: ISC */
/*
 * gen.c - password generation: random characters from a set, or random
 * words from the EFF large word list joined by random separators. Every
 * draw is uniform (randombytes_uniform rejects the biased top of its
 * 32-bit range, so there is no modulo bias) and every password handed
 * out passes the policy at its level (vault_strength_check).
 *
 * Randomness is libsodium's randombytes_buf: getrandom(2) on Linux, which
 * only ever waits once, for the kernel's pool to be seeded early in boot;
 * after that generation never blocks.
 *
 * Why the retry does not cost entropy: a uniform draw from N passwords
 * has log2(N) bits. Refusing the fraction r the policy rejects and drawing
 * again leaves a uniform draw from the (1 - r) N accepted ones, log2(N) +
 * log2(1 - r) bits. For the default 20 characters and for 4 words r is
 * well under 1% (docs/password-policy.md), a loss of under 0.015 bit;
 * even r = 5% costs 0.074 bit. The figure returned is the nominal one.
 */
#include <math.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "strength.h"
#include "wordlists.h"

/* 62 letters and digits and 13 symbols that web forms accept and that
 * need no quoting in a shell or a CSV file. */
const char vlt_gen_charset_default[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "!#$%&*+-=?@^_";
/* 16 separators, so each carries exactly 4 bits. */
const char vlt_gen_separators[] = "-_.,:;!?#$%&*+=@";

/* Draws that fail the policy before we give up with VAULT_ERR_POLICY. */
#define GEN_TRIES 100

vault_err
vlt_gen_draw_chars(size_t length, const char *set, size_t set_len,
    vault_secret **out)
{
	vault_err rc;
	size_t i;

	if ((rc = vlt_secret_new(out, length)) != VAULT_OK)
		return rc;
	for (i = 0; i < length; i++)
		(*out)->buf[i] = (uint8_t)set[randombytes_uniform(
		    (uint32_t)set_len)];
	return VAULT_OK;
}

vault_err
vlt_gen_draw_words(size_t n, vault_secret **out)
{
	uint32_t word[VAULT_GEN_WORDS_MAX], sep[VAULT_GEN_WORDS_MAX];
	size_t i, len = 0, at = 0, wl;
	vault_err rc;

	*out = NULL;
	if (n == 0 || n > VAULT_GEN_WORDS_MAX)
		return VAULT_ERR_INVALID;
	for (i = 0; i < n; i++) {
		word[i] = randombytes_uniform(VLT_EFF_WORDS);
		sep[i] = randombytes_uniform(
		    (uint32_t)(sizeof vlt_gen_separators - 1));
		len += strlen(vlt_eff_words[word[i]]) + (i > 0);
	}
	if ((rc = vlt_secret_new(out, len)) != VAULT_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if (i > 0)
			(*out)->buf[at++] = (uint8_t)vlt_gen_separators[sep[i]];
		wl = strlen(vlt_eff_words[word[i]]);
		memcpy((*out)->buf + at, vlt_eff_words[word[i]], wl);
		at += wl;
	}
out:
	sodium_memzero(word, sizeof word);      /* SECURITY: they spell it */
	sodium_memzero(sep, sizeof sep);
	return rc;
}

/* VAULT_OK with *ok set if `s` passes at `level`. */
static vault_err
passes(const vault_secret *s, vault_strength_level level, int *ok)
{
	vault_strength *v = NULL;
	vault_err rc;

	rc = vault_strength_check(s->buf, s->len, level, NULL, 0, &v);
	*ok = vault_strength_ok(v);
	vault_strength_free(v);
	return rc;
}

/* The length of `set` if it is usable: printable ASCII, no space, every
 * character distinct (a repeat would skew the draw and the entropy). */
static size_t
charset_len(const char *set)
{
	unsigned char seen[128] = { 0 };
	size_t n;
	unsigned char c;

	for (n = 0; set[n] != '\0'; n++) {
		c = (unsigned char)set[n];
		if (c <= ' ' || c > '~' || seen[c])
			return 0;
		seen[c] = 1;
	}
	return n;
}

vault_err
vault_gen_chars(size_t length, const char *charset, vault_secret **out,
    double *bits)
{
	vault_strength_level level;
	vault_secret *s = NULL;
	vault_err rc;
	size_t set_len;
	double nominal;
	int tries, ok = 0;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (bits != NULL)
		*bits = 0.0;
	if (length == 0)
		length = VAULT_GEN_LENGTH_DEFAULT;
	if (charset == NULL)
		charset = vlt_gen_charset_default;
	if ((set_len = charset_len(charset)) == 0 ||
	    length > VAULT_GEN_LENGTH_MAX)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_init()) != VAULT_OK)
		return rc;
	level = length >= VLT_CHARS_MIN_PASS ? VAULT_STRENGTH_PASSPHRASE :
	    VAULT_STRENGTH_CREDENTIAL;
	nominal = (double)length * log2((double)set_len);
	if (length < VLT_CHARS_MIN_CRED ||
	    nominal < (level == VAULT_STRENGTH_PASSPHRASE ?
	    VLT_CHAR_BITS_PASS : VLT_CHAR_BITS_CRED))
		return VAULT_ERR_POLICY;        /* could never pass */
	for (tries = 0; tries < GEN_TRIES && !ok; tries++) {
		vault_secret_free(s);
		s = NULL;
		if ((rc = vlt_gen_draw_chars(length, charset, set_len, &s)) !=
		    VAULT_OK || (rc = passes(s, level, &ok)) != VAULT_OK)
			goto out;
	}
	if (!ok) {
		rc = VAULT_ERR_POLICY;
		goto out;
	}
	*out = s;
	s = NULL;
	if (bits != NULL)
		*bits = nominal;
out:
	vault_secret_free(s);
	return rc;
}

vault_err
vault_gen_words(size_t n_words, vault_secret **out, double *bits)
{
	vault_secret *s = NULL;
	vault_err rc;
	int tries, ok = 0;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (bits != NULL)
		*bits = 0.0;
	if (n_words == 0)
		n_words = VAULT_GEN_WORDS_DEFAULT;
	if (n_words > VAULT_GEN_WORDS_MAX)
		return VAULT_ERR_INVALID;
	if (n_words < VLT_WORDS_MIN)
		return VAULT_ERR_POLICY;
	if ((rc = vlt_init()) != VAULT_OK)
		return rc;
	for (tries = 0; tries < GEN_TRIES && !ok; tries++) {
		vault_secret_free(s);
		s = NULL;
		if ((rc = vlt_gen_draw_words(n_words, &s)) != VAULT_OK ||
		    (rc = passes(s, VAULT_STRENGTH_PASSPHRASE, &ok)) !=
		    VAULT_OK)
			goto out;
	}
	if (!ok) {
		rc = VAULT_ERR_POLICY;
		goto out;
	}
	*out = s;
	s = NULL;
	if (bits != NULL)
		*bits = (double)n_words * log2((double)VLT_EFF_WORDS) +
		    (double)(n_words - 1) *
		    log2((double)(sizeof vlt_gen_separators - 1));
out:
	vault_secret_free(s);
	return rc;
}
