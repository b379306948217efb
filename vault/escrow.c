/* SPDX-License-Identifier: ISC */
/*
 * escrow.c - setting up escrow: holders who together can open the vault
 * without the clerk.
 *
 * A random 128-bit escrow key EK wraps the master key (the escrow row),
 * under BLAKE2b-256(key = EK, "cvault-escrow-wrap" || vault id). EK is
 * split with SLIP-0039 (one group k-of-n; for k = 1, n groups of 1-of-1,
 * any one of which suffices), so a holder's share is also a standard
 * paper mnemonic. Each holder's share, with their name and the council's,
 * is sealed under a key stretched from that holder's own passphrase. A
 * public commitment to each share (BLAKE2b of vault id, rotation and the
 * mnemonic) lets a paper share be matched to its holder, and a share from
 * another vault or an earlier rotation be named as such.
 *
 * 128 bits, not 256: a 20-word paper share instead of 33 is far kinder to
 * a chair typing under stress, and 2^128 is beyond any brute force; the
 * in-file shares are protected by Argon2id as well.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"
#include "escrow.h"

#define ESCROW_KEY_BYTES 16u

int
vlt_role_ok(const char *r)
{
	size_t n = r ? strlen(r) : 0;

	if (n == 0 || n > VAULT_ROLE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= '0' &&
		    r[i] <= '9') || r[i] == '-'))
			return 0;
	return 1;
}

void
vlt_escrow_wrap_key(const uint8_t id[VLT_ID_BYTES], const uint8_t *ek,
    uint8_t out[VLT_KEY_BYTES])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, ek, ESCROW_KEY_BYTES, VLT_KEY_BYTES);
	crypto_generichash_update(&h, (const uint8_t *)"cvault-escrow-wrap", 18);
	crypto_generichash_update(&h, id, VLT_ID_BYTES);
	crypto_generichash_final(&h, out, VLT_KEY_BYTES);
	sodium_memzero(&h, sizeof h);
}

vault_err
vlt_share_commit(const uint8_t id[VLT_ID_BYTES], uint32_t rotation,
    const vault_share *share, uint8_t out[32])
{
	crypto_generichash_state h;
	vault_secret *m = NULL;
	uint8_t r[4];
	vault_err rc;

	/* Canonical words, so abbreviations and case do not matter. */
	if ((rc = vault_share_encode(share, &m)) != VAULT_OK)
		return rc;
	for (int i = 0; i < 4; i++)
		r[i] = (uint8_t)(rotation >> (8 * i));
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, (const uint8_t *)"cvault-share", 12);
	crypto_generichash_update(&h, id, VLT_ID_BYTES);
	crypto_generichash_update(&h, r, 4);
	crypto_generichash_update(&h, m->buf, m->len);
	crypto_generichash_final(&h, out, 32);
	vault_secret_free(m);
	return VAULT_OK;
}

void
vlt_holder_place(struct vlt_place *pl, int64_t id, uint8_t extra[4],
    uint32_t rotation)
{
	memset(pl, 0, sizeof *pl);
	for (int i = 0; i < 4; i++)
		extra[i] = (uint8_t)(rotation >> (8 * i));
	pl->table = "holder";
	pl->column = "share";
	pl->row = id;
	pl->extra = extra;
	pl->extra_len = 4;
}

void
vlt_escrow_place(struct vlt_place *pl, uint8_t extra[12], uint32_t rotation,
    unsigned k, unsigned n)
{
	uint32_t x[3] = { rotation, k, n };

	memset(pl, 0, sizeof *pl);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 4; j++)
			extra[4 * i + j] = (uint8_t)(x[i] >> (8 * j));
	pl->table = "escrow";
	pl->column = "wrapped";
	pl->row = 1;
	pl->extra = extra;
	pl->extra_len = 12;
}

void
vlt_escrow_plan_free(struct vlt_escrow_plan *pl)
{
	if (pl == NULL)
		return;
	vault_secret_free(pl->ek);
	for (size_t i = 0; i < VAULT_HOLDERS_MAX; i++) {
		free(pl->h[i].share);
		vault_secret_free(pl->h[i].paper);
	}
	memset(pl, 0, sizeof *pl);
}

static vault_err
check_specs(const vault_holder_spec *hs, size_t n, unsigned k)
{
	if (hs == NULL || n == 0 || n > VAULT_HOLDERS_MAX || k < 1 || k > n)
		return VAULT_ERR_INVALID;
	for (size_t i = 0; i < n; i++) {
		if (!vlt_role_ok(hs[i].role) || hs[i].name == NULL ||
		    hs[i].name[0] == '\0' || strlen(hs[i].name) > 127 ||
		    vault_text_check((const uint8_t *)hs[i].name,
		    strlen(hs[i].name), 0, NULL, NULL) != 0 ||
		    (hs[i].pass == NULL && hs[i].pass_len) ||
		    (hs[i].paper_only != 0 && hs[i].paper_only != 1) ||
		    (hs[i].paper_only && (hs[i].pass || hs[i].pass_len)))
			return VAULT_ERR_INVALID;
		for (size_t j = 0; j < i; j++)
			if (strcmp(hs[i].role, hs[j].role) == 0)
				return VAULT_ERR_INVALID;
	}
	return VAULT_OK;
}

/* The payload sealed for a holder: what their printed sheet shows. */
static vault_err
holder_payload(const vault *v, const vault_holder_spec *h,
    const vault_secret *mnemonic, unsigned member, unsigned k, unsigned n,
    int64_t now, const char *loc, vault_secret **out)
{
	uint8_t nums[3] = { (uint8_t)member, (uint8_t)k, (uint8_t)n }, ts[8];
	size_t cl = strlen(v->council), nl = strlen(h->name), off = 0;
	size_t ll = loc != NULL ? strlen(loc) : 0;
	vault_err rc;

	for (int i = 0; i < 8; i++)
		ts[i] = (uint8_t)((uint64_t)now >> (8 * i));
	rc = vlt_secret_new(out, 6 * 5 + mnemonic->len + nl + cl + 3 + 8 + ll);
	if (rc != VAULT_OK)
		return rc;
	off += vlt_tlv_put((*out)->buf + off, VLT_SHEET_MNEMONIC,
	    mnemonic->buf, mnemonic->len, NULL, 0);
	off += vlt_tlv_put((*out)->buf + off, VLT_SHEET_NAME,
	    (const uint8_t *)h->name, nl, NULL, 0);
	off += vlt_tlv_put((*out)->buf + off, VLT_SHEET_COUNCIL,
	    (const uint8_t *)v->council, cl, NULL, 0);
	off += vlt_tlv_put((*out)->buf + off, VLT_SHEET_NUMBERS, nums, 3,
	    NULL, 0);
	off += vlt_tlv_put((*out)->buf + off, VLT_SHEET_SINCE, ts, 8, NULL, 0);
	if (ll > 0)
		off += vlt_tlv_put((*out)->buf + off, VLT_SHEET_LOCATION,
		    (const uint8_t *)loc, ll, NULL, 0);
	(*out)->len = off;
	return VAULT_OK;
}

/* One field of a holder's payload. */
int
vlt_sheet_field(const vault_secret *p, unsigned tag, const uint8_t **val,
    size_t *len)
{
	struct vlt_tlv it = { p->buf, p->len, 0, 0, NULL, 0 };

	while (vlt_tlv_next(&it))
		if (it.tag == tag) {
			*val = it.val;
			*len = it.vlen;
			return 1;
		}
	return 0;
}

/* A holder's payload as a printable sheet (out->mnemonic is secret). */
vault_err
vlt_sheet_parse(const vault_secret *p, vault_share_sheet *out)
{
	const uint8_t *val;
	size_t len;

	memset(out, 0, sizeof *out);
	if (!vlt_sheet_field(p, VLT_SHEET_MNEMONIC, &val, &len))
		return VAULT_ERR_CORRUPT;
	if (vault_secret_from(val, len, &out->mnemonic) != VAULT_OK)
		return VAULT_ERR_NOMEM;
	if (vlt_sheet_field(p, VLT_SHEET_NAME, &val, &len) &&
	    len < sizeof out->name)
		memcpy(out->name, val, len);
	if (vlt_sheet_field(p, VLT_SHEET_COUNCIL, &val, &len) &&
	    len < sizeof out->council)
		memcpy(out->council, val, len);
	if (vlt_sheet_field(p, VLT_SHEET_NUMBERS, &val, &len) && len == 3) {
		out->member = val[0];
		out->threshold = val[1];
		out->holders = val[2];
	}
	if (vlt_sheet_field(p, VLT_SHEET_SINCE, &val, &len) && len == 8)
		for (int i = 7; i >= 0; i--)
			out->since = (int64_t)((uint64_t)out->since << 8 |
			    val[i]);
	/* SECURITY: bounded; text rules as when it was set. */
	if (vlt_sheet_field(p, VLT_SHEET_LOCATION, &val, &len) &&
	    len < sizeof out->location &&
	    vault_text_check(val, len, 0, NULL, NULL) == 0)
		memcpy(out->location, val, len);
	return VAULT_OK;
}

static vault_err
current_rotation(vault *v, uint32_t *rotation)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	*rotation = 0;
	if ((rc = vlt_db_prepare(v, "SELECT rotation FROM escrow WHERE id = 1",
	    &st)) != VAULT_OK)
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 r = sqlite3_column_int64(st, 0);
		if (r < 1 || r >= UINT32_MAX)
			rc = VAULT_ERR_CORRUPT;
		else
			*rotation = (uint32_t)r;
	} else if (step != SQLITE_DONE) {
		rc = vlt_db_err(v->db, step);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Split a fresh escrow key and seal each holder's share (the slow part:
 * one Argon2id per holder), outside any transaction. */
vault_err
vlt_escrow_plan(vault *v, const vault_holder_spec *hs, size_t n, unsigned k,
    const vault_params *params, struct vlt_escrow_plan *pl)
{
	vault_slip39_group groups[VAULT_HOLDERS_MAX];
	vault_secret *mn[VAULT_HOLDERS_MAX] = { NULL };
	vault_secret *payload = NULL;
	vault_share *sh = NULL;
	struct vlt_place place;
	uint8_t extra[4];
	char *loc = NULL;
	vault_err rc;
	size_t i, ng;

	memset(pl, 0, sizeof *pl);
	if ((rc = check_specs(hs, n, k)) != VAULT_OK)
		return rc;
	if (params == NULL)
		vault_params_default(&pl->params);
	else
		pl->params = *params;
	if ((rc = vault_params_check(&pl->params)) != VAULT_OK ||
	    (rc = current_rotation(v, &pl->rotation)) != VAULT_OK)
		return rc;
	pl->rotation++;
	pl->k = k;
	pl->n = (unsigned)n;
	pl->since = (int64_t)time(NULL);
	/* Where the vault is, for the sheets; none set (or unreadable):
	 * the sheets go without. */
	if (vault_config_get(v, "location", &loc) != VAULT_OK) {
		free(loc);
		loc = NULL;
	}
	if ((rc = vlt_secret_new(&pl->ek, ESCROW_KEY_BYTES)) != VAULT_OK)
		goto out;
	randombytes_buf(pl->ek->buf, ESCROW_KEY_BYTES);
	/* k of n in one group; for k = 1, n groups of 1-of-1 (SLIP-0039
	 * allows no 1-of-n group with n > 1). */
	ng = k == 1 ? n : 1;
	for (i = 0; i < ng; i++) {
		groups[i].threshold = (uint8_t)(k == 1 ? 1 : k);
		groups[i].count = (uint8_t)(k == 1 ? 1 : n);
	}
	if ((rc = vault_slip39_split(pl->ek->buf, ESCROW_KEY_BYTES, NULL, 0,
	    0, 0, 1, groups, ng, mn, n)) != VAULT_OK)
		goto out;
	for (i = 0; i < n; i++) {
		struct vlt_holder_plan *h = &pl->h[i];

		h->spec = &hs[i];
		h->member = (unsigned)i + 1;
		if ((rc = vault_share_decode(mn[i]->buf, mn[i]->len, &sh,
		    NULL)) != VAULT_OK ||
		    (rc = vlt_share_commit(v->id, pl->rotation, sh,
		    h->commitment)) != VAULT_OK ||
		    (rc = holder_payload(v, &hs[i], mn[i], h->member, k,
		    (unsigned)n, pl->since, loc, &payload)) != VAULT_OK)
			goto out;
		vault_share_free(sh);
		sh = NULL;
		if (hs[i].paper_only) {         /* nothing sealed in the file */
			h->paper = payload;
			payload = NULL;
			continue;
		}
		vlt_holder_place(&place, (int64_t)i + 1, extra, pl->rotation);
		if ((rc = vlt_pw_seal(v, &pl->params, hs[i].pass,
		    hs[i].pass_len, &place, payload->buf, payload->len,
		    h->salt, &h->share, &h->share_len, NULL)) != VAULT_OK)
			goto out;
		vault_secret_free(payload);
		payload = NULL;
	}
out:
	free(loc);
	vault_share_free(sh);
	vault_secret_free(payload);
	for (i = 0; i < VAULT_HOLDERS_MAX; i++)
		vault_secret_free(mn[i]);
	if (rc != VAULT_OK)
		vlt_escrow_plan_free(pl);
	return rc;
}

static vault_err
insert_holder(vault *v, const struct vlt_escrow_plan *pl, size_t i)
{
	const struct vlt_holder_plan *h = &pl->h[i];
	struct vlt_place place = { "holder", "info", (int64_t)i + 1, NULL, 0 };
	const vault_params *p = &pl->params;
	static const vault_params none = { 0, 0, 0 };
	static const uint8_t empty[1];
	sqlite3_stmt *st = NULL;
	uint8_t *info = NULL;
	size_t info_len;
	vault_err rc;
	int paper = h->spec->paper_only;

	/* The name again, under the master key, for `escrow status`. */
	if ((rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &place,
	    (const uint8_t *)h->spec->name, strlen(h->spec->name), &info,
	    &info_len)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_prepare(v, "INSERT INTO holder (id, role, rotation,"
	    " member, kdf, memory_kib, passes, lanes, salt, share, commitment,"
	    " info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &st)) != VAULT_OK)
		goto out;
	/* A paper-only holder: no KDF, no salt, an empty share. */
	if (paper)
		p = &none;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
	sqlite3_bind_text(st, 2, h->spec->role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, pl->rotation);
	sqlite3_bind_int64(st, 4, h->member);
	sqlite3_bind_text(st, 5, paper ? VLT_HOLDER_PAPER : "argon2id13", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, p->kdf_memory_kib);
	sqlite3_bind_int64(st, 7, p->kdf_passes);
	sqlite3_bind_int64(st, 8, p->kdf_lanes);
	sqlite3_bind_blob(st, 9, paper ? empty : h->salt, paper ? 0 :
	    VLT_SALT_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, paper ? empty : h->share, paper ? 0 :
	    (int)h->share_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 11, h->commitment, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, info, (int)info_len, SQLITE_STATIC);
	rc = vlt_db_err(v->db, sqlite3_step(st));
out:
	sqlite3_finalize(st);
	free(info);
	return rc;
}

/* Inside the caller's transaction: replace the escrow row and holders
 * with the plan, the master key wrapped under the plan's escrow key. */
vault_err
vlt_escrow_write(vault *v, const struct vlt_escrow_plan *pl)
{
	uint8_t wk[VLT_KEY_BYTES], extra[12], ts[8], *wrapped = NULL;
	uint8_t *info = NULL;
	struct vlt_place place, ip = { "escrow", "info", 1, NULL, 0 };
	size_t wlen = 0, ilen = 0;
	sqlite3_stmt *st = NULL;
	uint32_t now_rotation;
	vault_err rc;

	if ((rc = current_rotation(v, &now_rotation)) != VAULT_OK)
		return rc;
	if (now_rotation + 1 != pl->rotation)
		return VAULT_ERR_BUSY;  /* someone rotated meanwhile */
	vlt_escrow_wrap_key(v->id, pl->ek->buf, wk);
	vlt_escrow_place(&place, extra, pl->rotation, pl->k, pl->n);
	for (int i = 0; i < 8; i++)
		ts[i] = (uint8_t)((uint64_t)pl->since >> (8 * i));
	if ((rc = vlt_seal(v, wk, &place, vlt_key(v, 0), VLT_KEY_BYTES,
	    &wrapped, &wlen)) != VAULT_OK ||
	    (rc = vlt_seal(v, vlt_key(v, VLT_SUBKEY_RECORD), &ip, ts, 8, &info,
	    &ilen)) != VAULT_OK)
		goto out;
	if ((rc = vlt_db_err(v->db, sqlite3_exec(v->db, "DELETE FROM holder",
	    NULL, NULL, NULL))) != VAULT_OK)
		goto out;
	if ((rc = vlt_db_prepare(v, "INSERT OR REPLACE INTO escrow (id,"
	    " rotation, threshold, holders, wrapped, info) VALUES"
	    " (1, ?, ?, ?, ?, ?)", &st)) != VAULT_OK)
		goto out;
	sqlite3_bind_int64(st, 1, pl->rotation);
	sqlite3_bind_int64(st, 2, pl->k);
	sqlite3_bind_int64(st, 3, pl->n);
	sqlite3_bind_blob(st, 4, wrapped, (int)wlen, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, info, (int)ilen, SQLITE_STATIC);
	if ((rc = vlt_db_err(v->db, sqlite3_step(st))) != VAULT_OK)
		goto out;
	for (size_t i = 0; i < pl->n; i++)
		if ((rc = insert_holder(v, pl, i)) != VAULT_OK)
			goto out;
out:
	sodium_memzero(wk, sizeof wk);
	sqlite3_finalize(st);
	free(wrapped);
	free(info);
	return rc;
}

void
vlt_escrow_paper_free(vault_share_sheet *paper, size_t n)
{
	for (size_t i = 0; paper != NULL && i < n; i++) {
		vault_secret_free(paper[i].mnemonic);
		memset(&paper[i], 0, sizeof paper[i]);
	}
}

/* Before the plan is committed, so that a failure here changes nothing;
 * the caller frees the sheets again if the commit fails. */
vault_err
vlt_escrow_paper_out(const struct vlt_escrow_plan *pl,
    vault_share_sheet *paper)
{
	vault_err rc = VAULT_OK;

	if (paper == NULL)
		return VAULT_OK;
	for (size_t i = 0; i < pl->n; i++)
		memset(&paper[i], 0, sizeof paper[i]);
	for (size_t i = 0; i < pl->n && rc == VAULT_OK; i++)
		if (pl->h[i].paper != NULL)
			rc = vlt_sheet_parse(pl->h[i].paper, &paper[i]);
	if (rc != VAULT_OK)
		vlt_escrow_paper_free(paper, pl->n);
	return rc;
}

/* A paper-only holder's share will exist nowhere but in `paper`: refuse
 * a set-up that would have nowhere to put it; else empty the sheets. */
vault_err
vlt_escrow_paper_prepare(const vault_holder_spec *hs, size_t n,
    vault_share_sheet *paper)
{
	if (hs == NULL || n > VAULT_HOLDERS_MAX)
		return VAULT_OK;        /* check_specs has its say */
	for (size_t i = 0; i < n; i++)
		if (hs[i].paper_only && paper == NULL)
			return VAULT_ERR_INVALID;
	if (paper != NULL)
		memset(paper, 0, n * sizeof *paper);
	return VAULT_OK;
}

/* The log line for a setup: "2 of clerk, chair, deputy". */
static void
describe(const struct vlt_escrow_plan *pl, char *buf, size_t cap)
{
	size_t off = (size_t)snprintf(buf, cap, "%u of ", pl->k);

	for (size_t i = 0; i < pl->n && off < cap; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%s%s%s",
		    i ? ", " : "", pl->h[i].spec->role,
		    pl->h[i].spec->paper_only ? " (paper)" : "");
}

vault_err
vault_escrow_setup(vault *v, const vault_holder_spec *holders, size_t n,
    unsigned threshold, const vault_params *params, vault_share_sheet *paper)
{
	struct vlt_escrow_plan pl;
	char what[VAULT_HOLDERS_MAX * (VAULT_ROLE_MAX + 10) + 16];
	vault_err rc;

	if (v == NULL)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_escrow_paper_prepare(holders, n, paper)) != VAULT_OK ||
	    (rc = vlt_escrow_plan(v, holders, n, threshold, params, &pl)) !=
	    VAULT_OK)
		return rc;
	describe(&pl, what, sizeof what);
	if ((rc = vlt_escrow_paper_out(&pl, paper)) != VAULT_OK ||
	    (rc = vlt_db_begin(v)) != VAULT_OK)
		goto out;
	if ((rc = vlt_escrow_write(v, &pl)) != VAULT_OK ||
	    (rc = vlt_log_append(v, VAULT_EVENT_ESCROW_SETUP,
	    (const uint8_t *)what, strlen(what))) != VAULT_OK ||
	    (rc = vlt_db_commit(v)) != VAULT_OK)
		vlt_db_rollback(v);
out:
	if (rc != VAULT_OK)
		vlt_escrow_paper_free(paper, n);
	vlt_escrow_plan_free(&pl);
	return rc;
}

vault_err
vault_escrow_remove(vault *v)
{
	static const char what[] = "escrow removed";
	vault_err rc;

	if (v == NULL)
		return VAULT_ERR_INVALID;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = vlt_db_err(v->db, sqlite3_exec(v->db, "DELETE FROM holder;"
	    " DELETE FROM escrow", NULL, NULL, NULL))) != VAULT_OK ||
	    (rc = vlt_log_append(v, VAULT_EVENT_ESCROW_SETUP,
	    (const uint8_t *)what, sizeof what - 1)) != VAULT_OK ||
	    (rc = vlt_db_commit(v)) != VAULT_OK)
		vlt_db_rollback(v);
	return rc;
}

/* Decrypt a sealed name or time column into buf (NUL-terminated). */
static vault_err
open_small(vault *v, sqlite3_stmt *st, int col, const char *table,
    int64_t row, char *buf, size_t cap, size_t *len)
{
	struct vlt_place pl = { table, "info", row, NULL, 0 };
	vault_secret *plain = NULL;
	int n = sqlite3_column_bytes(st, col);

	if (n < 0 || (size_t)n > vlt_sealed_len(cap - 1) ||
	    vlt_open_sealed(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
	    sqlite3_column_blob(st, col), (size_t)n, &plain) != VAULT_OK)
		return VAULT_ERR_CORRUPT;
	memcpy(buf, plain->buf, plain->len);
	buf[plain->len] = '\0';
	*len = plain->len;
	vault_secret_free(plain);
	return VAULT_OK;
}

vault_err
vault_escrow_status(vault *v, unsigned *threshold, unsigned *n,
    unsigned *rotation, int64_t *since, vault_holder_fn fn, void *ctx)
{
	sqlite3_stmt *st = NULL;
	char buf[128];
	size_t len;
	vault_err rc;
	int step;

	if (v == NULL || threshold == NULL || n == NULL || rotation == NULL ||
	    since == NULL)
		return VAULT_ERR_INVALID;
	*threshold = *n = *rotation = 0;
	*since = 0;
	if ((rc = vlt_db_prepare(v, "SELECT rotation, threshold, holders, info"
	    " FROM escrow WHERE id = 1", &st)) != VAULT_OK)
		return rc;
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? VAULT_ERR_NOTFOUND :
		    vlt_db_err(v->db, step);
		goto out;
	}
	if ((rc = open_small(v, st, 3, "escrow", 1, buf, sizeof buf, &len)) !=
	    VAULT_OK || len != 8) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	for (int i = 7; i >= 0; i--)
		*since = (int64_t)((uint64_t)*since << 8 | (uint8_t)buf[i]);
	*rotation = (unsigned)sqlite3_column_int64(st, 0);
	*threshold = (unsigned)sqlite3_column_int64(st, 1);
	*n = (unsigned)sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = vlt_db_prepare(v, "SELECT id, role, member, info, kdf,"
	    " length(share) FROM holder ORDER BY member", &st)) != VAULT_OK)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(st, 1);
		const char *kdf = (const char *)sqlite3_column_text(st, 4);
		int paper = kdf != NULL && strcmp(kdf, VLT_HOLDER_PAPER) == 0;

		/* Paper-only exactly when there is no share in the file (the
		 * opener checks the rest of the row). */
		/* SECURITY: the role column is not sealed; it is shown. */
		if ((rc = open_small(v, st, 3, "holder",
		    sqlite3_column_int64(st, 0), buf, sizeof buf, &len)) !=
		    VAULT_OK || !vlt_role_ok(role) || kdf == NULL ||
		    paper != (sqlite3_column_int64(st, 5) == 0)) {
			rc = VAULT_ERR_CORRUPT;
			goto out;
		}
		if (fn != NULL)
			fn(ctx, role, buf, (unsigned)sqlite3_column_int64(st, 2),
			    paper);
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(v->db, step);
out:
	sodium_memzero(buf, sizeof buf);
	sqlite3_finalize(st);
	return rc;
}
