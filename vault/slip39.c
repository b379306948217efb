/* SPDX-License-Identifier: ISC */
/*
 * slip39.c - the SLIP-0039 share scheme (satoshilabs/slips slip-0039.md):
 * the passphrase cipher over the master secret, the two-level Shamir
 * split with its digest share, and recombination. Mnemonic text is in
 * slip39_words.c, field arithmetic in gf256.c.
 *
 * Cipher: a 4-round Feistel network over the two halves L, R of the
 * secret, round i replacing (L, R) by (R, L xor F(i, R)) with
 *   F(i, R) = PBKDF2-HMAC-SHA256(password = i || passphrase,
 *             salt = "shamir" || id (2 bytes, big-endian) || R,
 *             iterations = 2500 << e, length = |R|)
 * and the output R || L; the salt prefix is empty for extendable shares.
 * Decryption runs the rounds 3..0.
 *
 * Sharing: a secret S is split T-of-N as a polynomial through T - 2
 * random points at x = 0..T-3, the digest share D at x = 254 and S at
 * x = 255, evaluated at x = T-2..N-1 (the first T-2 shares are the
 * random points themselves). D = first 4 bytes of HMAC-SHA256(key = R,
 * msg = S) || R, R random. A threshold of 1 copies S. Recovery
 * interpolates S and D and checks the digest.
 *
 * SECURITY: every secret intermediate (the encrypted master secret,
 * group and member values, the digest share, Feistel halves, PBKDF2 and
 * HMAC state) lives in a guarded workspace allocated once per call, or
 * is a stack temporary wiped before return. Digests are compared with
 * sodium_memcmp. Randomness comes only from randombytes_buf/_uniform.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "gf256.h"
#include "slip39.h"

#define SECRET_MAX      VAULT_SLIP39_SECRET_MAX
#define DIGEST_BYTES    4u
#define DIGEST_X        254u
#define SECRET_X        255u
#define ROUND_ITER      2500u   /* per round: 10000 over the 4 rounds */
#define SALT_PREFIX     8u      /* "shamir" || id */
#define HMAC_BYTES      crypto_auth_hmacsha256_BYTES

struct pbkdf2_ws {
	crypto_auth_hmacsha256_state keyed;     /* after the key is set */
	crypto_auth_hmacsha256_state st;
	uint8_t u[HMAC_BYTES];
	uint8_t t[HMAC_BYTES];
};

vault_err
vlt_pbkdf2_sha256(const uint8_t *pass, size_t pass_len,
    const uint8_t *salt, size_t salt_len, uint32_t iterations,
    uint8_t *out, size_t out_len)
{
	static const uint8_t empty[1];
	vault_err rc;
	vault_secret *wsb = NULL;
	struct pbkdf2_ws *ws;
	uint8_t ctr[4];
	uint32_t blk, i;
	size_t done, take, k;

	if (out == NULL || (pass == NULL && pass_len != 0) ||
	    (salt == NULL && salt_len != 0) || iterations == 0 ||
	    out_len / HMAC_BYTES >= UINT32_MAX)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_secret_new(&wsb, sizeof *ws)) != VAULT_OK)
		goto out;
	ws = (struct pbkdf2_ws *)(void *)wsb->buf;
	crypto_auth_hmacsha256_init(&ws->keyed, pass ? pass : empty, pass_len);
	for (blk = 1, done = 0; done < out_len; blk++, done += take) {
		ctr[0] = (uint8_t)(blk >> 24);
		ctr[1] = (uint8_t)(blk >> 16);
		ctr[2] = (uint8_t)(blk >> 8);
		ctr[3] = (uint8_t)blk;
		ws->st = ws->keyed;
		crypto_auth_hmacsha256_update(&ws->st, salt ? salt : empty,
		    salt_len);
		crypto_auth_hmacsha256_update(&ws->st, ctr, sizeof ctr);
		crypto_auth_hmacsha256_final(&ws->st, ws->u);
		memcpy(ws->t, ws->u, HMAC_BYTES);
		for (i = 1; i < iterations; i++) {
			ws->st = ws->keyed;
			crypto_auth_hmacsha256_update(&ws->st, ws->u,
			    HMAC_BYTES);
			crypto_auth_hmacsha256_final(&ws->st, ws->u);
			for (k = 0; k < HMAC_BYTES; k++)
				ws->t[k] ^= ws->u[k];
		}
		take = out_len - done;
		if (take > HMAC_BYTES)
			take = HMAC_BYTES;
		memcpy(out + done, ws->t, take);
	}
out:
	if (rc != VAULT_OK)
		sodium_memzero(out, out_len);
	vault_secret_free(wsb);
	return rc;
}

struct cipher_ws {
	uint8_t l[SECRET_MAX / 2];
	uint8_t r[SECRET_MAX / 2];
	uint8_t f[SECRET_MAX / 2];
	uint8_t salt[SALT_PREFIX + SECRET_MAX / 2];
};

/* Encrypt (decrypt = 0) or decrypt the `n`-byte `in` into `out` (which
 * may alias it) under the share set's id, extendable flag and exponent. */
static vault_err
feistel(const struct vlt_share_hdr *h, const uint8_t *pass, size_t pass_len,
    int decrypt, const uint8_t *in, size_t n, uint8_t *out)
{
	vault_err rc;
	vault_secret *wsb = NULL, *key = NULL;
	struct cipher_ws *ws;
	size_t half = n / 2, pre = h->ext ? 0 : SALT_PREFIX, k;
	unsigned i;

	if ((rc = vlt_secret_new(&wsb, sizeof *ws)) != VAULT_OK)
		goto out;
	ws = (struct cipher_ws *)(void *)wsb->buf;
	if ((rc = vlt_secret_new(&key, 1 + pass_len)) != VAULT_OK)
		goto out;
	if (pass_len != 0)
		memcpy(key->buf + 1, pass, pass_len);
	memcpy(ws->salt, "shamir", 6);
	ws->salt[6] = (uint8_t)(h->id >> 8);
	ws->salt[7] = (uint8_t)h->id;
	memcpy(ws->l, in, half);
	memcpy(ws->r, in + half, half);
	for (i = 0; i < 4; i++) {
		key->buf[0] = (uint8_t)(decrypt ? 3 - i : i);
		memcpy(ws->salt + pre, ws->r, half);
		rc = vlt_pbkdf2_sha256(key->buf, key->len, ws->salt, pre + half,
		    ROUND_ITER << h->exp, ws->f, half);
		if (rc != VAULT_OK)
			goto out;
		for (k = 0; k < half; k++)
			ws->f[k] ^= ws->l[k];           /* the new R */
		memcpy(ws->l, ws->r, half);
		memcpy(ws->r, ws->f, half);
	}
	memcpy(out, ws->r, half);
	memcpy(out + half, ws->l, half);
out:
	vault_secret_free(key);
	vault_secret_free(wsb);
	return rc;
}

/* The 4-byte digest of secret `s` keyed by `r`. */
static void
digest(const uint8_t *r, size_t r_len, const uint8_t *s, size_t s_len,
    uint8_t out[DIGEST_BYTES])
{
	crypto_auth_hmacsha256_state st;
	uint8_t mac[HMAC_BYTES];

	crypto_auth_hmacsha256_init(&st, r, r_len);
	crypto_auth_hmacsha256_update(&st, s, s_len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, mac, DIGEST_BYTES);
	sodium_memzero(&st, sizeof st);
	sodium_memzero(mac, sizeof mac);
}

/* SplitSecret: t-of-n shares of the `len`-byte `s` into y[0..n-1] (x =
 * index), using `d` (len bytes, guarded) for the digest share. */
static vault_err
split_secret(unsigned t, unsigned n, const uint8_t *s, size_t len,
    uint8_t (*y)[SECRET_MAX], uint8_t *d)
{
	uint8_t xs[VLT_SLIP39_MAX_INDEX];
	const uint8_t *ys[VLT_SLIP39_MAX_INDEX];
	vault_err rc;
	unsigned i;

	if (t == 1) {
		for (i = 0; i < n; i++)
			memcpy(y[i], s, len);
		return VAULT_OK;
	}
	randombytes_buf(d + DIGEST_BYTES, len - DIGEST_BYTES);
	digest(d + DIGEST_BYTES, len - DIGEST_BYTES, s, len, d);
	for (i = 0; i < t - 2; i++) {
		randombytes_buf(y[i], len);
		xs[i] = (uint8_t)i;
		ys[i] = y[i];
	}
	xs[t - 2] = DIGEST_X;
	ys[t - 2] = d;
	xs[t - 1] = SECRET_X;
	ys[t - 1] = s;
	for (i = t - 2; i < n; i++)
		if ((rc = vlt_shamir_interpolate(xs, ys, t, len, (uint8_t)i,
		    y[i])) != VAULT_OK)
			return rc;
	return VAULT_OK;
}

/* RecoverSecret from m >= t points into `s`, using `d` for the digest
 * share. Extra points must agree: with t = 1 all values must be equal;
 * otherwise the digest covers the interpolation through all of them. */
static vault_err
recover_secret(unsigned t, const uint8_t *xs, const uint8_t *const *ys,
    size_t m, size_t len, uint8_t *s, uint8_t *d)
{
	uint8_t chk[DIGEST_BYTES];
	vault_err rc;
	size_t i;

	if (m < t || m == 0)
		return VAULT_ERR_SHARES;
	if (t == 1) {
		for (i = 1; i < m; i++)
			if (sodium_memcmp(ys[0], ys[i], len) != 0)
				return VAULT_ERR_SHARES;
		memcpy(s, ys[0], len);
		return VAULT_OK;
	}
	if ((rc = vlt_shamir_interpolate(xs, ys, m, len, SECRET_X, s)) !=
	    VAULT_OK ||
	    (rc = vlt_shamir_interpolate(xs, ys, m, len, DIGEST_X, d)) !=
	    VAULT_OK)
		goto out;
	digest(d + DIGEST_BYTES, len - DIGEST_BYTES, s, len, chk);
	if (sodium_memcmp(chk, d, DIGEST_BYTES) != 0)
		rc = VAULT_ERR_SHARES;
out:
	if (rc != VAULT_OK)
		sodium_memzero(s, len);
	sodium_memzero(chk, sizeof chk);
	return rc;
}

/* SLIP-0039 passphrases are printable ASCII. Checked without branching
 * on the bytes. */
static int
pass_ok(const uint8_t *pass, size_t len)
{
	uint32_t bad = 0;
	size_t i;

	if (pass == NULL)
		return len == 0;
	for (i = 0; i < len; i++)
		bad |= ((uint32_t)pass[i] - 32u) > 94u;
	return bad == 0;
}

static int
secret_len_ok(size_t len)
{
	return len >= VAULT_SLIP39_SECRET_MIN &&
	    len <= VAULT_SLIP39_SECRET_MAX && len % 2 == 0;
}

static int
groups_ok(unsigned gt, const vault_slip39_group *groups, size_t count,
    size_t out_count)
{
	size_t i, total = 0;

	if (groups == NULL || count < 1 || count > VLT_SLIP39_MAX_INDEX ||
	    gt < 1 || gt > count)
		return 0;
	for (i = 0; i < count; i++) {
		if (groups[i].threshold < 1 ||
		    groups[i].threshold > groups[i].count ||
		    groups[i].count > VLT_SLIP39_MAX_INDEX ||
		    (groups[i].threshold == 1 && groups[i].count != 1))
			return 0;
		total += groups[i].count;
	}
	return total == out_count;
}

struct split_ws {
	uint8_t ems[SECRET_MAX];
	uint8_t group[VLT_SLIP39_MAX_INDEX][SECRET_MAX];
	uint8_t member[VLT_SLIP39_MAX_INDEX][SECRET_MAX];
	uint8_t d[SECRET_MAX];
};

vault_err
vault_slip39_split(const uint8_t *secret, size_t len,
    const uint8_t *pass, size_t pass_len, unsigned exp, unsigned flags,
    unsigned group_threshold, const vault_slip39_group *groups,
    size_t group_count, vault_secret **out, size_t out_count)
{
	vault_err rc;
	vault_secret *wsb = NULL;
	struct split_ws *ws;
	struct vlt_share_hdr h;
	size_t g, m, k = 0;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	for (k = 0; k < out_count; k++)
		out[k] = NULL;
	if (secret == NULL || !secret_len_ok(len) || !pass_ok(pass, pass_len) ||
	    exp > VAULT_SLIP39_EXP_MAX || (flags & ~VAULT_SLIP39_EXTENDABLE) ||
	    !groups_ok(group_threshold, groups, group_count, out_count))
		return VAULT_ERR_INVALID;
	if ((rc = vlt_secret_new(&wsb, sizeof *ws)) != VAULT_OK)
		goto out;
	ws = (struct split_ws *)(void *)wsb->buf;
	memset(&h, 0, sizeof h);
	h.id = (uint16_t)randombytes_uniform(VLT_SLIP39_ID_MAX + 1);
	h.ext = (flags & VAULT_SLIP39_EXTENDABLE) ? 1 : 0;
	h.exp = (uint8_t)exp;
	h.group_threshold = (uint8_t)group_threshold;
	h.group_count = (uint8_t)group_count;
	if ((rc = feistel(&h, pass, pass_len, 0, secret, len, ws->ems)) !=
	    VAULT_OK)
		goto out;
	if ((rc = split_secret(group_threshold, (unsigned)group_count, ws->ems,
	    len, ws->group, ws->d)) != VAULT_OK)
		goto out;
	for (g = 0, k = 0; g < group_count; g++) {
		if ((rc = split_secret(groups[g].threshold, groups[g].count,
		    ws->group[g], len, ws->member, ws->d)) != VAULT_OK)
			goto out;
		h.group_index = (uint8_t)g;
		h.member_threshold = groups[g].threshold;
		for (m = 0; m < groups[g].count; m++) {
			h.member_index = (uint8_t)m;
			if ((rc = vlt_slip39_encode(&h, ws->member[m], len,
			    &out[k++])) != VAULT_OK)
				goto out;
		}
	}
out:
	if (rc != VAULT_OK)
		for (k = 0; k < out_count; k++) {
			vault_secret_free(out[k]);
			out[k] = NULL;
		}
	vault_secret_free(wsb);
	return rc;
}

vault_err
vault_slip39_split_simple(const uint8_t *secret, size_t len,
    const uint8_t *pass, size_t pass_len, unsigned k, unsigned n,
    unsigned exp, vault_secret **out)
{
	vault_slip39_group g;

	/* Out-of-range values become 0, which vault_slip39_split rejects
	 * after clearing out[0..n-1]. */
	g.threshold = (uint8_t)(k <= VLT_SLIP39_MAX_INDEX ? k : 0);
	g.count = (uint8_t)(n <= VLT_SLIP39_MAX_INDEX ? n : 0);
	return vault_slip39_split(secret, len, pass, pass_len, exp, 0, 1, &g, 1,
	    out, n);
}

/* The shares sorted by group and member index; public pointers only. */
struct share_table {
	const vault_share *at[VLT_SLIP39_MAX_INDEX][VLT_SLIP39_MAX_INDEX];
	unsigned count[VLT_SLIP39_MAX_INDEX];
	unsigned threshold[VLT_SLIP39_MAX_INDEX];
};

/* Check that the shares belong together and file them in `tab`. */
static vault_err
shares_sort(const vault_share *const *shares, size_t count,
    struct share_table *tab)
{
	const struct vlt_share_hdr *a, *b;
	size_t i, len;

	memset(tab, 0, sizeof *tab);
	if (shares[0] == NULL || shares[0]->value == NULL)
		return VAULT_ERR_INVALID;
	a = &shares[0]->h;
	len = shares[0]->value->len;
	if (!secret_len_ok(len))
		return VAULT_ERR_SHARES;
	for (i = 0; i < count; i++) {
		if (shares[i] == NULL || shares[i]->value == NULL)
			return VAULT_ERR_INVALID;
		b = &shares[i]->h;
		if (b->id != a->id || b->ext != a->ext || b->exp != a->exp ||
		    b->group_threshold != a->group_threshold ||
		    b->group_count != a->group_count ||
		    shares[i]->value->len != len ||
		    b->group_index >= VLT_SLIP39_MAX_INDEX ||
		    b->member_index >= VLT_SLIP39_MAX_INDEX)
			return VAULT_ERR_SHARES;
		if (tab->count[b->group_index] != 0 &&
		    tab->threshold[b->group_index] != b->member_threshold)
			return VAULT_ERR_SHARES;
		if (tab->at[b->group_index][b->member_index] != NULL)
			return VAULT_ERR_SHARES;        /* duplicate */
		tab->at[b->group_index][b->member_index] = shares[i];
		tab->threshold[b->group_index] = b->member_threshold;
		tab->count[b->group_index]++;
	}
	return VAULT_OK;
}

struct combine_ws {
	uint8_t group[VLT_SLIP39_MAX_INDEX][SECRET_MAX];
	uint8_t ems[SECRET_MAX];
	uint8_t d[SECRET_MAX];
};

/* Recover group `g` from its members into `out`. */
static vault_err
group_recover(const struct share_table *tab, unsigned g, size_t len,
    uint8_t *out, uint8_t *d)
{
	uint8_t xs[VLT_SLIP39_MAX_INDEX];
	const uint8_t *ys[VLT_SLIP39_MAX_INDEX];
	size_t m = 0;
	unsigned i;

	for (i = 0; i < VLT_SLIP39_MAX_INDEX; i++) {
		if (tab->at[g][i] == NULL)
			continue;
		xs[m] = (uint8_t)i;
		ys[m++] = tab->at[g][i]->value->buf;
	}
	return recover_secret(tab->threshold[g], xs, ys, m, len, out, d);
}

vault_err
vault_slip39_combine_shares(const vault_share *const *shares, size_t count,
    const uint8_t *pass, size_t pass_len, vault_secret **out)
{
	vault_err rc;
	vault_secret *wsb = NULL, *ms = NULL;
	struct combine_ws *ws;
	struct share_table tab;
	uint8_t gx[VLT_SLIP39_MAX_INDEX];
	const uint8_t *gy[VLT_SLIP39_MAX_INDEX];
	size_t ng = 0, len;
	unsigned g;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (shares == NULL || count == 0 || !pass_ok(pass, pass_len))
		return VAULT_ERR_INVALID;
	if ((rc = shares_sort(shares, count, &tab)) != VAULT_OK)
		return rc;
	len = shares[0]->value->len;
	for (g = 0; g < VLT_SLIP39_MAX_INDEX; g++)
		if (tab.count[g] != 0 && tab.count[g] >= tab.threshold[g])
			ng++;
	if (ng < shares[0]->h.group_threshold)
		return VAULT_ERR_SHARES;        /* too few complete groups */
	if ((rc = vlt_secret_new(&wsb, sizeof *ws)) != VAULT_OK)
		goto out;
	ws = (struct combine_ws *)(void *)wsb->buf;
	for (g = 0, ng = 0; g < VLT_SLIP39_MAX_INDEX; g++) {
		if (tab.count[g] == 0 || tab.count[g] < tab.threshold[g])
			continue;       /* incomplete: checked, not used */
		if ((rc = group_recover(&tab, g, len, ws->group[ng], ws->d)) !=
		    VAULT_OK)
			goto out;
		gx[ng] = (uint8_t)g;
		gy[ng] = ws->group[ng];
		ng++;
	}
	if ((rc = recover_secret(shares[0]->h.group_threshold, gx, gy, ng, len,
	    ws->ems, ws->d)) != VAULT_OK)
		goto out;
	if ((rc = vlt_secret_new(&ms, len)) != VAULT_OK)
		goto out;
	if ((rc = feistel(&shares[0]->h, pass, pass_len, 1, ws->ems, len,
	    ms->buf)) != VAULT_OK)
		goto out;
	*out = ms;
	ms = NULL;
out:
	vault_secret_free(ms);
	vault_secret_free(wsb);
	return rc;
}

vault_err
vault_slip39_combine(const char *const *mnemonics, size_t count,
    const uint8_t *pass, size_t pass_len, vault_secret **out)
{
	vault_err rc = VAULT_OK;
	vault_share **sh = NULL;
	size_t i;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if (mnemonics == NULL || count == 0)
		return VAULT_ERR_INVALID;
	if ((sh = calloc(count, sizeof *sh)) == NULL)
		return VAULT_ERR_NOMEM;
	for (i = 0; i < count && rc == VAULT_OK; i++) {
		if (mnemonics[i] == NULL)
			rc = VAULT_ERR_INVALID;
		else
			rc = vault_share_decode((const uint8_t *)mnemonics[i],
			    strlen(mnemonics[i]), &sh[i], NULL);
	}
	if (rc == VAULT_OK)
		rc = vault_slip39_combine_shares(
		    (const vault_share *const *)sh, count, pass, pass_len, out);
	for (i = 0; i < count; i++)
		vault_share_free(sh[i]);
	free(sh);
	return rc;
}
