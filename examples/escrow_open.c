/* SPDX-License-Identifier: ISC */
/*
 * escrow_open.c - emergency access without the clerk. Creates a vault,
 * stores one account, and sets up escrow so that any 2 of 3 holders
 * (clerk, chair, deputy, each with a passphrase of their own) can open
 * it. Then the chair and the deputy open it together and read the
 * password; finally the clerk opens it, is shown what happened through
 * escrow, and acknowledges the notice. Uses only <vault.h>; `make test`
 * builds and runs it. (Real programs read passphrases from a terminal,
 * not literals, and use the default KDF settings: NULL.)
 */
#define _DEFAULT_SOURCE 1          /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vault.h>

#define COUNCIL     "Little Snoring Parish Council"
#define TITLE       "Lloyds online banking"
#define PASSWORD    "vT8#qLm2!xR9wK4p"
#define CLERK_PASS  "lantern-opossum-gravel-duchess"  /* opens the vault */
/* Each holder's own passphrase, which seals their share in the file. */
#define CLERK_SHARE "marble-wistful-ocelot-pantry"
#define CHAIR_PASS  "cobalt-ladle-sprint-hazelnut"
#define DEPUTY_PASS "tundra-velcro-amber-shuffle"
#define P(s)        (const uint8_t *)(s), strlen(s)

/* What the clerk was shown of the escrow opening. */
struct seen {
	int opened;             /* an escrow "open" by chair and deputy */
	int revealed;           /* an escrow "reveal" of TITLE */
	uint64_t last;          /* the last escrow event shown */
};

static int
fail(const char *what, vault_err rc)
{
	fprintf(stderr, "escrow_open: %s: %s\n", what, vault_strerror(rc));
	return 1;
}

/* vault_log_fn: print each event made during an escrow opening, as the
 * clerk's notice would, and note the ones we expect. */
static int
show(void *ctx, const vault_log_event *ev)
{
	struct seen *s = ctx;

	if (!ev->escrow)
		return 0;
	s->last = ev->seq;
	printf("  escrow event %llu: %s", (unsigned long long)ev->seq,
	    vault_event_name(ev->kind));
	if (ev->subject != NULL) {
		/* A title: not NUL-terminated. */
		fputs(" \"", stdout);
		fwrite(ev->subject, 1, ev->subject_len, stdout);
		fputc('"', stdout);
	}
	printf(" (%s)\n", ev->actor);
	if (ev->kind == VAULT_EVENT_OPEN && strstr(ev->actor, "chair") &&
	    strstr(ev->actor, "deputy"))
		s->opened = 1;
	if (ev->kind == VAULT_EVENT_REVEAL && ev->subject != NULL &&
	    ev->subject_len == strlen(TITLE) &&
	    memcmp(ev->subject, TITLE, ev->subject_len) == 0)
		s->revealed = 1;
	return 0;
}

/* Create the vault, add the account, set up 2-of-3 escrow. */
static vault_err
set_up(const char *path, const vault_params *quick)
{
	const vault_holder_spec holders[3] = {
		{ "clerk", "Ann Clerk", P(CLERK_SHARE), 0 },
		{ "chair", "Geoff Walker", P(CHAIR_PASS), 0 },
		{ "deputy", "Priya Jones", P(DEPUTY_PASS), 0 },
	};
	vault *v = NULL;
	vault_entry *e = NULL;
	vault_err rc;

	if ((rc = vault_create(path, COUNCIL, P(CLERK_PASS), quick, &v)) ||
	    (rc = vault_entry_new(&e)) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TITLE, P(TITLE))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_USERNAME,
	    P("clerk@example.gov.uk"))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD, P(PASSWORD))) ||
	    (rc = vault_entry_add(v, e)))
		goto out;
	/* The holders' shares get the same cheap settings here. */
	rc = vault_escrow_setup(v, holders, 3, 2, quick, NULL);
out:
	vault_entry_free(e);            /* wipes the entry */
	vault_close(v);                 /* wipes the keys */
	return rc;
}

/* The chair and the deputy open the vault and read the password; *ok
 * is set if it is the one stored. */
static vault_err
escrow_read(const char *path, int *ok)
{
	vault_escrow *eo = NULL;
	vault *v = NULL;
	vault_entry *e = NULL;
	const uint8_t *pw;
	size_t len;
	vault_err rc;

	*ok = 0;
	if ((rc = vault_escrow_begin(path, &eo)))
		goto out;
	if (vault_escrow_threshold(eo) != 2 || vault_escrow_holders(eo) != 3 ||
	    vault_escrow_role(eo, 3) != NULL) {
		rc = VAULT_ERR_CORRUPT;         /* not what set_up made */
		goto out;
	}
	/* Each share is checked on its own: an error names the holder. */
	if ((rc = vault_escrow_add_holder(eo, "chair", P(CHAIR_PASS))) ||
	    (rc = vault_escrow_add_holder(eo, "deputy", P(DEPUTY_PASS))) ||
	    (rc = vault_escrow_finish(eo, &v)))
		goto out;
	if (!vault_is_escrow_session(v)) {
		rc = VAULT_ERR_INVALID;
		goto out;
	}
	/* This reveal is logged, flagged for the clerk. */
	if ((rc = vault_entry_get(v, TITLE, &e)) ||
	    (rc = vault_entry_field(e, VAULT_FIELD_PASSWORD, &pw, &len)))
		goto out;
	*ok = len == strlen(PASSWORD) && memcmp(pw, PASSWORD, len) == 0;
out:
	vault_entry_free(e);
	vault_close(v);
	vault_escrow_free(eo);          /* still ours after finish */
	return rc;
}

/* The clerk opens the vault, is shown the escrow events since the last
 * acknowledgement, and acknowledges exactly those shown. */
static vault_err
clerk_review(const char *path, struct seen *s)
{
	vault *v = NULL;
	uint64_t acked;
	size_t events;
	int rewritten;
	vault_err rc;

	if ((rc = vault_open(path, P(CLERK_PASS), &v)) ||
	    (rc = vault_log_pending(v, &acked, &events, &rewritten)))
		goto out;
	printf("  clerk: %zu escrow event(s) since record %llu; log %s\n",
	    events, (unsigned long long)acked, rewritten == 0 ? "intact" :
	    rewritten == 1 ? "REWRITTEN" : "DAMAGED");
	if (events == 0 || rewritten != 0) {
		rc = VAULT_ERR_CORRUPT;
		goto out;
	}
	if ((rc = vault_log_walk(v, acked, show, s)) ||
	    (rc = vault_log_ack(v, s->last)) ||
	    (rc = vault_log_pending(v, &acked, &events, &rewritten)))
		goto out;
	if (events != 0)                /* the ack cleared the notice */
		rc = VAULT_ERR_CORRUPT;
out:
	vault_close(v);
	return rc;
}

int
main(void)
{
	/* Cheap settings keep the example fast; use the defaults (NULL). */
	const vault_params quick = { 8 * 1024, 1, 1 };
	char dir[] = "/tmp/cvault-example-XXXXXX", path[64];
	struct seen s = { 0, 0, 0 };
	vault_err rc;
	int ok = 0, status = 1;

	if (mkdtemp(dir) == NULL) {
		perror("escrow_open: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/council.vault", dir);
	if ((rc = set_up(path, &quick)))
		status = fail("set up", rc);
	else if ((rc = escrow_read(path, &ok)))
		status = fail("escrow opening", rc);
	else if (!ok)
		fprintf(stderr, "escrow_open: wrong password read\n");
	else if ((rc = clerk_review(path, &s)))
		status = fail("clerk review", rc);
	else if (!s.opened || !s.revealed)
		fprintf(stderr, "escrow_open: the clerk was not shown the "
		    "escrow opening\n");
	else {
		printf("escrow_open: chair and deputy opened %s (2 of 3) and "
		    "read \"%s\"; the clerk saw it and acknowledged\n",
		    COUNCIL, TITLE);
		status = 0;
	}
	unlink(path);
	rmdir(dir);
	return status;
}
