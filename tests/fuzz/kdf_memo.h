/* SPDX-License-Identifier: ISC */
/*
 * kdf_memo.h - for test programs that open a vault thousands of times
 * (fuzz_vault, the tamper sweep): define, in the program itself, the two
 * Argon2id entry points the library calls, crypto_pwhash (libsodium) and
 * argon2_ctx (libargon2). The program's definitions take precedence over
 * the shared libraries' (ELF symbol interposition); they
 *  - memoise results: Argon2id is a pure function of its inputs, so this
 *    changes no outcome, only the time (~10 ms a call at 8 MiB);
 *  - refuse settings above KDF_MEMORY_CAP bytes or KDF_PASSES_CAP passes
 *    as if out of memory (the library then returns NOMEM). A file may ask
 *    for up to 4 GiB x 16 passes (vault_params_check); that cost, paid
 *    before any MAC can be checked, is bounded by design, and a fuzzer
 *    would only measure Argon2id with it.
 * Include it in exactly one file of a program, never in the library.
 */
#ifndef KDF_MEMO_H
#define KDF_MEMO_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <argon2.h>
#include <sodium.h>

#define KDF_MEMORY_CAP (64u * 1024u * 1024u)    /* bytes */
#define KDF_PASSES_CAP 4u
#define MEMO_SLOTS 8u

/* The real function: next in the lookup order, or, when the linker left
 * the library out (--as-needed: this program defines the symbol itself),
 * from the library loaded by name. */
static void *
kdf_real(const char *sym, const char *lib)
{
	void *f = dlsym(RTLD_NEXT, sym), *h;

	if (f == NULL && (h = dlopen(lib, RTLD_NOW | RTLD_LOCAL)) != NULL)
		f = dlsym(h, sym);
	if (f == NULL)
		abort();
	return f;
}

/* How many real Argon2id runs there were, and how many were memoised. */
static unsigned long kdf_real_calls, kdf_memo_hits;

struct memo {
	uint8_t in[crypto_generichash_BYTES];   /* hash of all inputs */
	uint8_t out[64];
	size_t out_len;
	int used;
};
static struct memo memo[MEMO_SLOTS];
static unsigned memo_next;

static void
memo_key(uint8_t key[crypto_generichash_BYTES], const void *pwd,
    size_t pwd_len, const void *salt, size_t salt_len, uint64_t a,
    uint64_t b, uint64_t c, size_t out_len)
{
	crypto_generichash_state st;
	uint64_t w[4] = { a, b, c, out_len };

	crypto_generichash_init(&st, NULL, 0, sizeof memo[0].in);
	crypto_generichash_update(&st, (const uint8_t *)&pwd_len,
	    sizeof pwd_len);
	crypto_generichash_update(&st, pwd, pwd_len);
	crypto_generichash_update(&st, (const uint8_t *)&salt_len,
	    sizeof salt_len);
	crypto_generichash_update(&st, salt, salt_len);
	crypto_generichash_update(&st, (const uint8_t *)w, sizeof w);
	crypto_generichash_final(&st, key, sizeof memo[0].in);
}

static int
memo_get(const uint8_t *key, uint8_t *out, size_t out_len)
{
	for (unsigned i = 0; i < MEMO_SLOTS; i++)
		if (memo[i].used && memo[i].out_len == out_len &&
		    memcmp(memo[i].in, key, sizeof memo[i].in) == 0) {
			memcpy(out, memo[i].out, out_len);
			return 1;
		}
	return 0;
}

static void
memo_put(const uint8_t *key, const uint8_t *out, size_t out_len)
{
	struct memo *m = &memo[memo_next++ % MEMO_SLOTS];

	if (out_len > sizeof m->out)
		return;
	memcpy(m->in, key, sizeof m->in);
	memcpy(m->out, out, out_len);
	m->out_len = out_len;
	m->used = 1;
}

int crypto_pwhash(unsigned char *const, unsigned long long, const char *const,
    unsigned long long, const unsigned char *const, unsigned long long,
    size_t, int);
int argon2_ctx(argon2_context *, argon2_type);

int
crypto_pwhash(unsigned char *const out, unsigned long long outlen,
    const char *const passwd, unsigned long long passwdlen,
    const unsigned char *const salt, unsigned long long opslimit,
    size_t memlimit, int alg)
{
	static int (*real)(unsigned char *, unsigned long long, const char *,
	    unsigned long long, const unsigned char *, unsigned long long,
	    size_t, int);
	uint8_t key[crypto_generichash_BYTES];
	int rc;

	if (memlimit > KDF_MEMORY_CAP || opslimit > KDF_PASSES_CAP)
		return -1;
	memo_key(key, passwd, (size_t)passwdlen, salt, crypto_pwhash_SALTBYTES,
	    opslimit, memlimit, (uint64_t)alg, (size_t)outlen);
	if (memo_get(key, out, (size_t)outlen)) {
		kdf_memo_hits++;
		return 0;
	}
	kdf_real_calls++;
	if (real == NULL)
		*(void **)&real = kdf_real("crypto_pwhash", "libsodium.so.23");
	if ((rc = real(out, outlen, passwd, passwdlen, salt, opslimit,
	    memlimit, alg)) == 0)
		memo_put(key, out, (size_t)outlen);
	return rc;
}

int
argon2_ctx(argon2_context *ctx, argon2_type type)
{
	static int (*real)(argon2_context *, argon2_type);
	uint8_t key[crypto_generichash_BYTES];
	int rc;

	if ((size_t)ctx->m_cost * 1024u > KDF_MEMORY_CAP ||
	    ctx->t_cost > KDF_PASSES_CAP)
		return ARGON2_MEMORY_ALLOCATION_ERROR;
	memo_key(key, ctx->pwd, ctx->pwdlen, ctx->salt, ctx->saltlen,
	    ctx->t_cost, ctx->m_cost, (uint64_t)ctx->lanes << 8 | type,
	    ctx->outlen);
	if (memo_get(key, ctx->out, ctx->outlen)) {
		kdf_memo_hits++;
		return ARGON2_OK;
	}
	kdf_real_calls++;
	if (real == NULL)
		*(void **)&real = kdf_real("argon2_ctx", "libargon2.so.1");
	if ((rc = real(ctx, type)) == ARGON2_OK)
		memo_put(key, ctx->out, ctx->outlen);
	return rc;
}

#endif
