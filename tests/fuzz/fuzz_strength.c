/* SPDX-License-Identifier: ISC */
/*
 * fuzz_strength.c - the password-policy check (vault_strength_check) on
 * arbitrary bytes: the password and the context strings (council,
 * holders, title, username, URL host) are whatever the input says.
 * Input: byte 0 gives the number of context strings (its low 3 bits,
 * 0..7); each is then a length byte and that many bytes (cut at the first
 * NUL, as a C string); the rest is the password (any bytes: NUL gives
 * INVALID, as documented).
 * Properties:
 *  - the check gives OK exactly when the password holds no NUL byte
 *    (INVALID then; NOMEM is allowed), and OK comes with a verdict;
 *  - flags are documented VAULT_STRENGTH_* bits; EMPTY exactly for the
 *    empty password; ACCEPT exactly when no reason bit is set; the
 *    estimate is finite and not negative;
 *  - the reasons are NUL-terminated printable ASCII sentences (under 640
 *    bytes), never empty; on ACCEPT they confirm ("Meets the policy")
 *    and the suggestion is "", on REJECT the suggestion is printable and
 *    not empty;
 *  - the check is deterministic: run again, the same verdict, flags,
 *    estimate (bit for bit), reasons and suggestion;
 *  - PASSPHRASE is the stricter level: a password accepted as one is
 *    accepted as a CREDENTIAL, and the two verdicts differ only in the
 *    level's own reasons (SHORT, GUESSABLE, WEAK_WORDS), never in the
 *    estimate;
 *  - only the first 256 bytes count: a longer password gets the verdict
 *    of its first 256 bytes.
 */
#include <math.h>
#include "fuzz.h"
#include "vault.h"
#include "strength.h"

#define N_CONTEXT_MAX 7u
#define ANALYSED VLT_PW_MAX             /* bytes of a password analysed */
#define REASONS_MAX 640u                /* strength.c's reasons buffer */
#define ALL_FLAGS (VAULT_STRENGTH_EMPTY | VAULT_STRENGTH_COMMON | \
	VAULT_STRENGTH_CONTEXT | VAULT_STRENGTH_DATE | \
	VAULT_STRENGTH_PATTERN | VAULT_STRENGTH_BOLTON | \
	VAULT_STRENGTH_FEW_WORDS | \
	VAULT_STRENGTH_WEAK_WORDS | VAULT_STRENGTH_SHORT | \
	VAULT_STRENGTH_GUESSABLE | VAULT_STRENGTH_AS_WORDS)
#define LEVEL_FLAGS (VAULT_STRENGTH_SHORT | VAULT_STRENGTH_GUESSABLE | \
	VAULT_STRENGTH_WEAK_WORDS)

/* NUL-terminated, under `max` bytes, every byte printable ASCII. */
static size_t
printable(const char *s, size_t max)
{
	size_t n;

	FUZZ_ASSERT(s != NULL);
	for (n = 0; n < max && s[n] != '\0'; n++)
		FUZZ_ASSERT(s[n] >= 0x20 && s[n] <= 0x7e);
	FUZZ_ASSERT(n < max);
	return n;
}

/* One check with every property of a single verdict; returns it, or
 * NULL when the password was refused as INVALID. */
static vault_strength *
check(const uint8_t *pw, size_t len, vault_strength_level level,
    const char *const *ctx, size_t n_ctx)
{
	vault_strength *s = NULL;
	vault_err rc;
	uint32_t f;
	double l;
	int has_nul = len > 0 && memchr(pw, '\0', len) != NULL;

	rc = vault_strength_check(pw, len, level, ctx, n_ctx, &s);
	if (rc == VAULT_ERR_NOMEM) {
		FUZZ_ASSERT(s == NULL);
		return NULL;
	}
	FUZZ_ASSERT(rc == (has_nul ? VAULT_ERR_INVALID : VAULT_OK));
	FUZZ_ASSERT((rc == VAULT_OK) == (s != NULL));
	if (s == NULL)
		return NULL;
	f = vault_strength_flags(s);
	l = vault_strength_log10(s);
	FUZZ_ASSERT((f & ~ALL_FLAGS) == 0);
	FUZZ_ASSERT(((f & VAULT_STRENGTH_EMPTY) != 0) == (len == 0));
	FUZZ_ASSERT(len > 0 || f == VAULT_STRENGTH_EMPTY);
	FUZZ_ASSERT(vault_strength_ok(s) ==
	    ((f & ~VAULT_STRENGTH_AS_WORDS) == 0));
	FUZZ_ASSERT(isfinite(l) && l >= 0.0);
	FUZZ_ASSERT(printable(vault_strength_reasons(s), REASONS_MAX) > 0);
	if (vault_strength_ok(s)) {
		FUZZ_ASSERT(strncmp(vault_strength_reasons(s),
		    "Meets the policy", 16) == 0);
		FUZZ_ASSERT(*vault_strength_suggestion(s) == '\0');
	} else {
		FUZZ_ASSERT(printable(vault_strength_suggestion(s),
		    REASONS_MAX) > 0);
	}
	return s;
}

static void
same_verdict(const vault_strength *a, const vault_strength *b)
{
	double la = vault_strength_log10(a), lb = vault_strength_log10(b);

	FUZZ_ASSERT(vault_strength_ok(a) == vault_strength_ok(b));
	FUZZ_ASSERT(vault_strength_flags(a) == vault_strength_flags(b));
	FUZZ_ASSERT(memcmp(&la, &lb, sizeof la) == 0);
	FUZZ_ASSERT(strcmp(vault_strength_reasons(a),
	    vault_strength_reasons(b)) == 0);
	FUZZ_ASSERT(strcmp(vault_strength_suggestion(a),
	    vault_strength_suggestion(b)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char ctxbuf[N_CONTEXT_MAX][256];
	const char *ctx[N_CONTEXT_MAX];
	vault_strength *cred = NULL, *pass = NULL, *again = NULL;
	const uint8_t *pw;
	size_t n_ctx, p = 1, pw_len;
	double lc, lp;

	if (len == 0)
		return 0;
	n_ctx = data[0] & N_CONTEXT_MAX;
	for (size_t i = 0; i < n_ctx; i++) {
		size_t n = p < len ? data[p++] : 0;

		if (n > len - p)
			n = len - p;
		memcpy(ctxbuf[i], data + p, n);
		ctxbuf[i][n] = '\0';
		ctx[i] = ctxbuf[i];
		p += n;
	}
	pw = data + p;
	pw_len = len - p;

	cred = check(pw, pw_len, VAULT_STRENGTH_CREDENTIAL, ctx, n_ctx);
	pass = check(pw, pw_len, VAULT_STRENGTH_PASSPHRASE, ctx, n_ctx);
	if (cred == NULL || pass == NULL)
		goto out;
	/* Deterministic. */
	again = check(pw, pw_len, VAULT_STRENGTH_CREDENTIAL, ctx, n_ctx);
	if (again != NULL)
		same_verdict(cred, again);
	vault_strength_free(again);
	again = NULL;
	/* PASSPHRASE is CREDENTIAL with higher thresholds. */
	FUZZ_ASSERT(!vault_strength_ok(pass) || vault_strength_ok(cred));
	FUZZ_ASSERT((vault_strength_flags(pass) & ~LEVEL_FLAGS) ==
	    (vault_strength_flags(cred) & ~LEVEL_FLAGS));
	lc = vault_strength_log10(cred);
	lp = vault_strength_log10(pass);
	FUZZ_ASSERT(memcmp(&lc, &lp, sizeof lc) == 0);
	/* Only the first ANALYSED bytes are read. */
	if (pw_len > ANALYSED) {
		again = check(pw, ANALYSED, VAULT_STRENGTH_CREDENTIAL, ctx,
		    n_ctx);
		if (again != NULL)
			same_verdict(cred, again);
	}
out:
	vault_strength_free(again);
	vault_strength_free(pass);
	vault_strength_free(cred);
	return 0;
}
