/* SPDX-License-Identifier: ISC */
/*
 * t_state.c - the vault's state as a whole (format 2, issue 9): the
 * state row binds the log's head to the entries, settings, escrow and
 * keyslot rows; a file whose state is not whole is frozen (no append, no
 * entry read) until the clerk acknowledges; acknowledgement covers
 * exactly the records shown; the clerk's out-of-file checkpoint; the
 * format-1 fixture upgraded in one transaction.
 */
#include <sys/stat.h>
#include "tap.h"
#include "testutil.h"

#define CLERK "correct horse battery staple"
#define CHAIR "chair holder passphrase one"
#define DEPUTY "deputy holder passphrase two"

static vault_err
get_pw(vault *v, const char *title, const char *want)
{
	vault_entry *e = NULL;
	const uint8_t *p;
	size_t n;
	vault_err rc = vault_entry_get(v, title, &e);

	if (rc == VAULT_OK && (vault_entry_field(e, VAULT_FIELD_PASSWORD, &p,
	    &n) != VAULT_OK || n != strlen(want) || memcmp(p, want, n) != 0))
		rc = VAULT_ERR_INVALID;         /* the wrong password: never */
	vault_entry_free(e);
	return rc;
}

/* A closed vault with chair and deputy (2 of 2) and two entries. */
static const char *
make_vault(const char *name)
{
	const char *path = test_path(name);
	vault_holder_spec hs[2];
	vault *v = NULL;
	int ok;

	memset(hs, 0, sizeof hs);
	hs[0].role = "chair";
	hs[0].name = "G. Walker";
	hs[0].pass = (const uint8_t *)CHAIR;
	hs[0].pass_len = strlen(CHAIR);
	hs[1].role = "deputy";
	hs[1].name = "P. Jones";
	hs[1].pass = (const uint8_t *)DEPUTY;
	hs[1].pass_len = strlen(DEPUTY);
	if (vault_create(path, "PC", PASS(CLERK), &test_params, &v) != 0)
		return NULL;
	ok = test_add(v, "Bank", "bank-password-1") == 0 &&
	    test_add(v, "Email", "email-password-1") == 0 &&
	    vault_escrow_setup(v, hs, 2, 2, &test_params, NULL) == VAULT_OK;
	vault_close(v);
	return ok ? path : NULL;
}

static vault *
escrow_open(const char *path, vault_err *rc)
{
	vault_escrow *eo = NULL;
	vault *v = NULL;

	if ((*rc = vault_escrow_begin(path, &eo)) == VAULT_OK &&
	    (*rc = vault_escrow_add_holder(eo, "chair", PASS(CHAIR))) ==
	    VAULT_OK &&
	    (*rc = vault_escrow_add_holder(eo, "deputy", PASS(DEPUTY))) ==
	    VAULT_OK)
		*rc = vault_escrow_finish(eo, &v);
	vault_escrow_free(eo);
	return v;
}

static vault *
clerk_open(const char *path)
{
	vault *v = NULL;

	return vault_open(path, PASS(CLERK), &v) == VAULT_OK ? v : NULL;
}

struct last {
	uint64_t seq;
	size_t escrow;
};

static int
note_last(void *ctx, const vault_log_event *ev)
{
	struct last *l = ctx;

	l->seq = ev->seq;
	l->escrow += ev->escrow ? 1 : 0;
	return 0;
}

static void
test_every_change_moves_the_state(void)
{
	const char *path = make_vault("gen.vault");
	long long g0, g1, g2;
	vault *v;

	REQUIRE(path != NULL);
	g0 = sql_int(path, "SELECT generation FROM state");
	CHECK(g0 == sql_int(path, "SELECT max(seq) FROM log"));
	REQUIRE((v = clerk_open(path)) != NULL);
	g1 = sql_int(path, "SELECT generation FROM state");
	CHECK(g1 == g0 + 1);                    /* the opening */
	CHECK(vault_config_set(v, "hibp", "/nonexistent/list") == VAULT_OK);
	g2 = sql_int(path, "SELECT generation FROM state");
	CHECK(g2 == g1 + 1);                    /* a setting, logged */
	CHECK(g2 == sql_int(path, "SELECT max(seq) FROM log"));
	vault_close(v);
}

static void
test_state_row_damage(void)
{
	const char *path = make_vault("staterow.vault");
	vault *v = NULL;

	REQUIRE(path != NULL);
	CHECK(sql(path, "UPDATE state SET generation = generation - 1") == 0);
	CHECK(vault_open(path, PASS(CLERK), &v) == VAULT_ERR_CORRUPT);
	vault_close(v);
	path = make_vault("nostate.vault");
	REQUIRE(path != NULL);
	CHECK(sql(path, "DELETE FROM state") == 0);
	CHECK(vault_open(path, PASS(CLERK), &v) == VAULT_ERR_CORRUPT);
	vault_close(v);
}

/* Issue 9, reproduction 1, through the library: a cut log freezes the
 * file until the clerk acknowledges, which accepts it as it now is. */
static void
test_cut_log_freezes_until_acknowledged(void)
{
	const char *path = make_vault("cut.vault");
	long long seen;
	vault_err rc;
	vault *v;
	size_t n = 0;

	REQUIRE(path && (v = clerk_open(path)) != NULL);
	vault_close(v);
	seen = sql_int(path, "SELECT max(seq) FROM log");
	REQUIRE((v = escrow_open(path, &rc)) != NULL);
	CHECK(get_pw(v, "Bank", "bank-password-1") == VAULT_OK);
	vault_close(v);
	{
		char q[96];

		snprintf(q, sizeof q, "DELETE FROM log WHERE seq > %lld", seen);
		CHECK(sql(path, q) == 0);
	}
	/* Holders cannot open it, and so cannot record over the cut. */
	v = escrow_open(path, &rc);
	CHECK(v == NULL && rc == VAULT_ERR_CORRUPT);
	vault_close(v);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_findings(v) & VAULT_FINDING_CUT);
	CHECK(get_pw(v, "Bank", "bank-password-1") == VAULT_ERR_CORRUPT);
	CHECK(vault_entry_add(v, NULL) == VAULT_ERR_INVALID);
	CHECK(test_add(v, "New", "some-new-password") == -1);
	CHECK(vault_verify(v, NULL, NULL, &n) == VAULT_ERR_CORRUPT && n >= 1);
	/* The opening added nothing to the cut file. */
	CHECK(sql_int(path, "SELECT max(seq) FROM log") == seen);
	/* Acknowledging accepts the file as it is now. */
	CHECK(vault_log_ack(v, seen) == VAULT_OK);
	CHECK(vault_findings(v) == 0);
	CHECK(get_pw(v, "Bank", "bank-password-1") == VAULT_OK);
	CHECK(vault_verify(v, NULL, NULL, &n) == VAULT_OK);
	vault_close(v);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_findings(v) == 0);
	vault_close(v);
}

/* Issue 9, reproduction 7: an escrow opening that lands between the
 * notice being read and the clerk's "yes" stays pending. */
static void
test_ack_covers_exactly_what_was_shown(void)
{
	const char *path = make_vault("ack.vault");
	struct last shown = { 0, 0 }, after = { 0, 0 };
	uint64_t acked;
	size_t events;
	int rewritten;
	vault_err rc;
	vault *clerk, *h;

	REQUIRE(path && (h = escrow_open(path, &rc)) != NULL);
	vault_close(h);
	REQUIRE((clerk = clerk_open(path)) != NULL);
	CHECK(vault_log_pending(clerk, &acked, &events, &rewritten) == 0);
	CHECK(events == 1);
	CHECK(vault_log_walk(clerk, acked, note_last, &shown) == VAULT_OK);
	/* Meanwhile, another opening through escrow, and a reveal. */
	REQUIRE((h = escrow_open(path, &rc)) != NULL);
	CHECK(get_pw(h, "Email", "email-password-1") == VAULT_OK);
	vault_close(h);
	CHECK(vault_log_ack(clerk, shown.seq) == VAULT_OK);
	vault_close(clerk);
	REQUIRE((clerk = clerk_open(path)) != NULL);
	CHECK(vault_log_pending(clerk, &acked, &events, &rewritten) == 0);
	CHECK(acked == shown.seq);
	CHECK(events == 2);                     /* open and reveal: unseen */
	CHECK(vault_log_walk(clerk, acked, note_last, &after) == VAULT_OK &&
	    after.escrow == 2);
	vault_close(clerk);
}

/* Issue 9, reproduction 5: old escrow and holder rows put back after
 * `escrow remove` open nothing; the clerk is told. */
static void
test_old_escrow_rows_refused(void)
{
	const char *path = make_vault("esc.vault");
	const char *old = test_path("esc-old.vault");
	char q[512];
	vault_err rc;
	vault *v;

	REQUIRE(path != NULL);
	REQUIRE(test_copy(path, old) == 0);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_escrow_remove(v) == VAULT_OK);
	vault_close(v);
	snprintf(q, sizeof q, "ATTACH '%s' AS o; INSERT INTO escrow SELECT *"
	    " FROM o.escrow; INSERT INTO holder SELECT * FROM o.holder", old);
	CHECK(sql(path, q) == 0);
	v = escrow_open(path, &rc);
	CHECK(v == NULL && rc == VAULT_ERR_CORRUPT);
	vault_close(v);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_findings(v) & VAULT_FINDING_ROWS);
	vault_close(v);
}

/* A setting (the council's name) or the clerk's slot put back. */
static void
test_old_setting_and_keyslot_found(void)
{
	const char *path = make_vault("set.vault");
	const char *old = test_path("set-old.vault");
	char q[512];
	vault *v;

	REQUIRE(path != NULL);
	REQUIRE(test_copy(path, old) == 0);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_config_set(v, "hibp", "/srv/hibp.txt") == VAULT_OK);
	CHECK(vault_passwd(v, PASS("a new clerk passphrase here"), NULL) ==
	    VAULT_OK);
	vault_close(v);
	/* The old keyslot (the old passphrase) put back. */
	snprintf(q, sizeof q, "ATTACH '%s' AS o; DELETE FROM keyslot;"
	    " INSERT INTO keyslot SELECT * FROM o.keyslot", old);
	CHECK(sql(path, q) == 0);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_findings(v) & VAULT_FINDING_ROWS);
	CHECK(get_pw(v, "Bank", "bank-password-1") == VAULT_ERR_CORRUPT);
	vault_close(v);
	/* Settings put back. */
	path = make_vault("set2.vault");
	REQUIRE(path != NULL);
	REQUIRE(test_copy(path, old) == 0);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_config_set(v, "hibp", "/srv/hibp.txt") == VAULT_OK);
	vault_close(v);
	snprintf(q, sizeof q, "ATTACH '%s' AS o; DELETE FROM setting;"
	    " INSERT INTO setting SELECT * FROM o.setting", old);
	CHECK(sql(path, q) == 0);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_findings(v) & VAULT_FINDING_ROWS);
	vault_close(v);
}

/* The out-of-file checkpoint: a whole older copy is behind it. */
static void
test_checkpoint(void)
{
	const char *path = make_vault("cp.vault");
	const char *old = test_path("cp-old.vault");
	char dir[200], q[512];
	uint64_t at = 0;
	struct stat sb TU_UNUSED;
	vault *v;

	REQUIRE(path != NULL);
	snprintf(dir, sizeof dir, "%s/state", test_dir);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_checkpoint_sync(v, dir, &at) == VAULT_OK && at == 0);
	vault_close(v);
	snprintf(q, sizeof q, "%s/state", test_dir);
#ifndef _WIN32  /* Windows: the folder's ACL, not a mode (docs/testing.md) */
	CHECK(stat(q, &sb) == 0 && (sb.st_mode & 0777) == 0700);
#endif
	REQUIRE(test_copy(path, old) == 0);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(get_pw(v, "Bank", "bank-password-1") == VAULT_OK);
	CHECK(vault_checkpoint_sync(v, dir, &at) == VAULT_OK && at == 0);
	vault_close(v);
	/* The older copy put in place of the file. */
	REQUIRE(test_copy(old, path) == 0);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_findings(v) == 0);          /* whole, in itself */
	CHECK(vault_checkpoint_sync(v, dir, &at) == VAULT_OK && at > 0);
	CHECK(vault_findings(v) & VAULT_FINDING_BEHIND);
	CHECK(vault_verify(v, NULL, NULL, NULL) == VAULT_ERR_CORRUPT);
	CHECK(vault_checkpoint_accept(v, dir) == VAULT_OK);
	CHECK(vault_verify(v, NULL, NULL, NULL) == VAULT_OK);
	vault_close(v);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_checkpoint_sync(v, dir, &at) == VAULT_OK && at == 0);
	CHECK(vault_findings(v) == 0);
	vault_close(v);
	/* Holders keep no checkpoint and cannot accept. */
	{
		vault_err rc;

		REQUIRE((v = escrow_open(path, &rc)) != NULL);
		CHECK(vault_checkpoint_sync(v, dir, &at) == VAULT_OK);
		CHECK(vault_checkpoint_accept(v, dir) == VAULT_ERR_INVALID);
		vault_close(v);
	}
}

/* The format-1 fixture made by the previous release: opened by the clerk
 * and upgraded in one transaction; everything still reads. */
static void
test_format1_upgrade(void)
{
	const char *path = test_path("f1.vault");
	struct last l = { 0, 0 };
	uint64_t acked;
	size_t events;
	int rewritten;
	vault *v = NULL;

	REQUIRE(test_copy("tests/vectors/format1/council.vault", path) == 0);
	CHECK(sql_int(path, "SELECT version FROM header") == 1);
	REQUIRE(vault_open(path, PASS("velvet-marsh-tango-pylon"), &v) ==
	    VAULT_OK);
	CHECK(sql_int(path, "SELECT version FROM header") == 2);
	CHECK(get_pw(v, "Email", "Zq8#vLm2@pR7!xKw") == VAULT_OK);
	CHECK(get_pw(v, "Lloyds online banking", "LbYXdw2Kc7c6fQHa") ==
	    VAULT_OK);
	CHECK(vault_entry_exists(v, "Gone") == VAULT_ERR_NOTFOUND);
	CHECK(vault_log_pending(v, &acked, &events, &rewritten) == 0);
	CHECK(events == 2 && rewritten == 0);   /* the open and the reveal */
	CHECK(vault_verify(v, NULL, NULL, NULL) == VAULT_OK);
	CHECK(vault_log_walk(v, 0, note_last, &l) == VAULT_OK);
	CHECK(l.seq == (uint64_t)sql_int(path, "SELECT max(seq) FROM log"));
	vault_close(v);
	/* No manifest setting left; the state row in its place. */
	CHECK(sql_int(path, "SELECT count(*) FROM setting WHERE name ="
	    " 'manifest'") == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM state") == 1);
}

/* A format-1 file whose manifest no longer matches: the upgrade keeps
 * the finding (the clerk is told) rather than laundering it. */
static void
test_format1_damage_not_laundered(void)
{
	const char *path = test_path("f1bad.vault");
	vault *v = NULL;

	REQUIRE(test_copy("tests/vectors/format1/council.vault", path) == 0);
	CHECK(sql(path, "DELETE FROM entry WHERE id = (SELECT min(id) FROM"
	    " entry)") == 0);
	REQUIRE(vault_open(path, PASS("velvet-marsh-tango-pylon"), &v) ==
	    VAULT_OK);
	CHECK(vault_findings(v) & VAULT_FINDING_ROWS);
	CHECK(vault_verify(v, NULL, NULL, NULL) == VAULT_ERR_CORRUPT);
	vault_close(v);
	v = NULL;
	/* Still reported at the next opening (sealed in the keyslot). */
	REQUIRE(vault_open(path, PASS("velvet-marsh-tango-pylon"), &v) ==
	    VAULT_OK);
	CHECK(vault_findings(v) & VAULT_FINDING_ROWS);
	vault_close(v);
}

/* vault_entry_walk: whole entries (passwords too), in a clerk or an
 * escrow session, with nothing appended to the log; a row removed or put
 * back behind the library is CORRUPT, as for search; config
 * max-age-days takes only a number of days. */
struct walked {
	size_t n, with_password;
};

static int
count_whole(void *ctx, const vault_entry *e)
{
	struct walked *w = ctx;
	const uint8_t *p;
	size_t len;

	w->n++;
	if (vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &len) == VAULT_OK &&
	    len > 0)
		w->with_password++;
	return 0;
}

static void
test_walk_whole_entries_unlogged(void)
{
	const char *path = make_vault("walk.vault");
	struct walked w = { 0, 0 };
	struct last before = { 0, 0 }, after = { 0, 0 };
	vault_err rc;
	char *val = NULL;
	vault *v;
	int stopped = -1;

	REQUIRE(path != NULL);
	REQUIRE((v = escrow_open(path, &rc)) != NULL);
	CHECK(vault_log_walk(v, 0, note_last, &before) == VAULT_OK);
	CHECK(vault_entry_walk(v, count_whole, &w, &stopped) == VAULT_OK);
	CHECK(w.n == 2 && w.with_password == 2 && stopped == 0);
	CHECK(vault_log_walk(v, 0, note_last, &after) == VAULT_OK);
	CHECK(after.seq == before.seq);         /* no reveal recorded */
	CHECK(vault_entry_walk(v, NULL, &w, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_entry_walk(NULL, count_whole, &w, NULL) ==
	    VAULT_ERR_INVALID);
	vault_close(v);
	REQUIRE((v = clerk_open(path)) != NULL);
	CHECK(vault_config_get(v, "max-age-days", &val) == VAULT_ERR_NOTFOUND);
	CHECK(vault_config_set(v, "max-age-days", "30") == VAULT_OK);
	CHECK(vault_config_get(v, "max-age-days", &val) == VAULT_OK &&
	    val && strcmp(val, "30") == 0);
	free(val);
	CHECK(vault_config_set(v, "max-age-days", "0") == VAULT_OK);
	CHECK(vault_config_set(v, "max-age-days", "36501") ==
	    VAULT_ERR_INVALID);
	CHECK(vault_config_set(v, "max-age-days", "-1") == VAULT_ERR_INVALID);
	CHECK(vault_config_set(v, "max-age-days", "12x") == VAULT_ERR_INVALID);
	CHECK(vault_config_set(v, "max-age-days", NULL) == VAULT_OK);
	CHECK(sql(path, "DELETE FROM entry WHERE id = (SELECT min(id) FROM"
	    " entry)") == 0);
	memset(&w, 0, sizeof w);
	CHECK(vault_entry_walk(v, count_whole, &w, NULL) == VAULT_ERR_CORRUPT);
	vault_close(v);
}

int
main(void)
{
	test_dir_make();
	RUN(test_every_change_moves_the_state);
	RUN(test_state_row_damage);
	RUN(test_cut_log_freezes_until_acknowledged);
	RUN(test_ack_covers_exactly_what_was_shown);
	RUN(test_old_escrow_rows_refused);
	RUN(test_old_setting_and_keyslot_found);
	RUN(test_checkpoint);
	RUN(test_format1_upgrade);
	RUN(test_format1_damage_not_laundered);
	RUN(test_walk_whole_entries_unlogged);
	test_dir_remove();
	return TAP_END();
}
