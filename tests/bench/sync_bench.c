/* SPDX-License-Identifier: ISC */
/*
 * sync_bench.c - the timings of issue 14 through the public API, for
 * tests/bench/sync.sh:
 *
 *   sync_bench backup VAULT DEST     open, then vault_backup (copy and
 *                                    verify): prints open_s backup_s
 *   sync_bench edit VAULT FROM N     change the passwords of entries
 *                                    "Entry FROM" .. FROM+N-1 (mkvault's)
 *   sync_bench merge VAULT OTHER     open, then vault_merge: prints
 *                                    open_s merge_s added updated records
 *
 * The passphrase is mkvault's, "bench passphrase".
 */
#include <stdint.h>
#include <stdio.h>
#include "vault.h"
#include "bench.h"

#define PASS "bench passphrase"

static vault_err
edit(vault *v, unsigned long from, unsigned long n)
{
	char title[64], pw[32];
	vault_entry *e = NULL;
	vault_err rc = VAULT_OK;

	for (unsigned long i = from; i < from + n && rc == VAULT_OK; i++) {
		snprintf(title, sizeof title, "Entry %06lu", i);
		snprintf(pw, sizeof pw, "Changed-%lu-q8RvT2mZkW", i);
		if ((rc = vault_entry_get(v, title, &e)) == VAULT_OK &&
		    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
		    (const uint8_t *)pw, strlen(pw))) == VAULT_OK)
			rc = vault_entry_update(v, title, e);
		vault_entry_free(e);
		e = NULL;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	vault_merge_result res;
	vault *v = NULL;
	vault_err rc;
	double t0, t1, t2;
	int rec = 0;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: sync_bench backup|edit|merge VAULT ...\n");
		return 2;
	}
	t0 = bench_now();
	if ((rc = vault_open(argv[2], (const uint8_t *)PASS, strlen(PASS),
	    &v)) != VAULT_OK)
		goto out;
	t1 = bench_now();
	if (strcmp(argv[1], "backup") == 0)
		rc = vault_backup(v, argv[3], &rec);
	else if (strcmp(argv[1], "edit") == 0 && argc == 5)
		rc = edit(v, strtoul(argv[3], NULL, 10),
		    strtoul(argv[4], NULL, 10));
	else if (strcmp(argv[1], "merge") == 0)
		rc = vault_merge(v, argv[3], &res);
	else
		rc = VAULT_ERR_INVALID;
	t2 = bench_now();
	if (rc == VAULT_OK && strcmp(argv[1], "merge") == 0)
		printf("%.3f %.3f %zu %zu %zu\n", t1 - t0, t2 - t1, res.added,
		    res.updated, res.records);
	else if (rc == VAULT_OK && strcmp(argv[1], "backup") == 0)
		printf("%.3f %.3f\n", t1 - t0, t2 - t1);
out:
	vault_close(v);
	if (rc != VAULT_OK)
		fprintf(stderr, "sync_bench: %s\n", vault_strerror(rc));
	return rc == VAULT_OK ? 0 : 1;
}
