/* SPDX-License-Identifier: ISC */
/*
 * import/csv.c - the one CSV reader behind every CSV format: a header
 * line naming the columns, then a record a row. Parsing is libcsv's
 * (streaming, RFC 4180 quoting, strict: a stray or unterminated quote is
 * an error); this file adds what spreadsheets and password managers do
 * to CSV: a UTF-8 byte-order mark, CR LF endings, cells over several
 * lines, blank rows and trailing empty columns (ignored), ';' or tab
 * instead of ',' (found from the header line), and Windows-1252 text
 * (Excel's plain "CSV" on UK Windows), turned into UTF-8 cell by cell
 * (vlt_os_from_cp1252: iconv on POSIX, the code page API on Windows):
 * without a byte-order mark a cell that is not UTF-8 is read as
 * Windows-1252. Memory is bounded: a physical line over LINE_MAX or a
 * record over RECORD_MAX stops the import with the line's number.
 * SECURITY: cells hold passwords; libcsv's buffer is grown and freed
 * through functions that wipe it, and so is every copy made here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <csv.h>
#include <sodium.h>
#include "csv.h"
#include "os.h"

#define CHUNK      (64u * 1024u)
#define LINE_MAX_B (1024u * 1024u)      /* one physical line */
#define RECORD_MAX (8u * 1024u * 1024u) /* one record, all its lines */
#define COLS_MAX   256u

struct st {
	struct csv_parser p;
	const struct vlt_csv_profile *prof;
	struct vlt_import_sink *sink;
	struct vlt_import_where at;
	vault_err err;          /* stops everything */
	int bom;                /* UTF-8 declared: no Windows-1252 guess */
	/* the header */
	int header_done;
	size_t ncols;
	char *hname[COLS_MAX];
	enum vlt_csv_target target[COLS_MAX];
	/* the record being read */
	struct vlt_draft d;
	size_t col;
	int nonempty, skip;
	const char *why;
	uint64_t line, rec_line, line_len, rec_len, rows;
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;       /* keep spaces: they may belong to a password */
}

static vault_err
stop(struct st *s, vault_err rc, const char *why)
{
	if (s->err == VAULT_OK) {
		s->err = rc;
		if (why != NULL)
			snprintf(s->sink->why, sizeof s->sink->why, "%s", why);
		s->sink->at = s->at;
	}
	return rc;
}

/* The cell as UTF-8: itself, or converted from Windows-1252 into *buf
 * (len * 3 + 1 bytes, for the caller to wipe). */
static vault_err
as_utf8(struct st *s, const uint8_t *p, size_t len, const uint8_t **out,
    size_t *out_len, uint8_t **buf)
{
	vault_err rc;

	*out = p;
	*out_len = len;
	*buf = NULL;
	if (s->bom || vault_text_check(p, len, VAULT_TEXT_MULTILINE, NULL,
	    NULL) != VAULT_TEXT_NOT_UTF8)
		return VAULT_OK;
	if ((*buf = malloc(len * 3 + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	if ((rc = vlt_os_from_cp1252(p, len, *buf, out_len)) != VAULT_OK)
		return rc;
	*out = *buf;
	return VAULT_OK;
}

/* Split `p` at `sep` and hand each trimmed piece to fn. */
static vault_err
each(struct vlt_draft *e, const uint8_t *p, size_t len, uint8_t sep,
    vault_err (*fn)(struct vlt_draft *, const uint8_t *, size_t))
{
	size_t i = 0, j;
	vault_err rc;

	while (i <= len) {
		for (j = i; j < len && p[j] != sep; j++)
			;
		if ((rc = fn(e, p + i, j - i)) != VAULT_OK)
			return rc;
		i = j + 1;
	}
	return VAULT_OK;
}

/* A folder path: the root's name ("Passwords/Finance/Banks") dropped,
 * the rest one tag. */
static vault_err
group_tag(struct vlt_draft *e, const uint8_t *p, size_t len)
{
	const uint8_t *slash = memchr(p, '/', len);

	if (slash == NULL)
		return VAULT_OK;        /* the root alone: no tag */
	return vlt_imp_tag(e, slash + 1, len - (size_t)(slash + 1 - p));
}

/* Bitwarden's "fields": "name: value" a line. */
static vault_err
bw_fields(struct vlt_draft *e, const uint8_t *p, size_t len)
{
	size_t i = 0, j, k;
	vault_err rc;

	while (i < len) {
		for (j = i; j < len && p[j] != '\n'; j++)
			;
		for (k = i; k + 1 < j && !(p[k] == ':' && p[k + 1] == ' '); k++)
			;
		if (k + 1 < j)
			rc = vlt_imp_custom(e, p + i, k - i, p + k + 2,
			    j - k - 2);
		else
			rc = vlt_imp_note_line(e, NULL, p + i, j - i);
		if (rc != VAULT_OK)
			return rc;
		i = j + 1;
	}
	return VAULT_OK;
}

static vault_err
url_first(struct vlt_draft *e, const uint8_t *p, size_t len)
{
	/* LastPass gives a secure note the address "http://sn". */
	if (len == 9 && memcmp(p, "http://sn", 9) == 0)
		return VAULT_OK;
	return vlt_imp_url(e, p, len);
}

static vault_err
tag_piece(struct vlt_draft *e, const uint8_t *p, size_t len)
{
	return vlt_imp_tag(e, p, len);
}

/* Put one cell of column `c` into the record. */
static vault_err
apply(struct st *s, size_t c, const uint8_t *p, size_t len)
{
	enum vlt_csv_target t = c < s->ncols ? s->target[c] : VLT_COL_CUSTOM;
	const char *h = c < s->ncols ? s->hname[c] : "Extra column";

	switch (t) {
	case VLT_COL_IGNORE:
		return VAULT_OK;
	case VLT_COL_TITLE:
		return vlt_imp_set(&s->d, VAULT_FIELD_TITLE, p, len);
	case VLT_COL_USERNAME:
		return vlt_imp_set(&s->d, VAULT_FIELD_USERNAME, p, len);
	case VLT_COL_PASSWORD:
		return vlt_imp_set(&s->d, VAULT_FIELD_PASSWORD, p, len);
	case VLT_COL_URL:
		return url_first(&s->d, p, len);
	case VLT_COL_URLS:
		return each(&s->d, p, len, ',', url_first);
	case VLT_COL_NOTES:
		return vlt_imp_note_line(&s->d, NULL, p, len);
	case VLT_COL_NOTE_LINE:
		return vlt_imp_note_line(&s->d, h, p, len);
	case VLT_COL_TOTP:
		return vlt_imp_set(&s->d, VAULT_FIELD_TOTP, p, len);
	case VLT_COL_TAGS:
		return each(&s->d, p, len, ',', tag_piece);
	case VLT_COL_GROUP:
		return group_tag(&s->d, p, len);
	case VLT_COL_FOLDER:
		return vlt_imp_tag(&s->d, p, len);
	case VLT_COL_FIELDS:
		return bw_fields(&s->d, p, len);
	case VLT_COL_TYPE:
		if (len > 0 && !(len == 5 && memcmp(p, "login", 5) == 0) &&
		    !(len == 4 && memcmp(p, "note", 4) == 0)) {
			s->skip = 1;
			s->why = "not a login or a note (a card or an "
			    "identity): left out";
		}
		return VAULT_OK;
	case VLT_COL_CREATED:
		vlt_imp_time(&s->d, VAULT_TIME_CREATED, p, len, s->prof->ms);
		return VAULT_OK;
	case VLT_COL_MODIFIED:
		vlt_imp_time(&s->d, VAULT_TIME_MODIFIED, p, len, s->prof->ms);
		return VAULT_OK;
	case VLT_COL_PWCHANGED:
		vlt_imp_time(&s->d, VAULT_TIME_PASSWORD, p, len, s->prof->ms);
		return VAULT_OK;
	default:
		return vlt_imp_custom(&s->d, (const uint8_t *)h, strlen(h), p,
		    len);
	}
}

static void
header_cell(struct st *s, const uint8_t *p, size_t len)
{
	uint8_t *buf = NULL;
	const uint8_t *u;
	size_t ul;
	char *h;

	if (s->ncols >= COLS_MAX) {
		stop(s, VAULT_ERR_FORMAT, "more than 256 columns in the header");
		return;
	}
	if (as_utf8(s, p, len, &u, &ul, &buf) != VAULT_OK ||
	    (h = malloc(ul + 16)) == NULL) {
		free(buf);
		stop(s, VAULT_ERR_NOMEM, NULL);
		return;
	}
	while (ul > 0 && (*u == ' ' || *u == '\t')) {
		u++;
		ul--;
	}
	while (ul > 0 && (u[ul - 1] == ' ' || u[ul - 1] == '\t'))
		ul--;
	memcpy(h, u, ul);
	h[ul] = '\0';
	/* A header must be printable to be a field name or a message. */
	for (size_t i = 0; i < ul; i++)
		if ((uint8_t)h[i] < 0x20 || h[i] == 0x7f)
			h[i] = ' ';
	if (ul == 0 || vault_text_check((uint8_t *)h, ul, 0, NULL, NULL) != 0)
		snprintf(h, ul + 16, "Column %zu", s->ncols + 1);
	s->hname[s->ncols++] = h;
	free(buf);
}

static void
on_cell(void *cell, size_t len, void *ctx)
{
	struct st *s = ctx;
	const uint8_t *p = cell != NULL ? cell : (const uint8_t *)"";
	uint8_t *buf = NULL;
	const uint8_t *u;
	size_t ul;
	vault_err rc;

	if (s->err != VAULT_OK)
		return;
	if (!s->header_done) {
		header_cell(s, p, len);
		return;
	}
	if (s->col == 0 && !s->nonempty)
		s->rec_line = s->line;
	s->col++;
	if (len == 0 || s->skip)
		return;
	s->nonempty = 1;
	if ((rc = as_utf8(s, p, len, &u, &ul, &buf)) == VAULT_OK)
		rc = apply(s, s->col - 1, u, ul);
	if (buf != NULL) {
		sodium_memzero(buf, len * 3 + 1);
		free(buf);
	}
	if (rc == VAULT_ERR_FORMAT) {
		s->skip = 1;
		s->why = "text that is not valid UTF-8, or too long a value";
	} else if (rc != VAULT_OK) {
		stop(s, rc, NULL);
	}
}

static enum vlt_csv_target
profile_target(const struct vlt_csv_profile *prof, const char *h)
{
	for (const struct vlt_csv_col *c = prof->cols; c->header != NULL; c++)
		if (strcasecmp(c->header, h) == 0)
			return c->target;
	return prof->generic ? vlt_csv_guess(h) : VLT_COL_CUSTOM;
}

/* Only one column may fill each single field: later claims become
 * custom fields (a second "Email" column, say). */
static int
single(enum vlt_csv_target t)
{
	return t == VLT_COL_TITLE || t == VLT_COL_USERNAME ||
	    t == VLT_COL_PASSWORD || t == VLT_COL_TOTP;
}

/* --map COLUMN=FIELD, each given. */
static vault_err
apply_map(struct st *s)
{
	char msg[160];

	for (size_t m = 0; m < s->sink->n_map; m++) {
		const char *spec = s->sink->map[m], *eq = strrchr(spec, '=');
		size_t cl = eq != NULL ? (size_t)(eq - spec) : 0, c;
		int t = eq != NULL ? vlt_csv_field_target(eq + 1) : -1;

		for (c = 0; c < s->ncols; c++)
			if (strlen(s->hname[c]) == cl &&
			    strncasecmp(s->hname[c], spec, cl) == 0)
				break;
		if (t < 0 || c == s->ncols) {
			snprintf(msg, sizeof msg, "--map %.60s: %s", spec,
			    t < 0 ? "FIELD must be title, username, password, "
			    "url, notes, totp, tags, custom or ignore" :
			    "no such column in the header line");
			return stop(s, VAULT_ERR_FORMAT, msg);
		}
		if (single((enum vlt_csv_target)t))
			for (size_t k = 0; k < s->ncols; k++)
				if (s->target[k] == (enum vlt_csv_target)t)
					s->target[k] = VLT_COL_CUSTOM;
		s->target[c] = (enum vlt_csv_target)t;
	}
	return VAULT_OK;
}

static void
note_mapping(struct st *s)
{
	char msg[300];

	if (s->sink->note == NULL)
		return;
	for (size_t c = 0; c < s->ncols; c++) {
		enum vlt_csv_target t = s->target[c];

		snprintf(msg, sizeof msg, "column %zu \"%.200s\" -> %s%s", c + 1,
		    s->hname[c], vlt_csv_target_name(t),
		    t == VLT_COL_CUSTOM ? " field of that name" : "");
		s->sink->note(s->sink->ctx, msg);
	}
}

static void
finish_header(struct st *s)
{
	int seen[VLT_COL_PWCHANGED + 1] = { 0 };

	s->header_done = 1;
	for (size_t c = 0; c < s->ncols; c++) {
		enum vlt_csv_target t = profile_target(s->prof, s->hname[c]);

		if (t == VLT_COL_UNKNOWN || (single(t) && seen[t]))
			t = VLT_COL_CUSTOM;
		if (t == VLT_COL_URL && seen[VLT_COL_URL])
			t = VLT_COL_CUSTOM;
		seen[t] = 1;
		s->target[c] = t;
	}
	if (apply_map(s) != VAULT_OK)
		return;
	memset(seen, 0, sizeof seen);
	for (size_t c = 0; c < s->ncols; c++)
		seen[s->target[c]] = 1;
	note_mapping(s);
	if (!seen[VLT_COL_TITLE] && !seen[VLT_COL_URL] && !seen[VLT_COL_URLS])
		stop(s, VAULT_ERR_FORMAT, "the header line names no column "
		    "for the title (Account, Service, Site, Name...) or web "
		    "address; name one with --map COLUMN=title");
	else if (!seen[VLT_COL_PASSWORD])
		stop(s, VAULT_ERR_FORMAT, "the header line names no password "
		    "column; name it with --map COLUMN=password");
}

static void
on_row(int term, void *ctx)
{
	struct st *s = ctx;
	struct vlt_import_where at;
	vault_entry *e = NULL;
	vault_err rc;

	(void)term;
	if (s->err != VAULT_OK)
		return;
	if (!s->header_done) {
		finish_header(s);
		s->rec_len = 0;
		return;
	}
	at = s->at;
	at.line = s->rec_line;
	at.record = ++s->rows;
	if (!s->nonempty) {
		s->rows--;              /* a blank row: not a record */
	} else if (s->skip) {
		s->sink->skip(s->sink->ctx, &at, s->why);
	} else if ((rc = vlt_draft_entry(&s->d, &e)) == VAULT_ERR_FORMAT) {
		s->sink->skip(s->sink->ctx, &at, "a record past the limits "
		    "of an entry");
	} else if (rc != VAULT_OK ||
	    (rc = s->sink->emit(s->sink->ctx, e, &at)) != VAULT_OK) {
		stop(s, rc, NULL);
	}
	e = NULL;
	vlt_draft_clear(&s->d);
	s->col = 0;
	s->nonempty = s->skip = 0;
	s->why = NULL;
	s->rec_len = 0;
}

/* The delimiter: whichever of , ; TAB the header line has most of,
 * outside quotes. */
static unsigned char
delimiter(const uint8_t *p, size_t len)
{
	size_t n[3] = { 0, 0, 0 };
	int q = 0;

	for (size_t i = 0; i < len && (q || (p[i] != '\n' && p[i] != '\r'));
	    i++) {
		if (p[i] == '"')
			q = !q;
		else if (!q)
			n[0] += p[i] == ',', n[1] += p[i] == ';',
			    n[2] += p[i] == '\t';
	}
	return n[1] > n[0] && n[1] >= n[2] ? ';' : n[2] > n[0] ? '\t' : ',';
}

static vault_err
parse_error(struct st *s)
{
	char msg[120];

	if (csv_error(&s->p) != CSV_EPARSE)
		return stop(s, VAULT_ERR_NOMEM, NULL);
	snprintf(msg, sizeof msg, "line %llu: a stray quote (a quote inside "
	    "an unquoted cell, or text after a closing quote)",
	    (unsigned long long)s->line);
	return stop(s, VAULT_ERR_FORMAT, msg);
}

/* Feed `len` bytes, a physical line at a time, bounding lines and
 * records and counting lines. */
static vault_err
feed(struct st *s, const uint8_t *p, size_t len)
{
	char msg[120];

	while (len > 0 && s->err == VAULT_OK) {
		const uint8_t *nl = memchr(p, '\n', len);
		size_t n = nl != NULL ? (size_t)(nl - p) + 1 : len;

		s->line_len += n;
		s->rec_len += n;
		s->at.line = s->line;
		if (s->line_len > LINE_MAX_B || s->rec_len > RECORD_MAX) {
			snprintf(msg, sizeof msg, "line %llu: %s",
			    (unsigned long long)s->line, s->line_len >
			    LINE_MAX_B ? "a line longer than 1 MiB (not a "
			    "CSV file?)" : "a record over 8 MiB (a quote "
			    "never closed?)");
			return stop(s, VAULT_ERR_FORMAT, msg);
		}
		if (csv_parse(&s->p, p, n, on_cell, on_row, s) != n)
			return parse_error(s);
		s->at.offset += n;
		if (nl != NULL) {
			s->line++;
			s->line_len = 0;
		}
		p += n;
		len -= n;
	}
	return s->err;
}

static vault_err
first_chunk(struct st *s, uint8_t *buf, size_t *off, size_t got)
{
	if (got >= 2 && ((buf[0] == 0xff && buf[1] == 0xfe) ||
	    (buf[0] == 0xfe && buf[1] == 0xff)))
		return stop(s, VAULT_ERR_FORMAT, "UTF-16 text: save the sheet "
		    "as \"CSV UTF-8\" or \"CSV\"");
	if (got >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf) {
		s->bom = 1;
		*off = 3;
		s->at.offset = 3;
	}
	csv_set_delim(&s->p, delimiter(buf + *off, got - *off));
	return VAULT_OK;
}

static vault_err
run(struct st *s, const struct vlt_import_src *src, uint8_t *buf)
{
	size_t got, off;
	char msg[120];
	vault_err rc;

	for (int first = 1;; first = 0) {
		size_t more = 0;

		off = 0;
		got = 0;
		/* The first chunk whole (or the whole file): the byte-order
		 * mark and the delimiter are read from it. */
		do {
			if ((rc = src->read(src->ctx, buf + got, CHUNK - got,
			    &more)) != VAULT_OK)
				return stop(s, rc, "cannot read the file");
			got += more;
		} while (first && more > 0 && got < CHUNK);
		if (got == 0)
			break;
		if (first && (rc = first_chunk(s, buf, &off, got)) != VAULT_OK)
			return rc;
		rc = feed(s, buf + off, got - off);
		sodium_memzero(buf, got);
		if (rc != VAULT_OK)
			return rc;
	}
	if (csv_fini(&s->p, on_cell, on_row, s) != 0) {
		snprintf(msg, sizeof msg, "line %llu: a quoted cell never "
		    "closed (the file ends inside quotes)",
		    (unsigned long long)s->line);
		return stop(s, VAULT_ERR_FORMAT, msg);
	}
	if (s->err == VAULT_OK && !s->header_done)
		return stop(s, VAULT_ERR_FORMAT, "no header line");
	if (s->err == VAULT_OK && s->rows == 0)
		return stop(s, VAULT_ERR_FORMAT, "line 1: a header line and no "
		    "rows");
	return s->err;
}

vault_err
vlt_csv_read(const struct vlt_import_src *src, const struct vlt_csv_profile *p,
    struct vlt_import_sink *sink)
{
	struct st *s;
	uint8_t *buf = NULL;
	vault_err rc;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return VAULT_ERR_NOMEM;
	s->prof = p;
	s->sink = sink;
	s->line = 1;
	if (csv_init(&s->p, CSV_STRICT | CSV_STRICT_FINI) != 0 ||
	    (buf = malloc(CHUNK)) == NULL) {
		free(s);
		return VAULT_ERR_NOMEM;
	}
	csv_set_realloc_func(&s->p, vlt_wipe_realloc);
	csv_set_free_func(&s->p, vlt_wipe_free);
	csv_set_space_func(&s->p, no_space);
	rc = run(s, src, buf);
	csv_free(&s->p);
	vlt_draft_free(&s->d);
	for (size_t i = 0; i < s->ncols; i++)
		free(s->hname[i]);
	sodium_memzero(buf, CHUNK);
	free(buf);
	free(s);
	return rc;
}
