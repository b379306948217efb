/* SPDX-License-Identifier: ISC */
/*
 * merge_log.c - the log side of a merge: which records of the other copy
 * this vault does not have, compared as a multiset of events (time, kind,
 * escrow flag, actor, subject; the merged flag and the chain position do
 * not count), so that a record already brought in, or present in both
 * copies from before they diverged, is not brought in again. Those
 * records are appended here, each as a merged record (log.c), in the
 * order the other copy has them. Whether either side holds an escrow
 * change (set-up, rotation, removal, rekey) that the other lacks tells
 * the merge which copy's escrow rows are the newer.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"
#include "merge.h"

struct key {
	uint8_t h[32];
	uint8_t kind;
	uint8_t used;
	uint64_t seq;
};

struct keys {
	struct key *k;
	size_t n, cap;
	vault_err rc;
};

static void
event_key(const vault_log_event *ev, uint8_t out[32])
{
	crypto_generichash_state h;
	uint8_t b[11];
	uint32_t alen = (uint32_t)strlen(ev->actor);

	vlt_put_u64(b, (uint64_t)ev->time);
	b[8] = (uint8_t)ev->kind;
	b[9] = ev->escrow ? 1 : 0;
	b[10] = (uint8_t)ev->shown;
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, b, sizeof b);
	crypto_generichash_update(&h, (const uint8_t *)&alen, sizeof alen);
	crypto_generichash_update(&h, (const uint8_t *)ev->actor, alen);
	if (ev->subject != NULL)
		crypto_generichash_update(&h, ev->subject, ev->subject_len);
	crypto_generichash_final(&h, out, 32);
}

static int
collect(void *ctx, const vault_log_event *ev)
{
	struct keys *ks = ctx;

	if (ks->n == ks->cap) {
		struct key *nu;

		ks->cap = ks->cap ? 2 * ks->cap : 1024;
		if ((nu = realloc(ks->k, ks->cap * sizeof *nu)) == NULL) {
			ks->rc = VAULT_ERR_NOMEM;
			return 1;
		}
		ks->k = nu;
	}
	event_key(ev, ks->k[ks->n].h);
	ks->k[ks->n].kind = (uint8_t)ev->kind;
	ks->k[ks->n].used = 0;
	ks->k[ks->n++].seq = ev->seq;
	return 0;
}

static int
by_key(const void *a, const void *b)
{
	return memcmp(((const struct key *)a)->h, ((const struct key *)b)->h,
	    32);
}

static int
changes_escrow(uint8_t kind)
{
	return kind == VAULT_EVENT_ESCROW_SETUP || kind == VAULT_EVENT_REKEY;
}

/* Match each of theirs (in order) with an unused equal key of ours:
 * those without one are theirs only; ours left unused are ours only. */
static void
match(struct keys *ours, struct keys *theirs, struct vlt_merge *m)
{
	for (size_t i = 0; i < theirs->n; i++) {
		struct key *t = &theirs->k[i];
		size_t lo = 0, hi = ours->n;

		while (lo < hi) {       /* the first of ours >= t */
			size_t mid = lo + (hi - lo) / 2;

			if (memcmp(ours->k[mid].h, t->h, 32) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < ours->n && ours->k[lo].used &&
		    memcmp(ours->k[lo].h, t->h, 32) == 0)
			lo++;
		if (lo < ours->n && memcmp(ours->k[lo].h, t->h, 32) == 0) {
			ours->k[lo].used = 1;
			continue;
		}
		t->used = 2;            /* theirs only: to import */
		if (changes_escrow(t->kind))
			m->their_escrow = 1;
	}
	for (size_t i = 0; i < ours->n; i++)
		if (!ours->k[i].used && changes_escrow(ours->k[i].kind))
			m->our_escrow = 1;
}

struct importer {
	const struct keys *theirs;
	size_t at;
	vault *v;
	vault_err rc;
	size_t n, escrow;
};

static int
import_one(void *ctx, const vault_log_event *ev)
{
	struct importer *im = ctx;

	/* The walk gives the records in the order they were collected. */
	while (im->at < im->theirs->n && im->theirs->k[im->at].seq < ev->seq)
		im->at++;
	if (im->at == im->theirs->n || im->theirs->k[im->at].seq != ev->seq ||
	    im->theirs->k[im->at].used != 2)
		return 0;
	if ((im->rc = vlt_log_import(im->v, ev)) != VAULT_OK)
		return 1;
	im->n++;
	im->escrow += ev->escrow != 0;
	return 0;
}

vault_err
vlt_merge_log_plan(vault *v, vault *c, struct vlt_merge *m)
{
	struct keys ours = { NULL, 0, 0, VAULT_OK };
	vault_err rc;

	m->theirs = calloc(1, sizeof(struct keys));
	if (m->theirs == NULL)
		return VAULT_ERR_NOMEM;
	((struct keys *)m->theirs)->rc = VAULT_OK;
	if ((rc = vault_log_walk(v, 0, collect, &ours)) == VAULT_OK)
		rc = ours.rc;
	if (rc == VAULT_OK && (rc = vault_log_walk(c, 0, collect, m->theirs)) ==
	    VAULT_OK)
		rc = ((struct keys *)m->theirs)->rc;
	if (rc == VAULT_OK) {
		qsort(ours.k, ours.n, sizeof *ours.k, by_key);
		match(&ours, m->theirs, m);
	}
	free(ours.k);
	return rc;
}

vault_err
vlt_merge_log_import(vault *v, vault *c, struct vlt_merge *m)
{
	struct importer im = { m->theirs, 0, v, VAULT_OK, 0, 0 };
	vault_err rc;

	if ((rc = vault_log_walk(c, 0, import_one, &im)) == VAULT_OK)
		rc = im.rc;
	m->records = im.n;
	m->escrow_records = im.escrow;
	return rc;
}

void
vlt_merge_log_free(struct vlt_merge *m)
{
	struct keys *ks = m->theirs;

	if (ks != NULL)
		free(ks->k);
	free(ks);
	m->theirs = NULL;
}
