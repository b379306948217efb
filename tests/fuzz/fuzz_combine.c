/* SPDX-License-Identifier: ISC */
/*
 * fuzz_combine.c - recombining SLIP-0039 shares: vault_slip39_combine
 * (mnemonic text) and vault_slip39_combine_shares (decoded shares).
 * Byte 0 of the input picks one of three modes:
 *  0  text: the rest is two mnemonics separated by a newline, combined
 *     under the passphrase "TREZOR" (the test vectors' one). Property:
 *     a clean error or a 16..32-byte secret, the same in either order.
 *  1  forged shares: the rest is up to four raw shares (10 header bytes,
 *     a value length, value bytes), turned into valid mnemonics with the
 *     library's own encoder (so the RS1024 checksum never stops the
 *     fuzzer) and combined. Property: OK, SHARES or INVALID, never a
 *     crash, and the result does not depend on the order of the shares.
 *  2  round trip: a secret, a passphrase and a group layout from the
 *     input are split (vault_slip39_split, deterministic randomness) and
 *     a subset of the mnemonics chosen by the input is combined.
 *     Property: the secret comes back exactly when enough groups are
 *     complete, else SHARES.
 * The iteration exponent is kept at 0 (10,000 PBKDF2 iterations): every
 * higher one doubles the cost, which is bounded by design, not a bug.
 */
#include "fuzz.h"
#include "internal.h"
#include "slip39.h"

#define MAX_SHARES 4u
#define MAX_GROUPS 4u
#define MAX_MEMBERS 5u
#define TREZOR (const uint8_t *)"TREZOR", 6

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_rng_install();
	return 0;
}

static void
same_secret(const vault_secret *a, const vault_secret *b)
{
	FUZZ_ASSERT(vault_secret_len(a) == vault_secret_len(b));
	FUZZ_ASSERT(memcmp(vault_secret_data(a), vault_secret_data(b),
	    vault_secret_len(a)) == 0);
}

static void
secret_ok(const vault_secret *s)
{
	size_t n = vault_secret_len(s);

	FUZZ_ASSERT(n >= VAULT_SLIP39_SECRET_MIN &&
	    n <= VAULT_SLIP39_SECRET_MAX && n % 2 == 0);
}

/* Mode 0: two mnemonics as text. */
static void
text_mode(const uint8_t *d, size_t len)
{
	char *buf, *nl;
	const char *m[2];
	vault_share *sh = NULL;
	vault_secret *s1 = NULL, *s2 = NULL;
	vault_err r1, r2;

	if ((buf = malloc(len + 1)) == NULL)
		return;
	memcpy(buf, d, len);
	buf[len] = '\0';
	m[0] = buf;
	m[1] = (nl = strchr(buf, '\n')) ? nl + 1 : "";
	if (nl != NULL)
		*nl = '\0';
	for (int i = 0; i < 2; i++) {
		vault_err rc = vault_share_decode((const uint8_t *)m[i],
		    strlen(m[i]), &sh, NULL);
		unsigned e = vault_share_iteration_exponent(sh);

		vault_share_free(sh);
		sh = NULL;
		if (rc == VAULT_OK && e > 0)
			goto out;               /* bounded cost, see above */
	}
	r1 = vault_slip39_combine(m, 2, TREZOR, &s1);
	FUZZ_ASSERT(r1 == VAULT_OK || r1 == VAULT_ERR_MNEMONIC ||
	    r1 == VAULT_ERR_SHARES || r1 == VAULT_ERR_NOMEM);
	FUZZ_ASSERT((r1 == VAULT_OK) == (s1 != NULL));
	{
		const char *rev[2] = { m[1], m[0] };

		r2 = vault_slip39_combine(rev, 2, TREZOR, &s2);
	}
	if (r1 != VAULT_ERR_NOMEM && r2 != VAULT_ERR_NOMEM)
		FUZZ_ASSERT(r1 == r2 || (r1 == VAULT_ERR_MNEMONIC) ||
		    (r2 == VAULT_ERR_MNEMONIC));
	if (r1 == VAULT_OK && r2 == VAULT_OK) {
		secret_ok(s1);
		same_secret(s1, s2);
	}
out:
	vault_secret_free(s1);
	vault_secret_free(s2);
	free(buf);
}

/* Mode 1: shares forged from raw fields, encoded by the library. */
static void
forged_mode(const uint8_t *d, size_t len)
{
	vault_share *sh[MAX_SHARES] = { NULL };
	const vault_share *rev[MAX_SHARES];
	vault_secret *txt = NULL, *s1 = NULL, *s2 = NULL;
	size_t n = 0, p = 0;
	vault_err r1, r2;

	while (n < MAX_SHARES && len - p >= 11) {
		struct vlt_share_hdr h;
		size_t vlen = 16 + 2 * (d[p + 10] % 9u);   /* 16..32, even */

		h.id = (uint16_t)((d[p] | d[p + 1] << 8) & VLT_SLIP39_ID_MAX);
		h.ext = d[p + 2] & 1u;
		h.exp = 0;
		h.group_index = d[p + 3] & 15u;
		h.group_count = (uint8_t)(1 + (d[p + 4] & 15u));
		h.group_threshold = (uint8_t)(1 + d[p + 5] % h.group_count);
		h.member_index = d[p + 6] & 15u;
		h.member_threshold = (uint8_t)(1 + (d[p + 7] & 15u));
		p += 11;
		if (len - p < vlen)
			break;
		if (vlt_slip39_encode(&h, d + p, vlen, &txt) != VAULT_OK)
			break;                  /* NOMEM */
		p += vlen;
		FUZZ_ASSERT(vault_share_decode(vault_secret_data(txt),
		    vault_secret_len(txt), &sh[n], NULL) == VAULT_OK);
		vault_secret_free(txt);
		txt = NULL;
		n++;
	}
	if (n == 0)
		goto out;
	r1 = vault_slip39_combine_shares((const vault_share *const *)sh, n,
	    TREZOR, &s1);
	FUZZ_ASSERT(r1 == VAULT_OK || r1 == VAULT_ERR_SHARES ||
	    r1 == VAULT_ERR_NOMEM);
	for (size_t i = 0; i < n; i++)
		rev[i] = sh[n - 1 - i];
	r2 = vault_slip39_combine_shares(rev, n, TREZOR, &s2);
	if (r1 != VAULT_ERR_NOMEM && r2 != VAULT_ERR_NOMEM)
		FUZZ_ASSERT(r1 == r2);
	if (r1 == VAULT_OK && r2 == VAULT_OK) {
		secret_ok(s1);
		same_secret(s1, s2);
	}
out:
	vault_secret_free(txt);
	vault_secret_free(s1);
	vault_secret_free(s2);
	for (size_t i = 0; i < n; i++)
		vault_share_free(sh[i]);
}

/* Mode 2: split, choose a subset, combine. */
static void
roundtrip_mode(const uint8_t *d, size_t len)
{
	vault_slip39_group g[MAX_GROUPS];
	vault_secret *out[MAX_GROUPS * MAX_MEMBERS] = { NULL }, *got = NULL;
	const char *pick[MAX_GROUPS * MAX_MEMBERS];
	char *txt[MAX_GROUPS * MAX_MEMBERS] = { NULL };
	uint8_t secret[VAULT_SLIP39_SECRET_MAX], pass[16];
	size_t slen, plen, ng, gt, total = 0, np = 0, complete = 0, k = 0;
	vault_err rc;

	if (len < 8 + 2 * MAX_GROUPS + VAULT_SLIP39_SECRET_MAX)
		return;
	slen = 16 + 2 * (d[0] % 9u);
	ng = 1 + d[1] % MAX_GROUPS;
	gt = 1 + d[2] % ng;
	plen = d[3] % (sizeof pass + 1);
	for (size_t i = 0; i < plen; i++)
		pass[i] = (uint8_t)(32 + d[4 + i % 4] % 95);   /* printable */
	for (size_t i = 0; i < ng; i++) {
		g[i].count = (uint8_t)(1 + d[8 + 2 * i] % MAX_MEMBERS);
		g[i].threshold = (uint8_t)(1 + d[9 + 2 * i] % g[i].count);
		if (g[i].threshold == 1)
			g[i].count = 1;
		total += g[i].count;
	}
	memcpy(secret, d + 8 + 2 * MAX_GROUPS, slen);
	d += 8 + 2 * MAX_GROUPS + VAULT_SLIP39_SECRET_MAX;
	len -= 8 + 2 * MAX_GROUPS + VAULT_SLIP39_SECRET_MAX;
	rc = vault_slip39_split(secret, slen, pass, plen, 0, d[-1] & 1u
	    ? VAULT_SLIP39_EXTENDABLE : 0, (unsigned)gt, g, ng, out, total);
	FUZZ_ASSERT(rc == VAULT_OK || rc == VAULT_ERR_NOMEM);
	if (rc != VAULT_OK)
		goto out;
	/* Bit i of the remaining input: is mnemonic i given back? */
	for (size_t i = 0, base = 0; i < ng; base += g[i].count, i++) {
		size_t have = 0;

		for (size_t m = 0; m < g[i].count; m++, k++) {
			if (k / 8 >= len || !(d[k / 8] >> (k % 8) & 1u))
				continue;
			txt[np] = calloc(1, vault_secret_len(out[base + m]) + 1);
			if (txt[np] == NULL)
				goto out;
			memcpy(txt[np], vault_secret_data(out[base + m]),
			    vault_secret_len(out[base + m]));
			pick[np] = txt[np];
			np++;
			have++;
		}
		complete += have >= g[i].threshold;
	}
	if (np == 0)
		goto out;
	rc = vault_slip39_combine(pick, np, pass, plen, &got);
	if (rc == VAULT_ERR_NOMEM)
		goto out;
	if (complete >= gt) {
		FUZZ_ASSERT(rc == VAULT_OK);
		FUZZ_ASSERT(vault_secret_len(got) == slen);
		FUZZ_ASSERT(memcmp(vault_secret_data(got), secret, slen) == 0);
	} else {
		FUZZ_ASSERT(rc == VAULT_ERR_SHARES);
	}
out:
	vault_secret_free(got);
	for (size_t i = 0; i < total; i++)
		vault_secret_free(out[i]);
	for (size_t i = 0; i < np; i++)
		free(txt[i]);
	sodium_memzero(secret, sizeof secret);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	fuzz_rng_seed(data, len);
	switch (data[0] % 3) {
	case 0:
		text_mode(data + 1, len - 1);
		break;
	case 1:
		forged_mode(data + 1, len - 1);
		break;
	default:
		roundtrip_mode(data + 1, len - 1);
		break;
	}
	return 0;
}
