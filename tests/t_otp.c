/* SPDX-License-Identifier: ISC */
/*
 * t_otp.c - one-time passwords (vault/otp/): the known-answer vectors of
 * RFC 6238 appendix B (TOTP, SHA-1/256/512, 8 digits, 30 s; the seeds
 * are the ASCII strings "1234567890" repeated to 20, 32 and 64 bytes, as
 * the RFC's appendix A reference code uses) and RFC 4226 appendix D
 * (HOTP, SHA-1, 6 digits, counters 0..9), both from the RFC text at
 * rfc-editor.org; then the otpauth parser: defaults, the canonical URI
 * round trip, and every refusal with its one-line reason.
 */
#include <string.h>
#include "tap.h"
#include "vault.h"

#define B32_20 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define B32_32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
#define B32_64 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDG" \
	"NBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA"

static vault_otp *
parse(const char *s, vault_err want, const char **why)
{
	vault_otp *o = NULL;
	const char *w = NULL;
	vault_err rc = vault_otp_parse((const uint8_t *)s, strlen(s), &o, &w);

	if (rc != want)
		printf("# parse(%s): %s, %s\n", s, vault_strerror(rc),
		    w ? w : "-");
	if (why != NULL)
		*why = w;
	return rc == want ? o : (vault_otp_free(o), NULL);
}

static int
code_is(const vault_otp *o, int64_t at, const char *want)
{
	char code[16];

	if (vault_otp_code(o, at, code, sizeof code, NULL) != VAULT_OK)
		return 0;
	if (strcmp(code, want) != 0)
		printf("# at %lld: got %s want %s\n", (long long)at, code, want);
	return strcmp(code, want) == 0;
}

static void
rfc6238_appendix_b(void)
{
	static const struct {
		int64_t t;
		const char *sha1, *sha256, *sha512;
	} v[] = {
		{ 59, "94287082", "46119246", "90693936" },
		{ 1111111109, "07081804", "68084774", "25091201" },
		{ 1111111111, "14050471", "67062674", "99943326" },
		{ 1234567890, "89005924", "91819424", "93441116" },
		{ 2000000000, "69279037", "90698825", "38618901" },
		{ 20000000000LL, "65353130", "77737706", "47863826" },
	};
	vault_otp *a = parse("otpauth://totp/RFC6238?secret=" B32_20
	    "&digits=8&algorithm=SHA1", VAULT_OK, NULL);
	vault_otp *b = parse("otpauth://totp/RFC6238?secret=" B32_32
	    "&digits=8&algorithm=SHA256&period=30", VAULT_OK, NULL);
	vault_otp *c = parse("otpauth://totp/RFC6238?secret=" B32_64
	    "&digits=8&algorithm=sha512", VAULT_OK, NULL);

	REQUIRE(a && b && c);
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		CHECK(code_is(a, v[i].t, v[i].sha1));
		CHECK(code_is(b, v[i].t, v[i].sha256));
		CHECK(code_is(c, v[i].t, v[i].sha512));
	}
	vault_otp_free(a);
	vault_otp_free(b);
	vault_otp_free(c);
}

static void
rfc4226_appendix_d(void)
{
	static const char *const want[10] = {
		"755224", "287082", "359152", "969429", "338314",
		"254676", "287922", "162583", "399871", "520489"
	};
	vault_otp *o = parse("otpauth://hotp/RFC4226?secret=" B32_20
	    "&counter=0", VAULT_OK, NULL);

	REQUIRE(o != NULL);
	CHECK(vault_otp_kind(o) == VAULT_OTP_HOTP);
	for (uint64_t i = 0; i < 10; i++) {
		CHECK(vault_otp_counter_set(o, i) == VAULT_OK);
		CHECK(code_is(o, 0, want[i]));
	}
	vault_otp_free(o);
	o = parse("otpauth://hotp/x?secret=" B32_20 "&counter=7", VAULT_OK,
	    NULL);
	CHECK(o != NULL && vault_otp_counter(o) == 7 && code_is(o, 0,
	    "162583"));
	vault_otp_free(o);
}

static void
seconds_left(void)
{
	vault_otp *o = parse("JBSWY3DPEHPK3PXP", VAULT_OK, NULL);
	char code[8];
	unsigned left = 0;

	REQUIRE(o != NULL);
	CHECK(vault_otp_code(o, 59, code, sizeof code, &left) == VAULT_OK &&
	    left == 1);
	CHECK(vault_otp_code(o, 60, code, sizeof code, &left) == VAULT_OK &&
	    left == 30);
	CHECK(vault_otp_code(o, -1, code, sizeof code, &left) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_otp_code(o, 0, code, 6, &left) == VAULT_ERR_INVALID);
	vault_otp_free(o);
}

static void
bare_secret_defaults(void)
{
	vault_otp *o = parse("  jbsw y3dp ehpk 3pxp\n", VAULT_OK, NULL);
	vault_secret *u = NULL;
	static const char want[] = "otpauth://totp/?secret=JBSWY3DPEHPK3PXP"
	    "&algorithm=SHA1&digits=6&period=30";

	REQUIRE(o != NULL);
	CHECK(vault_otp_kind(o) == VAULT_OTP_TOTP);
	CHECK(vault_otp_algo(o) == VAULT_OTP_SHA1);
	CHECK(vault_otp_digits(o) == 6 && vault_otp_period(o) == 30);
	CHECK(vault_otp_uri(o, &u) == VAULT_OK);
	CHECK(u != NULL && vault_secret_len(u) == sizeof want - 1 &&
	    memcmp(vault_secret_data(u), want, sizeof want - 1) == 0);
	vault_secret_free(u);
	vault_otp_free(o);
	/* Padding is optional but exact. */
	o = parse("JBSWY3DPEHPK3PXP======", VAULT_ERR_FORMAT, NULL);
	CHECK(o == NULL);
	o = parse("GEZDGNBVGY3TQOI=", VAULT_ERR_FORMAT, NULL);
	CHECK(o == NULL);       /* 9 bytes: under 80 bits */
	o = parse("GEZDGNBVGY3TQOJQGE======", VAULT_OK, NULL);
	CHECK(o != NULL);       /* 11 bytes, padded to a whole group */
	vault_otp_free(o);
	o = parse("gezdgnbvgy3tqojqgeza====", VAULT_OK, NULL);
	CHECK(o != NULL);       /* 12 bytes, lower case */
	vault_otp_free(o);
}

static void
uri_round_trip(void)
{
	vault_otp *o = parse("OTPAUTH://HOTP/Acme%20Co%3Aclerk%40ls.example?"
	    "Secret=" B32_20 "&issuer=Acme+Co&digits=7&algorithm=SHA256&"
	    "counter=41&image=https%3A%2F%2Fx", VAULT_OK, NULL), *p = NULL;
	vault_secret *u = NULL, *u2 = NULL;
	char c1[9], c2[9];

	REQUIRE(o != NULL);
	CHECK(strcmp(vault_otp_label(o), "Acme Co:clerk@ls.example") == 0);
	CHECK(strcmp(vault_otp_issuer(o), "Acme Co") == 0);
	CHECK(vault_otp_digits(o) == 7 && vault_otp_counter(o) == 41);
	CHECK(vault_otp_algo(o) == VAULT_OTP_SHA256);
	REQUIRE(vault_otp_uri(o, &u) == VAULT_OK);
	CHECK(vault_otp_parse(vault_secret_data(u), vault_secret_len(u), &p,
	    NULL) == VAULT_OK);
	REQUIRE(p != NULL);
	CHECK(strcmp(vault_otp_label(p), vault_otp_label(o)) == 0);
	CHECK(strcmp(vault_otp_issuer(p), "Acme Co") == 0);
	CHECK(vault_otp_counter(p) == 41 && vault_otp_digits(p) == 7);
	CHECK(vault_otp_code(o, 0, c1, sizeof c1, NULL) == VAULT_OK);
	CHECK(vault_otp_code(p, 0, c2, sizeof c2, NULL) == VAULT_OK);
	CHECK(strcmp(c1, c2) == 0 && strlen(c1) == 7);
	CHECK(vault_otp_uri(p, &u2) == VAULT_OK && vault_secret_len(u) ==
	    vault_secret_len(u2) && memcmp(vault_secret_data(u),
	    vault_secret_data(u2), vault_secret_len(u)) == 0);
	CHECK(vault_otp_counter_set(p, VAULT_OTP_COUNTER_MAX + 1) ==
	    VAULT_ERR_INVALID);
	vault_secret_free(u);
	vault_secret_free(u2);
	vault_otp_free(o);
	vault_otp_free(p);
}

static void
refusals(void)
{
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "", "missing secret" },
		{ "otpauth://totp/x?issuer=A", "missing secret" },
		{ "otpauth://totp/x", "missing secret" },
		{ "otpauth://totp/x?secret=", "missing secret" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PX1",
		  "bad base32 in the secret" },
		{ "GEZDGNBVGY3TQOJQGF", "bad base32 in the secret" },
		{ "JBSWY3D=PEHPK3PXP", "bad base32 in the secret" },
		{ "JBSWY3DPEH", "secret shorter than 80 bits" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
		  "unknown algorithm (SHA1, SHA256 or SHA512)" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5",
		  "digits outside 6-8" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9",
		  "digits outside 6-8" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=-6",
		  "digits outside 6-8" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
		  "period 0" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=3601",
		  "period over 3600 seconds" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=99999999999"
		  "999999999999", "period is not a number of seconds" },
		{ "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
		  "hotp without a counter" },
		{ "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter="
		  "9223372036854775807", "counter is not a number up to 2^63-2" },
		{ "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
		  "unknown type (totp or hotp)" },
		{ "https://example.com/?secret=JBSWY3DPEHPK3PXP",
		  "not an otpauth:// URI" },
		{ "otpauth:totp/x?secret=JBSWY3DPEHPK3PXP",
		  "not an otpauth:// URI" },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK"
		  "3PXP", "a parameter is given twice" },
		{ "otpauth://totp/a%2?secret=JBSWY3DPEHPK3PXP",
		  "bad percent-encoding" },
		{ "otpauth://totp/a%0Ab?secret=JBSWY3DPEHPK3PXP",
		  "control character in the label" },
		{ "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=%00",
		  "control character in the issuer" },
	};
	char big[VAULT_OTP_URI_MAX + 2], sec[300];
	const char *why;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		vault_otp *o = parse(bad[i].in, VAULT_ERR_FORMAT, &why);

		CHECK(o == NULL);
		CHECK(why != NULL && strcmp(why, bad[i].why) == 0);
		if (why == NULL || strcmp(why, bad[i].why) != 0)
			printf("# %s: got \"%s\"\n", bad[i].in, why ? why :
			    "(null)");
		vault_otp_free(o);
	}
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK(parse(big, VAULT_ERR_FORMAT, &why) == NULL && why != NULL &&
	    strcmp(why, "too long (over 4096 bytes)") == 0);
	/* 129 bytes of key: 207 characters (206.4 rounded up). */
	memset(sec, 'A', 207);
	sec[207] = '\0';
	CHECK(parse(sec, VAULT_ERR_FORMAT, &why) == NULL && why != NULL &&
	    strcmp(why, "secret longer than 128 bytes") == 0);
	/* Exactly 128 bytes is accepted (205 characters; 1024 = 204*5+4). */
	sec[205] = '\0';
	{
		vault_otp *o = parse(sec, VAULT_OK, NULL);

		CHECK(o != NULL);
		vault_otp_free(o);
	}
	CHECK(vault_otp_parse(NULL, 1, NULL, NULL) == VAULT_ERR_INVALID);
}

static void
unknown_parameters_ignored(void)
{
	vault_otp *o = parse("otpauth://totp/x?foo=bar&&secret=JBSWY3DPEHPK3P"
	    "XP&image=%zz&counter=12", VAULT_OK, NULL);

	CHECK(o != NULL && vault_otp_counter(o) == 0);
	vault_otp_free(o);
}

int
main(void)
{
	RUN(rfc6238_appendix_b);
	RUN(rfc4226_appendix_d);
	RUN(seconds_left);
	RUN(bare_secret_defaults);
	RUN(uri_round_trip);
	RUN(refusals);
	RUN(unknown_parameters_ignored);
	return TAP_END();
}
