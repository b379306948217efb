/* SPDX-License-Identifier: ISC */
/*
 * otpauth.c - a small, strict parser for otpauth:// URIs and bare base32
 * secrets, and the canonical encoding back (vault.h, "One-time
 * passwords"). The input is untrusted and secret: every length is bounded
 * before use, percent-decoded values go through one guarded scratch
 * buffer, the key is decoded straight into guarded memory, and a refusal
 * names the rule that failed, never the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "otp/otp.h"

#define DEFAULT_DIGITS 6u
#define DEFAULT_PERIOD 30u

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
vault_otp_free(vault_otp *o)
{
	if (o == NULL)
		return;
	vault_secret_free(o->key);
	free(o->label);
	free(o->issuer);
	free(o);
}

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* Case-insensitive (ASCII) equality of p[0..n) and the string s. */
static int
eq_nocase(const uint8_t *p, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n && s[i] != '\0'; i++)
		if (lower(p[i]) != lower((unsigned char)s[i]))
			return 0;
	return i == n && s[i] == '\0';
}

static int
is_space(uint8_t ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static int
hexval(uint8_t ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (uint8_t)lower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Percent-decode p[0..n) into dst (room for n bytes); `plus` turns '+'
 * into a space (query values, as HTML forms write them). Returns the
 * decoded length, or -1 on a bad escape. */
static long
pct_decode(const uint8_t *p, size_t n, uint8_t *dst, int plus)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '%') {
			int hi, lo;

			if (n - i < 3 || (hi = hexval(p[i + 1])) < 0 ||
			    (lo = hexval(p[i + 2])) < 0)
				return -1;
			dst[k++] = (uint8_t)(hi << 4 | lo);
			i += 2;
		} else {
			dst[k++] = plus && p[i] == '+' ? ' ' : p[i];
		}
	}
	return (long)k;
}

/* A public text value (label, issuer): no NUL, no control characters. */
static int
text_dup(const uint8_t *p, size_t n, char **out)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return -1;
	if ((*out = malloc(n + 1)) == NULL)
		return -2;
	if (n)
		memcpy(*out, p, n);
	(*out)[n] = '\0';
	return 0;
}

static int
b32_value(uint8_t ch)
{
	ch = (uint8_t)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
	for (int i = 0; i < 32; i++)
		if ((uint8_t)b32_alphabet[i] == ch)
			return i;
	return -1;
}

/* Decode RFC 4648 base32 (any case, spaces ignored, '=' padding optional
 * but exact when present, unused low bits zero) into a new guarded key
 * of VAULT_OTP_KEY_MIN..MAX bytes. */
static vault_err
b32_decode(const uint8_t *p, size_t n, vault_secret **out, const char **why)
{
	size_t chars = 0, pad = 0, bytes, k = 0;
	uint32_t acc = 0;
	unsigned bits = 0;
	vault_err rc;

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ')
			continue;
		if (p[i] == '=') {
			pad++;
			continue;
		}
		if (pad || b32_value(p[i]) < 0) {
			*why = "bad base32 in the secret";
			return VAULT_ERR_FORMAT;
		}
		chars++;
	}
	if (chars == 0) {
		*why = "missing secret";
		return VAULT_ERR_FORMAT;
	}
	/* 1, 3 or 6 characters past a whole group cannot end a byte. */
	if (chars % 8 == 1 || chars % 8 == 3 || chars % 8 == 6 ||
	    (pad && ((chars + pad) % 8 != 0 || pad > 6))) {
		*why = "bad base32 in the secret";
		return VAULT_ERR_FORMAT;
	}
	if (chars > (size_t)VAULT_OTP_KEY_MAX * 8 / 5 + 1) {
		*why = "secret longer than 128 bytes";
		return VAULT_ERR_FORMAT;
	}
	bytes = chars * 5 / 8;
	if (bytes > VAULT_OTP_KEY_MAX) {
		*why = "secret longer than 128 bytes";
		return VAULT_ERR_FORMAT;
	}
	if (bytes < VAULT_OTP_KEY_MIN) {
		*why = "secret shorter than 80 bits";
		return VAULT_ERR_FORMAT;
	}
	if ((rc = vlt_secret_new(out, bytes)) != VAULT_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int v;

		if (p[i] == ' ' || p[i] == '=')
			continue;
		v = b32_value(p[i]);
		acc = (acc << 5 | (uint32_t)v) & 0x1fffu;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			(*out)->buf[k++] = (uint8_t)(acc >> bits);
		}
	}
	/* SECURITY: the accumulator held key bits; wiped on both paths. */
	if ((acc & ((1u << bits) - 1)) != 0) {
		sodium_memzero(&acc, sizeof acc);
		vault_secret_free(*out);
		*out = NULL;
		*why = "bad base32 in the secret";
		return VAULT_ERR_FORMAT;
	}
	sodium_memzero(&acc, sizeof acc);
	return VAULT_OK;
}

/* A decimal number of at most 20 digits, no sign, no spaces, <= max. */
static int
parse_dec(const uint8_t *p, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 20)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		if (v > (UINT64_MAX - (p[i] - '0')) / 10)
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

enum { P_SECRET, P_ISSUER, P_ALGORITHM, P_DIGITS, P_PERIOD, P_COUNTER, NP };
static const char *const param_names[NP] = {
	"secret", "issuer", "algorithm", "digits", "period", "counter"
};

/* Apply one decoded parameter value v[0..n) to o. */
static vault_err
apply_param(vault_otp *o, int which, const uint8_t *v, size_t n,
    const char **why)
{
	uint64_t x;
	int r;

	switch (which) {
	case P_SECRET:
		return b32_decode(v, n, &o->key, why);
	case P_ISSUER:
		if ((r = text_dup(v, n, &o->issuer)) == -2)
			return VAULT_ERR_NOMEM;
		*why = r ? "control character in the issuer" : NULL;
		return r ? VAULT_ERR_FORMAT : VAULT_OK;
	case P_ALGORITHM:
		if (eq_nocase(v, n, "SHA1"))
			o->algo = VAULT_OTP_SHA1;
		else if (eq_nocase(v, n, "SHA256"))
			o->algo = VAULT_OTP_SHA256;
		else if (eq_nocase(v, n, "SHA512"))
			o->algo = VAULT_OTP_SHA512;
		else {
			*why = "unknown algorithm (SHA1, SHA256 or SHA512)";
			return VAULT_ERR_FORMAT;
		}
		return VAULT_OK;
	case P_DIGITS:
		if (parse_dec(v, n, VAULT_OTP_DIGITS_MAX, &x) != 0 ||
		    x < VAULT_OTP_DIGITS_MIN) {
			*why = "digits outside 6-8";
			return VAULT_ERR_FORMAT;
		}
		o->digits = (unsigned)x;
		return VAULT_OK;
	case P_PERIOD:
		if (parse_dec(v, n, UINT64_MAX, &x) != 0) {
			*why = "period is not a number of seconds";
			return VAULT_ERR_FORMAT;
		}
		if (x == 0 || x > VAULT_OTP_PERIOD_MAX) {
			*why = x == 0 ? "period 0" :
			    "period over 3600 seconds";
			return VAULT_ERR_FORMAT;
		}
		o->period = (unsigned)x;
		return VAULT_OK;
	default:
		if (parse_dec(v, n, VAULT_OTP_COUNTER_MAX, &x) != 0) {
			*why = "counter is not a number up to 2^63-2";
			return VAULT_ERR_FORMAT;
		}
		o->counter = x;
		return VAULT_OK;
	}
}

/* The query p[0..n) after '?': name=value pairs joined by '&'. `scratch`
 * (guarded, n bytes or more) receives each decoded value in turn. */
static vault_err
parse_query(vault_otp *o, const uint8_t *p, size_t n, uint8_t *scratch,
    int *have_counter, const char **why)
{
	int seen[NP] = { 0 };
	size_t i = 0;
	vault_err rc;

	while (i < n) {
		size_t end = i, eq;
		int which = -1;
		long vl;

		while (end < n && p[end] != '&')
			end++;
		for (eq = i; eq < end && p[eq] != '='; eq++)
			;
		for (int k = 0; k < NP; k++)
			if (eq_nocase(p + i, eq - i, param_names[k]))
				which = k;
		if (which >= 0) {       /* unknown parameters are ignored */
			if (seen[which]++) {
				*why = "a parameter is given twice";
				return VAULT_ERR_FORMAT;
			}
			vl = eq < end ? pct_decode(p + eq + 1, end - eq - 1,
			    scratch, 1) : 0;
			if (vl < 0) {
				*why = "bad percent-encoding";
				return VAULT_ERR_FORMAT;
			}
			rc = apply_param(o, which, scratch, (size_t)vl, why);
			sodium_memzero(scratch, (size_t)vl);
			if (rc != VAULT_OK)
				return rc;
		}
		i = end + 1;
	}
	*have_counter = seen[P_COUNTER];
	if (o->key == NULL) {
		*why = "missing secret";
		return VAULT_ERR_FORMAT;
	}
	return VAULT_OK;
}

/* otpauth://TYPE/LABEL?QUERY, whitespace already trimmed. */
static vault_err
parse_uri(vault_otp *o, const uint8_t *p, size_t n, uint8_t *scratch,
    const char **why)
{
	static const char scheme[] = "otpauth://";
	size_t i = sizeof scheme - 1, t, q;
	int have_counter = 0, r;
	long ll;
	vault_err rc;

	if (n < i || !eq_nocase(p, i, scheme)) {
		*why = "not an otpauth:// URI";
		return VAULT_ERR_FORMAT;
	}
	for (t = i; t < n && p[t] != '/' && p[t] != '?'; t++)
		;
	if (eq_nocase(p + i, t - i, "totp"))
		o->type = VAULT_OTP_TOTP;
	else if (eq_nocase(p + i, t - i, "hotp"))
		o->type = VAULT_OTP_HOTP;
	else {
		*why = "unknown type (totp or hotp)";
		return VAULT_ERR_FORMAT;
	}
	for (q = t; q < n && p[q] != '?'; q++)
		;
	if (q == n) {
		*why = "missing secret";
		return VAULT_ERR_FORMAT;
	}
	/* The label: everything between the type's '/' and the '?'. */
	i = t < q ? t + 1 : q;
	if ((ll = pct_decode(p + i, q - i, scratch, 0)) < 0) {
		*why = "bad percent-encoding";
		return VAULT_ERR_FORMAT;
	}
	r = text_dup(scratch, (size_t)ll, &o->label);
	sodium_memzero(scratch, (size_t)ll);
	if (r != 0) {
		*why = r == -1 ? "control character in the label" : NULL;
		return r == -1 ? VAULT_ERR_FORMAT : VAULT_ERR_NOMEM;
	}
	if ((rc = parse_query(o, p + q + 1, n - q - 1, scratch, &have_counter,
	    why)) != VAULT_OK)
		return rc;
	if (o->type == VAULT_OTP_HOTP && !have_counter) {
		*why = "hotp without a counter";
		return VAULT_ERR_FORMAT;
	}
	if (o->type == VAULT_OTP_TOTP)
		o->counter = 0;         /* a counter means nothing to TOTP */
	return VAULT_OK;
}

vault_err
vault_otp_parse(const uint8_t *text, size_t len, vault_otp **out,
    const char **why)
{
	const char *dummy;
	vault_otp *o = NULL;
	vault_secret *scratch = NULL;
	vault_err rc;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (out == NULL || (text == NULL && len != 0))
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (len > VAULT_OTP_URI_MAX) {
		*why = "too long (over 4096 bytes)";
		return VAULT_ERR_FORMAT;
	}
	while (len > 0 && is_space(text[0])) {
		text++;
		len--;
	}
	while (len > 0 && is_space(text[len - 1]))
		len--;
	if (len == 0) {
		*why = "missing secret";
		return VAULT_ERR_FORMAT;
	}
	if ((o = calloc(1, sizeof *o)) == NULL)
		return VAULT_ERR_NOMEM;
	o->type = VAULT_OTP_TOTP;
	o->algo = VAULT_OTP_SHA1;
	o->digits = DEFAULT_DIGITS;
	o->period = DEFAULT_PERIOD;
	if ((rc = vlt_secret_new(&scratch, len)) != VAULT_OK)
		goto out;
	if (len >= 8 && eq_nocase(text, 8, "otpauth:"))
		rc = parse_uri(o, text, len, scratch->buf, why);
	else if (memchr(text, ':', len) != NULL) {
		*why = "not an otpauth:// URI";
		rc = VAULT_ERR_FORMAT;
	} else
		rc = b32_decode(text, len, &o->key, why);
	if (rc != VAULT_OK)
		goto out;
	if ((o->label == NULL && (o->label = strdup("")) == NULL) ||
	    (o->issuer == NULL && (o->issuer = strdup("")) == NULL)) {
		rc = VAULT_ERR_NOMEM;
		goto out;
	}
	*out = o;
	o = NULL;
out:
	if (rc != VAULT_ERR_FORMAT)
		*why = NULL;
	vault_secret_free(scratch);
	vault_otp_free(o);
	return rc;
}

vault_otp_type
vault_otp_kind(const vault_otp *o)
{
	return o ? o->type : (vault_otp_type)0;
}

vault_otp_algorithm
vault_otp_algo(const vault_otp *o)
{
	return o ? o->algo : (vault_otp_algorithm)0;
}

unsigned
vault_otp_digits(const vault_otp *o)
{
	return o ? o->digits : 0;
}

unsigned
vault_otp_period(const vault_otp *o)
{
	return o && o->type == VAULT_OTP_TOTP ? o->period : 0;
}

uint64_t
vault_otp_counter(const vault_otp *o)
{
	return o && o->type == VAULT_OTP_HOTP ? o->counter : 0;
}

const char *
vault_otp_label(const vault_otp *o)
{
	return o ? o->label : NULL;
}

const char *
vault_otp_issuer(const vault_otp *o)
{
	return o ? o->issuer : NULL;
}

vault_err
vault_otp_counter_set(vault_otp *o, uint64_t counter)
{
	if (o == NULL || o->type != VAULT_OTP_HOTP ||
	    counter > VAULT_OTP_COUNTER_MAX)
		return VAULT_ERR_INVALID;
	o->counter = counter;
	return VAULT_OK;
}

/* Append the string s, percent-encoding all but RFC 3986's unreserved set. */
static size_t
pct_encode(uint8_t *dst, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;

	for (; *s != '\0'; s++) {
		uint8_t ch = (uint8_t)*s;

		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~') {
			dst[k++] = ch;
		} else {
			dst[k++] = '%';
			dst[k++] = (uint8_t)hex[ch >> 4];
			dst[k++] = (uint8_t)hex[ch & 15];
		}
	}
	return k;
}

static size_t
put_str(uint8_t *dst, const char *s)
{
	size_t n = strlen(s);

	memcpy(dst, s, n);
	return n;
}

vault_err
vault_otp_uri(const vault_otp *o, vault_secret **out)
{
	static const char *const algos[] = { "", "SHA1", "SHA256", "SHA512" };
	vault_secret *buf = NULL;
	size_t cap, k = 0;
	uint32_t acc = 0;
	unsigned bits = 0;
	char num[48];
	vault_err rc;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (o == NULL || o->key == NULL || o->label == NULL ||
	    o->issuer == NULL || o->algo < VAULT_OTP_SHA1 ||
	    o->algo > VAULT_OTP_SHA512)
		return VAULT_ERR_INVALID;
	/* Labels and issuers come from inputs of at most 4096 bytes. */
	cap = 3 * (strlen(o->label) + strlen(o->issuer)) +
	    (o->key->len * 8 + 4) / 5 + 160;
	if ((rc = vlt_secret_new(&buf, cap)) != VAULT_OK)
		return rc;
	k += put_str(buf->buf + k, o->type == VAULT_OTP_HOTP ?
	    "otpauth://hotp/" : "otpauth://totp/");
	k += pct_encode(buf->buf + k, o->label);
	k += put_str(buf->buf + k, "?secret=");
	for (size_t i = 0; i < o->key->len; i++) {
		acc = (acc << 8 | o->key->buf[i]) & 0xfffu;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			buf->buf[k++] = (uint8_t)b32_alphabet[(acc >> bits) &
			    31];
		}
	}
	if (bits > 0)
		buf->buf[k++] = (uint8_t)b32_alphabet[(acc << (5 - bits)) &
		    31];
	sodium_memzero(&acc, sizeof acc);   /* SECURITY: held key bits */
	if (o->issuer[0] != '\0') {
		k += put_str(buf->buf + k, "&issuer=");
		k += pct_encode(buf->buf + k, o->issuer);
	}
	if (o->type == VAULT_OTP_HOTP)
		snprintf(num, sizeof num, "&digits=%u&counter=%llu", o->digits,
		    (unsigned long long)o->counter);
	else
		snprintf(num, sizeof num, "&digits=%u&period=%u", o->digits,
		    o->period);
	k += put_str(buf->buf + k, "&algorithm=");
	k += put_str(buf->buf + k, algos[o->algo]);
	k += put_str(buf->buf + k, num);
	rc = vault_secret_from(buf->buf, k, out);
	vault_secret_free(buf);
	return rc;
}
