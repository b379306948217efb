/* SPDX-License-Identifier: ISC */
/*
 * verify.c - `verify`: every record decrypted and authenticated, SQLite's
 * own structure checked, the entries against the state's buckets, the
 * whole log chain walked, and the file against its state row and what
 * the clerk last saw. Any finding fails the check.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

/* PRAGMA integrity_check: VAULT_OK when it answers "ok". */
static vault_err
integrity(vault *v)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	if ((rc = vlt_db_prepare(v, "PRAGMA integrity_check(1)", &st)) !=
	    VAULT_OK)
		return rc == VAULT_ERR_DB ? VAULT_ERR_CORRUPT : rc;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const unsigned char *r = sqlite3_column_text(st, 0);
		rc = r != NULL && strcmp((const char *)r, "ok") == 0 ?
		    VAULT_OK : VAULT_ERR_CORRUPT;
	} else {
		rc = vlt_db_err(v->db, step);
		if (rc == VAULT_ERR_DB)
			rc = VAULT_ERR_CORRUPT;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Every entry row against the buckets and count of the state. */
static vault_err
entries_match_state(vault *v)
{
	struct vlt_state have;
	vault_err rc;

	if ((rc = vlt_manifest_compute(v, &have)) != VAULT_OK)
		return rc;
	return vlt_manifest_matches(v, &have);
}

struct report {
	vault_damage_fn fn;
	void *ctx;
	size_t n;
};

static void
found(struct report *r, const char *what)
{
	r->n++;
	if (r->fn != NULL)
		r->fn(r->ctx, what);
}

/* Run one check: CORRUPT is a finding described by `what`; any other
 * error stops the verification. */
static vault_err
check(struct report *r, vault_err rc, const char *what)
{
	if (rc == VAULT_ERR_CORRUPT) {
		found(r, what);
		return VAULT_OK;
	}
	return rc;
}

static void
report_findings(struct report *r, unsigned f)
{
	static const struct { unsigned bit; const char *what; } msg[] = {
		{ VAULT_FINDING_DAMAGED, "audit log (its hash chain is "
		    "broken)" },
		{ VAULT_FINDING_REWRITTEN, "audit log (records the clerk had "
		    "seen were changed or removed)" },
		{ VAULT_FINDING_CUT, "audit log (records removed after the "
		    "vault's last saved state, or that state put back)" },
		{ VAULT_FINDING_ROWS, "settings, escrow, holder or keyslot "
		    "rows (put back from an older copy, or changed)" },
		{ VAULT_FINDING_BEHIND, "the whole file (older than the copy "
		    "this computer last saw)" },
	};

	for (size_t i = 0; i < sizeof msg / sizeof *msg; i++)
		if (f & msg[i].bit)
			found(r, msg[i].what);
}

vault_err
vault_verify(vault *v, vault_damage_fn fn, void *ctx, size_t *damaged)
{
	struct report r = { fn, ctx, 0 };
	vault_err rc;

	if (damaged != NULL)
		*damaged = 0;
	if (v == NULL)
		return VAULT_ERR_INVALID;
	/* The header, clerk keyslot and council were authenticated at open;
	 * read the council again in case the file changed since. */
	free(v->council);
	v->council = NULL;
	if ((rc = check(&r, vlt_council_read(v), "council name setting")) !=
	    VAULT_OK)
		return rc;
	/* SQLite's own structure first: a damaged index or page can hide
	 * rows from the walks below. */
	if ((rc = check(&r, integrity(v), "the database structure (SQLite "
	    "integrity check)")) != VAULT_OK)
		return rc;
	if ((rc = vlt_verify_entries(v, fn, ctx, &r.n)) == VAULT_ERR_CORRUPT)
		found(&r, "the entries table (unreadable)");
	else if (rc != VAULT_OK)
		return rc;
	if ((rc = check(&r, entries_match_state(v), "the set of entries (an "
	    "entry was removed, added, changed or replaced by an older "
	    "copy)")) !=
	    VAULT_OK)
		return rc;
	/* The whole chain, the state row, what the clerk last saw; an
	 * escrow session gets CORRUPT with the findings set. */
	rc = vlt_log_check(v, 1);
	if (rc == VAULT_ERR_CORRUPT && vault_findings(v) == 0)
		found(&r, "the vault's state record");
	else if (rc != VAULT_OK && rc != VAULT_ERR_CORRUPT)
		return rc;
	report_findings(&r, vault_findings(v));
	if (damaged != NULL)
		*damaged = r.n;
	return r.n ? VAULT_ERR_CORRUPT : VAULT_OK;
}
