/* SPDX-License-Identifier: ISC */
/*
 * kdf.c - Argon2id, from passphrase to a 32-byte key-encryption key.
 *
 * Measured on the project's 2-core machines (docs/benchmarks.md,
 * `make bench`): libsodium's crypto_pwhash (one lane, SIMD) buys 1.5-3x the
 * memory-hardness per second of the user's wait that Debian's reference
 * libargon2 does, so one-lane slots use libsodium. libsodium cannot compute
 * more than one lane, so slots whose stored lanes > 1 use libargon2, which
 * also cross-checks libsodium and runs the RFC 9106 vectors in the tests.
 * Both compute Argon2id v1.3 and give identical output for one lane.
 */
#include <string.h>
#include <sodium.h>
#include <argon2.h>
#include "internal.h"

void
vault_params_default(vault_params *p)
{
	if (p == NULL)
		return;
	p->kdf_memory_kib = 512u * 1024u;       /* ~0.9 s with 3 passes */
	p->kdf_passes = 3;
	p->kdf_lanes = 1;
}

vault_err
vault_params_check(const vault_params *p)
{
	if (p == NULL)
		return VAULT_ERR_INVALID;
	/* SECURITY: bounds checked before any allocation, so a hostile file
	 * cannot ask for unbounded memory or time. */
	if (p->kdf_memory_kib < VAULT_KDF_MEMORY_MIN_KIB ||
	    p->kdf_memory_kib > VAULT_KDF_MEMORY_MAX_KIB ||
	    p->kdf_passes < 1 || p->kdf_passes > VAULT_KDF_PASSES_MAX ||
	    p->kdf_lanes < 1 || p->kdf_lanes > VAULT_KDF_LANES_MAX ||
	    p->kdf_memory_kib < 8u * p->kdf_lanes)
		return VAULT_ERR_KDF;
	return VAULT_OK;
}

vault_err
vlt_kdf_derive_argon2(const vault_params *p, const uint8_t *pass,
    size_t pass_len, const uint8_t *salt, size_t salt_len,
    uint8_t *out, size_t out_len)
{
	argon2_context ctx;
	int rc;

	if (vault_params_check(p) != VAULT_OK)
		return VAULT_ERR_KDF;
	memset(&ctx, 0, sizeof ctx);
	ctx.out = out;
	ctx.outlen = (uint32_t)out_len;
	/* argon2 does not write the password unless asked to clear it. */
	ctx.pwd = (uint8_t *)(uintptr_t)pass;
	ctx.pwdlen = (uint32_t)pass_len;
	ctx.salt = (uint8_t *)(uintptr_t)salt;
	ctx.saltlen = (uint32_t)salt_len;
	ctx.t_cost = p->kdf_passes;
	ctx.m_cost = p->kdf_memory_kib;
	ctx.lanes = p->kdf_lanes;
	ctx.threads = p->kdf_lanes;
	ctx.version = ARGON2_VERSION_13;
	/* libargon2 wipes its working memory on free by default
	 * (FLAG_clear_internal_memory); nothing else is left behind. */
	ctx.flags = ARGON2_DEFAULT_FLAGS;
	rc = argon2_ctx(&ctx, Argon2_id);
	if (rc == ARGON2_OK)
		return VAULT_OK;
	sodium_memzero(out, out_len);
	return rc == ARGON2_MEMORY_ALLOCATION_ERROR ? VAULT_ERR_NOMEM :
	    VAULT_ERR_KDF;
}

vault_err
vlt_kdf_derive(const vault_params *p, const uint8_t *pass, size_t pass_len,
    const uint8_t salt[VLT_SALT_BYTES], vault_secret **out)
{
	vault_secret *kek = NULL;
	vault_err rc;

	*out = NULL;
	if ((rc = vault_params_check(p)) != VAULT_OK)
		return rc;
	if (pass == NULL)               /* an empty passphrase may be NULL */
		pass = (const uint8_t *)"";
	if ((rc = vlt_secret_new(&kek, VLT_KEY_BYTES)) != VAULT_OK)
		return rc;
	if (p->kdf_lanes == 1) {
		/* crypto_pwhash wipes its own working memory. */
		if (crypto_pwhash(kek->buf, VLT_KEY_BYTES, (const char *)pass,
		    pass_len, salt, p->kdf_passes,
		    (size_t)p->kdf_memory_kib * 1024u,
		    crypto_pwhash_ALG_ARGON2ID13) != 0)
			rc = VAULT_ERR_NOMEM;   /* its only failure here */
	} else {
		rc = vlt_kdf_derive_argon2(p, pass, pass_len, salt,
		    VLT_SALT_BYTES, kek->buf, VLT_KEY_BYTES);
	}
	if (rc != VAULT_OK) {
		vault_secret_free(kek);
		return rc;
	}
	*out = kek;
	return VAULT_OK;
}
