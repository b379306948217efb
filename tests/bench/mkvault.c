/* SPDX-License-Identifier: ISC */
/*
 * mkvault.c - build a cvault vault of N entries through the public API
 * only: vault_create(), then vault_entry_add() once per entry (each its
 * own transaction, as the CLI does), and report how long that took.
 *
 *   mkvault PATH FROM TO MIB PASSES LANES
 *
 * adds entries FROM .. TO-1. A missing vault is created with the given
 * Argon2id settings; an existing one is opened and grown (run.sh grows
 * one vault through the sizes it measures) and, if its Argon2id settings
 * differ from those given, re-keyed to them with vault_passwd() (same
 * passphrase).
 *
 * Entries match what tests/bench/mkkdbx.py puts in the KeePass file:
 * title "Entry NNNNNN", a username, a 20-character pseudo-random password
 * (the same in both), a URL and a short note. The passphrase is
 * "bench passphrase" (run.sh feeds it to both CLIs).
 * Prints: TO open_s add_s adds_per_s.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include "vault.h"
#include "bench.h"

#define PASS "bench passphrase"

static vault_err
set(vault_entry *e, vault_field f, const char *s)
{
	return vault_entry_set(e, f, (const uint8_t *)s, strlen(s));
}

/* 20 characters from splitmix64 seeded with i (as mkkdbx.py). */
static void
password(unsigned long i, char out[21])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789";
	uint64_t x = i, z;

	for (int k = 0; k < 20; k++) {
		z = (x += 0x9E3779B97F4A7C15u);
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
		z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
		z ^= z >> 31;
		out[k] = set[z % (sizeof set - 1)];
	}
	out[20] = '\0';
}

static vault_err
add_one(vault *v, unsigned long i)
{
	char title[64], user[64], pw[21], url[64], note[64];
	vault_entry *e = NULL;
	vault_err rc;

	snprintf(title, sizeof title, "Entry %06lu", i);
	snprintf(user, sizeof user, "user%lu@example.org", i);
	password(i, pw);
	snprintf(url, sizeof url, "https://site%lu.example.org/login", i);
	snprintf(note, sizeof note, "note %lu", i);
	if ((rc = vault_entry_new(&e)) != VAULT_OK)
		return rc;
	if ((rc = set(e, VAULT_FIELD_TITLE, title)) == VAULT_OK &&
	    (rc = set(e, VAULT_FIELD_USERNAME, user)) == VAULT_OK &&
	    (rc = set(e, VAULT_FIELD_PASSWORD, pw)) == VAULT_OK &&
	    (rc = set(e, VAULT_FIELD_URL, url)) == VAULT_OK &&
	    (rc = set(e, VAULT_FIELD_NOTES, note)) == VAULT_OK)
		rc = vault_entry_add(v, e);
	vault_entry_free(e);
	return rc;
}

int
main(int argc, char **argv)
{
	vault_params p, cur;
	vault *v = NULL;
	vault_err rc;
	unsigned long from, to, i = 0;
	double t0, t1, t2;

	if (argc != 7) {
		fprintf(stderr, "usage: mkvault PATH FROM TO MIB PASSES "
		    "LANES\n");
		return 2;
	}
	from = strtoul(argv[2], NULL, 10);
	to = strtoul(argv[3], NULL, 10);
	p.kdf_memory_kib = (uint32_t)strtoul(argv[4], NULL, 10) * 1024u;
	p.kdf_passes = (uint32_t)strtoul(argv[5], NULL, 10);
	p.kdf_lanes = (uint32_t)strtoul(argv[6], NULL, 10);
	t0 = bench_now();
	if (access(argv[1], F_OK) != 0)
		rc = vault_create(argv[1], "Bench Parish Council",
		    (const uint8_t *)PASS, strlen(PASS), &p, &v);
	else if ((rc = vault_open(argv[1], (const uint8_t *)PASS,
	    strlen(PASS), &v)) == VAULT_OK &&
	    (rc = vault_params_get(v, &cur)) == VAULT_OK &&
	    memcmp(&cur, &p, sizeof p) != 0)
		rc = vault_passwd(v, (const uint8_t *)PASS, strlen(PASS), &p);
	if (rc != VAULT_OK)
		goto out;
	t1 = bench_now();
	for (i = from; i < to; i++)
		if ((rc = add_one(v, i)) != VAULT_OK)
			goto out;
	t2 = bench_now();
	printf("%lu %.3f %.3f %.0f\n", to, t1 - t0, t2 - t1,
	    to > from ? (double)(to - from) / (t2 - t1) : 0.0);
out:
	vault_close(v);
	if (rc != VAULT_OK)
		fprintf(stderr, "mkvault: entry %lu: %s\n", i,
		    vault_strerror(rc));
	return rc == VAULT_OK ? 0 : 1;
}
