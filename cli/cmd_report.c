/* SPDX-License-Identifier: ISC */
/*
 * cmd_report.c - `cvault report [--format text|html|json] [--out FILE]`:
 * the annual review report for the council (docs/annual-review.md).
 *
 * One walk over every whole entry (vault_entry_walk: nothing is logged,
 * each entry is decrypted into the library's guarded scratch buffer)
 * judges each password against today's policy, the breach list and the
 * age limit, and folds it into a keyed BLAKE2b hash under a random key
 * drawn for this run; equal hashes are passwords shared by several
 * entries. Only verdicts, titles and dates leave the walk. SECURITY: the
 * hash key and the hashes live in guarded memory and are never written
 * anywhere; no password, part, length or hash of one, no TOTP secret and
 * no share word reaches the report.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "render.h"
#include "report.h"

#define HASH_BYTES 32u
#define DAY 86400

struct walk {
	struct cli *c;
	struct report *r;
	uint8_t *key;                   /* sodium_malloc'd, HASH_BYTES */
	struct obuf *hashes;            /* HASH_BYTES per entry, guarded */
	size_t *hash_of;                /* entry -> hash slot, or SIZE_MAX */
	const char *hibp;
	const char *context[CLI_CONTEXT_MAX + 3];
	size_t ncontext;
	vault_err rc;
	const char *why;                /* a public message for rc */
};

static int
field(const vault_entry *e, vault_field f, const uint8_t **p, size_t *len)
{
	return vault_entry_field(e, f, p, len) == VAULT_OK && *len > 0;
}

/* NUL-terminated copy of a field for the policy's context words. */
static const char *
ctx_copy(const vault_entry *e, vault_field f, char *buf, size_t cap)
{
	const uint8_t *p;
	size_t len;

	if (!field(e, f, &p, &len))
		return NULL;
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

/* Today's policy, with the words the CLI uses when the password is
 * entered (policy.c): the council, holders, title, username and host. */
static vault_err
judge(struct walk *w, const vault_entry *e, const uint8_t *pw, size_t len,
    int *refused)
{
	char title[VAULT_TITLE_MAX + 1], user[256], host[TWOFA_HOST_MAX + 1];
	const char *ctx[CLI_CONTEXT_MAX + 3];
	const uint8_t *u;
	size_t n = w->ncontext, ulen;
	vault_strength *s = NULL;
	const char *word;
	vault_err rc;

	memcpy(ctx, w->context, n * sizeof *ctx);
	if ((word = ctx_copy(e, VAULT_FIELD_TITLE, title, sizeof title)))
		ctx[n++] = word;
	if ((word = ctx_copy(e, VAULT_FIELD_USERNAME, user, sizeof user)))
		ctx[n++] = word;
	if (field(e, VAULT_FIELD_URL, &u, &ulen) && twofa_host(u, ulen, host))
		ctx[n++] = host;
	rc = vault_strength_check(pw, len, VAULT_STRENGTH_CREDENTIAL, ctx, n,
	    &s);
	*refused = rc == VAULT_OK && !vault_strength_ok(s);
	if (rc == VAULT_ERR_INVALID) {  /* a NUL byte: no policy accepts it */
		*refused = 1;
		rc = VAULT_OK;
	}
	if (rc == VAULT_ERR_UNAVAILABLE) {      /* no estimate in this build */
		w->r->policy_checked = 0;
		rc = VAULT_OK;
	}
	vault_strength_free(s);
	sodium_memzero(title, sizeof title);
	sodium_memzero(user, sizeof user);
	sodium_memzero(host, sizeof host);
	return rc;
}

/* Everything about one password: policy, breach list, age, hash. */
static vault_err
password(struct walk *w, const vault_entry *e, struct rentry *re)
{
	uint8_t h[HASH_BYTES];
	const uint8_t *pw;
	size_t len;
	uint64_t count = 0;
	int refused = 0;
	vault_err rc;

	if (!field(e, VAULT_FIELD_PASSWORD, &pw, &len))
		return VAULT_OK;        /* nothing to judge */
	re->pw_time = vault_entry_time(e, VAULT_TIME_PASSWORD);
	if (w->r->now - re->pw_time >= (int64_t)w->r->max_age_days * DAY)
		re->flags |= RF_OLD;
	if ((rc = judge(w, e, pw, len, &refused)) != VAULT_OK)
		return rc;
	if (refused)
		re->flags |= RF_REFUSED;
	if (w->hibp != NULL) {
		if ((rc = vault_hibp_lookup(w->hibp, pw, len, &count)) !=
		    VAULT_OK) {
			w->why = "cannot search the breached-password list";
			return rc;
		}
		if (count > 0)
			re->flags |= RF_BREACHED;
	}
	/* SECURITY: keyed under this run's random key, straight into the
	 * guarded buffer through a stack copy that is wiped at once. */
	crypto_generichash(h, sizeof h, pw, len, w->key, HASH_BYTES);
	rc = ob_put(w->hashes, h, sizeof h);
	sodium_memzero(h, sizeof h);
	if (rc == VAULT_OK)
		w->hash_of[w->r->n] = ob_len(w->hashes) / HASH_BYTES - 1;
	return rc;
}

static vault_err
grow(struct walk *w)
{
	struct report *r = w->r;
	size_t cap = r->cap ? 2 * r->cap : 256;
	struct rentry *ne;
	size_t *nh;

	if (r->n < r->cap)
		return VAULT_OK;
	if ((ne = realloc(r->e, cap * sizeof *ne)) == NULL)
		return VAULT_ERR_NOMEM;
	r->e = ne;
	if ((nh = realloc(w->hash_of, cap * sizeof *nh)) == NULL)
		return VAULT_ERR_NOMEM;
	w->hash_of = nh;
	r->cap = cap;
	return VAULT_OK;
}

static int
visit(void *ctx, const vault_entry *e)
{
	struct walk *w = ctx;
	struct report *r = w->r;
	struct rentry *re;
	const uint8_t *p;
	size_t len;

	if ((w->rc = grow(w)) != VAULT_OK)
		return 1;
	re = &r->e[r->n];
	memset(re, 0, sizeof *re);
	w->hash_of[r->n] = SIZE_MAX;
	if (!field(e, VAULT_FIELD_TITLE, &p, &len)) {
		w->rc = VAULT_ERR_CORRUPT;      /* the library checks this */
		return 1;
	}
	re->title = ob_len(r->titles);
	re->title_len = len;
	if ((w->rc = ob_put(r->titles, p, len)) != VAULT_OK)
		return 1;
	if (vault_entry_flags(e) & VAULT_ENTRY_WEAK)
		re->flags |= RF_WEAK;
	if (!field(e, VAULT_FIELD_URL, &p, &len))
		re->flags |= RF_NOURL;
	else if ((re->twofa = twofa_lookup(p, len)) != NULL &&
	    !field(e, VAULT_FIELD_TOTP, &p, &len) &&
	    !field(e, VAULT_FIELD_RECOVERY_CODES, &p, &len) &&
	    !field(e, VAULT_FIELD_2FA_DEVICE, &p, &len))
		re->flags |= RF_NO2FA;
	if ((w->rc = password(w, e, re)) != VAULT_OK)
		return 1;
	r->n++;
	return 0;
}

/* Sorting: entries by title (ASCII case folded), hash slots by hash. */
static const uint8_t *sort_base;

static int
by_title(const void *a, const void *b)
{
	const struct rentry *x = a, *y = b;
	size_t n = x->title_len < y->title_len ? x->title_len : y->title_len;

	for (size_t i = 0; i < n; i++) {
		int cx = sort_base[x->title + i], cy = sort_base[y->title + i];

		if (cx >= 'A' && cx <= 'Z')
			cx += 32;
		if (cy >= 'A' && cy <= 'Z')
			cy += 32;
		if (cx != cy)
			return cx - cy;
	}
	return (x->title_len > y->title_len) - (x->title_len < y->title_len);
}

struct slot {
	size_t hash, entry;
};

static int
by_hash(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	/* Keyed hashes under a key that dies with this run: comparing
	 * them with memcmp tells an observer nothing about a password. */
	return memcmp(sort_base + x->hash * HASH_BYTES,
	    sort_base + y->hash * HASH_BYTES, HASH_BYTES);
}

/* Mark entries whose passwords are equal (same keyed hash) and number
 * the groups in the order their first title appears; then sort. */
static vault_err
find_reuse(struct walk *w)
{
	struct report *r = w->r;
	struct slot *s = NULL;
	size_t *first = NULL, m = 0, g = 0;

	if (r->n == 0)
		return VAULT_OK;
	if ((s = calloc(r->n, sizeof *s)) == NULL ||
	    (first = calloc(r->n + 1, sizeof *first)) == NULL) {
		free(s);
		return VAULT_ERR_NOMEM;
	}
	for (size_t i = 0; i < r->n; i++)
		if (w->hash_of[i] != SIZE_MAX) {
			s[m].hash = w->hash_of[i];
			s[m++].entry = i;
		}
	sort_base = ob_data(w->hashes);
	qsort(s, m, sizeof *s, by_hash);
	for (size_t i = 0; i < m; ) {
		size_t j = i + 1;

		while (j < m && by_hash(&s[i], &s[j]) == 0)
			j++;
		if (j - i > 1) {
			g++;
			for (size_t k = i; k < j; k++) {
				r->e[s[k].entry].group = g;
				r->e[s[k].entry].flags |= RF_REUSED;
			}
		}
		i = j;
	}
	r->groups = g;
	sort_base = ob_data(r->titles);
	qsort(r->e, r->n, sizeof *r->e, by_title);
	/* Renumber: group 1 is the one whose first title sorts first. */
	g = 0;
	for (size_t i = 0; i < r->n; i++) {
		size_t old = r->e[i].group;

		if (old && first[old] == 0)
			first[old] = ++g;
		if (old)
			r->e[i].group = first[old];
	}
	free(s);
	free(first);
	return VAULT_OK;
}

/* Holders and the threshold; their names are policy context too. */
static void
holder(void *ctx, const char *role, const char *name, unsigned member,
    int paper_only)
{
	struct report *r = ctx;
	struct rholder *h;

	if (r->nholders == VAULT_HOLDERS_MAX)
		return;
	h = &r->holders[r->nholders++];
	memset(h, 0, sizeof *h);
	snprintf(h->role, sizeof h->role, "%s", role);
	snprintf(h->name, sizeof h->name, "%s", name);
	h->member = member;
	h->paper_only = paper_only;
}

/* Does `actor` ("escrow: chair, deputy") name `role`? */
static int
names_role(const char *actor, const char *role)
{
	size_t rl = strlen(role);
	const char *p;

	if (strncmp(actor, "escrow:", 7) != 0)
		return 0;
	for (p = actor + 7; *p; ) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, role, rl) == 0 && (p[rl] == ',' ||
		    p[rl] == '\0'))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

/* Escrow openings from the log: the last few, and when each holder's
 * share last opened the vault since the current shares were issued. */
static int
opening(void *ctx, const vault_log_event *ev)
{
	struct report *r = ctx;
	struct ropening *o;

	if (ev->kind != VAULT_EVENT_OPEN || !ev->escrow)
		return 0;
	o = &r->openings[r->openings_total % REPORT_OPENINGS];
	o->time = ev->time;
	snprintf(o->actor, sizeof o->actor, "%s", ev->actor);
	r->openings_total++;
	if (r->nopenings < REPORT_OPENINGS)
		r->nopenings++;
	for (size_t i = 0; r->have_escrow && i < r->nholders; i++)
		if (ev->time >= r->since && names_role(ev->actor,
		    r->holders[i].role))
			r->holders[i].last_opening = ev->time;
	return 0;
}

static vault_err
keys(struct report *r, struct cli *c)
{
	vault_err rc;

	rc = vault_escrow_status(c->v, &r->threshold, &r->holders_n,
	    &r->rotation, &r->since, holder, r);
	if (rc == VAULT_OK)
		r->have_escrow = 1;
	else if (rc != VAULT_ERR_NOTFOUND)
		return rc;
	if ((rc = vault_log_walk(c->v, 0, opening, r)) != VAULT_OK)
		return rc;
	/* Put the ring in order, oldest first. */
	if (r->openings_total > REPORT_OPENINGS) {
		struct ropening tmp[REPORT_OPENINGS];
		size_t start = r->openings_total % REPORT_OPENINGS;

		for (size_t i = 0; i < REPORT_OPENINGS; i++)
			tmp[i] = r->openings[(start + i) % REPORT_OPENINGS];
		memcpy(r->openings, tmp, sizeof tmp);
	}
	vault_params_default(&r->kdf_rec);
	r->kdf_known = vault_params_get(c->v, &r->kdf) == VAULT_OK;
	return VAULT_OK;
}

/* The max-age-days setting, or the default. */
static vault_err
max_age(struct cli *c, unsigned *days)
{
	char *val = NULL;
	uint32_t n;
	vault_err rc;

	*days = VAULT_MAX_AGE_DAYS_DEFAULT;
	rc = vault_config_get(c->v, "max-age-days", &val);
	if (rc == VAULT_ERR_NOTFOUND)
		return VAULT_OK;
	if (rc == VAULT_OK && cli_parse_u32(val, 0, VAULT_MAX_AGE_DAYS_MAX,
	    &n) == VAULT_OK)
		*days = n;
	else if (rc == VAULT_OK)
		rc = VAULT_ERR_CORRUPT;
	free(val);
	return rc;
}

/* The last-backup setting (cvault backup), or 0. */
static void
last_backup(struct cli *c, int64_t *when)
{
	char *val = NULL;
	char *end;
	long long t;

	*when = 0;
	if (vault_config_get(c->v, "last-backup", &val) != VAULT_OK)
		return;
	t = strtoll(val, &end, 10);
	if (end != val && *end == '\0' && t > 0 && t <= VAULT_TIME_MAX)
		*when = (int64_t)t;
	free(val);
}

static vault_err
gather(struct cli *c, struct report *r, struct walk *w)
{
	vault_err rc;

	r->council = vault_council(c->v);
	r->now = (int64_t)time(NULL);
	r->escrow_session = vault_is_escrow_session(c->v);
	r->escrow_roles = c->escrow;
	last_backup(c, &r->last_backup);
	if ((rc = max_age(c, &r->max_age_days)) != VAULT_OK ||
	    (rc = keys(r, c)) != VAULT_OK)
		return rc;
	/* --hibp, else the vault's own setting, as every password check. */
	w->hibp = c->hibp;
	if (w->hibp == NULL && c->hibp_owned == NULL &&
	    vault_config_get(c->v, "hibp", &c->hibp_owned) == VAULT_OK)
		w->hibp = c->hibp_owned;
	r->breach_list = w->hibp != NULL;
	r->policy_checked = 1;          /* until a check says otherwise */
	w->context[w->ncontext++] = r->council;
	for (size_t i = 0; i < r->nholders; i++)
		w->context[w->ncontext++] = r->holders[i].name;
	if ((w->key = sodium_malloc(HASH_BYTES)) == NULL)
		return VAULT_ERR_NOMEM;
	randombytes_buf(w->key, HASH_BYTES);
	if ((rc = ob_new(&w->hashes)) != VAULT_OK ||
	    (rc = ob_new(&r->titles)) != VAULT_OK)
		return rc;
	if ((rc = vault_entry_walk(c->v, visit, w, NULL)) == VAULT_OK)
		rc = w->rc;
	if (rc == VAULT_OK)
		rc = find_reuse(w);
	return rc;
}

/* Write the report: to stdout, or to a new file created exclusively. */
static int
emit(struct cli *c, struct obuf *ob, const char *out)
{
	vault_err rc;
	int fd;

	if (out == NULL)
		return cli_emit(c, ob);
	fd = sys_open(out, SYS_NEW | SYS_NOFOLLOW);
	if (fd < 0) {
		ob_free(ob);
		return cli_fail(c, errno == EEXIST ? VAULT_ERR_EXISTS :
		    VAULT_ERR_IO, errno == EEXIST ? "%s already exists; the "
		    "report never overwrites a file" : "cannot create %s: %s",
		    out, strerror(errno));
	}
	rc = ob_flush(ob, fd);
	ob_free(ob);
	if (close(fd) != 0 && rc == VAULT_OK)
		rc = VAULT_ERR_IO;
	if (rc != VAULT_OK) {
		sys_unlink(out);
		return cli_fail(c, rc, "could not write %s", out);
	}
	return EXIT_OK;
}

/* Parse the options; EXIT_OK, or the exit status (message printed). */
static int
options(struct cli *c, int argc, char **argv, enum report_format *f,
    const char **out)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	*f = c->json ? FORMAT_JSON : FORMAT_TEXT;
	*out = NULL;
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if (ch == 'o')
			*out = optarg;
		else if (ch == 'f' && strcmp(optarg, "text") == 0)
			*f = FORMAT_TEXT;
		else if (ch == 'f' && strcmp(optarg, "json") == 0)
			*f = FORMAT_JSON;
		else if (ch == 'f' && strcmp(optarg, "html") == 0)
			*f = FORMAT_HTML;
		else if (ch == 'f')
			return cli_fail(c, VAULT_ERR_INVALID, "--format is "
			    "text, html or json");
		else
			return cli_usage(c);
	}
	if (optind != argc || (*out != NULL && **out == '\0'))
		return cli_usage(c);
	/* Fail before the work when the name is taken, even by a dangling
	 * link (open() checks again, exclusively, at the end). */
	if (*out != NULL && sys_kind(*out, 0) != SYS_MISSING)
		return cli_fail(c, VAULT_ERR_EXISTS, "%s already exists; the "
		    "report never overwrites a file", *out);
	return EXIT_OK;
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	struct report r;
	struct walk w;
	struct obuf *ob = NULL;
	enum report_format f;
	const char *out;
	vault_err rc;
	int status;

	memset(&r, 0, sizeof r);
	memset(&w, 0, sizeof w);
	w.c = c;
	w.r = &r;
	if ((status = options(c, argc, argv, &f, &out)) != EXIT_OK ||
	    (status = cli_unlock(c)) != EXIT_OK)
		return status;
	if ((rc = gather(c, &r, &w)) == VAULT_OK &&
	    (rc = ob_new(&ob)) == VAULT_OK)
		rc = report_render(&r, f, ob);
	if (rc == VAULT_OK) {
		status = emit(c, ob, out);
		ob = NULL;
	} else if (w.why != NULL) {
		status = cli_fail(c, rc, "%s %s: %s", w.why, w.hibp,
		    vault_strerror(rc));
	} else if (rc == VAULT_ERR_CORRUPT) {
		status = cli_fail(c, rc, "an entry is damaged or has been "
		    "tampered with; run 'cvault verify'");
	} else {
		status = cli_fail(c, rc, "cannot make the report: %s",
		    vault_strerror(rc));
	}
	ob_free(ob);
	ob_free(r.titles);
	ob_free(w.hashes);
	sodium_free(w.key);             /* wipes; NULL is a no-op */
	free(w.hash_of);
	free(r.e);
	return status;
}
