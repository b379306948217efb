/* SPDX-License-Identifier: ISC */
/*
 * batch.c - many entries added in one transaction (an import).
 *
 * An ordinary add folds its row into the state row and appends a log
 * record, which rewrites the state row again: two sealed 8 KiB writes a
 * row. A batch instead reads the state once at begin, folds every row it
 * writes into that copy in memory (manifest.c's fold_into), and at commit
 * appends one IMPORT record carrying it (log.c's append_state), which is
 * the transaction's one state write. The invariant that every transaction
 * ends with the state row rewritten holds once, at the end. Entries
 * replaced in the batch are checked against the state held in memory, so
 * a row written earlier in the same batch is found as it now is.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"

struct vault_batch {
	vault *v;
	struct vlt_state s;     /* the state as the batch has changed it */
	size_t count;
	int64_t now;
};

vault_err
vault_batch_begin(vault *v, vault_batch **out)
{
	vault_batch *b = NULL;
	vault_err rc;

	if (out != NULL)
		*out = NULL;
	if (v == NULL || out == NULL)
		return VAULT_ERR_INVALID;
	if (v->readonly)
		return v->disk_full ? VAULT_ERR_DB : VAULT_ERR_READONLY;
	if (v->version < 2)
		return VAULT_ERR_INVALID;       /* upgraded before any write */
	if (v->findings & VLT_FROZEN)
		return VAULT_ERR_CORRUPT;       /* as log.c refuses to append */
	if ((b = calloc(1, sizeof *b)) == NULL)
		return VAULT_ERR_NOMEM;
	b->v = v;
	b->now = (int64_t)time(NULL);
	if ((rc = vlt_db_begin(v)) != VAULT_OK) {
		free(b);
		return rc;
	}
	if ((rc = vlt_state_read(v, &b->s)) != VAULT_OK) {
		vault_batch_abort(b);
		return rc;
	}
	*out = b;
	return VAULT_OK;
}

static void
le64(uint8_t *p, int64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)((uint64_t)v >> (8 * i));
}

/* Unset times: now; an unset password time follows the modified time.
 * All three are written in one rebuild of e's guarded buffer (the
 * setters would make one each: this runs once a row). */
static vault_err
fill_times(vault_entry *e, int64_t now)
{
	int64_t t[3];
	vault_secret *nrec = NULL;
	struct vlt_tlv it;
	size_t n = 0, old = e->rec != NULL ? e->rec->len : 0;
	vault_err rc;

	t[0] = vault_entry_time(e, VAULT_TIME_CREATED);
	t[1] = vault_entry_time(e, VAULT_TIME_MODIFIED);
	t[2] = vault_entry_time(e, VAULT_TIME_PASSWORD);
	if (t[0] != 0 && t[1] != 0 && t[2] != 0)
		return VAULT_OK;
	t[0] = t[0] ? t[0] : now;
	t[1] = t[1] ? t[1] : now;
	t[2] = t[2] ? t[2] : t[1];
	memset(&it, 0, sizeof it);
	it.buf = e->rec != NULL ? e->rec->buf : NULL;
	it.len = old;
	while (vlt_tlv_next(&it))       /* the exact size, first */
		if (it.tag < VLT_TAG_CREATED || it.tag > VLT_TAG_PWCHANGED)
			n += 5 + it.vlen;
	if ((rc = vlt_secret_new(&nrec, n + 3 * 13)) != VAULT_OK)
		return rc;
	n = 0;
	it.off = 0;
	while (vlt_tlv_next(&it))
		if (it.tag < VLT_TAG_CREATED || it.tag > VLT_TAG_PWCHANGED)
			n += vlt_tlv_put(nrec->buf + n, it.tag, it.val, it.vlen,
			    NULL, 0);
	for (int i = 0; i < 3; i++) {
		uint8_t ts[8];

		le64(ts, t[i]);
		n += vlt_tlv_put(nrec->buf + n, VLT_TAG_CREATED + (unsigned)i,
		    ts, 8, NULL, 0);
	}
	vault_secret_free(e->rec);
	e->rec = nrec;
	return VAULT_OK;
}

/* The replaced entry's history (oldest first) and then its password,
 * when it differs from e's, become e's newest history; its created time
 * is kept. SECURITY: passwords are compared in constant time. */
static vault_err
carry_over(const vault_entry *old, vault_entry *e, int64_t now)
{
	const uint8_t *op = NULL, *np = NULL, *hp;
	size_t ol = 0, nl = 0, hl, n = 0;
	int64_t when;
	vault_err rc;

	if (vault_entry_field(old, VAULT_FIELD_PASSWORD, &op, &ol) != VAULT_OK)
		ol = 0;
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &np, &nl) != VAULT_OK)
		nl = 0;
	while (vault_entry_history(old, n, &hp, &hl, &when) == VAULT_OK)
		n++;
	while (n-- > 0) {
		if ((rc = vault_entry_history(old, n, &hp, &hl, &when)) !=
		    VAULT_OK ||
		    (rc = vault_entry_history_push(e, hp, hl, when)) !=
		    VAULT_OK)
			return rc;
	}
	/* e's buffer was rebuilt: take its password afresh. */
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &np, &nl) != VAULT_OK)
		nl = 0;
	if (ol != 0 && (ol != nl || sodium_memcmp(op, np, ol) != 0) &&
	    (rc = vault_entry_history_push(e, op, ol, now)) != VAULT_OK)
		return rc;
	return vault_entry_time_set(e, VAULT_TIME_CREATED,
	    vault_entry_time(old, VAULT_TIME_CREATED));
}

static vault_err
replace(vault_batch *b, vault_entry *e, const char *title)
{
	vault_entry *old = NULL;
	int64_t row;
	vault_err rc;

	if ((rc = vlt_entry_fetch(b->v, &b->s, title, &old, &row)) !=
	    VAULT_OK ||
	    (rc = carry_over(old, e, b->now)) != VAULT_OK ||
	    (rc = vlt_manifest_fold_into(b->v, &b->s, row, -1)) != VAULT_OK ||
	    (rc = vlt_entry_put(b->v, &row, e, 0)) != VAULT_OK)
		goto out;
	rc = vlt_manifest_fold_into(b->v, &b->s, row, +1);
out:
	vault_entry_free(old);
	return rc;
}

vault_err
vault_batch_add(vault_batch *b, vault_entry *e, unsigned flags)
{
	const uint8_t *t;
	size_t tlen;
	char *title = NULL;
	int64_t row;
	vault_err rc;

	if (b == NULL || e == NULL || (flags & ~VAULT_BATCH_REPLACE) != 0 ||
	    vault_entry_field(e, VAULT_FIELD_TITLE, &t, &tlen) != VAULT_OK)
		return VAULT_ERR_INVALID;
	if ((rc = fill_times(e, b->now)) != VAULT_OK)
		return rc;
	rc = vlt_entry_title_free(b->v, e, 0);
	if (rc == VAULT_ERR_EXISTS && (flags & VAULT_BATCH_REPLACE)) {
		/* The title is text without NUL (vault_entry_set's rules). */
		if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &tlen) !=
		    VAULT_OK || (title = malloc(tlen + 1)) == NULL)
			return VAULT_ERR_NOMEM;
		memcpy(title, t, tlen);
		title[tlen] = '\0';
		rc = replace(b, e, title);
		sodium_memzero(title, tlen);
		free(title);
	} else if (rc == VAULT_OK &&
	    (rc = vlt_entry_put(b->v, &row, e, 1)) == VAULT_OK) {
		rc = vlt_manifest_fold_into(b->v, &b->s, row, +1);
	}
	if (rc == VAULT_OK)
		b->count++;
	return rc;
}

size_t
vault_batch_count(const vault_batch *b)
{
	return b != NULL ? b->count : 0;
}

vault_err
vault_batch_commit(vault_batch *b, const char *label)
{
	size_t len;
	vault_err rc;

	if (b == NULL)
		return VAULT_ERR_INVALID;
	len = label != NULL ? strlen(label) : 0;
	if (len == 0 || len > VAULT_TITLE_MAX ||
	    vault_text_check((const uint8_t *)label, len, 0, NULL, NULL) != 0) {
		vault_batch_abort(b);
		return VAULT_ERR_INVALID;
	}
	if ((rc = vlt_log_append_state(b->v, VAULT_EVENT_IMPORT,
	    (const uint8_t *)label, len, &b->s)) == VAULT_OK)
		rc = vlt_db_commit(b->v);       /* rolls back on failure */
	if (rc != VAULT_OK)
		vlt_db_rollback(b->v);
	sodium_memzero(&b->s, sizeof b->s);
	free(b);
	return rc;
}

void
vault_batch_abort(vault_batch *b)
{
	if (b == NULL)
		return;
	vlt_db_rollback(b->v);
	sodium_memzero(&b->s, sizeof b->s);
	free(b);
}
