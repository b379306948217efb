/* SPDX-License-Identifier: ISC */
/*
 * t_escrow.c - opening the vault without the clerk: every k-of-n for
 * n <= 5 (each subset of k or more opens, each smaller one fails), wrong
 * and duplicate shares named, paper shares, the audit log (escrow
 * openings shown to the clerk, rewrites and truncation detected),
 * rotation and rekey leaving old shares useless on the new file, and
 * paper-only holders whose share is nowhere in the file.
 */
#include "tap.h"
#include "testutil.h"

#define CLERK "correct horse battery staple"

static const char *const roles[] = { "clerk", "chair", "deputy", "rfo", "member" };
static const char *const names[] = { "A. Clerk", "G. Walker", "P. Jones",
    "R. Fenwick", "M. Patel" };
static const char *const passes[] = { "clerk holder pass one",
    "chair holder pass two", "deputy holder pass three",
    "rfo holder pass four", "member holder pass five" };

static void
specs(vault_holder_spec *hs, size_t n)
{
	memset(hs, 0, n * sizeof *hs);
	for (size_t i = 0; i < n; i++) {
		hs[i].role = roles[i];
		hs[i].name = names[i];
		hs[i].pass = (const uint8_t *)passes[i];
		hs[i].pass_len = strlen(passes[i]);
	}
}

static int
password_is(vault *v, const char *title, const char *want)
{
	vault_entry *e = NULL;
	const uint8_t *p;
	size_t len;
	int ok = vault_entry_get(v, title, &e) == VAULT_OK &&
	    vault_entry_field(e, VAULT_FIELD_PASSWORD, &p, &len) == VAULT_OK &&
	    len == strlen(want) && memcmp(p, want, len) == 0;

	vault_entry_free(e);
	return ok;
}

/* A vault with one entry and escrow k-of-n, closed. */
static const char *
escrowed(const char *name, size_t n, unsigned k)
{
	const char *path = test_path(name);
	vault_holder_spec hs[5];
	vault *v = NULL;
	int ok;

	specs(hs, n);
	ok = vault_create(path, "Little Snoring PC", PASS(CLERK), &test_params,
	    &v) == 0 && test_add(v, "Bank", "bank-password-1") == 0 &&
	    vault_escrow_setup(v, hs, n, k, &test_params, NULL) == VAULT_OK;
	vault_close(v);
	return ok ? path : NULL;
}

/* Each holder's paper mnemonic, read through their passphrase. */
static int
paper_shares(const char *path, size_t n, vault_secret **out)
{
	vault_escrow *eo = NULL;
	vault_share_sheet sh;
	int ok = vault_escrow_begin(path, &eo) == VAULT_OK;

	for (size_t i = 0; ok && i < n; i++) {
		ok = vault_escrow_add_holder(eo, roles[i], PASS(passes[i])) ==
		    VAULT_OK && vault_escrow_sheet(eo, roles[i], &sh) == VAULT_OK &&
		    sh.member == i + 1 && sh.holders == n;
		out[i] = ok ? sh.mnemonic : NULL;
	}
	vault_escrow_free(eo);
	return ok;
}

/* Open with the paper shares in `mask`; the vault's result. */
static vault_err
open_with(const char *path, vault_secret **paper, size_t n, unsigned mask,
    vault **out)
{
	vault_escrow *eo = NULL;
	vault_err rc = vault_escrow_begin(path, &eo);

	*out = NULL;
	for (size_t i = 0; rc == VAULT_OK && i < n; i++)
		if (mask & (1u << i))
			rc = vault_escrow_add_paper(eo,
			    vault_secret_data(paper[i]),
			    vault_secret_len(paper[i]), NULL, NULL);
	if (rc == VAULT_OK)
		rc = vault_escrow_finish(eo, out);
	vault_escrow_free(eo);
	return rc;
}

static void
test_every_k_of_n(void)
{
	char name[32];
	int bad = 0, tried = 0;

	for (size_t n = 1; n <= 5; n++)
		for (unsigned k = 1; k <= n; k++) {
			vault_secret *paper[5] = { NULL };
			const char *path;

			snprintf(name, sizeof name, "kn-%zu-%u.vault", n, k);
			path = escrowed(name, n, k);
			REQUIRE(path != NULL && paper_shares(path, n, paper));
			for (unsigned mask = 0; mask < (1u << n); mask++) {
				vault *v = NULL;
				unsigned c = (unsigned)__builtin_popcount(mask);
				vault_err rc = open_with(path, paper, n, mask, &v);

				tried++;
				if (c >= k ? !(rc == VAULT_OK &&
				    password_is(v, "bank", "bank-password-1")) :
				    rc != VAULT_ERR_SHARES) {
					bad++;
					printf("# %u-of-%zu mask %x: %s\n", k, n,
					    mask, vault_strerror(rc));
				}
				vault_close(v);
			}
			for (size_t i = 0; i < n; i++)
				vault_secret_free(paper[i]);
		}
	printf("# %d subsets tried\n", tried);
	CHECK(tried == 2 + 8 + 24 + 64 + 160);
	CHECK(bad == 0);
}

static void
test_holder_passphrases(void)
{
	const char *path = escrowed("pass.vault", 3, 2);
	vault_escrow *eo = NULL;
	vault *v = NULL;
	unsigned t = 0, n = 0, rot = 0;
	int64_t since = 0;

	REQUIRE(path && vault_escrow_begin(path, &eo) == VAULT_OK);
	CHECK(vault_escrow_threshold(eo) == 2 && vault_escrow_holders(eo) == 3);
	CHECK(strcmp(vault_escrow_role(eo, 1), "chair") == 0);
	CHECK(vault_escrow_role(eo, 3) == NULL);
	CHECK(vault_escrow_add_holder(eo, "chair", PASS(passes[2])) ==
	    VAULT_ERR_AUTH);
	CHECK(vault_escrow_add_holder(eo, "treasurer", PASS(passes[1])) ==
	    VAULT_ERR_NOTFOUND);
	CHECK(vault_escrow_add_holder(eo, "chair", PASS(passes[1])) == 0);
	CHECK(vault_escrow_add_holder(eo, "chair", PASS(passes[1])) ==
	    VAULT_ERR_SHARES);
	CHECK(vault_escrow_finish(eo, &v) == VAULT_ERR_SHARES && v == NULL);
	CHECK(vault_escrow_add_holder(eo, "deputy", PASS(passes[2])) == 0);
	REQUIRE(vault_escrow_finish(eo, &v) == VAULT_OK);
	/* The opener is spent: more shares are refused, not a crash. */
	CHECK(vault_escrow_add_holder(eo, "clerk", PASS(passes[0])) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_escrow_add_paper(eo, PASS("academic acid"), NULL, NULL) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_is_escrow_session(v) == 1);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	CHECK(vault_escrow_status(v, &t, &n, &rot, &since, NULL, NULL) == 0);
	CHECK(t == 2 && n == 3 && rot == 1 && since > 0);
	vault_close(v);
	vault_escrow_free(eo);
}

static void
test_paper_share_errors(void)
{
	const char *a = escrowed("paperA.vault", 3, 2);
	const char *b = escrowed("paperB.vault", 3, 2);
	vault_secret *pa[3] = { NULL }, *pb[3] = { NULL };
	vault_escrow *eo = NULL;
	const char *role = NULL;
	size_t bad = 99;
	char text[400];
	char *sp;

	REQUIRE(a && b && paper_shares(a, 3, pa) && paper_shares(b, 3, pb));
	REQUIRE(vault_escrow_begin(a, &eo) == VAULT_OK);
	/* A share of another vault. */
	CHECK(vault_escrow_add_paper(eo, vault_secret_data(pb[0]),
	    vault_secret_len(pb[0]), &bad, &role) == VAULT_ERR_SHARES);
	/* An unknown word at position 3. */
	snprintf(text, sizeof text, "%.*s", (int)vault_secret_len(pa[1]),
	    (const char *)vault_secret_data(pa[1]));
	sp = strchr(strchr(text, ' ') + 1, ' ') + 1;
	memcpy(sp, "zzzz", 4);
	CHECK(vault_escrow_add_paper(eo, PASS(text), &bad, &role) ==
	    VAULT_ERR_MNEMONIC);
	CHECK(bad == 3);
	/* Abbreviated, upper-case words are fine. */
	{
		char abbr[400] = "";
		char *w, *save = NULL;

		snprintf(text, sizeof text, "%.*s",
		    (int)vault_secret_len(pa[1]),
		    (const char *)vault_secret_data(pa[1]));
		for (w = strtok_r(text, " ", &save); w;
		    w = strtok_r(NULL, " ", &save)) {
			char four[6] = "";
			for (int i = 0; i < 4 && w[i]; i++)
				four[i] = (char)(w[i] - 32);
			strcat(abbr, four);
			strcat(abbr, "  ");
		}
		CHECK(vault_escrow_add_paper(eo, PASS(abbr), &bad, &role) ==
		    VAULT_OK);
		CHECK(role != NULL && strcmp(role, "chair") == 0);
	}
	/* The same share again. */
	CHECK(vault_escrow_add_paper(eo, vault_secret_data(pa[1]),
	    vault_secret_len(pa[1]), &bad, &role) == VAULT_ERR_SHARES);
	vault_escrow_free(eo);
	for (int i = 0; i < 3; i++) {
		vault_secret_free(pa[i]);
		vault_secret_free(pb[i]);
	}
}

struct walk {
	int escrow_opens, escrow_reveals, clerk_opens, acks;
	char actor[96];
	uint64_t last;          /* the last record walked */
};

static int
tally(void *ctx, const vault_log_event *ev)
{
	struct walk *w = ctx;

	if (ev->kind == VAULT_EVENT_OPEN && ev->escrow) {
		w->escrow_opens++;
		snprintf(w->actor, sizeof w->actor, "%s", ev->actor);
	}
	if (ev->kind == VAULT_EVENT_REVEAL && ev->escrow &&
	    ev->subject_len == 4 && memcmp(ev->subject, "Bank", 4) == 0)
		w->escrow_reveals++;
	if (ev->kind == VAULT_EVENT_OPEN && !ev->escrow)
		w->clerk_opens++;
	if (ev->kind == VAULT_EVENT_ACK)
		w->acks++;
	w->last = ev->seq;
	return 0;
}

static vault *
escrow_open_two(const char *path)
{
	vault_escrow *eo = NULL;
	vault *v = NULL;

	if (vault_escrow_begin(path, &eo) == 0 &&
	    vault_escrow_add_holder(eo, "chair", PASS(passes[1])) == 0 &&
	    vault_escrow_add_holder(eo, "deputy", PASS(passes[2])) == 0 &&
	    vault_escrow_finish(eo, &v) != VAULT_OK)
		v = NULL;
	vault_escrow_free(eo);
	return v;
}

static void
test_escrow_opening_shown_to_clerk(void)
{
	const char *path = escrowed("log.vault", 3, 2);
	vault *v = NULL;
	struct walk w;
	uint64_t acked = 0;
	size_t n = 0;
	int rewritten = -1;

	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0);
	CHECK(n == 0 && rewritten == 0);
	vault_close(v);
	REQUIRE((v = escrow_open_two(path)) != NULL);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	CHECK(vault_log_ack(v, UINT64_MAX) == VAULT_ERR_INVALID);  /* holders */
	vault_close(v);
	/* Holders can neither see nor clear the clerk's notices, nor set a
	 * clerk passphrase over the master key they hold (that is a
	 * handover, with a new master key). */
	REQUIRE((v = escrow_open_two(path)) != NULL);
	CHECK(vault_passwd(v, PASS("holders chose this one"), NULL) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0 && n == 0);
	CHECK(vault_log_ack(v, UINT64_MAX) == VAULT_ERR_INVALID);
	vault_close(v);
	v = NULL;
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0);
	/* Two openings and one reveal. */
	CHECK(n == 3 && rewritten == 0);
	memset(&w, 0, sizeof w);
	CHECK(vault_log_walk(v, acked, tally, &w) == VAULT_OK);
	CHECK(w.escrow_opens == 2 && w.escrow_reveals == 1);
	CHECK(strcmp(w.actor, "escrow: chair, deputy") == 0);
	CHECK(vault_log_ack(v, w.last) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0 && n == 0);
	vault_close(v);
	v = NULL;
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0);
	CHECK(n == 0 && rewritten == 0);
	memset(&w, 0, sizeof w);
	CHECK(vault_log_walk(v, 0, tally, &w) == VAULT_OK);
	CHECK(w.clerk_opens == 3 && w.acks == 1 && w.escrow_opens == 2);
	vault_close(v);
}

static void
test_log_rewrite_detected(void)
{
	const char *path = escrowed("rewrite.vault", 3, 2);
	vault *v = NULL;
	uint64_t acked;
	size_t n, damaged = 0;
	int rewritten = -1;

	REQUIRE(path && vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	vault_close(v);
	v = NULL;
	/* Holders open, then cut the log back to before the clerk's last
	 * reveal: consistent (they hold the master key), but truncated. */
	REQUIRE((v = escrow_open_two(path)) != NULL);
	vault_close(v);
	v = NULL;
	CHECK(sql(path, "DELETE FROM log WHERE seq >= 3") == 0);
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0);
	CHECK(rewritten == 1);
	vault_close(v);
	v = NULL;
	/* Reported again until acknowledged. */
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0 &&
	    rewritten == 1);
	CHECK(vault_log_ack(v, acked) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0 &&
	    rewritten == 0);
	vault_close(v);
	v = NULL;
	/* A record edited by someone without the key breaks the chain.
	 * Before the clerk's checkpoint, that is found by verify (which
	 * walks the whole chain), and then shown as a damaged log. */
	CHECK(sql(path, "UPDATE log SET chain = zeroblob(32) WHERE seq = 2") == 0);
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_verify(v, NULL, NULL, &damaged) == VAULT_ERR_CORRUPT);
	CHECK(damaged == 1);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0 &&
	    rewritten == 2);
	vault_close(v);
	v = NULL;
	/* After the checkpoint (records the clerk has not seen), at open. */
	path = escrowed("rewrite2.vault", 3, 2);
	REQUIRE(path && (v = escrow_open_two(path)) != NULL);
	vault_close(v);
	v = NULL;
	CHECK(sql(path, "UPDATE log SET chain = zeroblob(32) WHERE seq ="
	    " (SELECT max(seq) FROM log)") == 0);
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_log_pending(v, &acked, &n, &rewritten) == 0 &&
	    rewritten == 2);
	vault_close(v);
}

static void
test_rotate_and_rekey_retire_old_shares(void)
{
	const char *path = escrowed("rot.vault", 3, 2);
	const char *copy = test_path("rot-backup.vault");
	vault_secret *old[3] = { NULL }, *nu[3] = { NULL };
	vault_holder_spec hs[3];
	vault *v = NULL;

	REQUIRE(path && paper_shares(path, 3, old));
	REQUIRE(test_copy(path, copy) == 0);
	/* Rotate: new holders' shares; the old ones stop opening it. */
	specs(hs, 3);
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_escrow_setup(v, hs, 3, 3, &test_params, NULL) == VAULT_OK);
	vault_close(v);
	v = NULL;
	CHECK(open_with(path, old, 3, 0x7, &v) == VAULT_ERR_SHARES);
	REQUIRE(paper_shares(path, 3, nu));
	CHECK(open_with(path, nu, 3, 0x3, &v) == VAULT_ERR_SHARES);
	CHECK(open_with(path, nu, 3, 0x7, &v) == VAULT_OK);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	/* Handover in the escrow session: new clerk passphrase, new master
	 * key, new shares (2 of 3 again). */
	CHECK(vault_rekey(v, NULL, 0, hs, 3, 2, &test_params, NULL) ==
	    VAULT_ERR_INVALID);         /* no clerk key in escrow session */
	CHECK(vault_rekey(v, PASS("the new clerk's passphrase"), hs, 3, 2,
	    &test_params, NULL) == VAULT_OK);
	CHECK(test_add(v, "After rekey", "written-after-rekey") == 0);
	vault_close(v);
	v = NULL;
	CHECK(vault_open(path, PASS(CLERK), &v) == VAULT_ERR_AUTH);
	REQUIRE(vault_open(path, PASS("the new clerk's passphrase"), &v) == 0);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	CHECK(password_is(v, "after rekey", "written-after-rekey"));
	CHECK(vault_verify(v, NULL, NULL, NULL) == VAULT_OK);
	/* A clerk-session rekey without escrow removes it. */
	CHECK(vault_rekey(v, NULL, 0, NULL, 0, 0, NULL, NULL) == VAULT_OK);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	{
		unsigned t, n, r;
		int64_t since;
		CHECK(vault_escrow_status(v, &t, &n, &r, &since, NULL, NULL) ==
		    VAULT_ERR_NOTFOUND);
	}
	vault_close(v);
	v = NULL;
	/* The old shares and the old clerk passphrase open the backup copy
	 * only: that is what docs/emergency-access.md warns about. */
	CHECK(open_with(copy, old, 3, 0x3, &v) == VAULT_OK);
	vault_close(v);
	v = NULL;
	{
		vault_escrow *eo = NULL;
		CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_NOTFOUND);
		vault_escrow_free(eo);
	}
	for (int i = 0; i < 3; i++) {
		vault_secret_free(old[i]);
		vault_secret_free(nu[i]);
	}
}

/* vault_holder_fn: record which holders are paper-only, by share. */
static void
note_paper(void *ctx, const char *role, const char *name, unsigned member,
    int paper_only)
{
	int *flags = ctx;

	(void)role;
	(void)name;
	if (member >= 1 && member <= 3)
		flags[member - 1] = paper_only;
}

/* Open with the chair's passphrase and these paper words. */
static vault_err
open_chair_and(const char *path, const vault_secret *paper, vault **out)
{
	vault_escrow *eo = NULL;
	vault_err rc = vault_escrow_begin(path, &eo);

	*out = NULL;
	if (rc == VAULT_OK)
		rc = vault_escrow_add_holder(eo, "chair", PASS(passes[1]));
	if (rc == VAULT_OK)
		rc = vault_escrow_add_paper(eo, vault_secret_data(paper),
		    vault_secret_len(paper), NULL, NULL);
	if (rc == VAULT_OK)
		rc = vault_escrow_finish(eo, out);
	vault_escrow_free(eo);
	return rc;
}

static void
test_paper_only_holder(void)
{
	const char *path = test_path("paper-only.vault");
	vault_share_sheet sheets[3], again[3];
	vault_holder_spec hs[3];
	vault_escrow *eo = NULL;
	vault *v = NULL;
	int flags[3] = { -1, -1, -1 };
	unsigned t, n, r;
	int64_t since;

	specs(hs, 3);
	REQUIRE(vault_create(path, "Little Snoring PC", PASS(CLERK),
	    &test_params, &v) == 0 &&
	    test_add(v, "Bank", "bank-password-1") == 0);
	/* The deputy's share will exist only on paper: a passphrase for
	 * them, or nowhere to put their sheet, is refused. */
	hs[2].paper_only = 1;
	CHECK(vault_escrow_setup(v, hs, 3, 2, &test_params, sheets) ==
	    VAULT_ERR_INVALID);
	hs[2].pass = NULL;
	hs[2].pass_len = 0;
	CHECK(vault_escrow_setup(v, hs, 3, 2, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	REQUIRE(vault_escrow_setup(v, hs, 3, 2, &test_params, sheets) ==
	    VAULT_OK);
	CHECK(sheets[0].mnemonic == NULL && sheets[1].mnemonic == NULL);
	REQUIRE(sheets[2].mnemonic != NULL);
	CHECK(sheets[2].member == 3 && sheets[2].threshold == 2 &&
	    sheets[2].holders == 3 && strcmp(sheets[2].name, "P. Jones") == 0 &&
	    strcmp(sheets[2].council, "Little Snoring PC") == 0 &&
	    sheets[2].since > 0);
	CHECK(vault_escrow_status(v, &t, &n, &r, &since, note_paper, flags) ==
	    VAULT_OK && flags[0] == 0 && flags[1] == 0 && flags[2] == 1);
	vault_close(v);
	v = NULL;
	/* Nothing of the deputy's share is in the file. */
	CHECK(sql_int(path, "SELECT length(share) + length(salt) + memory_kib"
	    " + passes + lanes FROM holder WHERE role = 'deputy' AND kdf ="
	    " 'paper'") == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM holder WHERE kdf ="
	    " 'argon2id13' AND length(share) > 0") == 2);

	/* Opening: the deputy has no passphrase; their paper works. */
	REQUIRE(vault_escrow_begin(path, &eo) == VAULT_OK);
	CHECK(vault_escrow_paper_only(eo, "deputy") == 1);
	CHECK(vault_escrow_paper_only(eo, "chair") == 0);
	CHECK(vault_escrow_paper_only(eo, "nobody") == 0);
	CHECK(vault_escrow_add_holder(eo, "deputy", PASS(passes[2])) ==
	    VAULT_ERR_NOTFOUND);
	CHECK(vault_escrow_add_paper(eo, vault_secret_data(sheets[2].mnemonic),
	    vault_secret_len(sheets[2].mnemonic), NULL, NULL) == VAULT_OK);
	CHECK(vault_escrow_finish(eo, &v) == VAULT_ERR_SHARES);  /* 1 of 2 */
	vault_escrow_free(eo);
	CHECK(open_chair_and(path, sheets[2].mnemonic, &v) == VAULT_OK);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	vault_close(v);
	v = NULL;

	/* A damaged row: a paper holder turned into one with a passphrase,
	 * or a passphrase holder turned paper-only, is reported. */
	REQUIRE(sql(path, "UPDATE holder SET kdf = 'argon2id13' WHERE role ="
	    " 'deputy'") == 0);
	CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_CORRUPT);
	vault_escrow_free(eo);
	REQUIRE(sql(path, "UPDATE holder SET kdf = 'paper' WHERE role IN"
	    " ('deputy', 'chair')") == 0);
	CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_CORRUPT);
	vault_escrow_free(eo);
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	CHECK(vault_escrow_status(v, &t, &n, &r, &since, NULL, NULL) ==
	    VAULT_ERR_CORRUPT);         /* status does not show it as paper */
	vault_close(v);
	v = NULL;
	REQUIRE(sql(path, "UPDATE holder SET kdf = 'argon2id13' WHERE role ="
	    " 'chair'") == 0);

	/* Rotation and rekey hand out a new paper sheet; the old one no
	 * longer opens the file. */
	REQUIRE(vault_open(path, PASS(CLERK), &v) == VAULT_OK);
	REQUIRE(vault_escrow_setup(v, hs, 3, 2, &test_params, again) ==
	    VAULT_OK && again[2].mnemonic != NULL);
	vault_close(v);
	v = NULL;
	CHECK(open_chair_and(path, sheets[2].mnemonic, &v) ==
	    VAULT_ERR_SHARES);
	CHECK(open_chair_and(path, again[2].mnemonic, &v) == VAULT_OK);
	vault_secret_free(sheets[2].mnemonic);
	CHECK(vault_rekey(v, PASS("the new clerk's passphrase"), hs, 3, 2,
	    &test_params, NULL) == VAULT_ERR_INVALID);
	CHECK(vault_rekey(v, PASS("the new clerk's passphrase"), hs, 3, 2,
	    &test_params, sheets) == VAULT_OK && sheets[2].mnemonic != NULL &&
	    sheets[0].mnemonic == NULL);
	vault_close(v);
	v = NULL;
	CHECK(open_chair_and(path, again[2].mnemonic, &v) == VAULT_ERR_SHARES);
	CHECK(open_chair_and(path, sheets[2].mnemonic, &v) == VAULT_OK);
	CHECK(password_is(v, "Bank", "bank-password-1"));
	vault_close(v);
	vault_secret_free(sheets[2].mnemonic);
	vault_secret_free(again[2].mnemonic);
}

static void
test_setup_contract(void)
{
	const char *path = test_path("contract.vault");
	vault_holder_spec hs[3];
	vault *v = NULL;

	specs(hs, 3);
	REQUIRE(vault_create(path, "PC", PASS(CLERK), &test_params, &v) == 0);
	CHECK(vault_escrow_setup(v, hs, 3, 0, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	CHECK(vault_escrow_setup(v, hs, 3, 4, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	hs[1].role = "clerk";
	CHECK(vault_escrow_setup(v, hs, 3, 2, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	hs[1].role = "Chair!";
	CHECK(vault_escrow_setup(v, hs, 3, 2, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	hs[1].role = "chair";
	hs[2].name = "";
	CHECK(vault_escrow_setup(v, hs, 3, 2, &test_params, NULL) ==
	    VAULT_ERR_INVALID);
	vault_close(v);
	CHECK(vault_escrow_begin(path, NULL) == VAULT_ERR_INVALID);
	{
		vault_escrow *eo = NULL;
		CHECK(vault_escrow_begin(path, &eo) == VAULT_ERR_NOTFOUND);
		CHECK(eo == NULL);
	}
}

int
main(void)
{
	test_dir_make();
	RUN(test_every_k_of_n);
	RUN(test_holder_passphrases);
	RUN(test_paper_share_errors);
	RUN(test_escrow_opening_shown_to_clerk);
	RUN(test_log_rewrite_detected);
	RUN(test_rotate_and_rekey_retire_old_shares);
	RUN(test_paper_only_holder);
	RUN(test_setup_contract);
	test_dir_remove();
	return TAP_END();
}
