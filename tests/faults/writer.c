/* SPDX-License-Identifier: ISC */
/*
 * writer.c - a library client for the crash, full-disk and concurrency
 * suites (tests/faults/ scripts). It applies a fixed, numbered sequence of
 * operations to a vault and says on a file descriptor which ones have
 * committed, so a script can kill it, fill its disk or race it and then
 * ask whether the vault holds exactly what was committed.
 *
 * Operation i (1, 2, ...), on entries titled "e<n>":
 *   i % 10 == 0   change the passphrase (to passphrase((i / 10) % 2))
 *   i % 7 == 0    set e<i-5>'s password to "pw-<i>" (if e<i-5> exists)
 *   i % 11 == 0   delete e<i-3> (if it exists)
 *   otherwise     add e<i>: password "pw-<i>", a username, a tag, and
 *                 (i * 37) % 1500 bytes of notes (so rows vary in size
 *                 and some spill into overflow pages)
 * state(k) is what ops 1..k leave; the passphrase after them is
 * passphrase((k / 10) % 2).
 *
 *   writer create PATH          a new vault, cheap KDF {8 MiB, 1, 1}
 *   writer ops PATH FIRST [LAST]
 *                               run ops FIRST..LAST (default: on and on;
 *                               the vault must hold state(FIRST-1)); after
 *                               each commits, write "<i>\n" to fd 3. On an
 *                               error: a message, exit 1 (7 if BUSY).
 *   writer check PATH K [strict]
 *                               the vault must hold state(K) or, unless
 *                               strict, state(K+1) (the op in flight may
 *                               have committed before it could say so):
 *                               every title, every password, nothing else,
 *                               and vault_verify clean. Prints the state's
 *                               number; exit 0, or 1 with the difference.
 *   writer add PATH PREFIX N    add PREFIX1..PREFIXN, writing each title to
 *                               fd 3 once committed, "busy" for
 *                               an add refused as BUSY (allowed; it goes
 *                               on); any other error: exit 1.
 *   writer hold PATH SECS       take the write lock (BEGIN IMMEDIATE), say
 *                               "held" on stdout, keep it SECS seconds.
 *   writer list PATH            print every title and password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "internal.h"
#include "testutil.h"

#define MAX_OPS 100000

static const char *const passphrases[2] = {
	"correct horse battery staple", "a brand new clerk passphrase"
};

static const char *
passphrase(long k)
{
	return passphrases[(k / 10) % 2];
}

/* The model: password version of e<n> (0: absent), for n <= MAX_OPS. */
struct model {
	long *pw;       /* pw[n]: the op number whose password e<n> holds */
	long n;         /* ops applied */
};

static void
model_init(struct model *m)
{
	if ((m->pw = calloc(MAX_OPS + 1, sizeof *m->pw)) == NULL)
		exit(2);
	m->n = 0;
}

enum op_kind { OP_ADD, OP_UPDATE, OP_DELETE, OP_PASSWD, OP_NONE };

/* What op i does, given the model before it; *target is the entry. */
static enum op_kind
op_of(const struct model *m, long i, long *target)
{
	*target = i;
	if (i % 10 == 0)
		return OP_PASSWD;
	if (i % 7 == 0) {
		*target = i - 5;
		return m->pw[i - 5] ? OP_UPDATE : OP_NONE;
	}
	if (i % 11 == 0) {
		*target = i - 3;
		return m->pw[i - 3] ? OP_DELETE : OP_NONE;
	}
	return OP_ADD;
}

static void
model_apply(struct model *m, long i)
{
	long t;

	switch (op_of(m, i, &t)) {
	case OP_ADD: case OP_UPDATE:
		m->pw[t] = i;
		break;
	case OP_DELETE:
		m->pw[t] = 0;
		break;
	default:
		break;
	}
	m->n = i;
}

static void
model_to(struct model *m, long k)
{
	while (m->n < k)
		model_apply(m, m->n + 1);
}

static vault_err
do_op(vault *v, const struct model *m, long i)
{
	char title[32], pw[32], user[32];
	static char notes[1500];
	vault_entry *e = NULL;
	vault_err rc;
	long t;

	switch (op_of(m, i, &t)) {
	case OP_PASSWD:
		return vault_passwd(v, PASS(passphrase(i)), &test_params);
	case OP_NONE:
		return VAULT_OK;
	case OP_DELETE:
		snprintf(title, sizeof title, "e%ld", t);
		return vault_entry_delete(v, title);
	default:
		break;
	}
	snprintf(title, sizeof title, "e%ld", t);
	snprintf(pw, sizeof pw, "pw-%ld", i);
	snprintf(user, sizeof user, "user%ld", t);
	memset(notes, 'n', sizeof notes);
	if ((rc = vault_entry_new(&e)) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TITLE, PASS(title))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS(pw))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_USERNAME, PASS(user))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_NOTES, (const uint8_t *)notes,
	    (size_t)(t * 37 % 1500))) ||
	    (rc = vault_entry_tag_add(e, t % 2 ? "odd" : "even")))
		goto out;
	rc = op_of(m, i, &t) == OP_ADD ? vault_entry_add(v, e) :
	    vault_entry_update(v, title, e);
out:
	vault_entry_free(e);
	return rc;
}

static int
fail(const char *what, long i, vault_err rc)
{
	fprintf(stderr, "writer: %s %ld: %s\n", what, i, vault_strerror(rc));
	return rc == VAULT_ERR_BUSY ? 7 : 1;
}

static int
cmd_ops(const char *path, long first, long last, int fd)
{
	struct model m;
	vault *v = NULL;
	vault_err rc;
	char line[32];
	int status = 0;

	model_init(&m);
	model_to(&m, first - 1);
	if ((rc = vault_open(path, PASS(passphrase(first - 1)), &v))) {
		status = fail("open before op", first, rc);
		goto out;
	}
	for (long i = first; i <= last; i++) {
		if ((rc = do_op(v, &m, i)) != VAULT_OK) {
			status = fail("op", i, rc);
			goto out;
		}
		model_apply(&m, i);
		snprintf(line, sizeof line, "%ld\n", i);
		if (write(fd, line, strlen(line)) < 0) {
			status = 1;
			goto out;
		}
	}
out:
	vault_close(v);
	free(m.pw);
	return status;
}

/* Decrypt one sealed column of the current row (an independent reader:
 * it shares only the AEAD layout with the library, and unlike
 * vault_entry_get it appends nothing to the vault's log). */
static vault_secret *
column(vault *v, sqlite3_stmt *st, int col, const char *name)
{
	struct vlt_place pl;
	vault_secret *out = NULL;
	uint8_t extra[VLT_NONCE_BYTES];

	memset(&pl, 0, sizeof pl);
	pl.table = "entry";
	pl.column = name;
	pl.row = sqlite3_column_int64(st, 0);
	/* Format 2: the body is bound to its summary's nonce (column 1). */
	if (strcmp(name, "body") == 0) {
		if (sqlite3_column_bytes(st, 1) < (int)VLT_NONCE_BYTES)
			return NULL;
		memcpy(extra, sqlite3_column_blob(st, 1), sizeof extra);
		pl.extra = extra;
		pl.extra_len = sizeof extra;
	}
	if (vlt_open_sealed(v, vlt_key(v, VLT_SUBKEY_RECORD), &pl,
	    sqlite3_column_blob(st, col), (size_t)sqlite3_column_bytes(st, col),
	    &out) != VAULT_OK)
		return NULL;
	return out;
}

/* Read every row: pw[n] = the op number in e<n>'s password. */
static int
read_rows(vault *v, long *pw, int loud)
{
	sqlite3_stmt *st = NULL;
	int ok = 1, step;

	if (sqlite3_prepare_v2(v->db, "SELECT id, summary, body FROM entry",
	    -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (ok && (step = sqlite3_step(st)) == SQLITE_ROW) {
		vault_secret *sum = column(v, st, 1, "summary");
		vault_secret *body = column(v, st, 2, "body");
		vault_entry *e = NULL;
		const uint8_t *t, *p;
		size_t tl, pl;
		char buf[32];
		long n, op;

		if (sum == NULL || body == NULL ||
		    vlt_codec_join(sum->buf, sum->len, body->buf, body->len,
		    &e) != VAULT_OK ||
		    vault_entry_field(e, VAULT_FIELD_TITLE, &t, &tl) ||
		    vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &pl) ||
		    tl >= sizeof buf || pl >= sizeof buf) {
			if (loud)
				printf("# row %lld does not decrypt or decode\n",
				    (long long)sqlite3_column_int64(st, 0));
			ok = 0;
		} else {
			memcpy(buf, t, tl);
			buf[tl] = '\0';
			if (sscanf(buf, "e%ld", &n) != 1 || n < 1 ||
			    n > MAX_OPS || pw[n] != 0)
				ok = 0;         /* foreign or duplicate */
			memcpy(buf, p, pl);
			buf[pl] = '\0';
			if (ok && sscanf(buf, "pw-%ld", &op) == 1)
				pw[n] = op;
			else
				ok = 0;
			if (!ok && loud)
				printf("# unexpected row: %.*s\n", (int)tl,
				    (const char *)t);
		}
		vault_entry_free(e);
		vault_secret_free(sum);
		vault_secret_free(body);
	}
	if (ok && step != SQLITE_DONE)
		ok = 0;
	sqlite3_finalize(st);
	return ok;
}

/* Does the open vault hold exactly state k? Prints why not (if loud). */
static int
holds(vault *v, long k, int loud)
{
	struct model m;
	long *got = calloc(MAX_OPS + 1, sizeof *got);
	int ok;

	if (got == NULL)
		exit(2);
	model_init(&m);
	model_to(&m, k);
	ok = read_rows(v, got, loud);
	for (long n = 1; ok && n <= MAX_OPS; n++)
		if (got[n] != m.pw[n]) {
			if (loud)
				printf("# e%ld: password from op %ld, state(%ld) "
				    "says %ld (0: absent)\n", n, got[n], k,
				    m.pw[n]);
			ok = 0;
		}
	free(got);
	free(m.pw);
	return ok;
}

static int
cmd_check(const char *path, long k, int strict)
{
	long last = strict ? k : k + 1;

	for (long st = k; st <= last; st++) {
		vault *v = NULL;
		size_t damaged = 0;
		vault_err rc = vault_open(path, PASS(passphrase(st)), &v);

		if (rc == VAULT_ERR_AUTH && st < last)
			continue;       /* state k+1 changed the passphrase */
		if (rc != VAULT_OK) {
			printf("# open with the passphrase of state %ld: %s\n",
			    st, vault_strerror(rc));
			return 1;
		}
		if ((rc = vault_verify(v, NULL, NULL, &damaged)) != VAULT_OK) {
			printf("# verify: %s (%zu damaged)\n",
			    vault_strerror(rc), damaged);
			vault_close(v);
			return 1;
		}
		if (holds(v, st, 0)) {
			vault_close(v);
			printf("%ld\n", st);
			return 0;
		}
		if (st == last) {
			printf("# the vault holds neither state %ld nor %ld; "
			    "against state %ld:\n", k, last, k);
			holds(v, k, 1);
		}
		vault_close(v);
	}
	return 1;
}

static int
cmd_add(const char *path, const char *prefix, long n, int fd)
{
	vault *v = NULL;
	vault_entry *e = NULL;
	vault_err rc;
	char title[64], line[80];

	for (int tries = 0; (rc = vault_open(path, PASS(passphrase(0)), &v)) ==
	    VAULT_ERR_BUSY && tries < 10; tries++)
		if (write(fd, "busy\n", 5) < 0)
			return 1;
	if (rc != VAULT_OK)
		return fail("open", 0, rc);
	for (long i = 1; i <= n; i++) {
		snprintf(title, sizeof title, "%s%ld", prefix, i);
		if ((rc = vault_entry_new(&e)) ||
		    (rc = vault_entry_set(e, VAULT_FIELD_TITLE, PASS(title))) ||
		    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
		    PASS(title))) || (rc = vault_entry_add(v, e))) {
			vault_entry_free(e);
			e = NULL;
			if (rc != VAULT_ERR_BUSY) {
				vault_close(v);
				return fail("add", i, rc);
			}
			snprintf(line, sizeof line, "busy\n");
		} else {
			snprintf(line, sizeof line, "%s\n", title);
		}
		vault_entry_free(e);
		e = NULL;
		if (write(fd, line, strlen(line)) < 0)
			return 1;
	}
	vault_close(v);
	return 0;
}

static int
cmd_hold(const char *path, unsigned secs)
{
	vault *v = NULL;
	vault_err rc;

	if ((rc = vault_open(path, PASS(passphrase(0)), &v)) ||
	    (rc = vlt_db_begin(v)))
		return fail("hold", 0, rc);
	printf("held\n");
	fflush(stdout);
	sleep(secs);
	vlt_db_rollback(v);
	vault_close(v);
	return 0;
}

static int
list_fn(void *ctx, const vault_entry *e)
{
	const uint8_t *t;
	size_t len;

	(void)ctx;
	if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &len) == VAULT_OK)
		printf("%.*s\n", (int)len, (const char *)t);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 2 ? argv[1] : "", *path = argc > 2 ? argv[2] :
	    "";
	vault *v = NULL;
	vault_err rc;

	if (strcmp(cmd, "create") == 0 && argc == 3) {
		if ((rc = vault_create(path, "Crash Test PC", PASS(passphrase(0)),
		    &test_params, &v)))
			return fail("create", 0, rc);
		vault_close(v);
		return 0;
	}
	if (strcmp(cmd, "ops") == 0 && (argc == 4 || argc == 5))
		return cmd_ops(path, atol(argv[3]), argc == 5 ? atol(argv[4]) :
		    MAX_OPS - 1, 3);
	if (strcmp(cmd, "check") == 0 && (argc == 4 || argc == 5))
		return cmd_check(path, atol(argv[3]), argc == 5);
	if (strcmp(cmd, "add") == 0 && argc == 5)
		return cmd_add(path, argv[3], atol(argv[4]), 3);
	if (strcmp(cmd, "hold") == 0 && argc == 4)
		return cmd_hold(path, (unsigned)atoi(argv[3]));
	if (strcmp(cmd, "list") == 0 && argc == 3) {
		if ((rc = vault_open(path, PASS(passphrase(0)), &v)) ||
		    (rc = vault_entry_search(v, NULL, list_fn, NULL, NULL)))
			return fail("list", 0, rc);
		vault_close(v);
		return 0;
	}
	fprintf(stderr, "usage: writer create|ops|check|add|hold|list PATH "
	    "...\n");
	return 2;
}
