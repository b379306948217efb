/* SPDX-License-Identifier: ISC */
/*
 * options.c - option values shared by several commands: numbers and the
 * Argon2id settings.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int
cli_getopt(struct cli *c, int argc, char **argv,
    const struct option *longopts)
{
	int ch, save = opterr;
	const char *arg;

	opterr = 0;     /* glibc's messages would not start "cvault: CMD:" */
	ch = getopt_long(argc, argv, ":", longopts, NULL);
	opterr = save;
	if (ch != '?' && ch != ':')
		return ch;
	arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	if (ch == ':')
		fprintf(stderr, "cvault: %s: %s needs a value\n", c->name,
		    cli_safe(arg));
	else if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		fprintf(stderr, "cvault: %s: %s takes no value\n", c->name,
		    cli_safe(arg));
	else
		fprintf(stderr, "cvault: %s: unknown option %s; 'cvault %s "
		    "--help' lists the options\n", c->name, cli_safe(arg),
		    c->name);
	return '?';
}

vault_err
cli_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	char *end;
	unsigned long long x;

	if (s == NULL || *s < '0' || *s > '9')
		return VAULT_ERR_INVALID;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || x < lo || x > hi)
		return VAULT_ERR_INVALID;
	*out = (uint32_t)x;
	return VAULT_OK;
}

static int kdf_apply(struct cli *c, const char *mib, const char *passes,
    const char *lanes, vault_params *p);

int
cli_kdf_check(struct cli *c, const char *mib, const char *passes,
    const char *lanes)
{
	vault_params p;

	vault_params_default(&p);
	return kdf_apply(c, mib, passes, lanes, &p);
}

int
cli_kdf_params(struct cli *c, const char *mib, const char *passes,
    const char *lanes, vault_params *p)
{
	if (kdf_apply(c, mib, passes, lanes, p) != 0)
		return -1;
	if (p->kdf_memory_kib < VAULT_KDF_MEMORY_SAFE_KIB ||
	    p->kdf_passes < VAULT_KDF_PASSES_SAFE)
		cli_warn(c, "Argon2id at %u MiB and %u pass%s is below the "
		    "recommended %u MiB and %u passes: a stolen vault file "
		    "would be cheaper to attack; use this only for tests",
		    p->kdf_memory_kib / 1024, p->kdf_passes,
		    p->kdf_passes == 1 ? "" : "es",
		    VAULT_KDF_MEMORY_SAFE_KIB / 1024, VAULT_KDF_PASSES_SAFE);
	return 0;
}

/* The values given, range-checked into p; prints its own error. */
static int
kdf_apply(struct cli *c, const char *mib, const char *passes,
    const char *lanes, vault_params *p)
{
	uint32_t x;

	if (mib != NULL) {
		if (cli_parse_u32(mib, VAULT_KDF_MEMORY_MIN_KIB / 1024,
		    VAULT_KDF_MEMORY_MAX_KIB / 1024, &x) != VAULT_OK) {
			cli_fail(c, VAULT_ERR_KDF, "--kdf-memory takes MiB "
			    "from %u to %u", VAULT_KDF_MEMORY_MIN_KIB / 1024,
			    VAULT_KDF_MEMORY_MAX_KIB / 1024);
			return -1;
		}
		p->kdf_memory_kib = x * 1024;
	}
	if (passes != NULL) {
		if (cli_parse_u32(passes, 1, VAULT_KDF_PASSES_MAX, &x) !=
		    VAULT_OK) {
			cli_fail(c, VAULT_ERR_KDF, "--kdf-time takes passes "
			    "from 1 to %u", VAULT_KDF_PASSES_MAX);
			return -1;
		}
		p->kdf_passes = x;
	}
	if (lanes != NULL) {
		if (cli_parse_u32(lanes, 1, VAULT_KDF_LANES_MAX, &x) !=
		    VAULT_OK) {
			cli_fail(c, VAULT_ERR_KDF, "--kdf-lanes takes 1 to %u",
			    VAULT_KDF_LANES_MAX);
			return -1;
		}
		p->kdf_lanes = x;
	}
	return 0;
}

/* Hex digits (upper or lower case, surrounding spaces ignored) into a
 * new guarded secret of *len bytes. INVALID on anything else. */
vault_err
cli_hex_decode(const vault_secret *hex, vault_secret **out, size_t *len)
{
	const uint8_t *p = vault_secret_data(hex);
	size_t n = vault_secret_len(hex), digits = 0;
	vault_err rc;

	*out = NULL;
	*len = 0;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	if (n == 0 || n % 2 != 0)
		return VAULT_ERR_INVALID;
	/* Sized to the result, then filled in place. */
	if ((rc = vault_secret_from(p, n / 2, out)) != VAULT_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = p[i], v;

		if (ch >= '0' && ch <= '9')
			v = (uint8_t)(ch - '0');
		else if ((ch | 32) >= 'a' && (ch | 32) <= 'f')
			v = (uint8_t)((ch | 32) - 'a' + 10);
		else {
			vault_secret_free(*out);
			*out = NULL;
			return VAULT_ERR_INVALID;
		}
		((uint8_t *)(uintptr_t)vault_secret_data(*out))[digits / 2] =
		    (uint8_t)(digits % 2 ? (vault_secret_data(*out)[digits / 2]
		    | v) : v << 4);
		digits++;
	}
	*len = n / 2;
	return VAULT_OK;
}
