/* SPDX-License-Identifier: ISC */
/*
 * import/bitwarden_json.c - a Bitwarden unencrypted JSON export
 * (bitwarden.com/help/export-your-data/, "File format: .json"):
 *
 *   { "encrypted": false,
 *     "folders": [ { "id": "...", "name": "Finance" } ],
 *     "items": [ { "type": 1, "name": "Bank", "notes": "...",
 *        "folderId": "...", "creationDate": "2023-...Z",
 *        "revisionDate": "...", "fields": [ { "name", "value" } ],
 *        "passwordHistory": [ { "lastUsedDate", "password" } ],
 *        "login": { "username", "password", "totp",
 *                   "passwordRevisionDate", "uris": [ { "uri" } ] } } ] }
 *
 * read through yajl's event (SAX) parser, so the file is never held
 * whole: each item becomes an entry as its closing brace is read.
 * Logins (type 1) and secure notes (type 2) are imported; cards and
 * identities are reported and left out. Folders become tags. Nesting is
 * bounded (DEPTH_MAX), and so is every string (STRING_MAX): a longer one
 * stops the import. SECURITY: strings are passwords; yajl's buffers are
 * allocated through functions that wipe them, as are ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <yajl/yajl_parse.h>
#include "import.h"

#define CHUNK      (64u * 1024u)
#define DEPTH_MAX  32
#define STRING_MAX (VAULT_VALUE_MAX + 1024u)
#define FOLDERS_MAX 10000u
#define KEY_MAX    32

enum role {
	R_OTHER, R_TOP, R_FOLDERS, R_FOLDER, R_ITEMS, R_ITEM, R_LOGIN,
	R_URIS, R_URI, R_FIELDS, R_FIELD, R_HIST, R_HISTENT, R_TAGS
};

struct folder {
	char *id, *name;
};

struct hist {
	uint8_t *pw;
	size_t len;
	int64_t when;
};

struct st {
	struct vlt_import_sink *sink;
	yajl_handle h;
	vault_err err;
	int depth;
	enum role role[DEPTH_MAX + 1];
	char key[DEPTH_MAX + 1][KEY_MAX];
	uint64_t base;          /* bytes before the current chunk */
	uint64_t records;
	/* the folder being read, and those read */
	char *fid, *fname;
	struct folder *folders;
	size_t nfolders;
	/* the item being read */
	struct vlt_draft d;
	int in_item;
	long type;
	char *folder;
	uint8_t *fld_name, *fld_val;
	size_t fld_name_len, fld_val_len;
	struct hist hist[VAULT_HISTORY_MAX], cur;
	size_t nhist;
	/* the string pre-scan */
	int in_str, esc;
	size_t str_len;
};

/* yajl's allocations go through the wiping allocator (wipe_alloc.c). */
static void *
w_malloc(void *ctx, size_t n)
{
	(void)ctx;
	return vlt_wipe_malloc(n);
}

static void
w_free(void *ctx, void *p)
{
	(void)ctx;
	vlt_wipe_free(p);
}

static void *
w_realloc(void *ctx, void *p, size_t n)
{
	(void)ctx;
	return vlt_wipe_realloc(p, n);
}

static void
wipe_free(void *p, size_t len)
{
	if (p != NULL) {
		sodium_memzero(p, len);
		free(p);
	}
}

static int
stop(struct st *s, vault_err rc, const char *why)
{
	if (s->err == VAULT_OK) {
		s->err = rc;
		if (why != NULL)
			snprintf(s->sink->why, sizeof s->sink->why,
			    "offset %llu: %s", (unsigned long long)(s->base +
			    yajl_get_bytes_consumed(s->h)), why);
		s->sink->at.offset = s->base + yajl_get_bytes_consumed(s->h);
		s->sink->at.record = s->records;
	}
	return 0;
}

static char *
dup_str(const unsigned char *p, size_t len)
{
	char *c = malloc(len + 1);

	if (c != NULL) {
		memcpy(c, p, len);
		c[len] = '\0';
	}
	return c;
}

static const char *
cur_key(const struct st *s)
{
	return s->key[s->depth];
}

static int
is(const struct st *s, enum role r, const char *key)
{
	return s->role[s->depth] == r && strcmp(cur_key(s), key) == 0;
}

/* What a new container is, from where it opens. */
static enum role
child_role(const struct st *s, int map)
{
	enum role p = s->role[s->depth];

	if (s->depth == 0)
		return map ? R_TOP : R_OTHER;
	if (p == R_TOP && !map)
		return is(s, R_TOP, "folders") ? R_FOLDERS :
		    is(s, R_TOP, "items") ? R_ITEMS : R_OTHER;
	if (map && (p == R_FOLDERS || p == R_ITEMS || p == R_URIS ||
	    p == R_FIELDS || p == R_HIST))
		return p == R_FOLDERS ? R_FOLDER : p == R_ITEMS ? R_ITEM :
		    p == R_URIS ? R_URI : p == R_FIELDS ? R_FIELD : R_HISTENT;
	if (p == R_ITEM && map && is(s, R_ITEM, "login"))
		return R_LOGIN;
	if (p == R_ITEM && !map)
		return is(s, R_ITEM, "fields") ? R_FIELDS :
		    is(s, R_ITEM, "passwordHistory") ? R_HIST :
		    is(s, R_ITEM, "tags") ? R_TAGS : R_OTHER;
	if (p == R_LOGIN && !map && is(s, R_LOGIN, "uris"))
		return R_URIS;
	return R_OTHER;
}

static int
push(struct st *s, int map)
{
	enum role r;

	if (s->err != VAULT_OK)
		return 0;
	if (s->depth >= DEPTH_MAX)
		return stop(s, VAULT_ERR_FORMAT, "nested too deeply");
	r = child_role(s, map);
	if (s->depth == 0 && r != R_TOP)
		return stop(s, VAULT_ERR_FORMAT, "not a Bitwarden export (no "
		    "object at the top)");
	s->depth++;
	s->role[s->depth] = r;
	s->key[s->depth][0] = '\0';
	if (r == R_ITEM) {
		s->type = 1;
		s->in_item = 1;
		vlt_draft_clear(&s->d);
	}
	return 1;
}

static int
on_start_map(void *ctx)
{
	return push(ctx, 1);
}

static int
on_start_array(void *ctx)
{
	return push(ctx, 0);
}

static int
on_key(void *ctx, const unsigned char *k, size_t len)
{
	struct st *s = ctx;

	if (len >= KEY_MAX)
		len = KEY_MAX - 1;
	memcpy(s->key[s->depth], k, len);
	s->key[s->depth][len] = '\0';
	return 1;
}

/* A string at the current place: a field of the item, its login, a URI,
 * a custom field, a history entry or a folder. */
static vault_err
item_string(struct st *s, const unsigned char *p, size_t len)
{
	const char *k = cur_key(s);

	switch (s->role[s->depth]) {
	case R_ITEM:
		if (strcmp(k, "name") == 0)
			return vlt_imp_set(&s->d, VAULT_FIELD_TITLE, p, len);
		if (strcmp(k, "notes") == 0)
			return vlt_imp_note_line(&s->d, NULL, p, len);
		if (strcmp(k, "folderId") == 0) {
			free(s->folder);
			return (s->folder = dup_str(p, len)) ? VAULT_OK :
			    VAULT_ERR_NOMEM;
		}
		if (strcmp(k, "creationDate") == 0)
			vlt_imp_time(&s->d, VAULT_TIME_CREATED, p, len, 0);
		else if (strcmp(k, "revisionDate") == 0)
			vlt_imp_time(&s->d, VAULT_TIME_MODIFIED, p, len, 0);
		return VAULT_OK;
	case R_TAGS:            /* cvault's own export adds "tags" */
		return vlt_imp_tag(&s->d, p, len);
	case R_LOGIN:
		if (strcmp(k, "username") == 0)
			return vlt_imp_set(&s->d, VAULT_FIELD_USERNAME, p, len);
		if (strcmp(k, "password") == 0)
			return vlt_imp_set(&s->d, VAULT_FIELD_PASSWORD, p, len);
		if (strcmp(k, "totp") == 0)
			return vlt_imp_set(&s->d, VAULT_FIELD_TOTP, p, len);
		if (strcmp(k, "passwordRevisionDate") == 0)
			vlt_imp_time(&s->d, VAULT_TIME_PASSWORD, p, len, 0);
		return VAULT_OK;
	case R_URI:
		return strcmp(k, "uri") == 0 ? vlt_imp_url(&s->d, p, len) :
		    VAULT_OK;
	case R_FIELD:
		if (strcmp(k, "name") == 0) {
			wipe_free(s->fld_name, s->fld_name_len);
			s->fld_name_len = len;
			return (s->fld_name = (uint8_t *)dup_str(p, len)) ?
			    VAULT_OK : VAULT_ERR_NOMEM;
		}
		if (strcmp(k, "value") == 0) {
			wipe_free(s->fld_val, s->fld_val_len);
			s->fld_val_len = len;
			return (s->fld_val = (uint8_t *)dup_str(p, len)) ?
			    VAULT_OK : VAULT_ERR_NOMEM;
		}
		return VAULT_OK;
	case R_HISTENT:
		if (strcmp(k, "password") == 0 && len > 0 &&
		    len <= VAULT_VALUE_MAX) {
			wipe_free(s->cur.pw, s->cur.len);
			s->cur.len = len;
			return (s->cur.pw = (uint8_t *)dup_str(p, len)) ?
			    VAULT_OK : VAULT_ERR_NOMEM;
		}
		if (strcmp(k, "lastUsedDate") == 0)
			(void)(vlt_imp_iso8601(p, len, &s->cur.when));
		return VAULT_OK;
	case R_FOLDER:
		if (strcmp(k, "id") == 0) {
			free(s->fid);
			return (s->fid = dup_str(p, len)) ? VAULT_OK :
			    VAULT_ERR_NOMEM;
		}
		if (strcmp(k, "name") == 0) {
			free(s->fname);
			return (s->fname = dup_str(p, len)) ? VAULT_OK :
			    VAULT_ERR_NOMEM;
		}
		return VAULT_OK;
	default:
		return VAULT_OK;
	}
}

static int
on_string(void *ctx, const unsigned char *p, size_t len)
{
	struct st *s = ctx;
	vault_err rc;

	if (s->err != VAULT_OK)
		return 0;
	if (s->depth == 0)
		return stop(s, VAULT_ERR_FORMAT, "not a Bitwarden export");
	rc = item_string(s, p, len);
	if (rc == VAULT_ERR_FORMAT && s->in_item) {
		s->type = -1;           /* the item is reported, not added */
		return 1;
	}
	return rc == VAULT_OK ? 1 : stop(s, rc, NULL);
}

static int
on_number(void *ctx, const char *p, size_t len)
{
	struct st *s = ctx;

	if (s->depth == 0)
		return stop(s, VAULT_ERR_FORMAT, "not a Bitwarden export");
	if (is(s, R_ITEM, "type") && s->type != -1)
		s->type = len == 1 && p[0] >= '0' && p[0] <= '9' ?
		    p[0] - '0' : 9;
	return 1;
}

static int
on_bool(void *ctx, int b)
{
	struct st *s = ctx;

	if (s->depth == 0)
		return stop(s, VAULT_ERR_FORMAT, "not a Bitwarden export");
	if (b && (is(s, R_TOP, "encrypted") ||
	    is(s, R_TOP, "passwordProtected")))
		return stop(s, VAULT_ERR_FORMAT, "an encrypted Bitwarden "
		    "export: export again choosing \".json\", not "
		    "\".json (Encrypted)\"");
	return 1;
}

static int
on_null(void *ctx)
{
	struct st *s = ctx;

	return s->depth == 0 ? stop(s, VAULT_ERR_FORMAT,
	    "not a Bitwarden export") : 1;
}

/* History entries, newest first, as an entry keeps them. */
static vault_err
push_history(struct st *s)
{
	vault_err rc = VAULT_OK;

	for (size_t i = 1; i < s->nhist; i++)
		for (size_t j = i; j > 0 && s->hist[j].when >
		    s->hist[j - 1].when; j--) {
			struct hist t = s->hist[j];

			s->hist[j] = s->hist[j - 1];
			s->hist[j - 1] = t;
		}
	for (size_t i = 0; i < s->nhist && rc == VAULT_OK; i++)
		rc = vlt_draft_history(&s->d, s->hist[i].pw, s->hist[i].len,
		    s->hist[i].when);
	return rc;
}

static void
item_reset(struct st *s)
{
	for (size_t i = 0; i < s->nhist; i++)
		wipe_free(s->hist[i].pw, s->hist[i].len);
	s->nhist = 0;
	free(s->folder);
	s->folder = NULL;
	vlt_draft_clear(&s->d);
	s->in_item = 0;
}

static int
end_item(struct st *s)
{
	struct vlt_import_where at = { 0, 0, 0 };
	vault_entry *e = NULL;
	vault_err rc = VAULT_OK;

	at.offset = s->base + yajl_get_bytes_consumed(s->h);
	at.record = ++s->records;
	for (size_t i = 0; s->folder != NULL && i < s->nfolders; i++)
		if (strcmp(s->folders[i].id, s->folder) == 0)
			rc = vlt_imp_tag(&s->d, (const uint8_t *)
			    s->folders[i].name, strlen(s->folders[i].name));
	if (rc == VAULT_OK)
		rc = push_history(s);
	if (rc == VAULT_ERR_FORMAT || s->type == -1) {
		s->sink->skip(s->sink->ctx, &at, "text that is not valid "
		    "UTF-8, or too long a value");
	} else if (rc != VAULT_OK) {
		item_reset(s);
		return stop(s, rc, NULL);
	} else if (s->type != 1 && s->type != 2) {
		s->sink->skip(s->sink->ctx, &at, "not a login or a note (a "
		    "card or an identity): left out");
	} else if ((rc = vlt_draft_entry(&s->d, &e)) == VAULT_ERR_FORMAT) {
		s->sink->skip(s->sink->ctx, &at, "an item past the limits of "
		    "an entry");
	} else if (rc != VAULT_OK ||
	    (rc = s->sink->emit(s->sink->ctx, e, &at)) != VAULT_OK) {
		item_reset(s);
		return stop(s, rc, NULL);
	}
	item_reset(s);
	return 1;
}

static int
end_folder(struct st *s)
{
	struct folder *f;

	if (s->fid != NULL && s->fname != NULL) {
		if (s->nfolders >= FOLDERS_MAX)
			return stop(s, VAULT_ERR_FORMAT, "too many folders");
		if ((f = realloc(s->folders, (s->nfolders + 1) * sizeof *f)) ==
		    NULL)
			return stop(s, VAULT_ERR_NOMEM, NULL);
		s->folders = f;
		f[s->nfolders].id = s->fid;
		f[s->nfolders++].name = s->fname;
	} else {
		free(s->fid);
		free(s->fname);
	}
	s->fid = s->fname = NULL;
	return 1;
}

static int
on_end(void *ctx)
{
	struct st *s = ctx;
	enum role r = s->role[s->depth];
	vault_err rc = VAULT_OK;
	int ok = 1;

	if (s->err != VAULT_OK)
		return 0;
	if (r == R_ITEM)
		ok = end_item(s);
	else if (r == R_FOLDER)
		ok = end_folder(s);
	else if (r == R_FIELD && s->fld_val != NULL && s->in_item) {
		rc = vlt_imp_custom(&s->d, s->fld_name ? s->fld_name :
		    (const uint8_t *)"Field", s->fld_name ? s->fld_name_len : 5,
		    s->fld_val, s->fld_val_len);
		if (rc == VAULT_ERR_FORMAT)
			s->type = -1;
		else if (rc != VAULT_OK)
			ok = stop(s, rc, NULL);
	} else if (r == R_HISTENT && s->cur.pw != NULL) {
		if (s->nhist < VAULT_HISTORY_MAX)
			s->hist[s->nhist++] = s->cur;
		else
			wipe_free(s->cur.pw, s->cur.len);
		memset(&s->cur, 0, sizeof s->cur);
	}
	if (r == R_FIELD) {
		wipe_free(s->fld_name, s->fld_name_len);
		wipe_free(s->fld_val, s->fld_val_len);
		s->fld_name = s->fld_val = NULL;
	}
	s->depth--;
	return ok;
}

static const yajl_callbacks callbacks = {
	on_null, on_bool, NULL, NULL, on_number, on_string, on_start_map,
	on_key, on_end, on_start_array, on_end
};

/* Bound every string before yajl buffers it: a string longer than
 * STRING_MAX stops the import. */
static int
scan(struct st *s, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (!s->in_str) {
			s->in_str = p[i] == '"';
			s->str_len = 0;
		} else if (s->esc) {
			s->esc = 0;
		} else if (p[i] == '\\') {
			s->esc = 1;
		} else if (p[i] == '"') {
			s->in_str = 0;
		}
		if (s->in_str && ++s->str_len > STRING_MAX)
			return -1;
	}
	return 0;
}

static vault_err
parse_failed(struct st *s, const char *what)
{
	unsigned char *msg;
	char why[160];

	if (s->err != VAULT_OK)
		return s->err;
	/* verbose 0: the message quotes none of the file's text. */
	msg = yajl_get_error(s->h, 0, NULL, 0);
	snprintf(why, sizeof why, "%s (%s)", what, msg ? (char *)msg : "?");
	for (char *c = why; *c; c++)
		if (*c == '\n')
			*c = ' ';
	yajl_free_error(s->h, msg);
	stop(s, VAULT_ERR_FORMAT, why);
	return VAULT_ERR_FORMAT;
}

static vault_err
run(struct st *s, const struct vlt_import_src *src, uint8_t *buf)
{
	size_t got;
	vault_err rc;

	for (;;) {
		if ((rc = src->read(src->ctx, buf, CHUNK, &got)) != VAULT_OK) {
			stop(s, rc, "cannot read the file");
			return rc;
		}
		if (got == 0)
			break;
		if (scan(s, buf, got) != 0) {
			stop(s, VAULT_ERR_FORMAT, "a string over 4 MiB");
			return VAULT_ERR_FORMAT;
		}
		if (yajl_parse(s->h, buf, got) != yajl_status_ok)
			return parse_failed(s, "malformed JSON");
		s->base += got;
		sodium_memzero(buf, got);
	}
	if (yajl_complete_parse(s->h) != yajl_status_ok)
		return parse_failed(s, "the JSON ends too soon (a truncated "
		    "file?)");
	if (s->err == VAULT_OK && s->records == 0)
		stop(s, VAULT_ERR_FORMAT, "no items in the export");
	return s->err;
}

vault_err
vlt_import_bitwarden_json(const struct vlt_import_src *src,
    struct vlt_import_sink *sink)
{
	yajl_alloc_funcs af = { w_malloc, w_realloc, w_free, NULL };
	struct st *s;
	uint8_t *buf;
	vault_err rc;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return VAULT_ERR_NOMEM;
	if ((buf = malloc(CHUNK)) == NULL ||
	    (s->h = yajl_alloc(&callbacks, &af, s)) == NULL) {
		free(buf);
		free(s);
		return VAULT_ERR_NOMEM;
	}
	s->sink = sink;
	rc = run(s, src, buf);
	yajl_free(s->h);
	item_reset(s);
	vlt_draft_free(&s->d);
	wipe_free(s->fld_name, s->fld_name_len);
	wipe_free(s->fld_val, s->fld_val_len);
	wipe_free(s->cur.pw, s->cur.len);
	free(s->fid);
	free(s->fname);
	for (size_t i = 0; i < s->nfolders; i++) {
		free(s->folders[i].id);
		free(s->folders[i].name);
	}
	free(s->folders);
	sodium_memzero(buf, CHUNK);
	free(buf);
	free(s);
	return rc;
}

int
vlt_sniff_bitwarden_json(const uint8_t *head, size_t len)
{
	size_t i = 0;

	while (i < len && (head[i] == ' ' || head[i] == '\n' ||
	    head[i] == '\r' || head[i] == '\t'))
		i++;
	if (i == len || head[i] != '{')
		return 0;
	for (size_t k = i; k + 8 <= len; k++)
		if (memcmp(head + k, "\"items\"", 7) == 0 ||
		    memcmp(head + k, "\"encrypted\"", 8) == 0)
			return 95;
	return 0;
}
