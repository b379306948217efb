/* SPDX-License-Identifier: ISC */
/*
 * t_kdf.c - Argon2id: the RFC 9106 known answer (tests/vectors/
 * argon2id.txt) through libargon2, and libsodium's one-lane Argon2id
 * cross-checked against libargon2 through cvault's own derive functions.
 */
#include <argon2.h>
#include "tap.h"
#include "testutil.h"
#include "internal.h"

struct vec {
	unsigned mem, passes, lanes, version;
	unsigned char pwd[64], salt[64], secret[64], ad[64], tag[64];
	size_t pwd_len, salt_len, secret_len, ad_len, tag_len;
};

static int
read_vector(const char *path, struct vec *v)
{
	FILE *f = fopen(path, "r");
	char line[512], key[32], val[400];
	int n = 0;

	if (f == NULL)
		return -1;
	memset(v, 0, sizeof *v);
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || sscanf(line, "%31[^:]: %399s", key, val) != 2)
			continue;
		n++;
		if (!strcmp(key, "memory_kib")) v->mem = (unsigned)atoi(val);
		else if (!strcmp(key, "passes")) v->passes = (unsigned)atoi(val);
		else if (!strcmp(key, "lanes")) v->lanes = (unsigned)atoi(val);
		else if (!strcmp(key, "version")) v->version = (unsigned)atoi(val);
		else if (!strcmp(key, "password")) v->pwd_len = hex_decode(val, v->pwd, 64);
		else if (!strcmp(key, "salt")) v->salt_len = hex_decode(val, v->salt, 64);
		else if (!strcmp(key, "secret")) v->secret_len = hex_decode(val, v->secret, 64);
		else if (!strcmp(key, "ad")) v->ad_len = hex_decode(val, v->ad, 64);
		else if (!strcmp(key, "tag")) v->tag_len = hex_decode(val, v->tag, 64);
	}
	fclose(f);
	return n;
}

static void
test_rfc9106_argon2id_vector(void)
{
	struct vec v;
	argon2_context ctx;
	unsigned char out[64];

	REQUIRE(read_vector("tests/vectors/argon2id.txt", &v) >= 10);
	REQUIRE(v.tag_len == 32 && v.version == 19);
	memset(&ctx, 0, sizeof ctx);
	ctx.out = out;
	ctx.outlen = (uint32_t)v.tag_len;
	ctx.pwd = v.pwd;
	ctx.pwdlen = (uint32_t)v.pwd_len;
	ctx.salt = v.salt;
	ctx.saltlen = (uint32_t)v.salt_len;
	ctx.secret = v.secret;
	ctx.secretlen = (uint32_t)v.secret_len;
	ctx.ad = v.ad;
	ctx.adlen = (uint32_t)v.ad_len;
	ctx.t_cost = v.passes;
	ctx.m_cost = v.mem;
	ctx.lanes = ctx.threads = v.lanes;
	ctx.version = ARGON2_VERSION_13;
	CHECK(argon2_ctx(&ctx, Argon2_id) == ARGON2_OK);
	CHECK(memcmp(out, v.tag, v.tag_len) == 0);
}

/* libsodium (one lane) and libargon2 must agree, through our code. */
static void
test_sodium_matches_libargon2(void)
{
	static const uint8_t salt[VLT_SALT_BYTES] = "0123456789abcdef";
	vault_params p = { 8 * 1024, 2, 1 };
	vault_secret *a = NULL;
	uint8_t b[VLT_KEY_BYTES];

	REQUIRE(vlt_kdf_derive(&p, PASS("parish pump"), salt, &a) == VAULT_OK);
	REQUIRE(vlt_kdf_derive_argon2(&p, PASS("parish pump"), salt,
	    sizeof salt, b, sizeof b) == VAULT_OK);
	CHECK(vault_secret_len(a) == VLT_KEY_BYTES);
	CHECK(memcmp(vault_secret_data(a), b, sizeof b) == 0);
	vault_secret_free(a);
	/* A different passphrase, salt or lane count changes the key. */
	p.kdf_lanes = 2;
	REQUIRE(vlt_kdf_derive(&p, PASS("parish pump"), salt, &a) == VAULT_OK);
	CHECK(memcmp(vault_secret_data(a), b, sizeof b) != 0);
	vault_secret_free(a);
	p.kdf_lanes = 1;
	REQUIRE(vlt_kdf_derive(&p, PASS("parish pumP"), salt, &a) == VAULT_OK);
	CHECK(memcmp(vault_secret_data(a), b, sizeof b) != 0);
	vault_secret_free(a);
}

static void
test_derive_refuses_out_of_range(void)
{
	static const uint8_t salt[VLT_SALT_BYTES] = { 0 };
	vault_params p = { VAULT_KDF_MEMORY_MAX_KIB + 1, 1, 1 };
	vault_secret *a = NULL;
	uint8_t b[VLT_KEY_BYTES];

	CHECK(vlt_kdf_derive(&p, PASS("x"), salt, &a) == VAULT_ERR_KDF);
	CHECK(a == NULL);
	p.kdf_memory_kib = 8192;
	p.kdf_passes = VAULT_KDF_PASSES_MAX + 1;
	CHECK(vlt_kdf_derive_argon2(&p, PASS("x"), salt, sizeof salt, b,
	    sizeof b) == VAULT_ERR_KDF);
}

int
main(void)
{
	RUN(test_rfc9106_argon2id_vector);
	RUN(test_sodium_matches_libargon2);
	RUN(test_derive_refuses_out_of_range);
	return TAP_END();
}
