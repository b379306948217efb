/* SPDX-License-Identifier: ISC */
/*
 * import/driver.c - vault_import_run: the one place an import is run.
 * It reads the head of the source to detect the format (formats.c),
 * hands the whole source to that format's reader, and for each entry the
 * reader emits: finds a title, decides duplicates (titles.c), checks the
 * password against the policy (flagging, never refusing), and adds it to
 * the open batch (batch.c). The reader never touches the vault.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "import.h"
#include "titles.h"

#define HEAD_MAX (64u * 1024u)  /* bytes sniffed for detection */
#define SUFFIX_MAX 10000u       /* "Title (2)" .. "(10000)" */

struct driver {
	vault *v;
	vault_batch *b;
	struct vlt_titles *seen;
	const vault_import_opts *o;
	const vault_import_report *rep;
	vault_import_result *res;
	/* the source: the head first, then the rest */
	vault_read_fn rd;
	void *rd_ctx;
	uint8_t *head;
	size_t head_len, head_off;
};

vault_err
vault_import_format(size_t i, const char **name, const char **label)
{
	if (name == NULL || label == NULL)
		return VAULT_ERR_INVALID;
	*name = *label = NULL;
	if (i >= vlt_import_nformats)
		return VAULT_ERR_NOTFOUND;
	*name = vlt_import_formats[i].name;
	*label = vlt_import_formats[i].label;
	return VAULT_OK;
}

static vault_err
src_read(void *ctx, uint8_t *buf, size_t cap, size_t *got)
{
	struct driver *d = ctx;
	size_t n;

	*got = 0;
	if (d->head_off < d->head_len) {
		n = d->head_len - d->head_off;
		if (n > cap)
			n = cap;
		memcpy(buf, d->head + d->head_off, n);
		d->head_off += n;
		*got = n;
		return VAULT_OK;
	}
	return d->rd(d->rd_ctx, buf, cap, got);
}

/* Fill the head: up to HEAD_MAX bytes, fewer only at the end. */
static vault_err
read_head(struct driver *d)
{
	size_t got;
	vault_err rc;

	if ((d->head = malloc(HEAD_MAX)) == NULL)
		return VAULT_ERR_NOMEM;
	while (d->head_len < HEAD_MAX) {
		if ((rc = d->rd(d->rd_ctx, d->head + d->head_len,
		    HEAD_MAX - d->head_len, &got)) != VAULT_OK)
			return rc;
		if (got == 0)
			break;
		d->head_len += got;
	}
	return VAULT_OK;
}

static vault_err
fail(vault_import_result *res, const char *why)
{
	snprintf(res->why, sizeof res->why, "%s", why);
	return VAULT_ERR_FORMAT;
}

/* The format named, or the one the head looks most like. */
static vault_err
pick(struct driver *d, const struct vlt_import_format **out)
{
	const uint8_t *h = d->head;
	size_t len = d->head_len;
	int best = 0, score;

	*out = NULL;
	if (d->o->format != NULL) {
		for (size_t i = 0; i < vlt_import_nformats; i++)
			if (strcmp(d->o->format, vlt_import_formats[i].name) ==
			    0)
				*out = &vlt_import_formats[i];
		return *out != NULL ? VAULT_OK : VAULT_ERR_INVALID;
	}
	if (len == 0)
		return fail(d->res, "the file is empty");
	if (len >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf) {
		h += 3;
		len -= 3;
	}
	for (size_t i = 0; i < vlt_import_nformats; i++) {
		score = vlt_import_formats[i].sniff(h, len);
		if (score > best) {
			best = score;
			*out = &vlt_import_formats[i];
		}
	}
	if (*out == NULL)
		return fail(d->res, "not a file this importer knows (not a CSV "
		    "with a header line, a Bitwarden JSON or a KeePass file);"
		    " give --format");
	return VAULT_OK;
}

static void
report(struct driver *d, vault_import_row *r)
{
	if (d->rep != NULL && d->rep->row != NULL)
		d->rep->row(d->rep->ctx, r);
}

static void
on_skip(void *ctx, const struct vlt_import_where *at, const char *why)
{
	struct driver *d = ctx;
	vault_import_row r;

	memset(&r, 0, sizeof r);
	r.status = VAULT_IMPORT_UNREADABLE;
	r.line = at->line;
	r.record = at->record;
	r.reasons = why;
	d->res->records++;
	d->res->unreadable++;
	report(d, &r);
}

static void
on_note(void *ctx, const char *text)
{
	struct driver *d = ctx;

	if (d->rep != NULL && d->rep->note != NULL)
		d->rep->note(d->rep->ctx, text);
}

/* Every title already in the vault, into the set (summaries only). */
static int
add_vault_title(void *ctx, const vault_entry *e)
{
	struct driver *d = ctx;
	uint8_t key[VLT_TITLE_KEY];
	const uint8_t *t;
	size_t len;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &len) != VAULT_OK)
		return 0;
	if (vlt_titles_key(d->seen, t, len, key) != VAULT_OK ||
	    vlt_titles_put(d->seen, key, t, len, 1) != VAULT_OK)
		return 1;
	return 0;
}

static vault_err
titles_of_vault(struct driver *d)
{
	vault_err rc;
	int stopped = 0;

	rc = vault_entry_search(d->v, NULL, add_vault_title, d, &stopped);
	return rc == VAULT_OK && stopped ? VAULT_ERR_NOMEM : rc;
}

/* "Title (n)" for the first n from 2 that no title has taken. */
static vault_err
suffix(struct driver *d, vault_entry *e, const uint8_t *t, size_t len,
    uint8_t key[VLT_TITLE_KEY])
{
	char tail[24];
	uint8_t *b;
	size_t tl, cap = len + sizeof tail;
	vault_err rc = VAULT_ERR_FORMAT;

	if ((b = malloc(cap)) == NULL)
		return VAULT_ERR_NOMEM;
	for (unsigned n = 2; n <= SUFFIX_MAX; n++) {
		tl = (size_t)snprintf(tail, sizeof tail, " (%u)", n);
		if (len + tl > VAULT_TITLE_MAX)
			break;
		memcpy(b, t, len);
		memcpy(b + len, tail, tl);
		if ((rc = vlt_titles_key(d->seen, b, len + tl, key)) !=
		    VAULT_OK)
			break;
		if (vlt_titles_find(d->seen, key, NULL) == NULL) {
			rc = vault_entry_set(e, VAULT_FIELD_TITLE, b, len + tl);
			break;
		}
		rc = VAULT_ERR_FORMAT;
	}
	sodium_memzero(b, cap);
	free(b);
	return rc;
}

/* The host of the entry's URL, into buf, for the policy's context. */
static const char *
host_of(const vault_entry *e, char *buf, size_t cap)
{
	const uint8_t *u;
	size_t len, i = 0, n = 0;

	buf[0] = '\0';
	if (vault_entry_field(e, VAULT_FIELD_URL, &u, &len) != VAULT_OK)
		return buf;
	for (size_t k = 0; k + 2 < len; k++)
		if (u[k] == ':' && u[k + 1] == '/' && u[k + 2] == '/') {
			i = k + 3;
			break;
		}
	while (i < len && u[i] != '/' && u[i] != ':' && u[i] != '?' &&
	    n + 1 < cap)
		buf[n++] = (char)u[i++];
	buf[n] = '\0';
	return buf;
}

/* A field as a NUL-terminated copy in `buf` (cut to fit), for context. */
static const char *
field_str(const vault_entry *e, vault_field f, char *buf, size_t cap)
{
	const uint8_t *p;
	size_t len;

	buf[0] = '\0';
	if (vault_entry_field(e, f, &p, &len) == VAULT_OK) {
		if (len >= cap)
			len = cap - 1;
		memcpy(buf, p, len);
		buf[len] = '\0';
	}
	return buf;
}

#define CONTEXT_MAX 40u

/* The policy on e's password: flag it weak, *reasons owned by *s. */
static vault_err
judge(struct driver *d, vault_entry *e, vault_strength **s, int *weak)
{
	const char *ctx[CONTEXT_MAX + 3];
	char title[256], user[256], host[256];
	const uint8_t *pw;
	size_t len, n = 0;
	vault_err rc;

	*weak = 0;
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &pw, &len) != VAULT_OK)
		return VAULT_OK;        /* no password: nothing to judge */
	ctx[n++] = field_str(e, VAULT_FIELD_TITLE, title, sizeof title);
	ctx[n++] = field_str(e, VAULT_FIELD_USERNAME, user, sizeof user);
	ctx[n++] = host_of(e, host, sizeof host);
	for (size_t i = 0; i < d->o->n_context && i < CONTEXT_MAX; i++)
		if (d->o->context[i] != NULL)
			ctx[n++] = d->o->context[i];
	/* A NUL in a password cannot be judged; it is weak by fiat. */
	if (memchr(pw, 0, len) != NULL) {
		*weak = 1;
		return vault_entry_flags_set(e, vault_entry_flags(e) |
		    VAULT_ENTRY_WEAK);
	}
	rc = vault_strength_check(pw, len, VAULT_STRENGTH_CREDENTIAL, ctx, n,
	    s);
	sodium_memzero(title, sizeof title);
	sodium_memzero(user, sizeof user);
	sodium_memzero(host, sizeof host);
	if (rc != VAULT_OK || vault_strength_ok(*s))
		return rc;
	*weak = 1;
	return vault_entry_flags_set(e, vault_entry_flags(e) | VAULT_ENTRY_WEAK);
}

/* A duplicate by the chosen rule; *status says what became of it. */
static vault_err
duplicate(struct driver *d, vault_entry *e, const uint8_t *t, size_t len,
    const char *other, uint8_t key[VLT_TITLE_KEY], vault_import_row *r)
{
	switch (d->o->duplicates) {
	case VAULT_DUP_SUFFIX:
		r->status = VAULT_IMPORT_DUP_SUFFIXED;
		d->res->dup_suffixed++;
		return suffix(d, e, t, len, key);
	case VAULT_DUP_REPLACE:
		/* Under the title it has, so that its row is the one found. */
		r->status = VAULT_IMPORT_DUP_REPLACED;
		d->res->dup_replaced++;
		return vault_entry_set(e, VAULT_FIELD_TITLE,
		    (const uint8_t *)other, strlen(other));
	default:
		r->status = VAULT_IMPORT_DUP_SKIPPED;
		d->res->dup_skipped++;
		return VAULT_OK;
	}
}

/* A NUL-terminated copy (strndup is POSIX's, not every system's). */
static char *
dup_text(const uint8_t *t, size_t len)
{
	char *c = malloc(len + 1);

	if (c != NULL) {
		memcpy(c, t, len);
		c[len] = '\0';
	}
	return c;
}

static vault_err
add_one(struct driver *d, vault_entry *e, vault_import_row *r)
{
	vault_strength *s = NULL;
	uint8_t key[VLT_TITLE_KEY];
	const uint8_t *t;
	const char *other;
	size_t len;
	vault_err rc;

	if ((rc = vault_entry_field(e, VAULT_FIELD_TITLE, &t, &len)) !=
	    VAULT_OK || (rc = vlt_titles_key(d->seen, t, len, key)) != VAULT_OK)
		return rc;
	r->status = VAULT_IMPORT_NEW;
	if ((other = vlt_titles_find(d->seen, key, &r->in_vault)) != NULL) {
		r->other = other;
		if ((rc = duplicate(d, e, t, len, other, key, r)) != VAULT_OK ||
		    r->status == VAULT_IMPORT_DUP_SKIPPED)
			goto done;
	}
	if ((rc = judge(d, e, &s, &r->weak)) != VAULT_OK)
		goto done;
	r->reasons = r->weak && s != NULL ? vault_strength_reasons(s) :
	    r->weak ? "The password holds a NUL byte." : NULL;
	if (d->b != NULL && (rc = vault_batch_add(d->b, e, r->status ==
	    VAULT_IMPORT_DUP_REPLACED ? VAULT_BATCH_REPLACE : 0)) != VAULT_OK)
		goto done;
	d->res->added += r->status != VAULT_IMPORT_DUP_REPLACED;
	d->res->weak += r->weak;
	if ((rc = vault_entry_field(e, VAULT_FIELD_TITLE, &t, &len)) ==
	    VAULT_OK && (rc = vlt_titles_key(d->seen, t, len, key)) == VAULT_OK)
		rc = vlt_titles_put(d->seen, key, t, len, 0);
done:
	if (rc == VAULT_OK) {
		r->title = NULL;
		if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &len) ==
		    VAULT_OK && (r->title = dup_text(t, len)) == NULL)
			rc = VAULT_ERR_NOMEM;
		else
			report(d, r);
		free((char *)r->title);
	}
	vault_strength_free(s);
	return rc;
}

static vault_err
on_emit(void *ctx, vault_entry *e, const struct vlt_import_where *at)
{
	struct driver *d = ctx;
	vault_import_row r;
	vault_err rc;

	memset(&r, 0, sizeof r);
	r.line = at->line;
	r.record = at->record;
	if ((rc = vlt_imp_title_fallback(e)) == VAULT_ERR_NOTFOUND) {
		vault_entry_free(e);
		on_skip(d, at, "no title, web address or username");
		return VAULT_OK;
	}
	d->res->records++;
	if (rc == VAULT_OK)
		rc = add_one(d, e, &r);
	vault_entry_free(e);
	return rc;
}

vault_err
vault_import_run(vault *v, vault_read_fn rd, void *rd_ctx,
    const vault_import_opts *opts, const vault_import_report *rep,
    vault_import_result *res, vault_batch **out)
{
	static const vault_import_opts none;
	const struct vlt_import_format *f = NULL;
	struct vlt_import_src src;
	struct vlt_import_sink sink;
	struct driver d;
	vault_secret *pass = NULL;
	vault_err rc;

	if (out != NULL)
		*out = NULL;
	if (res != NULL)
		memset(res, 0, sizeof *res);
	if (v == NULL || rd == NULL || res == NULL || out == NULL)
		return VAULT_ERR_INVALID;
	memset(&d, 0, sizeof d);
	d.v = v;
	d.o = opts != NULL ? opts : &none;
	d.rep = rep;
	d.res = res;
	d.rd = rd;
	d.rd_ctx = rd_ctx;
	if (d.o->duplicates != 0 && (d.o->duplicates < VAULT_DUP_SKIP ||
	    d.o->duplicates > VAULT_DUP_REPLACE))
		return VAULT_ERR_INVALID;
	if ((rc = read_head(&d)) != VAULT_OK || (rc = pick(&d, &f)) != VAULT_OK)
		goto out;
	res->format = f->name;
	res->label = f->label;
	if ((rc = vlt_titles_new(&d.seen)) != VAULT_OK ||
	    (!d.o->dry_run && (rc = vault_batch_begin(v, &d.b)) != VAULT_OK) ||
	    (rc = titles_of_vault(&d)) != VAULT_OK)
		goto out;
	src.read = src_read;
	src.ctx = &d;
	memset(&sink, 0, sizeof sink);
	sink.emit = on_emit;
	sink.skip = on_skip;
	sink.note = on_note;
	sink.ctx = &d;
	sink.map = d.o->map;
	sink.n_map = d.o->n_map;
	if (f->kind & VLT_FMT_PASSWORD) {
		if (d.o->pass_fn == NULL) {
			rc = VAULT_ERR_INVALID;
			goto out;
		}
		if ((rc = d.o->pass_fn(d.o->pass_ctx, &pass)) != VAULT_OK)
			goto out;
		rc = f->read_pass(&src, vault_secret_data(pass),
		    vault_secret_len(pass), &sink);
	} else {
		rc = f->read(&src, &sink);
	}
	if (rc == VAULT_ERR_FORMAT) {
		snprintf(res->why, sizeof res->why, "%s", sink.why[0] ?
		    sink.why : "malformed file");
		res->line = sink.at.line;
		res->offset = sink.at.offset;
	} else if (rc == VAULT_OK && res->records == 0) {
		rc = fail(res, "no entries in the file (a header line alone?)");
	}
	if (rc == VAULT_OK) {
		*out = d.b;
		d.b = NULL;
	}
out:
	vault_secret_free(pass);
	vault_batch_abort(d.b);
	vlt_titles_free(d.seen);
	free(d.head);
	return rc;
}
