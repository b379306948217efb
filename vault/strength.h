/* SPDX-License-Identifier: ISC */
/*
 * strength.h - what the password-policy files share; not installed.
 * strength.c runs a check (zxcvbn-c plus the rules) and owns the result;
 * strength_rules.c holds the rules that need no estimator (the blocklist
 * key, dates, context words); gen.c generates passwords that pass; hibp.c
 * looks a password up in a Have I Been Pwned file. The thresholds below
 * were measured, not guessed: docs/password-policy.md has the numbers.
 */
#ifndef VLT_STRENGTH_H
#define VLT_STRENGTH_H

#include <stddef.h>
#include <stdint.h>
#include "vault.h"

/* Only the first VLT_PW_MAX bytes of a password are analysed: zxcvbn's
 * cost grows with length, and a prefix this long that passes means the
 * whole passes. */
#define VLT_PW_MAX              256u

/* Character route: at least this many characters (code points) and this
 * many estimated bits (zxcvbn). Words route: at least VLT_WORDS_MIN
 * distinct words carrying this many estimated bits together. */
#define VLT_CHARS_MIN_CRED      8u
#define VLT_CHARS_MIN_PASS      12u
#define VLT_CHAR_BITS_CRED      30.0
#define VLT_CHAR_BITS_PASS      48.0
#define VLT_WORDS_MIN           4u
#define VLT_WORDS_BITS_CRED     42.0
#define VLT_WORDS_BITS_PASS     44.0
/* A string is judged as words when it has at least two separated tokens
 * of three or more letters and zxcvbn's estimates of its distinct tokens
 * come to fewer bits a character than this: words from a dictionary cost
 * 1-2.8, random characters 3-6. */
#define VLT_PHRASE_BPC          3.0
/* The word model (phrase.c) replaces zxcvbn's estimate when it is lower
 * by more than this: both price a word at log2 of its rank, and at the
 * margin they differ only by rounding. */
#define VLT_MODEL_MARGIN        2.0
/* What one separator is worth: log2(33), the ASCII punctuation and space. */
#define VLT_SEP_BITS            5.044

/* Context words: at most this many, each shorter than VLT_CTX_WIDTH. */
#define VLT_CTX_MAX             96u
#define VLT_CTX_WIDTH           48u
struct vlt_ctx {
	size_t n;
	char word[VLT_CTX_MAX][VLT_CTX_WIDTH];  /* lower case, NUL-ended */
	size_t len[VLT_CTX_MAX];
	const char *ud[VLT_CTX_MAX + 1];        /* all words, NULL-ended */
	const char *fit[VLT_CTX_MAX + 1];       /* those that fit a string */
};

/* strength_rules.c ------------------------------------------------- */

/* The generated table (scripts/embed-blocklist): sorted (bytewise),
 * unique blocklist keys of 4..20 characters, NUL-padded. */
#define VLT_BLOCKLIST_WIDTH     21u
extern const char vlt_blocklist[][VLT_BLOCKLIST_WIDTH];
extern const size_t vlt_blocklist_len;

/* ASCII classes; bytes >= 0x80 (UTF-8) count as letters. */
int vlt_is_letter(unsigned char c);
int vlt_is_alnum(unsigned char c);
/* The letter a leetspeak character stands for, or 0. */
char vlt_leet(unsigned char c);

/* Write the blocklist key of pw[0..len) to `key` (room for len + 1
 * bytes, NUL-terminated) and return its length. The same normalisation
 * as scripts/embed-blocklist; `key` holds secret-derived bytes. */
size_t vlt_pw_key(const char *pw, size_t len, char *key);
/* 1 if `key` (NUL-terminated) is in the blocklist (binary search). */
int vlt_blocklist_has(const char *key);
/* 1 if pw[0..len) is in the blocklist in any of three forms: its key;
 * leetspeak undone everywhere, letters only ("$unsh1n3"); trailing
 * digits and symbols dropped first ("5up3rm4n!"). `work` has room for
 * len + 1 bytes and is left holding secret-derived bytes. */
int vlt_blocklist_match(const char *pw, size_t len, char *work);
/* 1 if the lower-cased password `lc` (len bytes) holds a date or a year
 * in any common format: 1987, 120387, 12031987, 1987-03-12, 12/3/87,
 * 12march1987, mar87, 1st-may. */
int vlt_pw_has_date(const char *lc, size_t len);
/* Fill `c` from the caller's context strings: each is lower-cased and
 * split on non-alphanumerics into words of 3+ characters (a few web
 * words such as "www" skipped), plus the words of each string run
 * together ("littlesnoring"). Extra words past VLT_CTX_MAX are dropped. */
void vlt_ctx_build(struct vlt_ctx *c, const char *const *context, size_t n);
/* 1 if a context word occurs in the password: a word of 4+ characters
 * anywhere in `alnum` (the password lower-cased, non-alphanumerics
 * removed) or, for words of letters only, in `letters` (the same with
 * leetspeak undone and digits removed); a 3-letter word ("ian", "tax")
 * only as a whole run of letters in `lc` (the password lower-cased). */
int vlt_ctx_found(const struct vlt_ctx *c, const char *lc, const char *alnum,
    const char *letters);

/* phrase.c, pattern.c ----------------------------------------------- */

/* The generated tables (scripts/embed-phrases): the word-frequency list
 * packed into rows (each entry a cost byte, the word, a NUL) and the
 * well-known phrases (lower-case words, single spaces), sorted. */
#define VLT_DICT_ROW            4096u
#define VLT_PHRASE_WIDTH        96u
extern const char vlt_dict_blob[][VLT_DICT_ROW];
extern const size_t vlt_dict_rows, vlt_dict_len;
extern const char vlt_phrase_text[][VLT_PHRASE_WIDTH];
extern const size_t vlt_phrase_len;

/* What the word model and the patterns found, for the reasons. */
#define VLT_WHY_PHRASE          0x01u   /* mostly a well-known phrase */
#define VLT_WHY_TOGETHER        0x02u   /* words in a series or a pair */
#define VLT_WHY_WALK            0x04u   /* keyboard walk, with Shift */
#define VLT_WHY_CLASSES         0x08u   /* Aa1!Bb2@ */
#define VLT_WHY_REPEAT          0x10u   /* a word repeated */
#define VLT_WHY_FUNC            0x20u   /* short words did not count */
#define VLT_WHY_BLOCKLIST       0x40u   /* in the blocklist */
#define VLT_WHY_ZXPATTERN       0x80u   /* zxcvbn's walks, repeats, runs */

enum { VLT_ITEM_JUNK = 1, VLT_ITEM_DIGITS, VLT_ITEM_SEP, VLT_ITEM_WORD,
	VLT_ITEM_FUNC };
#define VLT_ITEMS_MAX           VLT_PW_MAX
struct vlt_item {
	uint8_t kind;                   /* VLT_ITEM_* */
	uint8_t split;                  /* not the first word of its run */
	uint16_t b, e;                  /* bytes [b, e) of the password */
	double cost;                    /* bits, before repeats and pairs */
};
/* The word model's result and scratch. SECURITY: all of it is derived
 * from the password; the caller wipes it (sodium_memzero). */
struct vlt_words {
	double bits;                    /* estimate of the whole, in bits */
	size_t words;                   /* distinct words that count */
	size_t dict;                    /* dictionary words found */
	size_t unknown;                 /* runs of letters that are no word */
	size_t junk;                    /* letters outside any word */
	size_t mixed;                   /* words in mixed case ("OoH") */
	size_t len;
	int wordy;                      /* the letters are words */
	unsigned why;                   /* VLT_WHY_* */
	size_t n;
	struct vlt_item item[VLT_ITEMS_MAX];
	double best[VLT_PW_MAX + 1];
	uint16_t back[VLT_PW_MAX + 1];
	uint8_t kind[VLT_PW_MAX + 1];
	char pair[VLT_PW_MAX + 3];
};
/* Index the tables once (thread-safe); 0 if memory ran out. */
int vlt_phrase_ready(void);
/* Judge pw[0..n) as words: `lc` is it lower-cased, `letters` its letters
 * with leetspeak undone (NUL-terminated). vlt_phrase_ready() first. */
void vlt_words_model(const char *pw, const char *lc, const char *letters,
    size_t n, struct vlt_words *w);
/* The cost in bits of pw[b..e) if the model found it to be one word of
 * 3+ letters (not a function word), else -1: then ask zxcvbn. */
double vlt_words_token(const char *pw, const struct vlt_words *w, size_t b,
    size_t e);
/* VLT_WHY_WALK, _CLASSES and _REPEAT as found in pw[0..n) (`lc`: lower
 * case). */
unsigned vlt_pattern_more(const char *pw, const char *lc, size_t n);

/* gen.c ---------------------------------------------------------------- */

/* The default character set of vault_gen_chars and the separators of
 * vault_gen_words (each character distinct). */
extern const char vlt_gen_charset_default[];
extern const char vlt_gen_separators[];
/* Draw without the policy check: `length` characters uniformly from
 * `set` (distinct characters), or `n` EFF words joined by uniformly drawn
 * separators. Used by vault_gen_* and by the distribution tests. */
vault_err vlt_gen_draw_chars(size_t length, const char *set, size_t set_len,
    vault_secret **out);
vault_err vlt_gen_draw_words(size_t n, vault_secret **out);

/* hibp.c ----------------------------------------------------------------- */

#define VLT_SHA1_BYTES 20u
/* SHA-1 (FIPS 180-4) of msg[0..len). Only for Pwned Passwords lookups,
 * never for security. */
void vlt_sha1(const uint8_t *msg, size_t len, uint8_t out[VLT_SHA1_BYTES]);

#endif
