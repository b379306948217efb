/* SPDX-License-Identifier: ISC */
/*
 * gf256.c - constant-time GF(2^8) arithmetic (AES field, polynomial
 * x^8 + x^4 + x^3 + x + 1) and byte-wise Shamir secret sharing on top of
 * it: Lagrange interpolation at any point, and a plain split/recover with
 * the secret at x = 0 for the vault's own escrow. SLIP-0039 (slip39.c)
 * interpolates at its own points (254 and 255).
 *
 * SECURITY: constant time. Multiplication is bit-serial: each of the
 * eight steps adds the running multiple under a mask made from one bit of
 * b, and reduces by the field polynomial under a mask made from the top
 * bit, so there are no branches on and no tables indexed by secret bytes
 * (no log/exp tables: their cache footprint would leak the operands).
 * Inversion is a^254 by a fixed square-and-multiply chain (the exponent is
 * public). Share x-coordinates are public: the Lagrange basis values are
 * computed from them alone and may use ordinary control flow; only their
 * products with the secret y-values need to be constant time.
 */
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "gf256.h"

uint8_t
vlt_gf256_mul(uint8_t a, uint8_t b)
{
	uint32_t r = 0, x = a, mask;
	unsigned i;

	for (i = 0; i < 8; i++) {
		mask = -(uint32_t)((b >> i) & 1u);      /* all ones or zero */
		r ^= x & mask;
		mask = -(uint32_t)((x >> 7) & 1u);
		x = (x << 1) ^ (0x11bu & mask);         /* x * X mod poly */
	}
	return (uint8_t)r;
}

uint8_t
vlt_gf256_inv(uint8_t a)
{
	uint8_t sq = a, r = 1;
	unsigned i;

	/* a^254 = a^2 * a^4 * ... * a^128, and 0^254 = 0. */
	for (i = 1; i < 8; i++) {
		sq = vlt_gf256_mul(sq, sq);
		r = vlt_gf256_mul(r, sq);
	}
	return r;
}

/* Lagrange basis value l_i(x) = prod_{j != i} (x - x_j) / (x_i - x_j).
 * Public inputs only. Subtraction in GF(2^8) is xor. */
static uint8_t
basis(const uint8_t *xs, size_t m, size_t i, uint8_t x)
{
	uint8_t num = 1, den = 1;
	size_t j;

	for (j = 0; j < m; j++) {
		if (j == i)
			continue;
		num = vlt_gf256_mul(num, x ^ xs[j]);
		den = vlt_gf256_mul(den, xs[i] ^ xs[j]);
	}
	return vlt_gf256_mul(num, vlt_gf256_inv(den));
}

static int
distinct(const uint8_t *xs, size_t m)
{
	size_t i, j;

	for (i = 0; i < m; i++)
		for (j = i + 1; j < m; j++)
			if (xs[i] == xs[j])
				return 0;
	return 1;
}

vault_err
vlt_shamir_interpolate(const uint8_t *xs, const uint8_t *const *ys,
    size_t m, size_t len, uint8_t x, uint8_t *out)
{
	size_t i, k;
	uint8_t l;

	if (out == NULL || (len != 0 && (xs == NULL || ys == NULL)))
		return VAULT_ERR_INVALID;
	memset(out, 0, len);
	if (m == 0 || m > VLT_SHAMIR_MAX_POINTS || !distinct(xs, m))
		return VAULT_ERR_INVALID;
	for (i = 0; i < m; i++) {
		if (ys[i] == NULL && len != 0)
			goto bad;
		l = basis(xs, m, i, x);
		for (k = 0; k < len; k++)
			out[k] ^= vlt_gf256_mul(l, ys[i][k]);
	}
	return VAULT_OK;
bad:
	sodium_memzero(out, len);
	return VAULT_ERR_INVALID;
}

vault_err
vlt_shamir_split(const uint8_t *secret, size_t len, unsigned k,
    const uint8_t *xs, size_t n, uint8_t *ys)
{
	vault_err rc;
	vault_secret *coef = NULL;      /* c_1 .. c_{k-1}, len bytes each */
	size_t i, b, j;
	uint8_t acc = 0;

	if (ys == NULL || (n != 0 && len > SIZE_MAX / n))
		return VAULT_ERR_INVALID;
	memset(ys, 0, n * len);
	if (secret == NULL || xs == NULL || k < 1 || k > n ||
	    n > VLT_SHAMIR_MAX_POINTS || !distinct(xs, n) ||
	    memchr(xs, 0, n) != NULL)   /* x = 0 would be the secret itself */
		return VAULT_ERR_INVALID;
	if ((rc = vlt_secret_new(&coef, (size_t)(k - 1) * len)) != VAULT_OK)
		goto out;
	randombytes_buf(coef->buf, coef->len);
	for (i = 0; i < n; i++) {
		for (b = 0; b < len; b++) {
			/* Horner: f(x) = s + x(c_1 + x(c_2 + ... x c_{k-1})) */
			acc = 0;
			for (j = k - 1; j >= 1; j--)
				acc = vlt_gf256_mul(acc, xs[i]) ^
				    coef->buf[(j - 1) * len + b];
			ys[i * len + b] = vlt_gf256_mul(acc, xs[i]) ^ secret[b];
		}
	}
out:
	sodium_memzero(&acc, sizeof acc);
	vault_secret_free(coef);        /* wipes the coefficients */
	return rc;
}

vault_err
vlt_shamir_recover(const uint8_t *xs, const uint8_t *ys, size_t m,
    size_t len, uint8_t *secret)
{
	const uint8_t *p[VLT_SHAMIR_MAX_POINTS];
	size_t i;

	if (secret == NULL)
		return VAULT_ERR_INVALID;
	memset(secret, 0, len);
	if (xs == NULL || ys == NULL || m == 0 ||
	    m > VLT_SHAMIR_MAX_POINTS || memchr(xs, 0, m) != NULL)
		return VAULT_ERR_INVALID;
	for (i = 0; i < m; i++)
		p[i] = ys + i * len;
	return vlt_shamir_interpolate(xs, p, m, len, 0, secret);
}
