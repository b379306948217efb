/* SPDX-License-Identifier: ISC */
/*
 * log_check.c - what the clerk is told: the log against the checkpoint
 * sealed in the clerk's keyslot (records changed or removed before what
 * the clerk last saw), and the file against its state row (a log cut
 * after the state, rows put back); the escrow records the clerk has not
 * yet acknowledged, and acknowledging exactly those that were shown.
 */
#include <string.h>
#include <sodium.h>
#include "internal.h"

#define FINDINGS_ALL (VAULT_FINDING_REWRITTEN | VAULT_FINDING_CUT | \
    VAULT_FINDING_ROWS | VAULT_FINDING_BEHIND | VAULT_FINDING_DAMAGED)

/* The clerk's checkpoint (v->seen) must still be in the log, and the
 * chain must link up after it (all of it with `full`). */
static vault_err
check_chain(vault *v, int full)
{
	static const uint8_t zero[32];
	uint8_t at[32], head[32];
	int found = 1, reached = 0;
	vault_err rc;

	if (v->clerk_kek == NULL || v->escrow_session)
		/* Nothing of the clerk's to compare with: the state row
		 * (below) at open, the whole chain for `verify`. */
		return full ? vlt_log_verify_from(v, 0, zero, 0, head,
		    &reached) : VAULT_OK;
	if (v->seen.seq > 0 && (rc = vlt_log_chain_at(v, v->seen.seq, at,
	    &found)) != VAULT_OK)
		return rc;
	if (!found || (v->seen.seq > 0 &&
	    sodium_memcmp(at, v->seen.head, 32) != 0))
		v->log_rewritten = 1;
	/* At open, the links after the checkpoint (what the clerk has not
	 * yet seen); `verify` walks the whole chain, which also catches
	 * records before the checkpoint rewritten with their stored chain
	 * values left in place. */
	if (full || v->log_rewritten)
		rc = vlt_log_verify_from(v, 0, zero, v->seen.seq, head,
		    &reached);
	else
		rc = vlt_log_verify_from(v, v->seen.seq, v->seen.head, 0, head,
		    &reached);
	if (rc != VAULT_OK)
		return rc;
	/* A full walk recomputes the checkpoint: it must give its value. */
	if (full && v->seen.seq > 0 && !v->log_damaged && (!reached ||
	    sodium_memcmp(head, v->seen.head, 32) != 0))
		v->log_rewritten = 1;
	return VAULT_OK;
}

/* The file against its state row: the log must end where the state says,
 * the escrow, holder, setting and keyslot rows must be those it names,
 * and the last record must commit to the content it describes. */
static vault_err
check_state(vault *v)
{
	struct vlt_state s, now;
	uint8_t head[32], want[32], got[32];
	uint64_t tail;
	vault_err rc;
	int found;

	if (v->version < 2)
		return VAULT_OK;        /* a format-1 file read as it is */
	if ((rc = vlt_state_read(v, &s)) != VAULT_OK ||
	    (rc = vlt_log_tail(v, &tail, head)) != VAULT_OK)
		return rc;
	now = s;
	if ((rc = vlt_state_digest(v, &now)) != VAULT_OK)
		return rc;
	if (tail != s.generation || sodium_memcmp(head, s.head, 32) != 0)
		v->findings |= VAULT_FINDING_CUT;
	if (sodium_memcmp(now.escrow, s.escrow, 32) != 0 ||
	    sodium_memcmp(now.settings, s.settings, 32) != 0 ||
	    sodium_memcmp(now.keyslot, s.keyslot, 32) != 0)
		v->findings |= VAULT_FINDING_ROWS;
	if (!(v->findings & VAULT_FINDING_CUT) && s.generation > 0) {
		if ((rc = vlt_log_content_at(v, s.generation, got, &found)) !=
		    VAULT_OK)
			return rc;
		vlt_state_content(v, &s, want);
		if (!found || sodium_memcmp(got, want, 32) != 0)
			v->findings |= VAULT_FINDING_ROWS;
	}
	return VAULT_OK;
}

vault_err
vlt_log_check(vault *v, int full)
{
	vault_err rc;
	int started = 0;

	v->log_damaged = v->log_rewritten = 0;
	v->findings &= VAULT_FINDING_BEHIND;    /* checkpoint.c's own */
	/* One read transaction: the log, the state and the rows it names
	 * must be of the same moment, or another process's commit between
	 * two reads would look like a cut or a row put back. */
	if ((rc = vlt_db_begin_read(v, &started)) != VAULT_OK)
		return rc;
	if ((rc = check_chain(v, full)) == VAULT_OK)
		rc = check_state(v);
	vlt_db_end_read(v, started);
	if (rc != VAULT_OK)
		return rc;
	if (v->log_rewritten)
		v->findings |= VAULT_FINDING_REWRITTEN;
	if (v->log_damaged)
		v->findings |= VAULT_FINDING_DAMAGED;
	/* SECURITY: holders may not open a file whose state is not whole,
	 * nor record their opening on top of the damage (which would make a
	 * cut log consistent again): refused. */
	if (v->escrow_session && v->findings != 0)
		return VAULT_ERR_CORRUPT;
	/* The clerk's keyslot keeps them until the clerk acknowledges. */
	if (v->clerk_kek != NULL)
		v->seen.alarm |= v->findings & ~VAULT_FINDING_BEHIND;
	return VAULT_OK;
}

unsigned
vault_findings(const vault *v)
{
	unsigned f;

	if (v == NULL)
		return 0;
	f = v->findings;
	if (v->clerk_kek != NULL && !v->escrow_session)
		f |= (unsigned)(v->seen.alarm & FINDINGS_ALL);
	return f;
}

struct pending {
	size_t escrow;
	uint64_t last;
};

static int
count_escrow(void *ctx, const vault_log_event *ev)
{
	struct pending *p = ctx;

	if (ev->escrow)
		p->escrow++;
	p->last = ev->seq;
	return 0;
}

vault_err
vault_log_pending(vault *v, uint64_t *acked, size_t *escrow_events,
    int *rewritten)
{
	struct pending p = { 0, 0 };
	vault_err rc;

	if (v == NULL || acked == NULL || escrow_events == NULL ||
	    rewritten == NULL)
		return VAULT_ERR_INVALID;
	*acked = 0;
	*escrow_events = 0;
	*rewritten = 0;
	/* SECURITY: an escrow session never sees or clears the clerk's
	 * notices, even after it has set a new clerk passphrase. */
	if (v->clerk_kek == NULL || v->escrow_session)
		return VAULT_OK;
	if ((rc = vault_log_walk(v, v->seen.acked, count_escrow, &p)) !=
	    VAULT_OK)
		return rc;
	*acked = v->seen.acked;
	*escrow_events = p.escrow;
	*rewritten = v->log_damaged ? 2 : vault_findings(v) != 0 ? 1 : 0;
	return VAULT_OK;
}

vault_err
vault_log_ack(vault *v, uint64_t through)
{
	struct vlt_logstate before;
	uint8_t head[32];
	uint64_t tail;
	unsigned findings;
	vault_err rc;

	if (v == NULL || v->clerk_kek == NULL || v->escrow_session)
		return VAULT_ERR_INVALID;
	if (v->readonly)
		return VAULT_ERR_READONLY;
	before = v->seen;
	findings = v->findings;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	/* Exactly what was shown: records after `through` stay pending. */
	if ((rc = vlt_log_tail(v, &tail, head)) != VAULT_OK)
		goto out;
	/* A frozen file is accepted as it is now: the state is rebuilt from
	 * its rows, and this acknowledgement records that it was. */
	if ((v->findings & VLT_FROZEN) &&
	    (rc = vlt_state_rebuild(v, tail, head)) != VAULT_OK)
		goto out;
	v->findings &= ~VLT_FROZEN;
	if (through > v->seen.acked)
		v->seen.acked = through < tail ? through : tail;
	v->seen.alarm = 0;
	if ((rc = vlt_log_append(v, VAULT_EVENT_ACK, NULL, 0)) != VAULT_OK)
		goto out;
	rc = vlt_db_commit(v);
out:
	if (rc != VAULT_OK) {
		vlt_db_rollback(v);
		v->seen = before;       /* memory matches the file again */
		v->findings = findings;
	} else {
		v->log_rewritten = 0;
		v->findings &= VAULT_FINDING_BEHIND;
	}
	return rc;
}

vault_err
vlt_log_settle(vault *v)
{
	struct pending p = { 0, 0 };
	vault_err rc;

	if (v->clerk_kek == NULL || v->escrow_session || v->log_damaged ||
	    v->log_rewritten || v->seen.alarm || v->findings)
		return VAULT_OK;
	/* Only the records since the last acknowledgement are read, in one
	 * statement: the mark moves to the last record read, never past a
	 * record appended meanwhile. */
	if ((rc = vault_log_walk(v, v->seen.acked, count_escrow, &p)) !=
	    VAULT_OK)
		return rc;
	if (p.escrow == 0 && p.last > v->seen.acked)
		v->seen.acked = p.last;
	return VAULT_OK;
}
