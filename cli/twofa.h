/* SPDX-License-Identifier: ISC */
/*
 * twofa.h - the 2FA directory compiled into cvault (scripts/embed-2fa,
 * from vault/data/2fa-directory.tsv): which services offer a second
 * factor, by domain. Public data; twofa.c looks hosts up in it.
 */
#ifndef CLI_TWOFA_H
#define CLI_TWOFA_H

#include <stddef.h>
#include <stdint.h>

struct twofa_row {
	const char *domain;     /* lower-case, [a-z0-9.-] */
	const char *methods;    /* "sms,totp,u2f": the directory's words */
};

/* build/gen/twofa.c: sorted by domain in byte order, one row per domain
 * and per additional domain. */
extern const struct twofa_row twofa_rows[];
extern const size_t twofa_len;

/* The directory row for the host of `url` (`len` bytes: a web address
 * with or without a scheme, user, port or path), or for the nearest of
 * its parent domains listed ("www.online.example.co.uk" tries itself,
 * then "online.example.co.uk", ...); NULL when none is, or when the
 * address has no host. */
const struct twofa_row *twofa_lookup(const uint8_t *url, size_t len);

/* The host of `url` into buf, lower-cased, without user, password, port
 * or trailing dot; 0 when there is none or it is not a plain DNS name. */
#define TWOFA_HOST_MAX 253u
int twofa_host(const uint8_t *url, size_t len, char buf[TWOFA_HOST_MAX + 1]);

#endif
