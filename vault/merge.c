/* SPDX-License-Identifier: ISC */
/*
 * merge.c - `vault_merge`: every change of another copy of this vault
 * brought in, in one transaction whose last write is the one state
 * write (docs/format.md, "Merging copies").
 *
 * The other copy is opened read-only with this session's master key and
 * verified first (a copy that fails, or another vault, is refused with
 * nothing written). Entries are matched by row id, which is random and
 * kept for an entry's life in every copy: rows equal in both are left;
 * rows that differ are decided by the most recent edit (the modified
 * time; equal times by the plaintext's bytes, so either direction
 * decides alike), and the other side's password, when it differs and is
 * not in the winner's history, is added to that history. A row only in
 * one copy is kept unless the other copy deleted it (its `deleted` set,
 * tomb.c) at or after the row's last edit. The deleted sets are united.
 * Log records the vault lacks are appended as merged records
 * (merge_log.c). Escrow and holder rows that differ are taken from the
 * other copy only when its log holds an escrow change this one lacks and
 * not the reverse; otherwise the merge is refused. The clerk's keyslot
 * and the other settings stay this vault's.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "merge.h"

struct row {
	int64_t id;
	uint8_t h[32];          /* hash of summary || body, as stored */
};

struct rows {
	struct row *r;
	size_t n;
};

static vault_err
read_rows(vault *v, struct rows *out)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	vault_err rc;
	int step;

	out->r = NULL;
	out->n = 0;
	if ((rc = vlt_db_prepare(v, "SELECT id, summary, body FROM entry"
	    " ORDER BY id", &st)) != VAULT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		crypto_generichash_state h;

		if (out->n == cap) {
			struct row *nu;

			cap = cap ? 2 * cap : 1024;
			if ((nu = realloc(out->r, cap * sizeof *nu)) == NULL) {
				rc = VAULT_ERR_NOMEM;
				goto out;
			}
			out->r = nu;
		}
		out->r[out->n].id = sqlite3_column_int64(st, 0);
		crypto_generichash_init(&h, NULL, 0, 32);
		crypto_generichash_update(&h, sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
		crypto_generichash_update(&h, sqlite3_column_blob(st, 2),
		    (size_t)sqlite3_column_bytes(st, 2));
		crypto_generichash_final(&h, out->r[out->n++].h, 32);
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
out:
	sqlite3_finalize(st);
	return rc;
}

static int64_t
tomb_time(const struct vlt_tomb *t, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].id == id)
			return t[mid].time;
		if (t[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
password_of(const vault_entry *e, const uint8_t **p, size_t *len)
{
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, p, len) != VAULT_OK)
		*len = 0;
	return *len > 0;
}

/* 1 when `e` has password p (now or in its history). */
static int
knows(const vault_entry *e, const uint8_t *p, size_t len)
{
	const uint8_t *q;
	size_t ql;
	int64_t when;

	if (password_of(e, &q, &ql) && ql == len && sodium_memcmp(q, p, len) == 0)
		return 1;
	for (size_t i = 0; vault_entry_history(e, i, &q, &ql, &when) ==
	    VAULT_OK; i++)
		if (ql == len && sodium_memcmp(q, p, len) == 0)
			return 1;
	return 0;
}

/* 1 when `a` wins over `b`: the later edit, else the greater bytes. */
static int
wins(const vault_entry *a, const vault_entry *b)
{
	int64_t ma = vault_entry_time(a, VAULT_TIME_MODIFIED);
	int64_t mb = vault_entry_time(b, VAULT_TIME_MODIFIED);
	size_t n = a->rec->len < b->rec->len ? a->rec->len : b->rec->len;
	int d;

	if (ma != mb)
		return ma > mb;
	d = memcmp(a->rec->buf, b->rec->buf, n);
	return d != 0 ? d > 0 : a->rec->len >= b->rec->len;
}

/* Row `id` differs in the two copies: decide, and write when the
 * result is not what this vault has. */
static vault_err
merge_pair(vault *v, vault *c, int64_t id, vault_merge_result *res)
{
	vault_entry *a = NULL, *b = NULL, *w, *l;
	const uint8_t *p;
	size_t len;
	int pushed = 0;
	vault_err rc;

	if ((rc = vlt_entry_load(v, id, &a)) != VAULT_OK ||
	    (rc = vlt_entry_load(c, id, &b)) != VAULT_OK)
		goto out;
	w = wins(a, b) ? a : b;
	l = w == a ? b : a;
	if (password_of(l, &p, &len) && !knows(w, p, len)) {
		if ((rc = vault_entry_history_push(w, p, len,
		    vault_entry_time(l, VAULT_TIME_PASSWORD))) != VAULT_OK)
			goto out;
		pushed = 1;
	}
	if (w == a && !pushed)
		goto out;               /* this vault's row is the result */
	if ((rc = vlt_manifest_fold_into(v, &v->pending->state, id, -1)) !=
	    VAULT_OK || (rc = vlt_entry_put(v, &id, w, 0)) != VAULT_OK ||
	    (rc = vlt_manifest_fold_into(v, &v->pending->state, id, +1)) !=
	    VAULT_OK)
		goto out;
	res->updated++;
out:
	if (rc == VAULT_ERR_EXISTS)
		res->refused = "an entry's title is used by another entry in "
		    "the other copy; rename one of them and merge again";
	vault_entry_free(a);
	vault_entry_free(b);
	return rc;
}

static vault_err
take_row(vault *v, vault *c, int64_t id, vault_merge_result *res)
{
	vault_entry *e = NULL;
	vault_err rc;

	if ((rc = vlt_entry_load(c, id, &e)) == VAULT_OK &&
	    (rc = vlt_entry_insert_as(v, id, e)) == VAULT_OK &&
	    (rc = vlt_manifest_fold_into(v, &v->pending->state, id, +1)) ==
	    VAULT_OK)
		res->added++;
	if (rc == VAULT_ERR_EXISTS)
		res->refused = "an entry added in the other copy has the title "
		    "of a different entry here; rename one of them and merge "
		    "again";
	vault_entry_free(e);
	return rc;
}

static vault_err
drop_row(vault *v, int64_t id, vault_merge_result *res)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;

	if ((rc = vlt_manifest_fold_into(v, &v->pending->state, id, -1)) !=
	    VAULT_OK || (rc = vlt_db_prepare(v, "DELETE FROM entry WHERE"
	    " id = ?", &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = vlt_db_err(v->db, sqlite3_step(st))) == VAULT_OK)
		res->deleted++;
	sqlite3_finalize(st);
	return rc;
}

/* Modified time of row `id` in `v` (for a deletion's comparison). */
static vault_err
modified(vault *v, int64_t id, int64_t *when)
{
	vault_entry *e = NULL;
	vault_err rc = vlt_entry_load(v, id, &e);

	*when = rc == VAULT_OK ? vault_entry_time(e, VAULT_TIME_MODIFIED) : 0;
	vault_entry_free(e);
	return rc;
}

struct tombs {
	struct vlt_tomb *ours, *theirs;
	size_t nours, ntheirs;
};

/* One row id, present in `ours`, `theirs` or both. */
static vault_err
merge_id(vault *v, vault *c, const struct row *o, const struct row *t,
    const struct tombs *tb, vault_merge_result *res)
{
	int64_t dead, when;
	vault_err rc;

	if (o != NULL && t != NULL)
		return memcmp(o->h, t->h, 32) == 0 ? VAULT_OK :
		    merge_pair(v, c, o->id, res);
	if (t != NULL) {        /* only there: unless deleted here since */
		if ((dead = tomb_time(tb->ours, tb->nours, t->id)) >= 0 &&
		    ((rc = modified(c, t->id, &when)) != VAULT_OK ||
		    dead >= when))
			return rc;
		return take_row(v, c, t->id, res);
	}
	/* Only here: unless deleted there since its last edit. */
	if ((dead = tomb_time(tb->theirs, tb->ntheirs, o->id)) < 0)
		return VAULT_OK;
	if ((rc = modified(v, o->id, &when)) != VAULT_OK || dead < when)
		return rc;
	return drop_row(v, o->id, res);
}

static vault_err
merge_entries(vault *v, vault *c, const struct tombs *tb,
    vault_merge_result *res)
{
	struct rows a = { NULL, 0 }, b = { NULL, 0 };
	size_t i = 0, j = 0;
	vault_err rc;

	if ((rc = read_rows(v, &a)) != VAULT_OK ||
	    (rc = read_rows(c, &b)) != VAULT_OK)
		goto out;
	while (rc == VAULT_OK && (i < a.n || j < b.n)) {
		if (j == b.n || (i < a.n && a.r[i].id < b.r[j].id))
			rc = merge_id(v, c, &a.r[i++], NULL, tb, res);
		else if (i == a.n || b.r[j].id < a.r[i].id)
			rc = merge_id(v, c, NULL, &b.r[j++], tb, res);
		else
			rc = merge_id(v, c, &a.r[i++], &b.r[j++], tb, res);
	}
out:
	free(a.r);
	free(b.r);
	return rc;
}

/* The union of both deleted sets (the later time of each id), written
 * when it differs from this vault's. */
static vault_err
merge_tombs(vault *v, const struct tombs *tb)
{
	struct vlt_tomb *u;
	size_t n = 0, i = 0, j = 0;
	vault_err rc = VAULT_OK;

	if ((u = calloc(tb->nours + tb->ntheirs + 1, sizeof *u)) == NULL)
		return VAULT_ERR_NOMEM;
	while (i < tb->nours || j < tb->ntheirs) {
		if (j == tb->ntheirs || (i < tb->nours &&
		    tb->ours[i].id < tb->theirs[j].id))
			u[n++] = tb->ours[i++];
		else if (i == tb->nours || tb->theirs[j].id < tb->ours[i].id)
			u[n++] = tb->theirs[j++];
		else {
			u[n] = tb->ours[i++];
			if (tb->theirs[j].time > u[n].time)
				u[n].time = tb->theirs[j].time;
			j++, n++;
		}
	}
	if (n != tb->nours || (n > 0 && memcmp(u, tb->ours, n * sizeof *u)))
		rc = vlt_tomb_write(v, u, n);
	free(u);
	return rc;
}

/* Copy the other copy's rows of `table` (every column) over this
 * vault's. */
static vault_err
copy_table(vault *v, vault *c, const char *sel, const char *del,
    const char *ins)
{
	sqlite3_stmt *s = NULL, *d = NULL, *i = NULL;
	vault_err rc;
	int step;

	if ((rc = vlt_db_prepare(c, sel, &s)) != VAULT_OK ||
	    (rc = vlt_db_prepare(v, del, &d)) != VAULT_OK ||
	    (rc = vlt_db_prepare(v, ins, &i)) != VAULT_OK ||
	    (rc = vlt_db_err(v->db, sqlite3_step(d))) != VAULT_OK)
		goto out;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		for (int k = 0; k < sqlite3_column_count(s); k++)
			sqlite3_bind_value(i, k + 1, sqlite3_column_value(s, k));
		if ((rc = vlt_db_err(v->db, sqlite3_step(i))) != VAULT_OK)
			goto out;
		sqlite3_reset(i);
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(c->db, step);
out:
	sqlite3_finalize(s);
	sqlite3_finalize(d);
	sqlite3_finalize(i);
	return rc;
}

/* Escrow and holder rows: the same (or this copy changed them: *take
 * 0), the other copy's when only it changed them (*take 1); else
 * refused. */
static vault_err
escrow_decide(vault *v, vault *c, const struct vlt_merge *m, int *take,
    vault_merge_result *res)
{
	struct vlt_state a, b;
	vault_err rc;

	*take = 0;
	if ((rc = vlt_state_digest_parts(v, &a, VLT_DIGEST_CONTENT)) !=
	    VAULT_OK || (rc = vlt_state_digest_parts(c, &b,
	    VLT_DIGEST_CONTENT)) != VAULT_OK)
		return rc;
	if (sodium_memcmp(a.escrow, b.escrow, 32) == 0 ||
	    (m->our_escrow && !m->their_escrow))
		return VAULT_OK;
	if (!m->their_escrow || m->our_escrow) {
		res->refused = "the escrow holders or shares were changed in "
		    "both copies (or differ without a record of the change); "
		    "merge into the copy whose escrow is right, or set escrow "
		    "up again after merging";
		return VAULT_ERR_EXISTS;
	}
	*take = 1;
	return VAULT_OK;
}

static vault_err
merge_escrow(vault *v, vault *c, const struct vlt_merge *m,
    vault_merge_result *res)
{
	vault_err rc;
	int take;

	if ((rc = escrow_decide(v, c, m, &take, res)) != VAULT_OK || !take)
		return rc;
	if ((rc = copy_table(v, c, "SELECT * FROM holder", "DELETE FROM holder",
	    "INSERT INTO holder VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) == VAULT_OK &&
	    (rc = copy_table(v, c, "SELECT * FROM escrow", "DELETE FROM escrow",
	    "INSERT INTO escrow VALUES (?,?,?,?,?,?)")) == VAULT_OK)
		res->escrow_taken = 1;
	return rc;
}

/* Before anything is written: an escrow conflict refuses the merge. */
static vault_err
precheck(vault *v, vault *c, vault_merge_result *res)
{
	struct vlt_merge m;
	vault_err rc;
	int take;

	memset(&m, 0, sizeof m);
	if ((rc = vlt_merge_log_plan(v, c, &m)) == VAULT_OK)
		rc = escrow_decide(v, c, &m, &take, res);
	vlt_merge_log_free(&m);
	return rc;
}

/* Everything, inside the write transaction; the merge record last. */
static vault_err
merge_all(vault *v, vault *c, const char *name, struct vlt_merge *m,
    vault_merge_result *res)
{
	struct tombs tb = { NULL, NULL, 0, 0 };
	vault_err rc;

	if ((rc = vlt_tomb_read(v, &tb.ours, &tb.nours)) == VAULT_OK &&
	    (rc = vlt_tomb_read(c, &tb.theirs, &tb.ntheirs)) == VAULT_OK &&
	    (rc = vlt_merge_log_plan(v, c, m)) == VAULT_OK &&
	    (rc = merge_escrow(v, c, m, res)) == VAULT_OK &&
	    (rc = merge_entries(v, c, &tb, res)) == VAULT_OK &&
	    (rc = merge_tombs(v, &tb)) == VAULT_OK &&
	    (rc = vlt_merge_log_import(v, c, m)) == VAULT_OK)
		rc = vlt_log_append(v, VAULT_EVENT_MERGE, (const uint8_t *)name,
		    strlen(name));
	res->records = m->records;
	res->escrow_records = m->escrow_records;
	free(tb.ours);
	free(tb.theirs);
	return rc;
}

vault_err
vault_merge(vault *v, const char *other, vault_merge_result *res)
{
	struct vlt_merge m;
	struct vlt_pending pend;
	const char *name;
	vault *c = NULL;
	size_t damaged = 0;
	vault_err rc;

	if (res != NULL)
		memset(res, 0, sizeof *res);
	if (v == NULL || other == NULL || res == NULL)
		return VAULT_ERR_INVALID;
	if (v->readonly && v->path == NULL)
		return v->disk_full ? VAULT_ERR_DB : VAULT_ERR_READONLY;
	if ((v->findings & VLT_FROZEN) || v->version < 2)
		return VAULT_ERR_CORRUPT;
	name = strrchr(other, '/') ? strrchr(other, '/') + 1 : other;
	/* SECURITY: the other copy must be this vault's, under this key,
	 * and whole (a tampered copy is refused before anything is read
	 * from it into this vault). */
	if ((rc = vlt_copy_open(v, other, &c)) != VAULT_OK) {
		res->refused = rc == VAULT_ERR_INVALID ? "it is a copy of "
		    "another vault (its vault id differs)" : NULL;
		return rc;
	}
	if ((rc = vault_verify(c, NULL, NULL, &damaged)) != VAULT_OK ||
	    (rc = precheck(v, c, res)) != VAULT_OK) {
		vault_close(c);
		return rc;
	}
	/* Opened read-only so that a refused merge writes nothing: now
	 * the merge goes ahead, the session is an ordinary one. */
	if (v->path != NULL && (rc = vlt_session_writable(v)) != VAULT_OK) {
		vault_close(c);
		return rc;
	}
	memset(&m, 0, sizeof m);
	memset(&pend, 0, sizeof pend);
	if ((rc = vlt_db_begin(v)) != VAULT_OK ||
	    (rc = vlt_state_read(v, &pend.state)) != VAULT_OK)
		goto out;
	v->pending = &pend;
	if ((rc = merge_all(v, c, name, &m, res)) == VAULT_OK)
		rc = vlt_db_commit(v);
out:
	v->pending = NULL;
	if (rc != VAULT_OK) {
		const char *why = res->refused;

		vlt_db_rollback(v);
		memset(res, 0, sizeof *res);
		res->refused = why;
	}
	vlt_merge_log_free(&m);
	vault_close(c);
	return rc;
}
