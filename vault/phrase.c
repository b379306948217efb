/* SPDX-License-Identifier: ISC */
/*
 * phrase.c - passwords made of words, however they are written: a model
 * of how many guesses a phrase needs when the words are guessed as an
 * attacker would (common words first, words that go together, familiar
 * series, well-known phrases), and three patterns that crackers try
 * early (a keyboard walk typed with Shift, alternating character
 * classes, a word repeated with digits between).
 *
 * The model splits every run of letters into dictionary words (Viterbi:
 * the split of least total cost, so "keepcalmandcarryon" and CamelCase
 * come apart) and prices each word at log2 of its frequency rank (the
 * lists zxcvbn uses, vault/data/wordfreq.txt), as zxcvbn prices a word
 * on its own. Then: short function words ("the", "my") cost 2 bits and do
 * not count as words; a word repeated costs 1 bit; a word that follows
 * the one before in a series (monday tuesday, one two) costs 1 bit and a
 * pair that occurs in a well-known phrase 2 bits; a run of letters that
 * is mostly a well-known phrase (vault/data/phrases.txt, compared on
 * letters only, leetspeak undone) costs about 20 bits, one guess from a
 * list of a million. Letters that are no word cost log2(26) each.
 *
 * The tables are indexed once, on first use (pthread_once), and never
 * change after. SECURITY: everything derived from the password (the
 * split, the costs, the word references) lives in the caller's struct
 * vlt_words scratch, which the caller wipes.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "strength.h"

#define HASH_BITS       18u
#define HASH_SIZE       (1u << HASH_BITS)
#define WORD_MAX        15u             /* longest dictionary word */
#define LETTER_BITS     4.700           /* log2(26): a letter no word has */
#define DIGIT_BITS      3.322           /* log2(10) */
#define FUNC_BITS       2.0             /* "the", "my": predicted by grammar */
#define REPEAT_BITS     1.0
#define SERIES_BITS     1.0
#define PAIR_BITS       2.0
#define PHRASE_BITS     20.0            /* one guess from a million */
#define PHRASE_MIN      10u             /* letters of a phrase match */
/* Each word after the first in one run of letters: zxcvbn prices a
 * separated word alone, and a compound ("sculptor") split into cheaper
 * pieces would otherwise cost less here than there. */
#define SPLIT_BITS      4.0

/* Short grammatical words. None is in the EFF list, so a generated
 * passphrase never loses a word to this table. */
static const char *const func_words[] = {
	"a", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but",
	"by", "can", "did", "do", "does", "dont", "for", "has", "have", "he",
	"her", "here", "him", "his", "how", "i", "if", "im", "in", "into",
	"is", "it", "its", "may", "me", "might", "mine", "must", "my", "no",
	"not", "of", "off", "on", "or", "our", "out", "over", "shall", "she",
	"should", "so", "some", "the", "their", "them", "there", "they",
	"this", "thou", "thy", "to", "up", "us", "was", "we", "were", "what",
	"when", "where", "which", "who", "whom", "will", "with", "would",
	"ye", "you", "your",
};
#define N_FUNC (sizeof func_words / sizeof func_words[0])

/* Series whose members follow each other: each a space-separated list. */
static const char *const series[] = {
	"monday tuesday wednesday thursday friday saturday sunday monday",
	"mon tue wed thu fri sat sun mon",
	"january february march april may june july august september "
	    "october november december january",
	"jan feb mar apr may jun jul aug sep oct nov dec jan",
	"one two three four five six seven eight nine ten eleven twelve "
	    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
	    "twenty",
	"first second third fourth fifth sixth seventh eighth ninth tenth",
	"spring summer autumn winter spring",
	"north east south west north",
	"red orange yellow green blue indigo violet",
	"mercury venus earth mars jupiter saturn uranus neptune pluto",
	"alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo "
	    "lima mike november oscar papa quebec romeo sierra tango uniform "
	    "victor whiskey xray yankee zulu",
	"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda",
	"ace two three four five six seven eight nine ten jack queen king",
	"hearts diamonds clubs spades",
	"rock paper scissors",
	"breakfast lunch dinner",
	"small medium large",
	"gold silver bronze",
	"morning afternoon evening night",
};
#define N_SERIES (sizeof series / sizeof series[0])

struct suffix {
	uint16_t phrase;
	uint8_t off;                    /* byte offset of a word start */
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int ready;                       /* 1 once indexed, -1 on NOMEM */
static uint32_t *hash_tab;              /* dictionary offset + 1, or 0 */
static struct suffix *suffixes;         /* every word start, by letters */
static size_t n_suffixes;
static struct suffix *pairs;            /* every word with a successor */
static size_t n_pairs;

#define FNV_INIT        2166136261u
#define FNV_STEP(h, c)  (((h) ^ (unsigned char)(c)) * 16777619u)
#define FUNC_REF        0x80000000u     /* a hash_tab entry: func_words[] */

static uint32_t
fnv(const char *s, size_t n)
{
	uint32_t h = FNV_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		h = FNV_STEP(h, s[i]);
	return h;
}

/* The word a hash_tab entry refers to, and its cost byte or 0 for a
 * function word. */
static const char *
ref_word(uint32_t ref, unsigned *cost)
{
	const char *w;

	if (ref & FUNC_REF) {
		*cost = 0;
		return func_words[ref & ~FUNC_REF];
	}
	w = vlt_dict_blob[(ref - 1) / VLT_DICT_ROW] + (ref - 1) % VLT_DICT_ROW;
	*cost = (unsigned char)w[0];
	return w + 1;
}

/* Insert `ref` under its word unless the word is there already (the
 * function words go in first and win). */
static void
hash_put(uint32_t ref)
{
	unsigned cost;
	const char *w = ref_word(ref, &cost);
	uint32_t h = fnv(w, strlen(w)) & (HASH_SIZE - 1);

	while (hash_tab[h] != 0) {
		if (strcmp(ref_word(hash_tab[h], &cost), w) == 0)
			return;
		h = (h + 1) & (HASH_SIZE - 1);
	}
	hash_tab[h] = ref;
}

/* Compare the letters of two phrase positions, spaces skipped; stop at
 * the end of either. Returns <0, 0, >0 like strcmp. */
static int
letters_cmp(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
}

static const char *
suffix_text(const struct suffix *s)
{
	return vlt_phrase_text[s->phrase] + s->off;
}

static int
suffix_order(const void *x, const void *y)
{
	return letters_cmp(suffix_text(x), suffix_text(y));
}

/* "w1 w2" at a pair position, compared as two words. */
static int
pair_cmp_text(const char *a, const char *b)
{
	int words = 0;

	for (;; a++, b++) {
		if (*a == ' ' && *b == ' ' && ++words == 2)
			return 0;
		if (*a == '\0' && *b == ' ' && words == 1)
			return -1;
		if (*b == '\0' && *a == ' ' && words == 1)
			return 1;
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	}
}

static int
pair_order(const void *x, const void *y)
{
	return pair_cmp_text(suffix_text(x), suffix_text(y));
}

static void
index_tables(void)
{
	size_t r, i, k, np = 0, ns = 0;
	const char *p;

	hash_tab = calloc(HASH_SIZE, sizeof *hash_tab);
	for (i = 0; i < vlt_phrase_len; i++)
		for (p = vlt_phrase_text[i]; *p != '\0'; p++)
			ns += p == vlt_phrase_text[i] || p[-1] == ' ';
	suffixes = calloc(ns + 1, sizeof *suffixes);
	pairs = calloc(ns + 1, sizeof *pairs);
	if (hash_tab == NULL || suffixes == NULL || pairs == NULL) {
		ready = -1;
		return;
	}
	for (i = 0; i < N_FUNC; i++)
		hash_put(FUNC_REF | (uint32_t)i);
	for (r = 0; r < vlt_dict_rows; r++)
		for (k = 0; k < VLT_DICT_ROW && vlt_dict_blob[r][k] != '\0';
		    k += strlen(vlt_dict_blob[r] + k) + 1)
			hash_put((uint32_t)(r * VLT_DICT_ROW + k) + 1);
	for (i = 0, ns = 0; i < vlt_phrase_len; i++)
		for (p = vlt_phrase_text[i]; *p != '\0'; p++) {
			if (p != vlt_phrase_text[i] && p[-1] != ' ')
				continue;
			suffixes[ns].phrase = (uint16_t)i;
			suffixes[ns++].off = (uint8_t)(p - vlt_phrase_text[i]);
			if (strchr(p, ' ') != NULL)
				pairs[np++] = suffixes[ns - 1];
		}
	n_suffixes = ns;
	n_pairs = np;
	qsort(suffixes, n_suffixes, sizeof *suffixes, suffix_order);
	qsort(pairs, n_pairs, sizeof *pairs, pair_order);
	ready = 1;
}

int
vlt_phrase_ready(void)
{
	pthread_once(&once, index_tables);
	return ready == 1;
}

/* The cost of lc[0..n) as a word, in bits, or -1; `h` is its fnv(). */
static double
dict_cost_h(const char *lc, size_t n, uint32_t h, int *func)
{
	uint32_t ref;
	unsigned cost;
	const char *w;

	*func = 0;
	h &= HASH_SIZE - 1;
	while ((ref = hash_tab[h]) != 0) {
		w = ref_word(ref, &cost);
		if (strncmp(w, lc, n) == 0 && w[n] == '\0') {
			*func = (ref & FUNC_REF) != 0;
			return *func ? FUNC_BITS : (cost - 1) / 8.0;
		}
		h = (h + 1) & (HASH_SIZE - 1);
	}
	return -1.0;
}

static double
dict_cost(const char *lc, size_t n, int *func)
{
	*func = 0;
	return n > WORD_MAX ? -1.0 : dict_cost_h(lc, n, fnv(lc, n), func);
}

/* Capitals: none 0 bits, Capitalised or ALL CAPS 1, else 1 a letter
 * (the case of each letter is a choice). */
static double
case_cost(const char *pw, size_t n, int *capital)
{
	size_t i, up = 0;

	for (i = 0; i < n; i++)
		up += pw[i] >= 'A' && pw[i] <= 'Z';
	*capital = up > 0;
	if (up == 0)
		return 0.0;
	if (up == n || (up == 1 && pw[0] >= 'A' && pw[0] <= 'Z'))
		return 1.0;
	return (double)n;
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Split the letter run at [b, e) into words (least total cost) and
 * append them to w->item. */
static void
split_run(const char *pw, const char *lc, size_t b, size_t e,
    struct vlt_words *w)
{
	size_t n = e - b, i, j, k, cnt;
	uint32_t h;
	double c, cc;
	int func, cap;

	w->best[0] = 0.0;
	for (i = 1; i <= n; i++)
		w->best[i] = HUGE_VAL;
	for (i = 0; i < n; i++) {
		if (w->best[i] + LETTER_BITS < w->best[i + 1]) {
			w->best[i + 1] = w->best[i] + LETTER_BITS;
			w->back[i + 1] = (uint16_t)i;
			w->kind[i + 1] = VLT_ITEM_JUNK;
		}
		h = FNV_INIT;
		for (j = i + 1; j <= n && j - i <= WORD_MAX; j++) {
			if (!is_alpha((unsigned char)pw[b + j - 1]))
				break;
			h = FNV_STEP(h, lc[b + j - 1]);
			if ((c = dict_cost_h(lc + b + i, j - i, h, &func)) < 0)
				continue;
			cc = case_cost(pw + b + i, j - i, &cap) +
			    (i > 0 ? SPLIT_BITS : 0.0);
			if (w->best[i] + c + cc < w->best[j]) {
				w->best[j] = w->best[i] + c + cc;
				w->back[j] = (uint16_t)i;
				w->kind[j] = func ? VLT_ITEM_FUNC :
				    VLT_ITEM_WORD;
			}
		}
	}
	/* A run that is a word of its own but splits into unknown letters
	 * or function words only ("yam" = y + am, "onto") is kept whole:
	 * it is a word the writer chose. */
	for (j = n, k = 0, cnt = 0; j > 0; j = w->back[j]) {
		k += w->kind[j] == VLT_ITEM_WORD;
		cnt += w->kind[j] == VLT_ITEM_JUNK;
	}
	if ((k == 0 || cnt > 0) && n >= 3 &&
	    (c = dict_cost(lc + b, n, &func)) >= 0 && !func) {
		w->back[n] = 0;
		w->kind[n] = VLT_ITEM_WORD;
		k = 1;
		cnt = 0;
	}
	/* A run with no word that is letters no word explains ("zit") or
	 * short words run together ("ion" = i + on): a word the list does
	 * not know, which counts as one. */
	for (j = n, i = 0; j > 0; j = w->back[j])
		i++;
	w->unknown += k == 0 && (cnt > 0 || i > 1) && n >= 3;
	/* Walk back, then reverse the pieces into place. */
	cnt = 0;
	for (j = n; j > 0; j = w->back[j])
		cnt++;
	if (w->n + cnt > VLT_ITEMS_MAX)
		return;
	k = w->n + cnt;
	for (j = n; j > 0; j = w->back[j]) {
		k--;
		w->item[k].kind = w->kind[j];
		w->item[k].b = (uint16_t)(b + w->back[j]);
		w->item[k].e = (uint16_t)(b + j);
		w->item[k].cost = w->kind[j] == VLT_ITEM_JUNK ? LETTER_BITS :
		    dict_cost(lc + b + w->back[j], j - w->back[j], &func);
		w->item[k].split = w->kind[j] != VLT_ITEM_JUNK &&
		    w->back[j] > 0;
	}
	w->n += cnt;
}

/* i is in list `s` right after or before the word lc[b..e). */
static int
in_series(const char *s, const char *x, size_t xn, const char *y, size_t yn)
{
	const char *p = s, *q;
	size_t len;
	int prev_x = 0, prev_y = 0;

	while (*p != '\0') {
		q = strchr(p, ' ');
		len = q != NULL ? (size_t)(q - p) : strlen(p);
		if ((prev_x && len == yn && memcmp(p, y, yn) == 0) ||
		    (prev_y && len == xn && memcmp(p, x, xn) == 0))
			return 1;
		prev_x = len == xn && memcmp(p, x, xn) == 0;
		prev_y = len == yn && memcmp(p, y, yn) == 0;
		p += len + (q != NULL);
	}
	return 0;
}

static int
series_next(const char *x, size_t xn, const char *y, size_t yn)
{
	size_t i;

	for (i = 0; i < N_SERIES; i++)
		if (in_series(series[i], x, xn, y, yn))
			return 1;
	return 0;
}

/* "x y" is a pair of words in some well-known phrase. */
static int
pair_known(struct vlt_words *w, const char *x, size_t xn, const char *y,
    size_t yn)
{
	size_t lo = 0, hi = n_pairs, mid;
	int c;

	if (xn + yn + 3 > sizeof w->pair)
		return 0;
	memcpy(w->pair, x, xn);
	w->pair[xn] = ' ';
	memcpy(w->pair + xn + 1, y, yn);
	w->pair[xn + 1 + yn] = ' ';
	w->pair[xn + 2 + yn] = '\0';
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = pair_cmp_text(w->pair, suffix_text(&pairs[mid]));
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* The longest run of `s` (letters) starting at a phrase's word start. */
static size_t
phrase_match(const char *s)
{
	size_t lo = 0, hi = n_suffixes, mid, best = 0, k, i;
	const char *t;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (letters_cmp(suffix_text(&suffixes[mid]), s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The longest common prefix is with a neighbour of the insertion
	 * point. */
	for (i = lo > 0 ? lo - 1 : 0; i <= lo && i < n_suffixes; i++) {
		t = suffix_text(&suffixes[i]);
		for (k = 0; s[k] != '\0'; t++) {
			if (*t == ' ')
				continue;
			if (*t != s[k])
				break;
			k++;
		}
		best = k > best ? k : best;
	}
	return best;
}

/* Mostly a well-known phrase: a match of PHRASE_MIN letters or more
 * covering two thirds of the letters in `s`. */
static int
is_phrase(const char *s)
{
	size_t n = strlen(s), start, m;

	if (n < PHRASE_MIN)
		return 0;
	for (start = 0; 3 * start <= n; start++) {
		m = phrase_match(s + start);
		if (m >= PHRASE_MIN && 3 * m >= 2 * n)
			return 1;
	}
	return 0;
}

/* Separators: one choice if they are all the same, else each character
 * of each one; symbols before the first word or after the last, each
 * character. */
static double
separator_bits(const char *pw, struct vlt_words *w)
{
	size_t i, first = SIZE_MAX, chars = 0, len;
	int same = 1;
	double edges = 0.0;

	for (i = 0; i < w->n; i++) {
		if (w->item[i].kind != VLT_ITEM_SEP)
			continue;
		len = (size_t)(w->item[i].e - w->item[i].b);
		if (i == 0 || i + 1 == w->n) {
			edges += VLT_SEP_BITS * (double)len;
			continue;
		}
		chars += len;
		if (first == SIZE_MAX)
			first = i;
		else if (len != (size_t)(w->item[first].e - w->item[first].b) ||
		    memcmp(pw + w->item[i].b, pw + w->item[first].b, len) != 0)
			same = 0;
	}
	if (first == SIZE_MAX)
		return edges;
	return edges + VLT_SEP_BITS * (same ? (double)(w->item[first].e -
	    w->item[first].b) : (double)chars);
}

/* Price the words in order: repeats, series, pairs, capitals. */
static void
price(const char *pw, const char *lc, struct vlt_words *w)
{
	size_t i, k, prev = SIZE_MAX, letters = 0, junk = 0, lw, lp, big = 0;
	struct vlt_item *it;
	double bits = 0.0, c;
	int dup, cap;

	w->words = w->dict = w->mixed = 0;
	for (i = 0; i < w->n; i++) {
		it = &w->item[i];
		lw = (size_t)(it->e - it->b);
		if (it->kind == VLT_ITEM_DIGITS) {
			bits += DIGIT_BITS * (double)lw;
			continue;
		}
		if (it->kind == VLT_ITEM_SEP)
			continue;
		letters += lw;
		if (it->kind == VLT_ITEM_JUNK) {
			junk += lw;
			bits += it->cost;
			continue;
		}
		w->dict++;
		big += lw >= 3;
		bits += it->split ? SPLIT_BITS : 0.0;
		if (it->kind == VLT_ITEM_FUNC)
			w->why |= VLT_WHY_FUNC;
		c = case_cost(pw + it->b, lw, &cap);
		bits += c;
		w->mixed += c > 1.0;    /* "OoH": as random case is */
		for (dup = 0, k = 0; k < i && !dup; k++)
			dup = w->item[k].kind >= VLT_ITEM_WORD &&
			    (size_t)(w->item[k].e - w->item[k].b) == lw &&
			    memcmp(lc + w->item[k].b, lc + it->b, lw) == 0;
		lp = prev != SIZE_MAX ?
		    (size_t)(w->item[prev].e - w->item[prev].b) : 0;
		if (dup) {
			bits += REPEAT_BITS;
		} else if (prev != SIZE_MAX && series_next(lc +
		    w->item[prev].b, lp, lc + it->b, lw)) {
			bits += SERIES_BITS;
			w->words++;
			w->why |= VLT_WHY_TOGETHER;
		} else if (prev != SIZE_MAX && pair_known(w,
		    lc + w->item[prev].b, lp, lc + it->b, lw)) {
			bits += it->kind == VLT_ITEM_FUNC ? FUNC_BITS :
			    PAIR_BITS;
			w->words += it->kind == VLT_ITEM_WORD;
			if (it->kind == VLT_ITEM_WORD)
				w->why |= VLT_WHY_TOGETHER;
		} else {
			bits += it->cost;
			w->words += it->kind == VLT_ITEM_WORD;
		}
		prev = i;
	}
	w->bits = bits + separator_bits(pw, w);
	w->words += w->unknown;
	w->junk = junk;
	/* Words, when two or more of 3+ letters (or four short ones) make
	 * up nearly all the letters, and letters most of the password. */
	w->wordy = (big >= 2 || (w->dict >= 4 && junk == 0)) && junk <= 1 &&
	    3 * (letters - junk) >= 2 * w->len;
}

void
vlt_words_model(const char *pw, const char *lc, const char *letters,
    size_t n, struct vlt_words *w)
{
	size_t i = 0, j, k = 0;
	unsigned char c;
	int kind;

	w->n = 0;
	w->why = 0;
	w->unknown = 0;
	w->len = n;
	while (i < n && w->n < VLT_ITEMS_MAX) {
		c = (unsigned char)pw[i];
		kind = vlt_is_letter(c) ? VLT_ITEM_JUNK : (c >= '0' &&
		    c <= '9') ? VLT_ITEM_DIGITS : VLT_ITEM_SEP;
		for (j = i + 1; j < n; j++) {
			c = (unsigned char)pw[j];
			if ((vlt_is_letter(c) ? VLT_ITEM_JUNK : (c >= '0' &&
			    c <= '9') ? VLT_ITEM_DIGITS : VLT_ITEM_SEP) != kind)
				break;
		}
		if (kind == VLT_ITEM_JUNK) {
			split_run(pw, lc, i, j, w);
		} else {
			w->item[w->n].kind = (uint8_t)kind;
			w->item[w->n].b = (uint16_t)i;
			w->item[w->n].e = (uint16_t)j;
			w->item[w->n].split = 0;
			w->item[w->n++].cost = 0.0;
		}
		i = j;
	}
	price(pw, lc, w);
	/* A well-known phrase: on the letters as typed, then with
	 * leetspeak undone. */
	for (i = 0; i < n; i++)         /* n <= VLT_PW_MAX < sizeof pair */
		if (is_alpha((unsigned char)lc[i]))
			w->pair[k++] = lc[i];
	w->pair[k] = '\0';
	if (is_phrase(w->pair) || is_phrase(letters)) {
		w->why |= VLT_WHY_PHRASE;
		w->bits = w->bits < PHRASE_BITS ? w->bits : PHRASE_BITS;
	}
}

double
vlt_words_token(const char *pw, const struct vlt_words *w, size_t b, size_t e)
{
	size_t i;
	int cap;

	if (e - b < 3)
		return -1.0;    /* zxcvbn's dictionary lacks most short words */
	for (i = 0; i < w->n && w->item[i].b <= b; i++)
		if (w->item[i].b == b && w->item[i].e == e &&
		    w->item[i].kind == VLT_ITEM_WORD)
			return w->item[i].cost + case_cost(pw + b, e - b, &cap);
	return -1.0;
}
