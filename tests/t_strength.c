/* SPDX-License-Identifier: ISC */
/*
 * t_strength.c - the password policy (issue 4): the labelled passwords in
 * tests/vectors/strength-labelled.txt, each rule on its own (blocklist
 * key, dates, context words), the generated blocklist table, the reasons
 * (never empty on REJECT, never echoing the password), argument errors,
 * long and UTF-8 input, and concurrent checks. Issue 10: the phrases in
 * tests/vectors/strength-phrases.txt at both levels, the word model, the
 * well-known phrase table and the new patterns.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "vault.h"
#include "strength.h"

#define VECTORS "tests/vectors/strength-labelled.txt"
#define PHRASES "tests/vectors/strength-phrases.txt"
#define CTX_MAX 8

static const char *const council[] = {
	"Little Snoring Parish Council", "Mary Smith", "John Brown"
};

static vault_strength *
check(const char *pw, vault_strength_level level, const char *const *ctx,
    size_t n)
{
	vault_strength *v = NULL;

	if (vault_strength_check((const uint8_t *)pw, strlen(pw), level, ctx, n,
	    &v) != VAULT_OK)
		return NULL;
	return v;
}

static uint32_t
flags_of(const char *pw, vault_strength_level level)
{
	vault_strength *v = check(pw, level, council, 3);
	uint32_t f = vault_strength_flags(v);

	vault_strength_free(v);
	return f;
}

/* Case-insensitive: does `hay` contain `needle`? */
static int
contains(const char *hay, const char *needle)
{
	size_t i, j, n = strlen(needle);

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < n && hay[i + j] != '\0' &&
		    tolower((unsigned char)hay[i + j]) ==
		    tolower((unsigned char)needle[j]); j++)
			;
		if (j == n)
			return 1;
	}
	return 0;
}

/* The reasons are never empty, and neither they nor the suggestion hold
 * the password (4+ characters: shorter ones are ordinary words). */
static int
explained(const vault_strength *v, const char *pw)
{
	const char *r = vault_strength_reasons(v);
	const char *s = vault_strength_suggestion(v);

	if (r == NULL || s == NULL || r[0] == '\0')
		return 0;
	if (!vault_strength_ok(v) && s[0] == '\0')
		return 0;
	if (strchr(r, '\n') != NULL || strchr(r, '\t') != NULL)
		return 0;                       /* one line, for the CLI */
	return strlen(pw) < 4 || (!contains(r, pw) && !contains(s, pw));
}

/* Split "a,b,c" in place into ctx[]. */
static size_t
split_context(char *s, const char **ctx)
{
	size_t n = 0;
	char *p;

	if (*s == '\0')
		return 0;
	p = strtok(s, ",");
	for (; p != NULL && n < CTX_MAX; p = strtok(NULL, ","))
		ctx[n++] = p;
	return n;
}

static void
test_labelled(void)
{
	FILE *f = fopen(VECTORS, "r");
	char line[512], *verdict, *level, *context, *pw, *nl;
	const char *ctx[CTX_MAX];
	size_t n = 0, accept = 0, reject = 0, levels[3] = { 0 }, nctx;
	vault_strength *v;
	vault_strength_level lv;
	int want;

	REQUIRE(f != NULL);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		verdict = line;
		CHECK((level = strchr(verdict, '\t')) != NULL);
		if (level == NULL)
			continue;
		*level++ = '\0';
		context = strchr(level, '\t');
		pw = context != NULL ? strchr(context + 1, '\t') : NULL;
		CHECK(pw != NULL);
		if (pw == NULL)
			continue;
		*context++ = '\0';
		*pw++ = '\0';
		want = strcmp(verdict, "ACCEPT") == 0;
		CHECK(want || strcmp(verdict, "REJECT") == 0);
		lv = strcmp(level, "passphrase") == 0 ?
		    VAULT_STRENGTH_PASSPHRASE : VAULT_STRENGTH_CREDENTIAL;
		CHECK(lv == VAULT_STRENGTH_PASSPHRASE ||
		    strcmp(level, "credential") == 0);
		nctx = split_context(context, ctx);
		v = check(pw, lv, ctx, nctx);
		CHECK(v != NULL);
		if (vault_strength_ok(v) != want)
			printf("# %s expected, got %s (%s, flags %04x, %.1f): "
			    "\"%s\": %s\n", verdict, want ? "REJECT" : "ACCEPT",
			    level, (unsigned)vault_strength_flags(v),
			    vault_strength_log10(v), pw,
			    vault_strength_reasons(v));
		CHECK(vault_strength_ok(v) == want);
		if (!explained(v, pw))
			printf("# badly explained: \"%s\": \"%s\" / \"%s\"\n",
			    pw, vault_strength_reasons(v),
			    vault_strength_suggestion(v));
		CHECK(explained(v, pw));
		vault_strength_free(v);
		n++;
		accept += want;
		reject += !want;
		levels[lv]++;
	}
	fclose(f);
	printf("# %zu labelled: %zu ACCEPT, %zu REJECT\n", n, accept, reject);
	CHECK(n >= 100 && accept >= 20 && reject >= 20);
	CHECK(levels[VAULT_STRENGTH_CREDENTIAL] > 0 &&
	    levels[VAULT_STRENGTH_PASSPHRASE] > 0);
}

/* Each rule fires for its own reason, whatever else fires with it. */
static void
test_reason_flags(void)
{
	static const struct {
		const char *pw;
		uint32_t flag;
	} t[] = {
		{ "P@ssw0rd!", VAULT_STRENGTH_COMMON },
		{ "Liverpool1", VAULT_STRENGTH_COMMON },
		{ "12/03/1987", VAULT_STRENGTH_DATE },
		{ "1987-03-12", VAULT_STRENGTH_DATE },
		{ "12march1987", VAULT_STRENGTH_DATE },
		{ "120387", VAULT_STRENGTH_DATE },
		{ "Snoring#Parish7", VAULT_STRENGTH_CONTEXT },
		{ "m4ry5m1th!!", VAULT_STRENGTH_CONTEXT },
		{ "zxcvbnm,./", VAULT_STRENGTH_PATTERN },
		{ "abcdefgh", VAULT_STRENGTH_PATTERN },
		{ "aaaaaaaa", VAULT_STRENGTH_PATTERN },
		{ "Elephant42!", VAULT_STRENGTH_BOLTON },
		{ "Elephantsubmarine", VAULT_STRENGTH_FEW_WORDS },
		{ "correct-horse-battery", VAULT_STRENGTH_FEW_WORDS },
		{ "summer-holiday-beach-sunshine", VAULT_STRENGTH_WEAK_WORDS },
		{ "x7#Kq2!", VAULT_STRENGTH_SHORT },
		{ "", VAULT_STRENGTH_EMPTY },
	};
	size_t i;
	uint32_t f;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		f = flags_of(t[i].pw, VAULT_STRENGTH_CREDENTIAL);
		if (!(f & t[i].flag))
			printf("# \"%s\": flags %04x, want %04x\n", t[i].pw,
			    (unsigned)f, (unsigned)t[i].flag);
		CHECK(f & t[i].flag);
	}
	CHECK(flags_of("BH7<Q)jF", VAULT_STRENGTH_PASSPHRASE) ==
	    VAULT_STRENGTH_SHORT);
	CHECK(flags_of("caption-scrap-fastness-lance",
	    VAULT_STRENGTH_PASSPHRASE) == VAULT_STRENGTH_AS_WORDS);
	CHECK(flags_of("BH7<Q)jF", VAULT_STRENGTH_CREDENTIAL) == 0);
}

static void
test_suggestion(void)
{
	vault_strength *v;

	v = check("caption-scrap", VAULT_STRENGTH_CREDENTIAL, NULL, 0);
	REQUIRE(v != NULL);
	CHECK(strcmp(vault_strength_suggestion(v),
	    "Add two more random words.") == 0);
	vault_strength_free(v);
	v = check("LittleSnoring1!", VAULT_STRENGTH_CREDENTIAL, council, 3);
	REQUIRE(v != NULL);
	CHECK(contains(vault_strength_suggestion(v), "council's name"));
	vault_strength_free(v);
	v = check("caption-scrap-fastness-lance", VAULT_STRENGTH_PASSPHRASE,
	    council, 3);
	REQUIRE(v != NULL);
	CHECK(vault_strength_ok(v));
	CHECK(strcmp(vault_strength_suggestion(v), "") == 0);
	CHECK(vault_strength_log10(v) > 12.0);
	vault_strength_free(v);
}

static void
test_key(void)
{
	static const char *const t[][2] = {
		{ "P@ssw0rd!", "password" }, { "Summer2024!", "summer" },
		{ "123456", "123456" }, { "12-34-56!", "123456" },
		{ "!@#$%", "!@#$%" }, { "1qaz2wsx", "qazzwsx" },
		{ "Pass Word", "password" }, { "$unsh1n3", "unshin" },
		{ "  ", "" }, { "L3tm31n!", "letmein" },
	};
	char key[64];
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		CHECK(vlt_pw_key(t[i][0], strlen(t[i][0]), key) ==
		    strlen(t[i][1]));
		CHECK(strcmp(key, t[i][1]) == 0);
	}
	CHECK(vlt_blocklist_has("password"));
	CHECK(vlt_blocklist_has("123456"));
	CHECK(!vlt_blocklist_has("caption"));
	CHECK(!vlt_blocklist_has("abc"));       /* shorter than any key */
	CHECK(vlt_blocklist_match("$unsh1n3", 8, key));
	CHECK(vlt_blocklist_match("5up3rm4n!", 9, key));
	CHECK(vlt_blocklist_match("P@ssw0rd!", 9, key));
	CHECK(!vlt_blocklist_match("BH7<Q)jF", 8, key));
}

/* The generated table is sorted, unique, in range, and every key is a
 * fixed point of vlt_pw_key: the awk in scripts/embed-blocklist and the
 * C agree, or this fails. */
static void
test_blocklist_table(void)
{
	char key[VLT_BLOCKLIST_WIDTH];
	size_t i, n, bad = 0;

	REQUIRE(vlt_blocklist_len > 20000);
	for (i = 0; i < vlt_blocklist_len; i++) {
		n = strlen(vlt_blocklist[i]);
		if (n < 4 || n >= VLT_BLOCKLIST_WIDTH ||
		    (i > 0 &&
		    strcmp(vlt_blocklist[i - 1], vlt_blocklist[i]) >= 0) ||
		    vlt_pw_key(vlt_blocklist[i], n, key) != n ||
		    strcmp(key, vlt_blocklist[i]) != 0 ||
		    !vlt_blocklist_has(vlt_blocklist[i])) {
			if (bad++ < 5)
				printf("# bad key %zu: \"%s\"\n", i,
				    vlt_blocklist[i]);
		}
	}
	CHECK(bad == 0);
}

static void
test_dates(void)
{
	static const char *const yes[] = {
		"1987", "x2024", "120387", "031287", "12031987", "19870312",
		"12/03/1987", "1987-03-12", "12.3.87", "3/12/87", "12 03 1987",
		"12march1987", "march12", "12mar87", "mar-87", "1stmay",
		"sept9", "july 4",
	};
	static const char *const no[] = {
		"1234", "4471", "123456789012", "summer", "decimal7",
		"marble12", "7decimal", "13/13/13x", "99-99-99", "mayday",
		"2100", "1899",
		"jungle12", "12345",
	};
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!vlt_pw_has_date(yes[i], strlen(yes[i])))
			printf("# missed date \"%s\"\n", yes[i]);
		CHECK(vlt_pw_has_date(yes[i], strlen(yes[i])));
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (vlt_pw_has_date(no[i], strlen(no[i])))
			printf("# false date \"%s\"\n", no[i]);
		CHECK(!vlt_pw_has_date(no[i], strlen(no[i])));
	}
}

static void
test_context(void)
{
	static const char *const ctx[] = {
		"Little Snoring Parish Council", "Ian Wood", "www.hmrc.gov.uk",
		"", "--",
	};
	struct vlt_ctx *c = malloc(sizeof *c);
	size_t i;
	int found_joined = 0;

	REQUIRE(c != NULL);
	vlt_ctx_build(c, ctx, sizeof ctx / sizeof ctx[0]);
	for (i = 0; i < c->n; i++) {
		CHECK(strcmp(c->word[i], "www") != 0);
		CHECK(strcmp(c->word[i], "gov") != 0);
		CHECK(c->ud[i] == c->word[i]);
		found_joined |=
		    strcmp(c->word[i], "littlesnoringparishcouncil") == 0;
	}
	CHECK(c->ud[c->n] == NULL);
	CHECK(found_joined);
	CHECK(vlt_ctx_found(c, "x", "hmrcx", "hmrcx"));
	CHECK(vlt_ctx_found(c, "ian1975", "ian1975", "iangts"));
	CHECK(!vlt_ctx_found(c, "christian", "christian", "christian"));
	CHECK(vlt_ctx_found(c, "5n0r1ng", "5n0r1ng", "snoring"));
	CHECK(!vlt_ctx_found(c, "velvet", "velvet", "velvet"));
	vlt_ctx_build(c, NULL, 0);
	CHECK(c->n == 0 && c->ud[0] == NULL);
	free(c);
}

static void
test_errors(void)
{
	vault_strength *v = (vault_strength *)&v;
	const char *ctx[] = { "ok", NULL };
	const uint8_t nul[] = { 'a', 0, 'b', 'c', 'd', 'e', 'f', 'g', 'h' };

	CHECK(vault_strength_check((const uint8_t *)"x", 1,
	    VAULT_STRENGTH_CREDENTIAL, NULL, 0, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_strength_check(NULL, 3, VAULT_STRENGTH_CREDENTIAL, NULL, 0,
	    &v) == VAULT_ERR_INVALID && v == NULL);
	CHECK(vault_strength_check((const uint8_t *)"x", 1,
	    (vault_strength_level)7, NULL, 0, &v) == VAULT_ERR_INVALID);
	CHECK(vault_strength_check((const uint8_t *)"x", 1,
	    VAULT_STRENGTH_CREDENTIAL, NULL, 2, &v) == VAULT_ERR_INVALID);
	CHECK(vault_strength_check((const uint8_t *)"x", 1,
	    VAULT_STRENGTH_CREDENTIAL, ctx, 2, &v) == VAULT_ERR_INVALID);
	CHECK(vault_strength_check(nul, sizeof nul, VAULT_STRENGTH_CREDENTIAL,
	    NULL, 0, &v) == VAULT_ERR_INVALID && v == NULL);
	/* NULL with length 0 is the empty password */
	CHECK(vault_strength_check(NULL, 0, VAULT_STRENGTH_CREDENTIAL, NULL, 0,
	    &v) == VAULT_OK);
	CHECK(!vault_strength_ok(v) &&
	    vault_strength_flags(v) == VAULT_STRENGTH_EMPTY);
	vault_strength_free(v);
	CHECK(!vault_strength_ok(NULL) && vault_strength_log10(NULL) == 0.0);
	CHECK(vault_strength_flags(NULL) == 0);
	CHECK(strcmp(vault_strength_reasons(NULL), "") == 0);
	CHECK(strcmp(vault_strength_suggestion(NULL), "") == 0);
	vault_strength_free(NULL);
}

/* Long input: only the first 256 bytes count; a strong prefix passes. */
static void
test_long_and_utf8(void)
{
	char big[4096];
	vault_strength *v;

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	v = check(big, VAULT_STRENGTH_PASSPHRASE, NULL, 0);
	REQUIRE(v != NULL);
	CHECK(!vault_strength_ok(v));
	CHECK(vault_strength_flags(v) & VAULT_STRENGTH_PATTERN);
	vault_strength_free(v);
	memcpy(big, "I<trA)NXF`TG}Yt:", 16);
	v = check(big, VAULT_STRENGTH_PASSPHRASE, NULL, 0);
	REQUIRE(v != NULL);
	CHECK(vault_strength_ok(v));
	vault_strength_free(v);
	/* seven code points in fourteen bytes: too short */
	CHECK(flags_of("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9",
	    VAULT_STRENGTH_CREDENTIAL) & VAULT_STRENGTH_SHORT);
	v = check("caf\xc3\xa9-cr\xc3\xa8me-br\xc3\xbbl\xc3\xa9\x65-ton-"
	    "soufflet", VAULT_STRENGTH_CREDENTIAL, NULL, 0);
	CHECK(v != NULL && vault_strength_reasons(v)[0] != '\0');
	vault_strength_free(v);
}

/* Random strings: the verdict explains itself and never echoes them. */
static void
test_no_echo(void)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789-!";
	char pw[24];
	vault_strength *v;
	unsigned seed = 12345u;
	size_t i, j, len;

	for (i = 0; i < 2000; i++) {
		len = 8 + i % 16;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			pw[j] = set[(seed >> 16) % (sizeof set - 1)];
		}
		pw[len] = '\0';
		v = check(pw, (vault_strength_level)(1 + i % 2), council, 3);
		CHECK(v != NULL && explained(v, pw));
		vault_strength_free(v);
	}
}

/* Concurrent checks share one kept scratch buffer or get their own;
 * either way each gets the single-threaded verdict. */
#define THREADS 4
static const char *const mt_pw[] = {
	"password", "BH7<Q)jF", "caption-scrap-fastness-lance", "12/03/1987",
	"summer-holiday-beach-sunshine", "I<trA)NXF`TG}Yt:", "Elephant42!",
};

static void *
mt_run(void *arg)
{
	const uint32_t *want = arg;
	size_t i;

	for (i = 0; i < 700; i++)
		if (flags_of(mt_pw[i % 7], VAULT_STRENGTH_CREDENTIAL) !=
		    want[i % 7])
			return (void *)1;
	return NULL;
}

static void
test_threads(void)
{
	uint32_t want[7];
	pthread_t t[THREADS];
	void *rv;
	size_t i;
	int bad = 0;

	for (i = 0; i < 7; i++)
		want[i] = flags_of(mt_pw[i], VAULT_STRENGTH_CREDENTIAL);
	for (i = 0; i < THREADS; i++)
		REQUIRE(pthread_create(&t[i], NULL, mt_run, want) == 0);
	for (i = 0; i < THREADS; i++) {
		CHECK(pthread_join(t[i], &rv) == 0);
		bad |= rv != NULL;
	}
	CHECK(!bad);
}


/* Issue 10: every weak phrase refused and every random passphrase
 * accepted, as an entry password and as a vault passphrase alike. */
static void
test_phrases(void)
{
	FILE *f = fopen(PHRASES, "r");
	char line[512], *pw, *nl;
	size_t n[2] = { 0 }, wrong = 0;
	vault_strength *v;
	int want, lv;

	REQUIRE(f != NULL);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		CHECK((pw = strchr(line, '\t')) != NULL);
		if (pw == NULL)
			continue;
		*pw++ = '\0';
		want = strcmp(line, "ACCEPT") == 0;
		CHECK(want || strcmp(line, "REJECT") == 0);
		for (lv = VAULT_STRENGTH_CREDENTIAL;
		    lv <= VAULT_STRENGTH_PASSPHRASE; lv++) {
			v = check(pw, (vault_strength_level)lv, council, 3);
			CHECK(v != NULL);
			if (vault_strength_ok(v) != want) {
				printf("# %s expected at level %d (%.1f): "
				    "\"%s\": %s\n", line, lv,
				    vault_strength_log10(v), pw,
				    vault_strength_reasons(v));
				wrong++;
			}
			CHECK(explained(v, pw));
			vault_strength_free(v);
		}
		n[want]++;
	}
	fclose(f);
	printf("# %zu weak phrases, %zu random passphrases, %zu wrong\n",
	    n[0], n[1], wrong);
	CHECK(wrong == 0);
	CHECK(n[0] >= 50 && n[1] >= 50);
}

/* The reason names what was found, in a clerk's words. */
static void
test_phrase_reasons(void)
{
	static const char *const t[][2] = {
		{ "correct horse battery staple", "well-known phrase" },
		{ "Thequickbrownfoxjumpsoverthelazydog", "well-known phrase" },
		{ "Tuesday-Wednesday-Sunday-Monday", "often go together" },
		{ "ten-eleven-twelve-thirteen", "often go together" },
		{ "!QAZ@WSX#EDC", "Shift key" },
		{ "Aa1!Bb2@Cc3#", "repeating pattern" },
		{ "Treasurer2Treasurer", "repeats the same word" },
		{ "Yesterday-all-my-troubles-seemed", "do not count" },
	};
	vault_strength *v;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		v = check(t[i][0], VAULT_STRENGTH_CREDENTIAL, NULL, 0);
		REQUIRE(v != NULL);
		if (!contains(vault_strength_reasons(v), t[i][1]))
			printf("# \"%s\": %s\n", t[i][0],
			    vault_strength_reasons(v));
		CHECK(!vault_strength_ok(v));
		CHECK(contains(vault_strength_reasons(v), t[i][1]));
		vault_strength_free(v);
	}
	CHECK(flags_of("correct horse battery staple",
	    VAULT_STRENGTH_PASSPHRASE) & VAULT_STRENGTH_COMMON);
	CHECK(flags_of("!QAZ@WSX#EDC", VAULT_STRENGTH_CREDENTIAL) &
	    VAULT_STRENGTH_PATTERN);
	CHECK(flags_of("keepcalmandcarryon", VAULT_STRENGTH_CREDENTIAL) &
	    VAULT_STRENGTH_COMMON);
}

/* The word model on its own: splits, counts and prices. */
static void
test_words_model(void)
{
	static struct vlt_words w;
	static const struct {
		const char *pw;
		size_t words;           /* words that count */
		int wordy;
	} t[] = {
		{ "keepcalmandcarryon", 3, 1 },     /* keep calm carry */
		{ "CorrectHorseBatteryStaple", 4, 1 },
		{ "to-be-or-not-to-be", 0, 1 },
		{ "gravity-unnoticed-overload-eraser", 4, 1 },
		{ "onto-zit-yam-ion", 4, 0 },       /* never lost to the split */
		{ "kQ7#vZ2!", 0, 0 },
	};
	char lc[64], let[64];
	size_t i, j, n;

	REQUIRE(vlt_phrase_ready());
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = strlen(t[i].pw);
		for (j = 0; j <= n; j++)
			lc[j] = (char)tolower((unsigned char)t[i].pw[j]);
		for (j = 0; j <= n; j++)
			let[j] = lc[j];
		vlt_words_model(t[i].pw, lc, let, n, &w);
		if (w.words != t[i].words || w.wordy != t[i].wordy)
			printf("# \"%s\": %zu words, wordy %d\n", t[i].pw,
			    w.words, w.wordy);
		CHECK(w.words == t[i].words);
		CHECK(w.wordy == t[i].wordy);
	}
	/* a series costs almost nothing after its first word */
	vlt_words_model("monday-tuesday-wednesday-thursday",
	    "monday-tuesday-wednesday-thursday", "", 33, &w);
	CHECK(w.bits < 25.0 && (w.why & VLT_WHY_TOGETHER));
}

/* The generated phrase table: sorted, unique, lower-case words and
 * single spaces; every phrase of 10+ letters is found as itself. */
static void
test_phrase_table(void)
{
	static struct vlt_words w;
	char let[VLT_PHRASE_WIDTH];
	size_t i, j, k, bad = 0, missed = 0;
	const char *p;

	REQUIRE(vlt_phrase_ready());
	REQUIRE(vlt_phrase_len > 500);
	CHECK(vlt_dict_len > 50000);
	for (i = 0; i < vlt_phrase_len; i++) {
		p = vlt_phrase_text[i];
		if ((i > 0 && strcmp(vlt_phrase_text[i - 1], p) >= 0) ||
		    strspn(p, "abcdefghijklmnopqrstuvwxyz ") != strlen(p) ||
		    p[0] == ' ' || strstr(p, "  ") != NULL)
			bad++;
		for (j = k = 0; p[j] != '\0'; j++)
			if (p[j] != ' ')
				let[k++] = p[j];
		let[k] = '\0';
		if (k < 10)
			continue;
		vlt_words_model(p, p, let, strlen(p), &w);
		if (!(w.why & VLT_WHY_PHRASE) && missed++ < 3)
			printf("# phrase not found: \"%s\"\n", p);
	}
	CHECK(bad == 0);
	CHECK(missed == 0);
}

static void
test_patterns(void)
{
	static const struct {
		const char *pw;
		unsigned why;
	} t[] = {
		{ "!QAZ@WSX#EDC", VLT_WHY_WALK }, { "@WSX#EDC$RFV", VLT_WHY_WALK },
		{ "1qaz2wsx3edc", VLT_WHY_WALK }, { "zaq!xsw@", VLT_WHY_WALK },
		{ "Aa1!Bb2@Cc3#", VLT_WHY_CLASSES },
		{ "Ab1!Cd2@Ef3#", VLT_WHY_CLASSES },
		{ "a1b2c3d4", VLT_WHY_CLASSES },
		{ "Treasurer2Treasurer", VLT_WHY_REPEAT },
		{ "clerk!clerk!clerk", VLT_WHY_REPEAT },
		{ "BH7<Q)jF", 0 }, { "k9#Tq2!vZx", 0 }, { "kbvfrmnb", 0 },
		{ "Treasurer2Chair", 0 }, { "Aa1!Xq9@", 0 },
	};
	char lc[64];
	size_t i, j, n;
	unsigned got;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = strlen(t[i].pw);
		for (j = 0; j <= n; j++)
			lc[j] = (char)tolower((unsigned char)t[i].pw[j]);
		got = vlt_pattern_more(t[i].pw, lc, n);
		if (got != t[i].why)
			printf("# \"%s\": %02x, want %02x\n", t[i].pw, got,
			    t[i].why);
		CHECK(got == t[i].why);
	}
}

int
main(void)
{
	RUN(test_labelled);
	RUN(test_reason_flags);
	RUN(test_suggestion);
	RUN(test_key);
	RUN(test_blocklist_table);
	RUN(test_dates);
	RUN(test_context);
	RUN(test_errors);
	RUN(test_long_and_utf8);
	RUN(test_no_echo);
	RUN(test_threads);
	RUN(test_phrases);
	RUN(test_phrase_reasons);
	RUN(test_words_model);
	RUN(test_phrase_table);
	RUN(test_patterns);
	return TAP_END();
}
