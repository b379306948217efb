/* SPDX-License-Identifier: ISC */
/*
 * strength.c - the council's password policy applied to one password:
 * vault_strength_check() and the verdict it returns.
 *
 * zxcvbn-c estimates how many guesses a password needs, with the context
 * (council, holders, service, username) as its user dictionary. A single
 * zxcvbn threshold cannot express the policy (it under-scores random
 * characters and over-scores phrases, ~6 bits a separator), so a password
 * is judged by one of two routes:
 *  - as words, when it has separated tokens that zxcvbn prices as words
 *    (few bits a character): at least four distinct words, whose estimates
 *    (each token alone, plus VLT_SEP_BITS for the separator) add up to
 *    the level's threshold;
 *  - as random characters otherwise: enough characters for the level and
 *    a zxcvbn estimate of the whole over the level's threshold.
 * Hard rules refuse it on either route: the blocklist, context words,
 * dates, keyboard patterns, and a word with digits bolted on. The numbers
 * behind the thresholds are in docs/password-policy.md.
 *
 * SECURITY: the password is analysed in a guarded scratch buffer that is
 * wiped after every check. sodium_malloc costs about as much as the check
 * itself, so one buffer is kept for the life of the process and handed to
 * one check at a time; a concurrent check gets its own. zxcvbn-c keeps
 * only positions and entropies in its match list, but its stack frames
 * briefly hold pieces of the password: a residue we cannot wipe.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <zxcvbn.h>
#include "internal.h"
#include "strength.h"

#ifdef USE_DICT_FILE
#error "zxcvbn-c reads its dictionary from a file; cvault needs it built in"
#endif

#define REASONS_MAX 640u
#define NBUF 6u                         /* strings in the scratch buffer */
#define SCRATCH_LEN (NBUF * (VLT_PW_MAX + 1u))
#define TOK_MAX (VLT_PW_MAX / 2u + 1u)

struct vault_strength {
	int ok;
	uint32_t flags;
	size_t words;                   /* distinct words, on the words route */
	unsigned why;                   /* VLT_WHY_*: which reason text */
	vault_strength_level level;
	double log10;
	const char *suggestion;
	char reasons[REASONS_MAX];
};

/* One check in progress. Every char buffer is in the guarded scratch. */
struct an {
	const char *pw;                 /* copy, NUL-terminated */
	size_t n;                       /* bytes analysed */
	size_t nchars;                  /* code points */
	char *lc;                       /* lower case */
	char *key;                      /* blocklist keys, in turn */
	char *alnum;                    /* lower case, alphanumerics only */
	char *letters;                  /* leetspeak undone, letters only */
	char *tok;                      /* one token at a time, for zxcvbn */
	size_t ntok, tb[TOK_MAX], tl[TOK_MAX];
	double sep_bits;                /* separators between tokens */
	double bits;                    /* the estimate that decides */
	size_t words;
	int phrase;
};

static pthread_mutex_t scratch_lock = PTHREAD_MUTEX_INITIALIZER;
static vault_secret *scratch_kept;      /* guarded by scratch_lock */

static vault_err
scratch_get(vault_secret **s, int *kept)
{
	vault_err rc;

	*s = NULL;
	*kept = 0;
	if (pthread_mutex_trylock(&scratch_lock) != 0)
		return vlt_secret_new(s, SCRATCH_LEN);  /* busy: our own */
	if (scratch_kept == NULL &&
	    (rc = vlt_secret_new(&scratch_kept, SCRATCH_LEN)) != VAULT_OK) {
		pthread_mutex_unlock(&scratch_lock);
		return rc;
	}
	*s = scratch_kept;
	*kept = 1;
	return VAULT_OK;
}

static void
scratch_put(vault_secret *s, int kept)
{
	if (s == NULL)
		return;
	if (!kept) {
		vault_secret_free(s);           /* wipes */
		return;
	}
	sodium_memzero(s->buf, s->len);         /* SECURITY: wiped every time */
	pthread_mutex_unlock(&scratch_lock);
}

/* Copy the password and derive the lower-case, alphanumeric and
 * letters-only forms. */
static void
prepare(struct an *a, uint8_t *buf, const uint8_t *pw, size_t n)
{
	size_t i, na = 0, nl = 0;
	unsigned char c;
	char l;

	memcpy(buf, pw, n);
	buf[n] = '\0';
	a->pw = (const char *)buf;
	a->n = n;
	a->lc = (char *)buf + 1 * (VLT_PW_MAX + 1);
	a->key = (char *)buf + 2 * (VLT_PW_MAX + 1);
	a->alnum = (char *)buf + 3 * (VLT_PW_MAX + 1);
	a->letters = (char *)buf + 4 * (VLT_PW_MAX + 1);
	a->tok = (char *)buf + 5 * (VLT_PW_MAX + 1);
	a->nchars = 0;
	for (i = 0; i < n; i++) {
		c = pw[i];
		if ((c & 0xc0) != 0x80)
			a->nchars++;            /* not a UTF-8 continuation */
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		a->lc[i] = (char)c;
		if (vlt_is_alnum(c))
			a->alnum[na++] = (char)c;
		if (vlt_is_letter(c))
			a->letters[nl++] = (char)c;
		else if ((l = vlt_leet(c)) != 0)
			a->letters[nl++] = l;
	}
	a->lc[n] = a->alnum[na] = a->letters[nl] = '\0';
}

/* Part of a token: alphanumeric, or an apostrophe inside a word
 * ("don't" is one word, not two with a separator). */
static int
in_token(const struct an *a, size_t i)
{
	const unsigned char *p = (const unsigned char *)a->pw;

	if (vlt_is_alnum(p[i]))
		return 1;
	return p[i] == '\'' && i > 0 && i + 1 < a->n &&
	    vlt_is_alnum(p[i - 1]) && vlt_is_alnum(p[i + 1]);
}

/* Split into tokens and price the separators between them: one choice
 * of separator if they are all the same, else each one. */
static void
tokenise(struct an *a)
{
	size_t i = 0, j, nsep = 0, first = 0, first_len = 0;
	int same = 1;

	a->ntok = 0;
	while (i < a->n) {
		for (j = i; j < a->n && !in_token(a, j); j++)
			;
		if (j > i && a->ntok > 0 && j < a->n) { /* between tokens */
			if (nsep++ == 0) {
				first = i;
				first_len = j - i;
			} else if (j - i != first_len ||
			    memcmp(a->pw + i, a->pw + first, first_len) != 0) {
				same = 0;
			}
		}
		if (j >= a->n)
			break;
		for (i = j; i < a->n && in_token(a, i); i++)
			;
		a->tb[a->ntok] = j;
		a->tl[a->ntok++] = i - j;
	}
	a->sep_bits = nsep == 0 ? 0.0 :
	    VLT_SEP_BITS * (same ? 1.0 : (double)nsep);
}

static int
letters_in(const char *s, size_t n)
{
	size_t i;
	int k = 0;

	for (i = 0; i < n; i++)
		k += vlt_is_letter((unsigned char)s[i]);
	return k;
}

static int
is_dict(ZxcTypeMatch_t t)
{
	t = (ZxcTypeMatch_t)(t & ~MULTIPLE_MATCH);
	return t == DICTIONARY_MATCH || t == DICT_LEET_MATCH ||
	    t == USER_MATCH || t == USER_LEET_MATCH;
}

/* The length of `m` if it is a cheap keyboard walk, repeat or sequence
 * of 4+ characters (at most 3 bits a character: zxcvbn also reports
 * short, expensive "walks" inside random strings), else 0. */
static size_t
pattern_len(const ZxcMatch_t *m)
{
	ZxcTypeMatch_t t = (ZxcTypeMatch_t)(m->Type & ~MULTIPLE_MATCH);

	if (!(m->Type & MULTIPLE_MATCH) && t != SPATIAL_MATCH &&
	    t != REPEATS_MATCH && t != SEQUENCE_MATCH)
		return 0;                       /* MULTIPLE: a part repeated */
	if (m->Length < 4 || m->Entrpy > 3.0 * m->Length)
		return 0;
	return (size_t)m->Length;
}

/* The context words that fit in `n` bytes, for zxcvbn's user
 * dictionary: a longer one cannot occur in the string, and every word
 * costs zxcvbn time at every position. */
static const char **
user_dict(struct vlt_ctx *ctx, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < ctx->n; i++)
		if (ctx->len[i] <= n)
			ctx->fit[k++] = ctx->word[i];
	ctx->fit[k] = NULL;
	return ctx->fit;
}

/* The words route's estimate: each distinct token (case folded) alone,
 * plus separators and any symbols before the first or after the last
 * token. Sets a->phrase when the tokens are cheap per character, as
 * words are and random characters are not. */
static void
phrase_estimate(struct an *a, struct vlt_ctx *ctx, const struct vlt_words *wm,
    size_t *pattern)
{
	size_t i, k, chars = 0, edges;
	ZxcMatch_t *info, *m;
	double bits = 0.0, w;
	int dup;

	a->words = 0;
	for (i = 0; i < a->ntok; i++) {
		for (dup = 0, k = 0; k < i && !dup; k++)
			dup = a->tl[k] == a->tl[i] && memcmp(a->lc + a->tb[k],
			    a->lc + a->tb[i], a->tl[i]) == 0;
		if (dup)
			continue;
		chars += a->tl[i];
		a->words += letters_in(a->pw + a->tb[i], a->tl[i]) > 0;
		/* A dictionary word costs what zxcvbn would say, log2 of its
		 * rank: ask zxcvbn only about the other tokens. */
		if ((w = vlt_words_token(a->pw, wm, a->tb[i],
		    a->tb[i] + a->tl[i])) >= 0) {
			bits += w;
			continue;
		}
		memcpy(a->tok, a->pw + a->tb[i], a->tl[i]);
		a->tok[a->tl[i]] = '\0';
		info = NULL;
		bits += ZxcvbnMatch(a->tok, user_dict(ctx, a->tl[i]), &info);
		for (m = info; m != NULL; m = m->Next)
			*pattern += pattern_len(m);
		ZxcvbnFreeInfo(info);
	}
	edges = a->n - (a->tb[a->ntok - 1] + a->tl[a->ntok - 1]) + a->tb[0];
	a->phrase = bits < VLT_PHRASE_BPC * (double)chars;
	a->bits = bits + a->sep_bits + VLT_SEP_BITS * (double)edges;
}

/* The length of a dictionary match that reads as a word, else 0: not
 * repeated, 2+ characters, at least two thirds of them letters
 * (zxcvbn's leetspeak matcher also "finds" words in runs like $91I). */
static size_t
word_len(const struct an *a, const ZxcMatch_t *m)
{
	size_t k = (size_t)m->Length;

	if (!is_dict(m->Type) || (m->Type & MULTIPLE_MATCH) || k < 2 ||
	    3 * (size_t)letters_in(a->pw + m->Begin, k) < 2 * k)
		return 0;
	return k;
}

/* The character route's estimate: zxcvbn on the whole. Also finds one to
 * three words (one of 4+ letters) and nothing else between the first and
 * the last letter:
 * VAULT_STRENGTH_BOLTON if digits or symbols are added around them,
 * VAULT_STRENGTH_FEW_WORDS if not (words run together). */
static void
char_estimate(struct an *a, struct vlt_ctx *ctx, size_t *pattern,
    size_t *unread, uint32_t *built)
{
	size_t b = 0, e = a->n, cover = 0, nd = 0, longest = 0, mb, me, k;
	ZxcMatch_t *info = NULL, *m;

	a->bits = ZxcvbnMatch(a->pw, user_dict(ctx, a->n), &info);
	while (b < e && !vlt_is_letter((unsigned char)a->pw[b]))
		b++;
	while (e > b && !vlt_is_letter((unsigned char)a->pw[e - 1]))
		e--;
	*pattern = 0;
	*unread = 0;
	for (m = info; m != NULL; m = m->Next) {
		*pattern += pattern_len(m);
		if (m->Type == LONG_PWD_MATCH)  /* past zxcvbn's first 100 */
			*unread += (size_t)m->Length;
		mb = (size_t)m->Begin;
		me = mb + (size_t)m->Length;
		if (mb >= b && me <= e && (k = word_len(a, m)) > 0) {
			cover += k;
			nd++;
			longest = k > longest ? k : longest;
		}
	}
	ZxcvbnFreeInfo(info);
	*built = 0;
	a->words = nd;
	if (e - b >= 4 && cover == e - b && nd <= 3 && longest >= 4)
		*built = (b > 0 || e < a->n) ? VAULT_STRENGTH_BOLTON :
		    VAULT_STRENGTH_FEW_WORDS;
}

/* Run the rules and both routes; return the reason flags. The word
 * model (phrase.c) sees every password: it finds words however they are
 * written, and where it explains the password more cheaply than zxcvbn
 * does, the password is judged as words at its estimate. */
static uint32_t
judge(struct an *a, vault_strength_level level, struct vlt_ctx *ctx,
    struct vlt_words *wm, unsigned *why)
{
	uint32_t f = 0, built = 0;
	size_t i, pattern = 0, span = a->n, big = 0, unread = 0;
	int pass = level == VAULT_STRENGTH_PASSPHRASE;

	vlt_words_model(a->pw, a->lc, a->letters, a->n, wm);
	*why = wm->why | vlt_pattern_more(a->pw, a->lc, a->n);
	if (*why & VLT_WHY_PHRASE)
		f |= VAULT_STRENGTH_COMMON;
	if (*why & (VLT_WHY_WALK | VLT_WHY_CLASSES | VLT_WHY_REPEAT))
		f |= VAULT_STRENGTH_PATTERN;
	if (vlt_blocklist_match(a->pw, a->n, a->key)) {
		f |= VAULT_STRENGTH_COMMON;
		*why |= VLT_WHY_BLOCKLIST;
	}
	if (vlt_ctx_found(ctx, a->lc, a->alnum, a->letters))
		f |= VAULT_STRENGTH_CONTEXT;
	if (vlt_pw_has_date(a->lc, a->n))
		f |= VAULT_STRENGTH_DATE;
	tokenise(a);
	for (i = 0; i < a->ntok; i++)
		big += letters_in(a->pw + a->tb[i], a->tl[i]) >= 3;
	a->phrase = 0;
	if (big >= 2 && a->sep_bits > 0.0) {
		phrase_estimate(a, ctx, wm, &pattern);
		span = 0;
		for (i = 0; i < a->ntok; i++)
			span += a->tl[i];
	}
	if (a->phrase && wm->wordy) {
		if (wm->bits + VLT_MODEL_MARGIN < a->bits)
			a->bits = wm->bits;
		a->words = wm->words < a->words ? wm->words : a->words;
	}
	if (!a->phrase) {
		char_estimate(a, ctx, &pattern, &unread, &built);
		span = a->n - unread;
		/* Run together: only three or more words, every letter in
		 * one, none in mixed case. Random characters hold two short
		 * words often enough ("Bays2OoH") and these are not lost. */
		if (wm->wordy && wm->junk == 0 && wm->dict >= 3 &&
		    wm->mixed == 0 && wm->bits + VLT_MODEL_MARGIN < a->bits) {
			a->phrase = 1;
			a->bits = wm->bits;
			a->words = wm->words;
		}
	}
	if ((*why & VLT_WHY_PHRASE) && wm->bits < a->bits)
		a->bits = wm->bits;     /* a phrase is one guess in a list */
	if (pattern >= 4 && 2 * pattern >= span) {
		f |= VAULT_STRENGTH_PATTERN;
		*why |= VLT_WHY_ZXPATTERN;
	}
	f |= built;
	if (a->phrase) {
		f |= VAULT_STRENGTH_AS_WORDS;
		if (a->words < VLT_WORDS_MIN)
			f |= VAULT_STRENGTH_FEW_WORDS;
		else if (a->bits < (pass ? VLT_WORDS_BITS_PASS :
		    VLT_WORDS_BITS_CRED))
			f |= VAULT_STRENGTH_WEAK_WORDS;
	} else if (a->nchars < (pass ? VLT_CHARS_MIN_PASS :
	    VLT_CHARS_MIN_CRED)) {
		f |= VAULT_STRENGTH_SHORT;
	} else if (a->bits < (pass ? VLT_CHAR_BITS_PASS :
	    VLT_CHAR_BITS_CRED)) {
		f |= VAULT_STRENGTH_GUESSABLE;
	}
	return f;
}

/* ---- the verdict in words ---- */

/* In order of importance: the first one present gives the suggestion.
 * A line is shown when its flag is set and, if `need` is not 0, the
 * check found one of those VLT_WHY_* bits, and none of `unless`. */
#define AVOID_PATTERNS "Avoid keyboard patterns, repeats and runs; use " \
	"four random words instead."
#define CHOOSE_NEW "Choose something new rather than changing a " \
	"well-known one: let cvault gen make one."
static const struct {
	uint32_t flag;
	unsigned need, unless;
	const char *reason;
	const char *suggest;
} explain[] = {
	{ VAULT_STRENGTH_EMPTY, 0, 0, "It is empty.",
	  "Use four random words joined by hyphens, or let cvault gen make "
	  "one." },
	{ VAULT_STRENGTH_CONTEXT, 0, 0,
	  "It contains the council's name or a name linked to this account "
	  "(a person, the service or the username).",
	  "Avoid the council's name and the names of people, the service "
	  "and the username." },
	{ VAULT_STRENGTH_DATE, 0, 0, "It contains a date or a year.",
	  "Leave out dates and years, such as birthdays and anniversaries." },
	{ VAULT_STRENGTH_COMMON, VLT_WHY_BLOCKLIST, 0,
	  "It is one of the most common choices, which attackers try first, "
	  "or a small change to one (capitals, numbers for letters, or "
	  "digits and symbols added).", CHOOSE_NEW },
	{ VAULT_STRENGTH_COMMON, VLT_WHY_PHRASE, 0,
	  "It is a well-known phrase, saying, title or quotation, which "
	  "attackers try whole.", CHOOSE_NEW },
	{ VAULT_STRENGTH_PATTERN, VLT_WHY_ZXPATTERN, 0,
	  "It is mostly a keyboard pattern, a repeated character or a run "
	  "of letters or numbers in order.", AVOID_PATTERNS },
	{ VAULT_STRENGTH_PATTERN, VLT_WHY_WALK, VLT_WHY_ZXPATTERN,
	  "It is a keyboard pattern typed with the Shift key.",
	  AVOID_PATTERNS },
	{ VAULT_STRENGTH_PATTERN, VLT_WHY_CLASSES, 0,
	  "It follows a simple repeating pattern of capitals, small "
	  "letters, digits and symbols.", AVOID_PATTERNS },
	{ VAULT_STRENGTH_PATTERN, VLT_WHY_REPEAT, 0,
	  "It repeats the same word.", AVOID_PATTERNS },
	{ VAULT_STRENGTH_BOLTON, 0, 0,
	  "It is an ordinary word or name with numbers or symbols added, "
	  "which is among the first things an attacker tries.",
	  "Adding numbers or symbols to a word does not help: use four "
	  "random words instead." },
	{ VAULT_STRENGTH_FEW_WORDS, 0, VLT_WHY_PHRASE,
	  "It has fewer than four words.",
	  NULL },
	{ VAULT_STRENGTH_FEW_WORDS, VLT_WHY_FUNC, VLT_WHY_PHRASE,
	  "Short common words such as 'the', 'to' and 'my' do not count.",
	  NULL },
	{ VAULT_STRENGTH_WEAK_WORDS, 0, VLT_WHY_TOGETHER | VLT_WHY_PHRASE,
	  "Its words are common ones that are easy to guess together.",
	  "Add two more random words." },
	{ VAULT_STRENGTH_WEAK_WORDS, VLT_WHY_TOGETHER, VLT_WHY_PHRASE,
	  "These words often go together or follow a familiar order.",
	  "Choose words at random, for example with cvault gen --words 4." },
	{ VAULT_STRENGTH_SHORT, 0, 0, NULL, NULL },
	{ VAULT_STRENGTH_GUESSABLE, 0, 0,
	  "It is not random enough and could be guessed quickly.", NULL },
};

static void
append(vault_strength *r, const char *s)
{
	size_t n = strlen(r->reasons);

	if (n > 0 && n + 1 < REASONS_MAX)
		r->reasons[n++] = ' ';
	if (n + strlen(s) < REASONS_MAX)
		memcpy(r->reasons + n, s, strlen(s) + 1);
}

static const char *
suggest_for(uint32_t flag, size_t words, int pass)
{
	static const char *const more[] = {
		"Add four random words.", "Add three more random words.",
		"Add two more random words.", "Add one more random word."
	};

	if (flag == VAULT_STRENGTH_FEW_WORDS)
		return more[words < 4 ? words : 3];
	if (pass)
		return "For a vault passphrase, use five random words (cvault "
		    "gen --passphrase) or at least 12 random characters.";
	return "Use at least 8 characters mixing letters, numbers and symbols "
	    "at random, or four random words.";
}

static void
describe(vault_strength *r)
{
	int pass = r->level == VAULT_STRENGTH_PASSPHRASE;
	size_t i;
	const char *s;

	r->reasons[0] = '\0';
	r->suggestion = "";
	if (r->ok) {
		append(r, (r->flags & VAULT_STRENGTH_AS_WORDS) ?
		    "Meets the policy: four or more random words." :
		    "Meets the policy: enough random characters.");
		return;
	}
	for (i = 0; i < sizeof explain / sizeof explain[0]; i++) {
		if (!(r->flags & explain[i].flag) || (explain[i].need != 0 &&
		    !(r->why & explain[i].need)) || (r->why & explain[i].unless))
			continue;
		s = explain[i].reason;
		if (explain[i].flag == VAULT_STRENGTH_SHORT)
			s = pass ? "It is shorter than 12 characters." :
			    "It is shorter than 8 characters.";
		append(r, s);
		if (*r->suggestion == '\0')
			r->suggestion = explain[i].suggest ?
			    explain[i].suggest :
			    suggest_for(explain[i].flag, r->words, pass);
	}
}

/* ---- the public API ---- */

static vault_err
check_args(const uint8_t *pw, size_t len, vault_strength_level level,
    const char *const *context, size_t n_context, vault_strength **out)
{
	size_t i;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if ((pw == NULL && len != 0) || (context == NULL && n_context != 0) ||
	    (level != VAULT_STRENGTH_CREDENTIAL &&
	    level != VAULT_STRENGTH_PASSPHRASE))
		return VAULT_ERR_INVALID;
	for (i = 0; i < n_context; i++)
		if (context[i] == NULL)
			return VAULT_ERR_INVALID;
	if (len != 0 && memchr(pw, '\0', len) != NULL)
		return VAULT_ERR_INVALID;       /* zxcvbn reads C strings */
	return VAULT_OK;
}

vault_err
vault_strength_check(const uint8_t *pw, size_t len, vault_strength_level level,
    const char *const *context, size_t n_context, vault_strength **out)
{
	vault_err rc;
	vault_secret *scratch = NULL;
	vault_strength *r = NULL;
	struct vlt_ctx *ctx = NULL;
	struct vlt_words *wm = NULL;
	struct an a;
	int kept = 0;

	rc = check_args(pw, len, level, context, n_context, out);
	if (rc != VAULT_OK)
		return rc;
	rc = VAULT_ERR_NOMEM;
	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (ctx = malloc(sizeof *ctx)) == NULL ||
	    (wm = malloc(sizeof *wm)) == NULL || !vlt_phrase_ready())
		goto out;
	if ((rc = scratch_get(&scratch, &kept)) != VAULT_OK)
		goto out;
	r->level = level;
	memset(&a, 0, sizeof a);
	if (len == 0) {
		r->flags = VAULT_STRENGTH_EMPTY;
	} else {
		vlt_ctx_build(ctx, context, n_context);
		prepare(&a, scratch->buf, pw,
		    len < VLT_PW_MAX ? len : VLT_PW_MAX);
		r->flags = judge(&a, level, ctx, wm, &r->why);
		r->words = a.words;
		r->log10 = a.bits * M_LN2 / M_LN10;
	}
	r->ok = (r->flags & ~VAULT_STRENGTH_AS_WORDS) == 0;
	describe(r);
	*out = r;
	r = NULL;
	rc = VAULT_OK;
out:
	sodium_memzero(&a, sizeof a);   /* token offsets and the estimate */
	if (wm != NULL)                 /* SECURITY: the words it found */
		sodium_memzero(wm, sizeof *wm);
	free(wm);
	scratch_put(scratch, kept);
	free(ctx);
	vault_strength_free(r);
	return rc;
}

int
vault_strength_ok(const vault_strength *s)
{
	return s != NULL && s->ok;
}

double
vault_strength_log10(const vault_strength *s)
{
	return s != NULL ? s->log10 : 0.0;
}

uint32_t
vault_strength_flags(const vault_strength *s)
{
	return s != NULL ? s->flags : 0;
}

const char *
vault_strength_reasons(const vault_strength *s)
{
	return s != NULL ? s->reasons : "";
}

const char *
vault_strength_suggestion(const vault_strength *s)
{
	return s != NULL ? s->suggestion : "";
}

void
vault_strength_free(vault_strength *s)
{
	free(s);
}
