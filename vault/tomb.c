/* SPDX-License-Identifier: ISC */
/*
 * tomb.c - what was deleted, and when: the setting `deleted` (id 7),
 * sealed like every setting and so covered by the state's settings
 * digest. Its plaintext is a run of 16-byte records, u64 row id then i64
 * time of deletion (little-endian), sorted by row id, at most
 * VLT_TOMB_MAX (the newest kept). A merge (merge.c) reads it to tell an
 * entry deleted in one copy from one added in the other.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define SETTING_DELETED 7

static int
by_id(const void *a, const void *b)
{
	const struct vlt_tomb *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
newest_first(const void *a, const void *b)
{
	const struct vlt_tomb *x = a, *y = b;

	return x->time > y->time ? -1 : x->time < y->time ? 1 : by_id(a, b);
}

vault_err
vlt_tomb_decode(const uint8_t *p, size_t len, struct vlt_tomb *t, size_t *n)
{
	*n = 0;
	/* SECURITY: a whole number of records, ids in range, sorted. */
	if (len % VLT_TOMB_BYTES != 0 || len / VLT_TOMB_BYTES > VLT_TOMB_MAX)
		return VAULT_ERR_CORRUPT;
	for (size_t i = 0; i < len / VLT_TOMB_BYTES; i++) {
		uint64_t id = vlt_get_u64(p + i * VLT_TOMB_BYTES);
		uint64_t when = vlt_get_u64(p + i * VLT_TOMB_BYTES + 8);

		if (id < 1 || id > (uint64_t)1 << VLT_ID_BITS ||
		    (i > 0 && (int64_t)id <= t[i - 1].id) ||
		    when > (uint64_t)VAULT_TIME_MAX) {
			*n = 0;
			return VAULT_ERR_CORRUPT;
		}
		t[i].id = (int64_t)id;
		t[i].time = (int64_t)when;
		(*n)++;
	}
	return VAULT_OK;
}

void
vlt_tomb_encode(const struct vlt_tomb *t, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		vlt_put_u64(out + i * VLT_TOMB_BYTES, (uint64_t)t[i].id);
		vlt_put_u64(out + i * VLT_TOMB_BYTES + 8, (uint64_t)t[i].time);
	}
}

vault_err
vlt_tomb_read(vault *v, struct vlt_tomb **t, size_t *n)
{
	vault_secret *plain = NULL;
	sqlite3_stmt *st = NULL;
	vault_err rc;
	int step;

	*t = NULL;
	*n = 0;
	if ((rc = vlt_db_prepare(v, "SELECT 1 FROM setting WHERE id = ?",
	    &st)) != VAULT_OK)
		return rc;
	sqlite3_bind_int64(st, 1, SETTING_DELETED);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_DONE)
		return VAULT_OK;
	if (step != SQLITE_ROW)
		return vlt_db_err(v->db, step);
	if ((rc = vlt_setting_get(v, SETTING_DELETED, "deleted",
	    VLT_TOMB_MAX * VLT_TOMB_BYTES, &plain)) != VAULT_OK)
		return rc;
	if ((*t = calloc(plain->len / VLT_TOMB_BYTES + 1, sizeof **t)) == NULL) {
		rc = VAULT_ERR_NOMEM;
		goto out;
	}
	rc = vlt_tomb_decode(plain->buf, plain->len, *t, n);
out:
	vault_secret_free(plain);
	if (rc != VAULT_OK) {
		free(*t);
		*t = NULL;
		*n = 0;
	}
	return rc;
}

vault_err
vlt_tomb_write(vault *v, struct vlt_tomb *t, size_t n)
{
	uint8_t *buf;
	vault_err rc;

	if (n > VLT_TOMB_MAX) {
		qsort(t, n, sizeof *t, newest_first);
		n = VLT_TOMB_MAX;
	}
	qsort(t, n, sizeof *t, by_id);
	if ((buf = malloc(n * VLT_TOMB_BYTES + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	vlt_tomb_encode(t, n, buf);
	rc = vlt_setting_put(v, SETTING_DELETED, "deleted", buf,
	    n * VLT_TOMB_BYTES);
	free(buf);
	return rc;
}

vault_err
vlt_tomb_add(vault *v, int64_t id, int64_t when)
{
	struct vlt_tomb *t = NULL, *nu;
	size_t n = 0;
	vault_err rc;

	if ((rc = vlt_tomb_read(v, &t, &n)) != VAULT_OK)
		return rc;
	if ((nu = realloc(t, (n + 1) * sizeof *t)) == NULL) {
		free(t);
		return VAULT_ERR_NOMEM;
	}
	t = nu;
	t[n].id = id;
	t[n].time = when;
	rc = vlt_tomb_write(v, t, n + 1);
	free(t);
	return rc;
}
