/* SPDX-License-Identifier: ISC */
/*
 * gf256.h - constant-time arithmetic in GF(2^8) and Shamir's secret sharing
 * over it, byte by byte; not installed.
 *
 * The field is the AES one: bytes are polynomials over GF(2) modulo the
 * Rijndael polynomial x^8 + x^4 + x^3 + x + 1 (0x11b). SLIP-0039 and the
 * vault's own escrow both build on the helpers below.
 *
 * SECURITY: field elements (share values, secrets) are secret; the
 * x-coordinates (share indexes) and lengths are public. Nothing here
 * branches on or indexes memory with a secret byte.
 */
#ifndef VLT_GF256_H
#define VLT_GF256_H

#include <stddef.h>
#include <stdint.h>
#include "vault.h"

/* Largest number of points any interpolation below accepts. */
#define VLT_SHAMIR_MAX_POINTS 255u

/* a * b in GF(256). Constant time in both operands. */
uint8_t vlt_gf256_mul(uint8_t a, uint8_t b);

/* The multiplicative inverse of a (a^254); inv(0) is defined as 0.
 * Constant time in a. */
uint8_t vlt_gf256_inv(uint8_t a);

/* Evaluate at `x` the polynomial of lowest degree through the `m` points
 * (xs[i], ys[i]), 1 <= m <= VLT_SHAMIR_MAX_POINTS, each ys[i] a vector of
 * `len` bytes treated independently; write the `len` results to `out`
 * (which may not alias any ys[i]). x may equal one of the xs, giving that
 * point's value. The xs must be pairwise distinct.
 * Errors: INVALID (m out of range, repeated x, NULL). `out` is secret and
 * is zeroed on error. */
vault_err vlt_shamir_interpolate(const uint8_t *xs,
    const uint8_t *const *ys, size_t m, size_t len, uint8_t x,
    uint8_t *out);

/* Split the `len`-byte `secret` k-of-n: a random polynomial of degree k-1
 * per byte with f(0) = secret, evaluated at the n public x-coordinates
 * `xs` (non-zero, pairwise distinct). Share i is written to
 * ys[i * len .. i * len + len - 1]; `ys` holds n * len bytes and is
 * secret (put it in a vault_secret). 1 <= k <= n <= 255.
 * Randomness comes from randombytes_buf. Errors: INVALID NOMEM; on error
 * `ys` is zeroed. */
vault_err vlt_shamir_split(const uint8_t *secret, size_t len, unsigned k,
    const uint8_t *xs, size_t n, uint8_t *ys);

/* Recover f(0) from `m` shares as written by vlt_shamir_split: share i
 * has x-coordinate xs[i] (non-zero, pairwise distinct) and value
 * ys[i * len ..]. With at least k consistent shares the result is the
 * secret; with fewer it is an unrelated value (raw Shamir carries no
 * check: callers must authenticate what they recover, e.g. with an AEAD).
 * Errors: INVALID; on error `secret` is zeroed. */
vault_err vlt_shamir_recover(const uint8_t *xs, const uint8_t *ys,
    size_t m, size_t len, uint8_t *secret);

#endif
