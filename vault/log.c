/* SPDX-License-Identifier: ISC */
/*
 * log.c - the audit log: one sealed record per event, appended in the
 * transaction of the action it records, and chained:
 *
 *   chain[i] = BLAKE2b-256(key = log subkey,
 *                          "cvault-log" || chain[i-1] || seq || sealed)
 *
 * with chain[0] = 32 zero bytes. Each record (format 2) also commits to
 * the vault's content after its action, and every append ends its
 * transaction by rewriting the state row (state.c) with the new head, so
 * a log cut after the state is found at the next opening. Escrow holders
 * have the master key and so could rewrite the log consistently with
 * modified software; what protects the clerk is the log state kept in
 * the clerk's own keyslot (sealed under the clerk's passphrase-derived
 * key): the sequence number and chain value the clerk last saw. A log
 * that no longer passes through that point has been rewritten or
 * truncated, and the clerk is told.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"

#define LOG_TAG_TIME 1
#define LOG_TAG_KIND 2
#define LOG_TAG_FLAGS 3
#define LOG_TAG_ACTOR 4
#define LOG_TAG_SUBJECT 5
#define LOG_TAG_STATE 6         /* format 2: the content after the action */
#define LOG_RECORD_MAX (VAULT_TITLE_MAX + 256u)

const char *
vault_event_name(vault_event e)
{
	static const char *const name[VAULT_EVENT_COUNT] = {
		[VAULT_EVENT_OPEN] = "open",
		[VAULT_EVENT_REVEAL] = "reveal",
		[VAULT_EVENT_ADD] = "add",
		[VAULT_EVENT_EDIT] = "edit",
		[VAULT_EVENT_DELETE] = "delete",
		[VAULT_EVENT_PASSWD] = "passphrase-change",
		[VAULT_EVENT_ESCROW_SETUP] = "escrow-setup",
		[VAULT_EVENT_REKEY] = "rekey",
		[VAULT_EVENT_ACK] = "acknowledge",
		[VAULT_EVENT_CONFIG] = "config",
		[VAULT_EVENT_UPGRADE] = "format-upgrade",
		[VAULT_EVENT_RESTORE] = "restore-accepted",
		[VAULT_EVENT_MERGE] = "merge",
		[VAULT_EVENT_EXPORT] = "export",
		[VAULT_EVENT_IMPORT] = "import",
	};

	if ((unsigned)e >= VAULT_EVENT_COUNT || name[e] == NULL)
		return "unknown";
	return name[e];
}

int
vault_is_escrow_session(const vault *v)
{
	return v != NULL && v->escrow_session;
}

static void
chain_next(const vault *v, const uint8_t prev[32], uint64_t seq,
    const uint8_t *sealed, size_t len, uint8_t out[32])
{
	crypto_generichash_state h;
	uint8_t s[8];

	vlt_put_u64(s, seq);
	crypto_generichash_init(&h, vlt_key(v, VLT_SUBKEY_LOG), VLT_KEY_BYTES,
	    32);
	crypto_generichash_update(&h, (const uint8_t *)"cvault-log", 10);
	crypto_generichash_update(&h, prev, 32);
	crypto_generichash_update(&h, s, 8);
	crypto_generichash_update(&h, sealed, len);
	crypto_generichash_final(&h, out, 32);
	sodium_memzero(&h, sizeof h);
}

static void
log_place(struct vlt_place *pl, uint64_t seq)
{
	memset(pl, 0, sizeof *pl);
	pl->table = "log";
	pl->column = "record";
	pl->row = (int64_t)seq;
}

/* The last record's sequence number and chain value (0 and zeros when
 * the log is empty). Bounded: a chain value must be 32 bytes. */
vault_err
vlt_log_tail(vault *v, uint64_t *seq, uint8_t head[32])
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	*seq = 0;
	memset(head, 0, 32);
	if ((rc = vlt_db_prepare(v, "SELECT seq, chain FROM log ORDER BY seq"
	    " DESC LIMIT 1", &st)) != VAULT_OK)
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) < 1 ||
		    sqlite3_column_bytes(st, 1) != 32) {
			rc = VAULT_ERR_CORRUPT;
		} else {
			*seq = (uint64_t)sqlite3_column_int64(st, 0);
			memcpy(head, sqlite3_column_blob(st, 1), 32);
		}
	} else if (step != SQLITE_DONE) {
		rc = vlt_db_err(v->db, step);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The record's plaintext: time, kind, flags, actor, subject and (format
 * 2) the content digest after the action. Returns its length. */
/* The flags byte. Bit 0: escrow; bit 1: copied from another copy
 * (merge.c); bits 2-6: what a reveal showed (VAULT_SHOWN_*). Readers
 * before bits 1-6 were kept ignore them (docs/format.md). */
#define LOG_FLAG_ESCROW 1u
#define LOG_FLAG_MERGED 2u
#define LOG_SHOWN_SHIFT 2

static size_t
build_record_as(const vault_log_event *ev, unsigned flag_bits,
    const uint8_t *content, uint8_t *rec)
{
	uint8_t ts[8], k = (uint8_t)ev->kind;
	uint8_t flags = (uint8_t)(flag_bits | (ev->kind == VAULT_EVENT_REVEAL ?
	    (ev->shown & VAULT_SHOWN_ENTRY) << LOG_SHOWN_SHIFT : 0u));
	size_t n = 0, len = ev->subject_len, alen = strlen(ev->actor);

	if (len > VAULT_TITLE_MAX)
		len = VAULT_TITLE_MAX;
	if (alen > 95)
		alen = 95;
	vlt_put_u64(ts, (uint64_t)ev->time);
	n += vlt_tlv_put(rec + n, LOG_TAG_TIME, ts, 8, NULL, 0);
	n += vlt_tlv_put(rec + n, LOG_TAG_KIND, &k, 1, NULL, 0);
	n += vlt_tlv_put(rec + n, LOG_TAG_FLAGS, &flags, 1, NULL, 0);
	n += vlt_tlv_put(rec + n, LOG_TAG_ACTOR, (const uint8_t *)ev->actor,
	    alen, NULL, 0);
	if (ev->subject != NULL && len > 0)
		n += vlt_tlv_put(rec + n, LOG_TAG_SUBJECT, ev->subject, len,
		    NULL, 0);
	if (content != NULL)
		n += vlt_tlv_put(rec + n, LOG_TAG_STATE, content, 32, NULL, 0);
	return n;
}

static size_t
build_record(const vault *v, vault_event kind, const uint8_t *subject,
    size_t len, unsigned shown, const uint8_t *content, uint8_t *rec)
{
	vault_log_event ev;

	memset(&ev, 0, sizeof ev);
	ev.time = (int64_t)time(NULL);
	ev.kind = kind;
	ev.actor = v->actor;
	ev.subject = subject;
	ev.subject_len = len;
	ev.shown = shown;
	return build_record_as(&ev, v->escrow_session ? LOG_FLAG_ESCROW : 0,
	    content, rec);
}

static vault_err
insert_record(vault *v, uint64_t seq, const uint8_t *blob, size_t blob_len,
    const uint8_t head[32])
{
	sqlite3_stmt *st = NULL;
	vault_err rc;

	if ((rc = vlt_db_prepare(v, "INSERT INTO log (seq, record, chain)"
	    " VALUES (?, ?, ?)", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	sqlite3_bind_blob(st, 2, blob, (int)blob_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, head, 32, SQLITE_STATIC);
	/* seq is one past the last record, under the write lock: if it is
	 * taken all the same, the log's b-tree is damaged. */
	if ((rc = vlt_db_err(v->db, sqlite3_step(st))) == VAULT_ERR_EXISTS)
		rc = VAULT_ERR_CORRUPT;
	sqlite3_finalize(st);
	return rc;
}

/* The state the append starts from: a merge's, built in memory, else
 * the state row. */
static vault_err
pending_or_read(vault *v, struct vlt_state *s)
{
	if (v->pending != NULL) {
		*s = v->pending->state;
		return VAULT_OK;
	}
	return vlt_state_read(v, s);
}

/* The log must end where the state says; during a merge, the records it
 * imported after that point (and the chain through the state's head). */
static vault_err
tail_matches(vault *v, const struct vlt_state *s, uint64_t seq,
    const uint8_t head[32])
{
	uint8_t at[32];
	int found = 0;
	vault_err rc;

	if (v->pending == NULL || v->pending->imported == 0)
		return seq == s->generation &&
		    sodium_memcmp(head, s->head, 32) == 0 ? VAULT_OK :
		    VAULT_ERR_CORRUPT;
	if (seq != s->generation + v->pending->imported)
		return VAULT_ERR_CORRUPT;
	if (s->generation > 0 && ((rc = vlt_log_chain_at(v, s->generation, at,
	    &found)) != VAULT_OK))
		return rc;
	if (s->generation > 0 && (!found || sodium_memcmp(at, s->head, 32)))
		return VAULT_ERR_CORRUPT;
	return VAULT_OK;
}

vault_err
vlt_log_import(vault *v, const vault_log_event *ev)
{
	uint8_t rec[LOG_RECORD_MAX + 64], head[32], *blob = NULL;
	struct vlt_place pl;
	size_t n, blob_len = 0;
	uint64_t seq;
	vault_err rc;

	if (v->pending == NULL || v->readonly || ev->actor == NULL)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_log_tail(v, &seq, head)) != VAULT_OK)
		return rc;
	n = build_record_as(ev, (ev->escrow ? LOG_FLAG_ESCROW : 0) |
	    LOG_FLAG_MERGED, NULL, rec);
	seq++;
	log_place(&pl, seq);
	if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl, rec, n,
	    &blob, &blob_len)) == VAULT_OK) {
		chain_next(v, head, seq, blob, blob_len, head);
		if ((rc = insert_record(v, seq, blob, blob_len, head)) ==
		    VAULT_OK)
			v->pending->imported++;
	}
	sodium_memzero(rec, sizeof rec);
	free(blob);
	return rc;
}

static vault_err append(vault *v, vault_event kind, const uint8_t *subject,
    size_t len, unsigned shown, const struct vlt_state *held);

vault_err
vlt_log_append(vault *v, vault_event kind, const uint8_t *subject,
    size_t len)
{
	return append(v, kind, subject, len, 0, NULL);
}

vault_err
vlt_log_append_shown(vault *v, vault_event kind, const uint8_t *subject,
    size_t len, unsigned shown)
{
	return append(v, kind, subject, len, shown, NULL);
}

vault_err
vlt_log_append_state(vault *v, vault_event kind, const uint8_t *subject,
    size_t len, const struct vlt_state *held)
{
	return append(v, kind, subject, len, 0, held);
}

/* The one append: `shown` for a reveal; `held`, the state as a batch
 * holds it in memory, else a merge's pending state, else the state row. */
static vault_err
append(vault *v, vault_event kind, const uint8_t *subject, size_t len,
    unsigned shown, const struct vlt_state *held)
{
	uint8_t rec[LOG_RECORD_MAX + 64], head[32], content[32], *blob = NULL;
	size_t n, blob_len = 0;
	struct vlt_logstate before = v->seen;
	struct vlt_state s;
	struct vlt_place pl;
	uint64_t seq;
	vault_err rc;

	/* SECURITY: an opening without the clerk, and everything it shows,
	 * is recorded or refused. A clerk's read-only session (a copy on
	 * read-only media, or a full disk at opening) records its openings
	 * and reveals nowhere, and changes nothing: every change appends,
	 * so refusing here stops it even if the file could take it. */
	if (v->readonly)
		return !v->escrow_session && (kind == VAULT_EVENT_OPEN ||
		    kind == VAULT_EVENT_REVEAL) ? VAULT_OK : v->disk_full ?
		    VAULT_ERR_DB : VAULT_ERR_READONLY;
	if (v->version < 2)
		return VAULT_ERR_INVALID;       /* upgraded before any write */
	if (held != NULL)
		s = *held;
	else if ((rc = pending_or_read(v, &s)) != VAULT_OK)
		return rc;
	if ((rc = vlt_state_digest_parts(v, &s, VLT_DIGEST_CONTENT)) !=
	    VAULT_OK ||
	    (rc = vlt_log_tail(v, &seq, head)) != VAULT_OK)
		return rc;
	/* SECURITY: appending to a file whose state is not whole would make
	 * it look whole again (a cut log consistent, rows put back accepted):
	 * refused until the clerk acknowledges (log_check.c). */
	if (v->findings & VLT_FROZEN)
		return VAULT_ERR_CORRUPT;
	if ((rc = tail_matches(v, &s, seq, head)) != VAULT_OK)
		return rc;
	vlt_state_content(v, &s, content);
	n = build_record(v, kind, subject, len, shown, content, rec);
	seq++;
	log_place(&pl, seq);
	if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl, rec, n,
	    &blob, &blob_len)) != VAULT_OK)
		goto out;
	chain_next(v, head, seq, blob, blob_len, head);
	if ((rc = insert_record(v, seq, blob, blob_len, head)) != VAULT_OK)
		goto out;
	/* A clerk session has now seen the log up to here. */
	if (v->clerk_kek != NULL && !v->log_damaged) {
		v->seen.seq = seq;
		memcpy(v->seen.head, head, 32);
		if ((rc = vlt_clerk_save_seen(v)) != VAULT_OK)
			goto out;
	}
	/* Last write of the transaction: the state after it, the keyslot
	 * as this transaction left it. */
	if ((rc = vlt_state_digest_parts(v, &s, VLT_DIGEST_KEYSLOT)) !=
	    VAULT_OK)
		goto out;
	s.generation = seq;
	memcpy(s.head, head, 32);
	rc = vlt_state_write(v, &s);
out:
	if (rc != VAULT_OK)
		v->seen = before;
	sodium_memzero(rec, sizeof rec);
	free(blob);
	return rc;
}

vault_err
vlt_log_verify_from(vault *v, uint64_t from, const uint8_t start[32],
    uint64_t at, uint8_t at_head[32], int *reached)
{
	sqlite3_stmt *st = NULL;
	uint8_t head[32], want[32];
	uint64_t expect = from + 1;
	vault_err rc;
	int step;

	memcpy(head, start, 32);
	if ((rc = vlt_db_prepare(v, "SELECT seq, record, chain FROM log WHERE"
	    " seq > ? ORDER BY seq", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const uint8_t *rec = sqlite3_column_blob(st, 1);
		int len = sqlite3_column_bytes(st, 1);

		if ((uint64_t)sqlite3_column_int64(st, 0) != expect ||
		    rec == NULL || len < 0 ||
		    (size_t)len > vlt_sealed_len(LOG_RECORD_MAX + 64) ||
		    sqlite3_column_bytes(st, 2) != 32) {
			v->log_damaged = 1;
			break;
		}
		chain_next(v, head, expect, rec, (size_t)len, want);
		if (sodium_memcmp(want, sqlite3_column_blob(st, 2), 32) != 0) {
			v->log_damaged = 1;
			break;
		}
		memcpy(head, want, 32);
		if (expect == at) {
			memcpy(at_head, head, 32);
			*reached = 1;
		}
		expect++;
	}
	if (!v->log_damaged && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_log_chain_at(vault *v, uint64_t seq, uint8_t out[32], int *found)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	*found = 0;
	if ((rc = vlt_db_prepare(v, "SELECT chain FROM log WHERE seq = ?",
	    &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	if ((step = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == 32) {
		memcpy(out, sqlite3_column_blob(st, 0), 32);
		*found = 1;
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = vlt_db_err(v->db, step);
	}
	sqlite3_finalize(st);
	return rc;
}

/* One record's plaintext; `content` (may be NULL only for records of
 * format 1, which have none) receives the state digest when present. */
static vault_err
decode_record(const uint8_t *buf, size_t len, vault_log_event *ev,
    char actor[96], uint8_t *content)
{
	struct vlt_tlv it = { buf, len, 0, 0, NULL, 0 };

	while (vlt_tlv_next(&it)) {
		switch (it.tag) {
		case LOG_TAG_TIME:
			if (it.vlen != 8)
				return VAULT_ERR_CORRUPT;
			ev->time = (int64_t)vlt_get_u64(it.val);
			break;
		case LOG_TAG_KIND:
			if (it.vlen != 1)
				return VAULT_ERR_CORRUPT;
			ev->kind = (vault_event)it.val[0];
			break;
		case LOG_TAG_FLAGS:
			if (it.vlen != 1)
				return VAULT_ERR_CORRUPT;
			ev->escrow = it.val[0] & LOG_FLAG_ESCROW;
			ev->merged = (it.val[0] & LOG_FLAG_MERGED) != 0;
			ev->shown = (unsigned)(it.val[0] >> LOG_SHOWN_SHIFT) &
			    VAULT_SHOWN_ENTRY;
			break;
		case LOG_TAG_ACTOR:
			if (it.vlen >= 96)
				return VAULT_ERR_CORRUPT;
			memcpy(actor, it.val, it.vlen);
			actor[it.vlen] = '\0';
			ev->actor = actor;
			break;
		case LOG_TAG_SUBJECT:
			if (it.vlen > VAULT_TITLE_MAX)
				return VAULT_ERR_CORRUPT;
			ev->subject = it.val;
			ev->subject_len = it.vlen;
			break;
		case LOG_TAG_STATE:
			if (it.vlen != 32 || content == NULL)
				return VAULT_ERR_CORRUPT;
			memcpy(content, it.val, 32);
			break;
		default:
			return VAULT_ERR_CORRUPT;
		}
	}
	return it.off == len ? VAULT_OK : VAULT_ERR_CORRUPT;
}

vault_err
vault_log_walk(vault *v, uint64_t after, vault_log_fn fn, void *ctx)
{
	sqlite3_stmt *st = NULL;
	vault_secret *plain = NULL;
	struct vlt_place pl;
	vault_log_event ev;
	char actor[96];
	uint8_t content[32];
	size_t plen = 0;
	vault_err rc;
	int step, stop;

	if (v == NULL || fn == NULL)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_db_prepare(v, "SELECT seq, record FROM log WHERE seq > ?"
	    " ORDER BY seq", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(after > INT64_MAX ?
	    INT64_MAX : after));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int len = sqlite3_column_bytes(st, 1);

		/* One guarded buffer for the whole walk, not one per record
		 * (a sodium_malloc is several system calls): each record is
		 * decrypted into it and wiped from it before the next. */
		if (plain == NULL && (rc = vlt_secret_new(&plain,
		    LOG_RECORD_MAX + 64)) != VAULT_OK)
			goto out;
		memset(&ev, 0, sizeof ev);
		ev.seq = (uint64_t)sqlite3_column_int64(st, 0);
		log_place(&pl, ev.seq);
		if (len < 0 || (size_t)len > vlt_sealed_len(LOG_RECORD_MAX + 64) ||
		    vlt_open_sealed_into(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
		    sqlite3_column_blob(st, 1), (size_t)len, plain->buf,
		    plain->len, &plen) != VAULT_OK ||
		    decode_record(plain->buf, plen, &ev, actor, content) !=
		    VAULT_OK ||
		    ev.actor == NULL) {
			rc = VAULT_ERR_CORRUPT;
			goto out;
		}
		stop = fn(ctx, &ev);
		sodium_memzero(plain->buf, plen);
		if (stop != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
out:
	vault_secret_free(plain);
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_log_reseal(vault *v, const uint8_t *old)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	vault_secret *plain = NULL;
	uint8_t head[32] = { 0 }, *blob = NULL;
	size_t blob_len;
	struct vlt_place pl;
	uint64_t seq = 0;
	vault_err rc;
	int step;

	/* Rows are rewritten by seq through a second statement; the walk
	 * reads seq and record only, which the update does not move. */
	if ((rc = vlt_db_prepare(v, "SELECT seq, record FROM log ORDER BY seq",
	    &st)) != VAULT_OK ||
	    (rc = vlt_db_prepare(v, "UPDATE log SET record = ?, chain = ?"
	    " WHERE seq = ?", &up)) != VAULT_OK)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int len = sqlite3_column_bytes(st, 1);

		seq = (uint64_t)sqlite3_column_int64(st, 0);
		log_place(&pl, seq);
		if (len < 0 || vlt_open_sealed(v, old + VLT_SUBKEY_RECORD *
		    VLT_KEY_BYTES, &pl, sqlite3_column_blob(st, 1), (size_t)len,
		    &plain) != VAULT_OK) {
			rc = VAULT_ERR_CORRUPT;
			goto out;
		}
		if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
		    plain->buf, plain->len, &blob, &blob_len)) != VAULT_OK)
			goto out;
		chain_next(v, head, seq, blob, blob_len, head);
		if (seq == v->seen.seq)
			memcpy(v->seen.head, head, 32);
		sqlite3_reset(up);
		sqlite3_bind_blob(up, 1, blob, (int)blob_len, SQLITE_STATIC);
		sqlite3_bind_blob(up, 2, head, 32, SQLITE_STATIC);
		sqlite3_bind_int64(up, 3, (sqlite3_int64)seq);
		if ((rc = vlt_db_err(v->db, sqlite3_step(up))) != VAULT_OK)
			goto out;
		vault_secret_free(plain);
		plain = NULL;
		free(blob);
		blob = NULL;
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
out:
	vault_secret_free(plain);
	free(blob);
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	return rc;
}

vault_err
vlt_log_content_at(vault *v, uint64_t seq, uint8_t out[32], int *found)
{
	sqlite3_stmt *st = NULL;
	vault_secret *plain = NULL;
	struct vlt_place pl;
	vault_log_event ev;
	char actor[96];
	vault_err rc;
	int step, len;

	*found = 0;
	if ((rc = vlt_db_prepare(v, "SELECT record FROM log WHERE seq = ?",
	    &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? VAULT_OK : vlt_db_err(v->db, step);
		goto out;
	}
	len = sqlite3_column_bytes(st, 0);
	log_place(&pl, seq);
	memset(&ev, 0, sizeof ev);
	memset(out, 0, 32);
	if (len < 0 || (size_t)len > vlt_sealed_len(LOG_RECORD_MAX + 64) ||
	    vlt_open_sealed(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
	    sqlite3_column_blob(st, 0), (size_t)len, &plain) != VAULT_OK ||
	    decode_record(plain->buf, plain->len, &ev, actor, out) !=
	    VAULT_OK) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	*found = !sodium_is_zero(out, 32);
out:
	vault_secret_free(plain);
	sqlite3_finalize(st);
	return rc;
}
