/* SPDX-License-Identifier: ISC */
/*
 * escrow_open.c - opening the vault without the clerk: holders add their
 * shares one at a time (by passphrase, or typed from paper), each checked
 * on its own so that a wrong passphrase or a mistyped share is named;
 * then the escrow key is rebuilt with SLIP-0039, the master key unwrapped
 * and the session started, which logs the opening for the clerk.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "codec.h"
#include "escrow.h"

struct holder {
	int64_t id;
	char role[VAULT_ROLE_MAX + 1];
	unsigned member;
	vault_params params;
	uint8_t salt[VLT_SALT_BYTES];
	uint8_t commitment[32];
	uint8_t *share;         /* sealed under the holder's key */
	size_t share_len;
	vault_secret *payload;  /* after the holder's passphrase */
	vault_share *given;     /* their share, once added */
	int paper_only;         /* no share in the file: paper alone */
	int typed;              /* their share came from paper */
};

struct vault_escrow {
	vault *v;               /* file open, header read, no keys yet */
	uint32_t rotation;
	unsigned k, n;
	uint8_t *wrapped;
	size_t wrapped_len;
	struct holder h[VAULT_HOLDERS_MAX];
};

void
vault_escrow_free(vault_escrow *eo)
{
	if (eo == NULL)
		return;
	for (size_t i = 0; i < VAULT_HOLDERS_MAX; i++) {
		free(eo->h[i].share);
		vault_secret_free(eo->h[i].payload);
		vault_share_free(eo->h[i].given);
	}
	free(eo->wrapped);
	vault_close(eo->v);
	free(eo);
}

static vault_err
read_escrow(vault_escrow *eo)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 r, k, n;
	vault_err rc;
	int step, len;

	if ((rc = vlt_db_prepare(eo->v, "SELECT rotation, threshold, holders,"
	    " wrapped FROM escrow WHERE id = 1", &st)) != VAULT_OK)
		return rc;
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? VAULT_ERR_NOTFOUND :
		    vlt_db_err(eo->v->db, step);
		goto out;
	}
	r = sqlite3_column_int64(st, 0);
	k = sqlite3_column_int64(st, 1);
	n = sqlite3_column_int64(st, 2);
	len = sqlite3_column_bytes(st, 3);
	if (r < 1 || r >= UINT32_MAX || n < 1 || n > VAULT_HOLDERS_MAX ||
	    k < 1 || k > n || len != (int)vlt_sealed_len(VLT_KEY_BYTES)) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	eo->rotation = (uint32_t)r;
	eo->k = (unsigned)k;
	eo->n = (unsigned)n;
	if ((eo->wrapped = malloc((size_t)len)) == NULL) {
		rc = VAULT_ERR_NOMEM;
		goto out;
	}
	memcpy(eo->wrapped, sqlite3_column_blob(st, 3), (size_t)len);
	eo->wrapped_len = (size_t)len;
out:
	sqlite3_finalize(st);
	return rc;
}

/* A paper-only holder's row: no KDF settings, no salt, no share. */
static int
paper_row(sqlite3_stmt *st)
{
	const unsigned char *kdf = sqlite3_column_text(st, 4);

	return kdf != NULL && strcmp((const char *)kdf, VLT_HOLDER_PAPER) == 0;
}

static vault_err
read_holder(vault_escrow *eo, sqlite3_stmt *st, struct holder *h)
{
	const unsigned char *role = sqlite3_column_text(st, 1);
	const uint8_t *salt;
	int len = sqlite3_column_bytes(st, 9);  /* share; 10: commitment */
	vault_err rc;

	h->id = sqlite3_column_int64(st, 0);
	h->member = (unsigned)sqlite3_column_int64(st, 3);
	h->paper_only = paper_row(st);
	/* SECURITY: the role is not sealed; it is shown and named by users. */
	if (!vlt_role_ok((const char *)role) ||
	    sqlite3_column_int64(st, 2) != eo->rotation ||
	    sqlite3_column_int64(st, 3) < 1 ||
	    sqlite3_column_int64(st, 3) > eo->n ||
	    sqlite3_column_bytes(st, 10) != 32)
		return VAULT_ERR_CORRUPT;
	memcpy(h->commitment, sqlite3_column_blob(st, 10), 32);
	snprintf(h->role, sizeof h->role, "%s", (const char *)role);
	if (h->paper_only)
		return sqlite3_column_int64(st, 5) == 0 &&
		    sqlite3_column_int64(st, 6) == 0 &&
		    sqlite3_column_int64(st, 7) == 0 &&
		    sqlite3_column_bytes(st, 8) == 0 && len == 0 ?
		    VAULT_OK : VAULT_ERR_CORRUPT;
	if (len < (int)vlt_sealed_len(0) || len > 4096)
		return VAULT_ERR_CORRUPT;
	if ((rc = vlt_row_params(st, 4, &h->params, &salt)) != VAULT_OK)
		return rc;
	memcpy(h->salt, salt, VLT_SALT_BYTES);
	if ((h->share = malloc((size_t)len)) == NULL)
		return VAULT_ERR_NOMEM;
	memcpy(h->share, sqlite3_column_blob(st, 9), (size_t)len);
	h->share_len = (size_t)len;
	return VAULT_OK;
}

static vault_err
read_holders(vault_escrow *eo)
{
	sqlite3_stmt *st = NULL;
	vault_err rc;
	unsigned i = 0;
	int step;

	if ((rc = vlt_db_prepare(eo->v, "SELECT id, role, rotation, member,"
	    " kdf, memory_kib, passes, lanes, salt, share, commitment FROM"
	    " holder ORDER BY member", &st)) != VAULT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (i == eo->n) {
			rc = VAULT_ERR_CORRUPT;         /* more than recorded */
			goto out;
		}
		if ((rc = read_holder(eo, st, &eo->h[i])) != VAULT_OK)
			goto out;
		i++;
	}
	if (step != SQLITE_DONE)
		rc = vlt_db_err(eo->v->db, step);
	else if (i != eo->n)
		rc = VAULT_ERR_CORRUPT;
out:
	sqlite3_finalize(st);
	return rc;
}

vault_err
vault_escrow_begin(const char *path, vault_escrow **out)
{
	vault_escrow *eo;
	vault_err rc;

	if (out == NULL || path == NULL)
		return VAULT_ERR_INVALID;
	*out = NULL;
	if ((eo = calloc(1, sizeof *eo)) == NULL)
		return VAULT_ERR_NOMEM;
	if ((rc = vlt_vault_alloc(&eo->v)) != VAULT_OK ||
	    (rc = vlt_db_open(path, 0, &eo->v->db,
	    &eo->v->readonly)) != VAULT_OK ||
	    (rc = vlt_read_header(eo->v)) != VAULT_OK ||
	    (rc = read_escrow(eo)) != VAULT_OK ||
	    (rc = read_holders(eo)) != VAULT_OK) {
		vault_escrow_free(eo);
		return rc;
	}
	*out = eo;
	return VAULT_OK;
}

unsigned
vault_escrow_threshold(const vault_escrow *eo)
{
	return eo ? eo->k : 0;
}

unsigned
vault_escrow_holders(const vault_escrow *eo)
{
	return eo ? eo->n : 0;
}

const char *
vault_escrow_role(const vault_escrow *eo, size_t i)
{
	return eo && i < eo->n ? eo->h[i].role : NULL;
}

/* The index of holder `role`, or -1. */
static int
find_role(const vault_escrow *eo, const char *role)
{
	for (unsigned i = 0; role && i < eo->n; i++)
		if (strcmp(eo->h[i].role, role) == 0)
			return (int)i;
	return -1;
}

int
vault_escrow_paper_only(const vault_escrow *eo, const char *role)
{
	int i = eo ? find_role(eo, role) : -1;

	return i >= 0 && eo->h[i].paper_only;
}

vault_err
vault_escrow_params(const vault_escrow *eo, const char *role,
    vault_params *out)
{
	int i;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	memset(out, 0, sizeof *out);
	if (eo == NULL || role == NULL)
		return VAULT_ERR_INVALID;
	if ((i = find_role(eo, role)) < 0 || eo->h[i].paper_only)
		return VAULT_ERR_NOTFOUND;
	*out = eo->h[i].params;
	return VAULT_OK;
}

/* A holder's decrypted payload must be well-formed records of ours. */
static int
sheet_ok(const vault_secret *p)
{
	struct vlt_tlv it = { p->buf, p->len, 0, 0, NULL, 0 };

	while (vlt_tlv_next(&it))
		if (it.tag < VLT_SHEET_MNEMONIC || it.tag > VLT_SHEET_LOCATION)
			return 0;
	return it.off == p->len;
}

vault_err
vault_escrow_add_holder(vault_escrow *eo, const char *role,
    const uint8_t *pass, size_t pass_len)
{
	struct holder *h;
	struct vlt_place pl;
	int i;
	uint8_t extra[4], c[32];
	vault_secret *payload = NULL;
	vault_share *sh = NULL;
	const uint8_t *mn;
	size_t mn_len;
	vault_err rc;

	/* After finish the vault belongs to the caller: no more shares. */
	if (eo == NULL || eo->v == NULL || role == NULL ||
	    (pass == NULL && pass_len))
		return VAULT_ERR_INVALID;
	if ((i = find_role(eo, role)) < 0 || eo->h[i].paper_only)
		return VAULT_ERR_NOTFOUND;
	h = &eo->h[i];
	if (h->given != NULL)
		return VAULT_ERR_SHARES;
	vlt_holder_place(&pl, h->id, extra, eo->rotation);
	if ((rc = vlt_pw_open(eo->v, &h->params, h->salt, pass, pass_len, &pl,
	    h->share, h->share_len, &payload, NULL)) != VAULT_OK)
		return rc;                      /* AUTH: this holder's */
	if (!sheet_ok(payload) ||
	    !vlt_sheet_field(payload, VLT_SHEET_MNEMONIC, &mn, &mn_len) ||
	    vault_share_decode(mn, mn_len, &sh, NULL) != VAULT_OK ||
	    vlt_share_commit(eo->v->id, eo->rotation, sh, c) != VAULT_OK ||
	    sodium_memcmp(c, h->commitment, 32) != 0) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	h->given = sh;
	h->payload = payload;
	sh = NULL;
	payload = NULL;
out:
	vault_share_free(sh);
	vault_secret_free(payload);
	return rc;
}

vault_err
vault_escrow_add_paper(vault_escrow *eo, const uint8_t *text, size_t len,
    size_t *bad_word, const char **role)
{
	vault_share *sh = NULL;
	uint8_t c[32];
	vault_err rc;

	if (role != NULL)
		*role = NULL;
	if (bad_word != NULL)
		*bad_word = 0;
	if (eo == NULL || eo->v == NULL || text == NULL)
		return VAULT_ERR_INVALID;
	if ((rc = vault_share_decode(text, len, &sh, bad_word)) != VAULT_OK)
		return rc;                      /* MNEMONIC */
	if ((rc = vlt_share_commit(eo->v->id, eo->rotation, sh, c)) !=
	    VAULT_OK)
		goto out;
	rc = VAULT_ERR_SHARES;                  /* unless it is one of ours */
	for (unsigned i = 0; i < eo->n; i++) {
		if (sodium_memcmp(c, eo->h[i].commitment, 32) != 0)
			continue;
		if (role != NULL)
			*role = eo->h[i].role;
		if (eo->h[i].given == NULL) {
			eo->h[i].given = sh;
			eo->h[i].typed = 1;
			sh = NULL;
			rc = VAULT_OK;
		}
		break;                          /* else: given twice */
	}
out:
	vault_share_free(sh);
	return rc;
}

vault_err
vault_escrow_finish(vault_escrow *eo, vault **out)
{
	const vault_share *shares[VAULT_HOLDERS_MAX];
	vault_secret *ek = NULL, *mk = NULL;
	uint8_t wk[VLT_KEY_BYTES], extra[12];
	struct vlt_place pl;
	size_t count = 0, off;
	vault_err rc;
	vault *v;

	if (out != NULL)
		*out = NULL;
	if (eo == NULL || out == NULL || eo->v == NULL)
		return VAULT_ERR_INVALID;
	v = eo->v;
	off = (size_t)snprintf(v->actor, sizeof v->actor, "escrow:");
	for (unsigned i = 0; i < eo->n; i++)
		if (eo->h[i].given != NULL) {
			shares[count++] = eo->h[i].given;
			/* "(paper)": a share typed from a sheet, which the
			 * clerk should replace (escrow rotate). */
			off += (size_t)snprintf(v->actor + off, off <
			    sizeof v->actor ? sizeof v->actor - off : 0,
			    "%s %s%s", count > 1 ? "," : "", eo->h[i].role,
			    eo->h[i].typed ? " (paper)" : "");
		}
	if (count < eo->k)
		return VAULT_ERR_SHARES;
	if ((rc = vault_slip39_combine_shares(shares, count, NULL, 0, &ek)) !=
	    VAULT_OK) {
		rc = rc == VAULT_ERR_NOMEM ? rc : VAULT_ERR_SHARES;
		goto out;
	}
	if (ek->len != 16) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	vlt_escrow_wrap_key(v->id, ek->buf, wk);
	vlt_escrow_place(&pl, extra, eo->rotation, eo->k, eo->n);
	if (vlt_open_sealed(v, wk, &pl, eo->wrapped, eo->wrapped_len, &mk) !=
	    VAULT_OK) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	memcpy(v->keys->buf, mk->buf, VLT_KEY_BYTES);
	v->escrow_session = 1;
	if ((rc = vlt_session_start(v)) != VAULT_OK)
		goto out;
	*out = v;
	eo->v = NULL;                           /* the vault is the caller's */
out:
	sodium_memzero(wk, sizeof wk);
	vault_secret_free(mk);
	vault_secret_free(ek);
	return rc;
}

vault_err
vault_escrow_sheet(const vault_escrow *eo, const char *role,
    vault_share_sheet *out)
{
	int i;

	if (out == NULL)
		return VAULT_ERR_INVALID;
	memset(out, 0, sizeof *out);
	if (eo == NULL)
		return VAULT_ERR_INVALID;
	if ((i = find_role(eo, role)) < 0 || eo->h[i].payload == NULL)
		return VAULT_ERR_NOTFOUND;
	return vlt_sheet_parse(eo->h[i].payload, out);
}
