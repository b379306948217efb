/* SPDX-License-Identifier: ISC */
/*
 * t_slip39.c - SLIP-0039 shares (vault/slip39.c, vault/slip39_words.c):
 * PBKDF2-HMAC-SHA256 known answers (tests/vectors/pbkdf2-sha256.txt), the
 * 45 official SLIP-0039 vectors (tests/vectors/slip39-vectors.txt), the
 * word list's properties, mnemonic parsing (case, prefixes, white space,
 * the position of a bad word), single-word and transposition errors,
 * every k-of-n split for n <= 5 against every subset, duplicates, tampered
 * values, groups, round trips and argument checks.
 *
 * Randomness: the library's randombytes is replaced by a ChaCha20 stream
 * keyed from a seed, printed at start; set VAULT_TEST_SEED to replay.
 * Iteration exponent 0 throughout except where a vector says otherwise.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "tap.h"
#include "seeded_rng.h"
#include "internal.h"
#include "slip39.h"
#include "wordlists.h"

#define VECTORS "tests/vectors/slip39-vectors.txt"
#define PBKDF2_VECTORS "tests/vectors/pbkdf2-sha256.txt"
#define MAXSH 16

/* ---- helpers (test code: plain malloc is fine here) ---- */

static size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned b;

	while (isxdigit((unsigned char)s[0]) && isxdigit((unsigned char)s[1]) &&
	    n < cap && sscanf(s, "%2x", &b) == 1) {
		out[n++] = (uint8_t)b;
		s += 2;
	}
	return n;
}

static char *
chomp(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
	    line[n - 1] == ' '))
		line[--n] = '\0';
	return line;
}

/* Copy `src` into `dst` (cap bytes), truncating. */
static void
field(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A NUL-terminated copy of a mnemonic held in a vault_secret. */
static char *
cstr(const vault_secret *s)
{
	char *c = malloc(vault_secret_len(s) + 1);

	if (c != NULL) {
		memcpy(c, vault_secret_data(s), vault_secret_len(s));
		c[vault_secret_len(s)] = '\0';
	}
	return c;
}

static vault_err
decode_str(const char *text, vault_share **out, size_t *bad)
{
	return vault_share_decode((const uint8_t *)text, strlen(text), out,
	    bad);
}

static void
free_all(vault_secret **m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		vault_secret_free(m[i]);
		m[i] = NULL;
	}
}

static void
free_shares(vault_share **s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		vault_share_free(s[i]);
		s[i] = NULL;
	}
}

/* Decode n mnemonics from a split; 0 if all decode. */
static int
decode_all(vault_secret **m, size_t n, vault_share **out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vault_share_decode(vault_secret_data(m[i]),
		    vault_secret_len(m[i]), &out[i], NULL) != VAULT_OK)
			return -1;
	return 0;
}

/* Combine the shares picked by bit i of `mask` and compare. */
static vault_err
combine_mask(vault_share **sh, size_t n, unsigned mask, const char *pass,
    const uint8_t *want, size_t want_len, int *match)
{
	const vault_share *pick[MAXSH];
	vault_secret *ms = NULL;
	vault_err rc;
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (mask & (1u << i))
			pick[m++] = sh[i];
	rc = vault_slip39_combine_shares(pick, m, (const uint8_t *)pass,
	    strlen(pass), &ms);
	*match = rc == VAULT_OK && vault_secret_len(ms) == want_len &&
	    memcmp(vault_secret_data(ms), want, want_len) == 0;
	if (rc != VAULT_OK && ms != NULL)
		*match = -1;                    /* output left behind */
	vault_secret_free(ms);
	return rc;
}

/* ---- PBKDF2 ---- */

static void
test_pbkdf2_vectors(void)
{
	FILE *f = fopen(PBKDF2_VECTORS, "r");
	char line[512];
	uint8_t pass[128], salt[64], dk[128], got[128];
	size_t pl = 0, sl = 0, dl;
	unsigned long iter = 0;
	unsigned n = 0;

	REQUIRE(f != NULL);
	while (fgets(line, sizeof line, f) != NULL) {
		chomp(line);
		if (strncmp(line, "pass:", 5) == 0)
			pl = unhex(line + 5 + (line[5] == ' '), pass,
			    sizeof pass);
		else if (strncmp(line, "salt:", 5) == 0)
			sl = unhex(line + 5 + (line[5] == ' '), salt,
			    sizeof salt);
		else if (strncmp(line, "iter:", 5) == 0)
			iter = strtoul(line + 5, NULL, 10);
		else if (strncmp(line, "dk: ", 4) == 0) {
			dl = unhex(line + 4, dk, sizeof dk);
			CHECK(vlt_pbkdf2_sha256(pl ? pass : NULL, pl,
			    sl ? salt : NULL, sl, (uint32_t)iter, got, dl) ==
			    VAULT_OK);
			CHECK(memcmp(got, dk, dl) == 0);
			n++;
		}
	}
	fclose(f);
	CHECK(n == 5);
	CHECK(vlt_pbkdf2_sha256(pass, 1, salt, 1, 0, got, 8) ==
	    VAULT_ERR_INVALID);
}

/* ---- the official vectors ---- */

struct vcase {
	char desc[256];
	char *mn[MAXSH];
	size_t nmn;
	char secret[130];
	char error[32];
	int open;
};

static unsigned vec_valid, vec_invalid, vec_bad;

static void
vcase_run(struct vcase *c)
{
	uint8_t want[64];
	size_t wl = unhex(c->secret, want, sizeof want), i;
	vault_secret *ms = NULL, *re = NULL;
	vault_share *sh = NULL;
	vault_err rc, expect;
	int ok;

	if (!c->open)
		return;
	rc = vault_slip39_combine((const char *const *)c->mn, c->nmn,
	    (const uint8_t *)"TREZOR", 6, &ms);
	if (wl != 0) {
		ok = rc == VAULT_OK && vault_secret_len(ms) == wl &&
		    memcmp(vault_secret_data(ms), want, wl) == 0;
		/* Each valid share re-encodes to exactly its text. */
		for (i = 0; i < c->nmn && ok; i++) {
			ok = decode_str(c->mn[i], &sh, NULL) == VAULT_OK &&
			    vault_share_encode(sh, &re) == VAULT_OK &&
			    vault_secret_len(re) == strlen(c->mn[i]) &&
			    memcmp(vault_secret_data(re), c->mn[i],
			    strlen(c->mn[i])) == 0;
			vault_share_free(sh);
			vault_secret_free(re);
			sh = NULL;
			re = NULL;
		}
		vec_valid++;
	} else {
		expect = strcmp(c->error, "MNEMONIC") == 0 ?
		    VAULT_ERR_MNEMONIC : VAULT_ERR_SHARES;
		ok = rc == expect && ms == NULL;
		vec_invalid++;
	}
	if (!ok) {
		printf("# vector \"%s\": got %s\n", c->desc,
		    vault_strerror(rc));
		vec_bad++;
	}
	vault_secret_free(ms);
	for (i = 0; i < c->nmn; i++)
		free(c->mn[i]);
	memset(c, 0, sizeof *c);
}

static void
test_official_vectors(void)
{
	FILE *f = fopen(VECTORS, "r");
	static char line[1024];
	struct vcase c;

	REQUIRE(f != NULL);
	memset(&c, 0, sizeof c);
	while (fgets(line, sizeof line, f) != NULL) {
		chomp(line);
		if (strncmp(line, "case: ", 6) == 0) {
			vcase_run(&c);
			field(c.desc, sizeof c.desc, line + 6);
			c.open = 1;
		} else if (strncmp(line, "mnemonic: ", 10) == 0) {
			REQUIRE(c.nmn < MAXSH);
			c.mn[c.nmn++] = strdup(line + 10);
		} else if (strncmp(line, "secret:", 7) == 0) {
			field(c.secret, sizeof c.secret,
			    line + 7 + (line[7] == ' '));
		} else if (strncmp(line, "error: ", 7) == 0) {
			field(c.error, sizeof c.error, line + 7);
		}
	}
	vcase_run(&c);
	fclose(f);
	CHECK(vec_valid == 15);
	CHECK(vec_invalid == 30);
	CHECK(vec_bad == 0);
}

/* Where the decoder blames a failing vector share. */
static void
test_vector_bad_word(void)
{
	/* vectors 3 (padding), 2 (checksum), 39 (19 words) and 10 (group
	 * threshold above group count, first share) */
	static const struct { const char *m; size_t bad; } t[] = {
		{ "duckling enlarge academic academic email result length "
		  "solution fridge kidney coal piece deal husband erode duke "
		  "ajar music cargo fitness", 5 },
		{ "duckling enlarge academic academic agency result length "
		  "solution fridge kidney coal piece deal husband erode duke "
		  "ajar critical decision kidney", 0 },
		{ "junk necklace academic academic acne isolate join hesitate "
		  "lunar roster dough calcium chemical ladybug amount mobile "
		  "glasses verify cylinder", 0 },
		{ "music husband acrobat acid artist finance center either "
		  "graduate swimming object bike medical clothes station "
		  "aspect spider maiden bulb welcome", 3 },
	};
	vault_share *sh = NULL;
	size_t i, bad;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		bad = 99;
		CHECK(decode_str(t[i].m, &sh, &bad) == VAULT_ERR_MNEMONIC);
		CHECK(sh == NULL);
		CHECK(bad == t[i].bad);
	}
}

/* ---- word list and parsing ---- */

static void
test_wordlist(void)
{
	size_t i, l;

	for (i = 0; i < VLT_SLIP39_WORDS; i++) {
		l = strlen(vlt_slip39_words[i]);
		CHECK(l >= 4 && l <= 8);
		if (i > 0) {
			CHECK(strcmp(vlt_slip39_words[i - 1],
			    vlt_slip39_words[i]) < 0);
			CHECK(strncmp(vlt_slip39_words[i - 1],
			    vlt_slip39_words[i], 4) != 0);
		}
	}
	CHECK(strcmp(vlt_slip39_words[0], "academic") == 0);
	CHECK(strcmp(vlt_slip39_words[1023], "zero") == 0);
}

/* Vector 17, share 1 (python-shamir-mnemonic vectors.json, MIT). */
static const char v17[] = "eraser senior decision roster beard treat "
    "identify grumpy salt index fake aviation theater cubic bike cause "
    "research dragon emphasis counter";

static void
test_decode_fields(void)
{
	vault_share *sh = NULL;
	size_t bad = 99;

	REQUIRE(decode_str(v17, &sh, &bad) == VAULT_OK);
	CHECK(bad == 0);
	CHECK(vault_share_identifier(sh) == 9497);
	CHECK(vault_share_extendable(sh) == 0);
	CHECK(vault_share_iteration_exponent(sh) == 0);
	CHECK(vault_share_group_index(sh) == 3);
	CHECK(vault_share_group_threshold(sh) == 2);
	CHECK(vault_share_group_count(sh) == 4);
	CHECK(vault_share_member_index(sh) == 0);
	CHECK(vault_share_member_threshold(sh) == 2);
	CHECK(vault_secret_len(vault_share_value(sh)) == 16);
	vault_share_free(sh);
	CHECK(vault_share_identifier(NULL) == 0);
	CHECK(vault_share_value(NULL) == NULL);
	vault_share_free(NULL);
}

static void
test_decode_forms(void)
{
	static const char *const same[] = {
		"ERASER SENIOR Decision rosTer beard treat identify grumpy "
		"salt index fake aviation theater cubic bike cause research "
		"dragon emphasis counter",
		"eras seni deci rost bear trea iden grum salt inde fake avia "
		"thea cubi bike caus rese drag emph coun",
		"  eraser\tsenior\n decision\r\nroster beard  treat identify "
		"grumpy salt index fake aviation theater cubic bike cause "
		"research dragon emphasis counter \n",
		"erase senio decisi roste beard treat ident grump salt index "
		"fake aviat theat cubic bike cause resea drago empha counte",
	};
	vault_share *sh = NULL;
	vault_secret *re = NULL;
	size_t i, bad;

	for (i = 0; i < sizeof same / sizeof same[0]; i++) {
		bad = 99;
		CHECK(decode_str(same[i], &sh, &bad) == VAULT_OK);
		CHECK(bad == 0);
		REQUIRE(vault_share_encode(sh, &re) == VAULT_OK);
		CHECK(vault_secret_len(re) == strlen(v17) &&
		    memcmp(vault_secret_data(re), v17, strlen(v17)) == 0);
		vault_secret_free(re);
		vault_share_free(sh);
		re = NULL;
		sh = NULL;
	}
}

/* The 1-based position of the first word not in the list. */
static void
test_decode_bad_word(void)
{
	static const struct { const char *m; size_t bad; } t[] = {
		{ "eraser senior decision roster beard treat xyzzy grumpy salt "
		  "index fake aviation theater cubic bike cause research "
		  "dragon emphasis counter", 7 },
		{ "eraser sen decision", 2 },           /* too short to tell */
		{ "eraser senior decisions", 3 },       /* a letter too many */
		{ "eraser senior decisiom", 3 },        /* wrong after prefix */
		{ "eraser senior roster beard2", 4 },
		{ "eraser senior roster b\xc3\xa9" "ard", 4 },
		{ "academicacademic", 1 },
		{ "eraser senior decision roster beard treat identify grumpy "
		  "salt index fake aviation theater cubic bike cause research "
		  "dragon emphasis", 0 },               /* 19 words */
		{ "", 0 },
		{ " \t\n", 0 },
		/* 34 words, the last not a word: too many comes first */
		{ "salt salt salt salt salt salt salt salt salt salt salt salt "
		  "salt salt salt salt salt salt salt salt salt salt salt salt "
		  "salt salt salt salt salt salt salt salt salt xyzzy", 0 },
	};
	vault_share *sh = NULL;
	size_t i, bad;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		bad = 99;
		CHECK(decode_str(t[i].m, &sh, &bad) == VAULT_ERR_MNEMONIC);
		CHECK(sh == NULL);
		if (bad != t[i].bad)
			printf("# case %zu: bad word %zu, want %zu\n", i, bad,
			    t[i].bad);
		CHECK(bad == t[i].bad);
	}
	CHECK(decode_str(v17, NULL, &bad) == VAULT_ERR_INVALID);
	CHECK(vault_share_decode(NULL, 5, &sh, &bad) == VAULT_ERR_INVALID);
	CHECK(decode_str(v17, &sh, NULL) == VAULT_OK);   /* bad_word NULL */
	vault_share_free(sh);
}

/* Split `text` into word indexes; returns the count. */
static size_t
to_indexes(const char *text, size_t len, unsigned *idx)
{
	size_t n = 0, p = 0, s, j;

	while (p < len) {
		while (p < len && text[p] == ' ')
			p++;
		s = p;
		while (p < len && text[p] != ' ')
			p++;
		for (j = 0; j < VLT_SLIP39_WORDS; j++)
			if (strlen(vlt_slip39_words[j]) == p - s &&
			    memcmp(vlt_slip39_words[j], text + s, p - s) == 0)
				break;
		idx[n++] = (unsigned)j;
	}
	return n;
}

static void
from_indexes(const unsigned *idx, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " " : "",
		    vlt_slip39_words[idx[i]]);
}

static void
test_flipped_words(void)
{
	static const uint8_t secret[32] = { 0x5a, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	vault_secret *m[3] = { NULL, NULL, NULL }, *ms = NULL;
	vault_share *sh = NULL;
	unsigned idx[40], orig[40], t;
	char text[400];
	const char *pair[2];
	size_t n, p, bad, undetected = 0, len;

	for (len = 16; len <= 32; len += 16) {
		REQUIRE(vault_slip39_split_simple(secret, len, NULL, 0, 2, 3, 0,
		    m) == VAULT_OK);
		n = to_indexes((const char *)vault_secret_data(m[0]),
		    vault_secret_len(m[0]), orig);
		CHECK(n == (len == 16 ? 20u : 33u));
		for (p = 0; p < n; p++) {
			memcpy(idx, orig, sizeof orig);
			idx[p] = (orig[p] + 1 + randombytes_uniform(1023)) %
			    1024;
			from_indexes(idx, n, text, sizeof text);
			bad = 99;
			undetected += decode_str(text, &sh, &bad) !=
			    VAULT_ERR_MNEMONIC || bad != 0;
			vault_share_free(sh);
			sh = NULL;
			if (p + 1 < n && orig[p] != orig[p + 1]) {
				memcpy(idx, orig, sizeof orig);
				t = idx[p];
				idx[p] = idx[p + 1];
				idx[p + 1] = t;
				from_indexes(idx, n, text, sizeof text);
				undetected += decode_str(text, &sh, NULL) !=
				    VAULT_ERR_MNEMONIC;
				vault_share_free(sh);
				sh = NULL;
			}
		}
		/* Through combine, a flipped word is MNEMONIC, not SHARES. */
		memcpy(idx, orig, sizeof orig);
		idx[7] ^= 1;
		from_indexes(idx, n, text, sizeof text);
		pair[0] = cstr(m[1]);
		pair[1] = text;
		CHECK(vault_slip39_combine(pair, 2, NULL, 0, &ms) ==
		    VAULT_ERR_MNEMONIC);
		CHECK(ms == NULL);
		free((void *)pair[0]);
		free_all(m, 3);
	}
	CHECK(undetected == 0);
}

/* ---- splitting and combining ---- */

static void
test_every_k_of_n(void)
{
	vault_secret *m[5] = { 0 };
	vault_share *sh[5] = { 0 };
	uint8_t secret[32];
	unsigned n, k, mask, i, cnt, wrong = 0, runs = 0;
	size_t len;
	vault_err rc;
	int match;

	for (n = 1; n <= 5; n++) {
		for (k = 1; k <= n; k++) {
			len = (n + k) % 2 ? 32 : 16;
			randombytes_buf(secret, len);
			rc = vault_slip39_split_simple(secret, len, NULL, 0, k,
			    n, 0, m);
			if (k == 1 && n > 1) {  /* SLIP-0039: use 1-of-1 */
				CHECK(rc == VAULT_ERR_INVALID);
				for (i = 0; i < n; i++)
					CHECK(m[i] == NULL);
				continue;
			}
			REQUIRE(rc == VAULT_OK);
			REQUIRE(decode_all(m, n, sh) == 0);
			for (mask = 1; mask < (1u << n); mask++) {
				for (i = 0, cnt = 0; i < n; i++)
					cnt += (mask >> i) & 1;
				rc = combine_mask(sh, n, mask, "", secret, len,
				    &match);
				if (cnt >= k)
					wrong += rc != VAULT_OK || match != 1;
				else
					wrong += rc != VAULT_ERR_SHARES ||
					    match != 0;
				runs++;
			}
			free_shares(sh, n);
			free_all(m, n);
		}
	}
	CHECK(wrong == 0);
	CHECK(runs == 1 + 3 + 2 * 7 + 3 * 15 + 4 * 31);
}

static void
test_duplicates(void)
{
	static const uint8_t secret[16] = "0123456789abcdef";
	vault_secret *m[3] = { 0 }, *ms = NULL;
	vault_share *sh[3] = { 0 }, *again = NULL;
	const vault_share *pick[3];
	int match;

	REQUIRE(vault_slip39_split_simple(secret, 16, NULL, 0, 2, 3, 0, m) ==
	    VAULT_OK);
	REQUIRE(decode_all(m, 3, sh) == 0);
	CHECK(combine_mask(sh, 3, 0x3, "", secret, 16, &match) == VAULT_OK &&
	    match == 1);
	/* The same share twice is one share, not two. */
	REQUIRE(vault_share_decode(vault_secret_data(m[0]),
	    vault_secret_len(m[0]), &again, NULL) == VAULT_OK);
	pick[0] = sh[0];
	pick[1] = again;
	CHECK(vault_slip39_combine_shares(pick, 2, NULL, 0, &ms) ==
	    VAULT_ERR_SHARES);
	CHECK(ms == NULL);
	pick[2] = sh[1];
	CHECK(vault_slip39_combine_shares(pick, 3, NULL, 0, &ms) ==
	    VAULT_ERR_SHARES);
	CHECK(ms == NULL);
	vault_share_free(again);
	free_shares(sh, 3);
	free_all(m, 3);
}

/* A share with a valid checksum but an altered value fails the digest. */
static void
test_tampered_value(void)
{
	static const uint8_t secret[32] = "the parish council escrow key!!";
	vault_secret *m[3] = { 0 }, *forged = NULL, *ms = NULL;
	vault_share *sh[3] = { 0 }, *fsh = NULL;
	const vault_share *pick[2];
	uint8_t val[32];
	size_t bit;

	REQUIRE(vault_slip39_split_simple(secret, 32, NULL, 0, 2, 3, 0, m) ==
	    VAULT_OK);
	REQUIRE(decode_all(m, 3, sh) == 0);
	for (bit = 0; bit < 256; bit += 37) {
		memcpy(val, vault_secret_data(vault_share_value(sh[1])), 32);
		val[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		REQUIRE(vlt_slip39_encode(&sh[1]->h, val, 32, &forged) ==
		    VAULT_OK);
		REQUIRE(vault_share_decode(vault_secret_data(forged),
		    vault_secret_len(forged), &fsh, NULL) == VAULT_OK);
		pick[0] = sh[0];
		pick[1] = fsh;
		CHECK(vault_slip39_combine_shares(pick, 2, NULL, 0, &ms) ==
		    VAULT_ERR_SHARES);
		CHECK(ms == NULL);
		vault_share_free(fsh);
		vault_secret_free(forged);
		fsh = NULL;
		forged = NULL;
	}
	/* All three genuine shares together still combine. */
	CHECK(combine_mask(sh, 3, 0x7, "", secret, 32, &(int){ 0 }) ==
	    VAULT_OK);
	sodium_memzero(val, sizeof val);
	free_shares(sh, 3);
	free_all(m, 3);
}

static void
test_roundtrip(void)
{
	static const char *const passes[] = { "", "correct horse battery",
	    "TREZOR" };
	vault_secret *m[3] = { 0 }, *ms = NULL;
	char *txt[3] = { 0 };
	uint8_t secret[32];
	size_t len, p, i;
	unsigned flags;

	for (len = 16; len <= 32; len += 2) {
		for (p = 0; p < 3; p++) {
			flags = (len / 2 + p) % 2 ? VAULT_SLIP39_EXTENDABLE : 0;
			randombytes_buf(secret, len);
			REQUIRE(vault_slip39_split(secret, len,
			    (const uint8_t *)passes[p], strlen(passes[p]), 0,
			    flags, 1, &(vault_slip39_group){ 2, 3 }, 1, m, 3) ==
			    VAULT_OK);
			for (i = 0; i < 3; i++)
				REQUIRE((txt[i] = cstr(m[i])) != NULL);
			CHECK(vault_slip39_combine((const char *const *)txt + 1,
			    2, (const uint8_t *)passes[p], strlen(passes[p]),
			    &ms) == VAULT_OK);
			CHECK(vault_secret_len(ms) == len &&
			    memcmp(vault_secret_data(ms), secret, len) == 0);
			vault_secret_free(ms);
			ms = NULL;
			/* A wrong passphrase gives another secret, silently. */
			CHECK(vault_slip39_combine((const char *const *)txt, 2,
			    (const uint8_t *)"wrong", 5, &ms) == VAULT_OK);
			CHECK(vault_secret_len(ms) == len &&
			    memcmp(vault_secret_data(ms), secret, len) != 0);
			vault_secret_free(ms);
			ms = NULL;
			for (i = 0; i < 3; i++) {
				free(txt[i]);
				txt[i] = NULL;
			}
			free_all(m, 3);
		}
	}
}

static void
test_extendable_and_exponent(void)
{
	static const uint8_t secret[16] = "sixteen byte key";
	vault_secret *m[2] = { 0 }, *ms = NULL;
	vault_share *sh[2] = { 0 };
	int match;

	REQUIRE(vault_slip39_split(secret, 16, (const uint8_t *)"x", 1, 1,
	    VAULT_SLIP39_EXTENDABLE, 1, &(vault_slip39_group){ 2, 2 }, 1, m,
	    2) == VAULT_OK);
	REQUIRE(decode_all(m, 2, sh) == 0);
	CHECK(vault_share_extendable(sh[0]) == 1);
	CHECK(vault_share_iteration_exponent(sh[0]) == 1);
	CHECK(vault_share_identifier(sh[0]) == vault_share_identifier(sh[1]));
	CHECK(vault_share_identifier(sh[0]) <= 0x7fff);
	CHECK(combine_mask(sh, 2, 0x3, "x", secret, 16, &match) == VAULT_OK &&
	    match == 1);
	free_shares(sh, 2);
	free_all(m, 2);
	REQUIRE(vault_slip39_split_simple(secret, 16, NULL, 0, 1, 1, 0, m) ==
	    VAULT_OK);
	REQUIRE(decode_all(m, 1, sh) == 0);
	CHECK(vault_share_extendable(sh[0]) == 0);
	CHECK(vault_share_member_threshold(sh[0]) == 1);
	CHECK(combine_mask(sh, 1, 0x1, "", secret, 16, &match) == VAULT_OK &&
	    match == 1);
	vault_secret_free(ms);
	free_shares(sh, 1);
	free_all(m, 1);
}

/* 2 of 3 groups: 2-of-3, 3-of-5, 1-of-1; shares 0-2, 3-7, 8. */
static void
test_groups(void)
{
	static const vault_slip39_group grp[3] = { { 2, 3 }, { 3, 5 },
	    { 1, 1 } };
	static const struct { unsigned mask; vault_err rc; } t[] = {
		{ 0x003 | 0x100, VAULT_OK },            /* g0 + g2 */
		{ 0x038 | 0x100, VAULT_OK },            /* g1 + g2 */
		{ 0x005 | 0x0e0, VAULT_OK },            /* g0 + g1 */
		{ 0x1ff, VAULT_OK },                    /* everything */
		{ 0x003 | 0x008 | 0x100, VAULT_OK },    /* + incomplete g1 */
		{ 0x007, VAULT_ERR_SHARES },            /* one group */
		{ 0x100, VAULT_ERR_SHARES },
		{ 0x003 | 0x018, VAULT_ERR_SHARES },    /* g1 short */
		{ 0x001 | 0x018 | 0x100, VAULT_ERR_SHARES },
	};
	uint8_t secret[32];
	vault_secret *m[9] = { 0 }, *m2[9] = { 0 }, *ms = NULL;
	vault_share *sh[9] = { 0 }, *other[9] = { 0 };
	const vault_share *pick[3];
	size_t i;
	int match;

	randombytes_buf(secret, sizeof secret);
	REQUIRE(vault_slip39_split(secret, 32, (const uint8_t *)"pw", 2, 0, 0,
	    2, grp, 3, m, 9) == VAULT_OK);
	REQUIRE(decode_all(m, 9, sh) == 0);
	for (i = 0; i < 9; i++) {
		CHECK(vault_share_group_threshold(sh[i]) == 2);
		CHECK(vault_share_group_count(sh[i]) == 3);
		CHECK(vault_share_group_index(sh[i]) == (i < 3 ? 0u :
		    i < 8 ? 1u : 2u));
		CHECK(vault_share_member_threshold(sh[i]) ==
		    grp[vault_share_group_index(sh[i])].threshold);
	}
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		vault_err rc = combine_mask(sh, 9, t[i].mask, "pw", secret, 32,
		    &match);

		if (rc != t[i].rc || match != (rc == VAULT_OK))
			printf("# groups case %zu: %s\n", i,
			    vault_strerror(rc));
		CHECK(rc == t[i].rc && match == (rc == VAULT_OK));
	}
	/* Shares of another split of the same secret do not mix. */
	REQUIRE(vault_slip39_split(secret, 32, (const uint8_t *)"pw", 2, 0, 0,
	    2, grp, 3, m2, 9) == VAULT_OK);
	REQUIRE(decode_all(m2, 9, other) == 0);
	pick[0] = sh[0];
	pick[1] = sh[1];
	pick[2] = other[8];
	CHECK(vault_slip39_combine_shares(pick, 3, (const uint8_t *)"pw", 2,
	    &ms) == VAULT_ERR_SHARES);
	CHECK(ms == NULL);
	free_shares(other, 9);
	free_shares(sh, 9);
	free_all(m2, 9);
	free_all(m, 9);
}

/* Threshold 1 (here of groups): every extra value must be equal. */
static void
test_threshold_one_extra(void)
{
	static const vault_slip39_group grp[2] = { { 1, 1 }, { 2, 3 } };
	static const uint8_t secret[16] = "threshold 1 test";
	vault_secret *m[4] = { 0 }, *forged = NULL, *ms = NULL;
	vault_share *sh[4] = { 0 }, *fsh = NULL;
	const vault_share *pick[3];
	uint8_t val[16];
	int match;

	REQUIRE(vault_slip39_split(secret, 16, NULL, 0, 0, 0, 1, grp, 2, m,
	    4) == VAULT_OK);
	REQUIRE(decode_all(m, 4, sh) == 0);
	CHECK(combine_mask(sh, 4, 0x1, "", secret, 16, &match) == VAULT_OK &&
	    match == 1);
	CHECK(combine_mask(sh, 4, 0x6, "", secret, 16, &match) == VAULT_OK &&
	    match == 1);
	CHECK(combine_mask(sh, 4, 0xf, "", secret, 16, &match) == VAULT_OK &&
	    match == 1);
	memcpy(val, vault_secret_data(vault_share_value(sh[0])), 16);
	val[3] ^= 0x40;
	REQUIRE(vlt_slip39_encode(&sh[0]->h, val, 16, &forged) == VAULT_OK);
	REQUIRE(vault_share_decode(vault_secret_data(forged),
	    vault_secret_len(forged), &fsh, NULL) == VAULT_OK);
	pick[0] = fsh;
	pick[1] = sh[1];
	pick[2] = sh[2];
	CHECK(vault_slip39_combine_shares(pick, 3, NULL, 0, &ms) ==
	    VAULT_ERR_SHARES);
	CHECK(ms == NULL);
	sodium_memzero(val, sizeof val);
	vault_share_free(fsh);
	vault_secret_free(forged);
	free_shares(sh, 4);
	free_all(m, 4);
}

static void
test_invalid_args(void)
{
	static const uint8_t s[34] = { 1 };
	static const vault_slip39_group g23 = { 2, 3 }, g13 = { 1, 3 },
	    g45 = { 4, 3 }, g0 = { 0, 0 };
	vault_secret *m[17], *ms = NULL;
	const uint8_t *p = (const uint8_t *)"ok";
	size_t i;

	for (i = 0; i < 17; i++)
		m[i] = (vault_secret *)&m[i];   /* must be overwritten */
	CHECK(vault_slip39_split(s, 15, p, 2, 0, 0, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(m[0] == NULL && m[1] == NULL && m[2] == NULL);
	CHECK(vault_slip39_split(s, 14, p, 2, 0, 0, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 34, p, 2, 0, 0, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 17, p, 2, 0, 0, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(NULL, 16, p, 2, 0, 0, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, p, 2, 16, 0, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 2, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 0, 2, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);                 /* GT > G */
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 0, 0, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 0, 1, &g23, 1, m, 4) ==
	    VAULT_ERR_INVALID);                 /* out_count mismatch */
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 0, 1, &g13, 1, m, 3) ==
	    VAULT_ERR_INVALID);                 /* 1-of-3 members */
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 0, 1, &g45, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 0, 1, &g0, 1, m, 0) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, (const uint8_t *)"caf\xc3\xa9", 5, 0,
	    0, 1, &g23, 1, m, 3) == VAULT_ERR_INVALID);   /* not ASCII */
	CHECK(vault_slip39_split(s, 16, (const uint8_t *)"a\nb", 3, 0, 0, 1,
	    &g23, 1, m, 3) == VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, NULL, 2, 0, 0, 1, &g23, 1, m, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split_simple(s, 16, NULL, 0, 2, 17, 0, m) ==
	    VAULT_ERR_INVALID);
	for (i = 0; i < 17; i++)
		CHECK(m[i] == NULL);
	CHECK(vault_slip39_split_simple(s, 16, NULL, 0, 0, 1, 0, m) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_split(s, 16, p, 2, 0, 0, 1, &g23, 1, NULL, 3) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_combine(NULL, 1, NULL, 0, &ms) == VAULT_ERR_INVALID);
	CHECK(vault_slip39_combine((const char *const[]){ v17 }, 0, NULL, 0,
	    &ms) == VAULT_ERR_INVALID);
	CHECK(vault_slip39_combine_shares(NULL, 1, NULL, 0, &ms) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_slip39_combine((const char *const[]){ v17 }, 1,
	    (const uint8_t *)"\x7f", 1, &ms) == VAULT_ERR_INVALID);
	CHECK(vault_slip39_combine((const char *const[]){ v17 }, 1, NULL, 0,
	    NULL) == VAULT_ERR_INVALID);
	CHECK(ms == NULL);
	CHECK(vault_share_encode(NULL, &ms) == VAULT_ERR_INVALID);
}

int
main(void)
{
	test_rng_setup();
	RUN(test_pbkdf2_vectors);
	RUN(test_official_vectors);
	RUN(test_vector_bad_word);
	RUN(test_wordlist);
	RUN(test_decode_fields);
	RUN(test_decode_forms);
	RUN(test_decode_bad_word);
	RUN(test_flipped_words);
	RUN(test_every_k_of_n);
	RUN(test_duplicates);
	RUN(test_tampered_value);
	RUN(test_roundtrip);
	RUN(test_extendable_and_exponent);
	RUN(test_groups);
	RUN(test_threshold_one_extra);
	RUN(test_invalid_args);
	return TAP_END();
}
