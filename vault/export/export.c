/* SPDX-License-Identifier: ISC */
/*
 * export.c - vault_export: record the export in the log (one
 * transaction; refused when it cannot be recorded), then walk every
 * entry through one writer into guarded memory and write it out.
 * SECURITY: the log entry comes first, so no export goes unrecorded;
 * plaintext is only ever in guarded memory and in the caller's fd.
 */
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sodium.h>
#include "internal.h"
#include "export/export.h"

struct walk {
	const struct exp_writer *w;
	void *wctx;
	struct vlt_gbuf *b;
	vault_err rc;
	size_t n;
};

static int
each(void *ctx, const vault_entry *e)
{
	struct walk *wk = ctx;

	if ((wk->rc = wk->w->entry(wk->wctx, wk->b, e)) != VAULT_OK)
		return 1;
	wk->n++;
	return 0;
}

static vault_err
record(vault *v, const char *what)
{
	vault_err rc;

	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = vlt_log_append(v, VAULT_EVENT_EXPORT, (const uint8_t *)what,
	    strlen(what))) == VAULT_OK)
		rc = vlt_db_commit(v);
	else
		vlt_db_rollback(v);
	return rc;
}

vault_err
exp_write_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(fd, p, n > 1u << 20 ? 1u << 20 : n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return VAULT_ERR_IO;
		p += k;
		n -= (size_t)k;
	}
	return VAULT_OK;
}

static vault_err
kdbx_out(struct exp_kdbx *k, const struct vlt_gbuf *b, const uint8_t *pass,
    size_t pass_len, const vault_params *params, int fd)
{
	struct kdbx_kdf_params kdf = { .memory = 64ull << 20,
	    .iterations = 3, .lanes = 2 };

	if (params != NULL) {
		kdf.memory = (uint64_t)params->kdf_memory_kib * 1024u;
		kdf.iterations = params->kdf_passes;
		kdf.lanes = params->kdf_lanes;
	}
	return exp_kdbx_file(k, b, pass, pass_len, &kdf, fd);
}

vault_err
vault_export(vault *v, vault_export_format fmt, int fd, const uint8_t *pass,
    size_t pass_len, const vault_params *params, size_t *count)
{
	static const char *const names[] = { NULL, "csv", "json", "kdbx" };
	struct vlt_gbuf b = { 0 };
	struct exp_kdbx *k = NULL;
	struct walk wk = { 0 };
	int stopped = 0;
	vault_err rc;

	if (count != NULL)
		*count = 0;
	if (v == NULL || fd < 0 || fmt < VAULT_EXPORT_CSV ||
	    fmt > VAULT_EXPORT_KDBX ||
	    (fmt == VAULT_EXPORT_KDBX) != (pass != NULL && pass_len > 0) ||
	    (params != NULL && vault_params_check(params) != VAULT_OK))
		return VAULT_ERR_INVALID;
	/* SECURITY: what this library would refuse to read (docs/kdbx.md,
	 * "Caps") it does not write. */
	if (params != NULL && (uint64_t)params->kdf_memory_kib * 1024u >
	    KDBX_ARGON_MEM_MAX)
		return VAULT_ERR_KDF;
	if (sodium_init() < 0)
		return VAULT_ERR_NOMEM;
	if ((rc = record(v, names[fmt])) != VAULT_OK)
		return rc;
	wk.w = fmt == VAULT_EXPORT_CSV ? &exp_csv : fmt == VAULT_EXPORT_JSON ?
	    &exp_json : &exp_kdbx_xml;
	wk.b = &b;
	if (fmt == VAULT_EXPORT_KDBX) {
		if ((k = sodium_malloc(sizeof *k)) == NULL)
			return VAULT_ERR_NOMEM;
		randombytes_buf(k->inner_key, sizeof k->inner_key);
		if ((rc = kdbx_stream_init(&k->inner, KDBX_INNER_CHACHA20,
		    k->inner_key, sizeof k->inner_key)) != VAULT_OK)
			goto out;
		wk.wctx = k;
	}
	if ((rc = wk.w->begin(wk.wctx, &b)) != VAULT_OK)
		goto out;
	rc = vault_entry_walk(v, each, &wk, &stopped);
	if (rc == VAULT_OK && stopped)
		rc = wk.rc;
	if (rc != VAULT_OK || (rc = wk.w->end(wk.wctx, &b)) != VAULT_OK)
		goto out;
	if (fmt == VAULT_EXPORT_KDBX)
		rc = kdbx_out(k, &b, pass, pass_len, params, fd);
	else
		rc = exp_write_all(fd, b.p, b.len);
	if (rc == VAULT_OK && count != NULL)
		*count = wk.n;
out:
	vlt_gbuf_free(&b);
	sodium_free(k);
	return rc;
}
