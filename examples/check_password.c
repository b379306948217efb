/* SPDX-License-Identifier: ISC */
/*
 * check_password.c - the council's password policy from a program: judge
 * a few fixed candidates with vault_strength_check(), print ACCEPT or
 * REJECT and the reasons (never the password), then generate a
 * passphrase with vault_gen_words() and check that it passes. No vault
 * is needed. Uses only <vault.h>; `make test` builds and runs it and
 * expects exit 0 only when every verdict is the expected one.
 */
#include <stdio.h>
#include <string.h>
#include <vault.h>

/* Public words no password may contain: the council, the service, the
 * username and the site, as for an entry in the vault. */
static const char *const context[] = {
	"Little Snoring Parish Council",
	"Lloyds online banking",
	"clerk@example.gov.uk",
	"online.lloydsbank.co.uk",
};
#define N_CONTEXT (sizeof context / sizeof context[0])

static const struct candidate {
	const char *what;               /* printed instead of the password */
	const char *pw;                 /* never printed */
	vault_strength_level level;
	int accept;                     /* the expected verdict */
	uint32_t reason;                /* a flag expected on REJECT */
} candidates[] = {
	{ "a common password", "password1",
	  VAULT_STRENGTH_CREDENTIAL, 0, VAULT_STRENGTH_COMMON },
	{ "the council's name and a year", "LittleSnoring2024!",
	  VAULT_STRENGTH_CREDENTIAL, 0, VAULT_STRENGTH_CONTEXT },
	{ "a keyboard walk", "qwertyuiop[]",
	  VAULT_STRENGTH_CREDENTIAL, 0, VAULT_STRENGTH_PATTERN },
	{ "a word with look-alikes and digits", "Tr0ub4dor&3",
	  VAULT_STRENGTH_CREDENTIAL, 0, VAULT_STRENGTH_BOLTON },
	{ "8 random characters, for an account", "zF4%pW9q",
	  VAULT_STRENGTH_CREDENTIAL, 1, 0 },
	{ "the same, as a vault passphrase", "zF4%pW9q",
	  VAULT_STRENGTH_PASSPHRASE, 0, VAULT_STRENGTH_SHORT },
	{ "12 random characters, as a vault passphrase", "kQ9!vZ2#mT7x",
	  VAULT_STRENGTH_PASSPHRASE, 1, 0 },
};
#define N_CANDIDATES (sizeof candidates / sizeof candidates[0])

static int
fail(const char *what, vault_err rc)
{
	fprintf(stderr, "check_password: %s: %s\n", what, vault_strerror(rc));
	return -1;
}

/* Judge `len` bytes at `pw`; print the verdict under the label `what`.
 * Returns 1 for ACCEPT, 0 for REJECT, -1 on error; *flags gets the
 * reasons. */
static int
judge(const char *what, const uint8_t *pw, size_t len,
    vault_strength_level level, uint32_t *flags)
{
	vault_strength *s = NULL;
	vault_err rc;
	int ok;

	if ((rc = vault_strength_check(pw, len, level, context, N_CONTEXT,
	    &s)) != VAULT_OK)
		return fail("strength check", rc);
	ok = vault_strength_ok(s);
	*flags = vault_strength_flags(s);
	printf("%s\t10^%.1f\t%s (%s): %s", ok ? "ACCEPT" : "REJECT",
	    vault_strength_log10(s), what, level == VAULT_STRENGTH_PASSPHRASE ?
	    "passphrase" : "credential", vault_strength_reasons(s));
	if (!ok)
		printf(" Suggestion: %s", vault_strength_suggestion(s));
	putchar('\n');
	vault_strength_free(s);
	return ok;
}

/* A generated passphrase, checked against the context too. The generator
 * knows nothing of the context, so a draw that happens to contain one of
 * its words (the EFF list has "little" and "online") is drawn again. */
static int
generated(void)
{
	vault_secret *pw = NULL;
	uint32_t flags = 0;
	double bits;
	vault_err rc;
	int tries, ok = 0;
	char what[64];

	for (tries = 0; tries < 10; tries++) {
		vault_secret_free(pw);
		pw = NULL;
		if ((rc = vault_gen_words(0, &pw, &bits)) != VAULT_OK) {
			ok = fail("generate", rc);
			break;
		}
		snprintf(what, sizeof what, "a generated %u-word phrase, "
		    "%.1f bits", VAULT_GEN_WORDS_DEFAULT, bits);
		ok = judge(what, vault_secret_data(pw), vault_secret_len(pw),
		    VAULT_STRENGTH_PASSPHRASE, &flags);
		/* AS_WORDS is not a reason: mask it out. */
		if (ok != 0 || (flags & ~VAULT_STRENGTH_AS_WORDS) !=
		    VAULT_STRENGTH_CONTEXT)
			break;
	}
	vault_secret_free(pw);                  /* wipes it */
	return ok;
}

int
main(void)
{
	size_t i, right = 0;
	uint32_t flags;
	int ok;

	for (i = 0; i < N_CANDIDATES; i++) {
		const struct candidate *c = &candidates[i];

		ok = judge(c->what, (const uint8_t *)c->pw, strlen(c->pw),
		    c->level, &flags);
		if (ok < 0)
			return 1;
		if (ok == c->accept && (ok || (flags & c->reason)))
			right++;
		else
			fprintf(stderr, "check_password: unexpected verdict "
			    "on %s\n", c->what);
	}
	if ((ok = generated()) < 0)
		return 1;
	if (ok == 1)
		right++;
	else
		fprintf(stderr, "check_password: a generated passphrase was "
		    "refused\n");
	printf("check_password: judged %zu passwords and 1 generated "
	    "passphrase; %zu of %zu verdicts as expected\n", N_CANDIDATES,
	    right, N_CANDIDATES + 1);
	return right == N_CANDIDATES + 1 ? 0 : 1;
}
