/* SPDX-License-Identifier: ISC */
/*
 * notice.c - what the clerk is shown first after opening the vault:
 * every escrow opening since the clerk last acknowledged, with what was
 * revealed or changed, and a warning if the activity log was rewritten.
 * On a terminal the clerk is asked to acknowledge; otherwise the notice
 * goes to stderr and the command carries on (`cvault log --ack`).
 */
#include <stdio.h>
#include "cli.h"
#include "render.h"

#define SHOWN_MAX 40

struct shown {
	size_t n, more;
};

static int
show(void *ctx, const vault_log_event *ev)
{
	struct shown *s = ctx;
	struct obuf *ob = NULL;

	if (!ev->escrow)
		return 0;
	if (s->n == SHOWN_MAX) {
		s->more++;
		return 0;
	}
	s->n++;
	if (ob_new(&ob) != VAULT_OK)
		return 1;
	if (ob_str(ob, "  ") == VAULT_OK && ob_time(ob, ev->time, 0) ==
	    VAULT_OK && ob_fmt(ob, "  %-8s ", vault_event_name(ev->kind)) ==
	    VAULT_OK && (ev->subject == NULL || (ob_str(ob, "\"") ==
	    VAULT_OK && ob_safe(ob, ev->subject, ev->subject_len, 0) ==
	    VAULT_OK && ob_str(ob, "\" ") == VAULT_OK)) &&
	    ob_str(ob, "(") == VAULT_OK && ob_safe_str(ob, ev->actor) ==
	    VAULT_OK && ob_str(ob, ")\n") == VAULT_OK)
		(void)ob_flush(ob, 2);
	ob_free(ob);
	return 0;
}

int
cli_notice(struct cli *c, int interactive)
{
	struct shown s = { 0, 0 };
	uint64_t acked;
	size_t events;
	int rewritten;
	vault_err rc;

	if ((rc = vault_log_pending(c->v, &acked, &events, &rewritten)) !=
	    VAULT_OK)
		return cli_fail(c, rc, "cannot read the activity log: %s",
		    vault_strerror(rc));
	if (events == 0 && rewritten == 0)
		return EXIT_OK;
	fflush(stdout);
	fprintf(stderr, "\n==== Please read: the vault was used without you "
	    "====\n");
	if (rewritten == 2)
		fprintf(stderr, "WARNING: the activity log is damaged: its "
		    "records no longer link up. Someone has edited the file.\n"
		    "Run 'cvault verify' and keep this copy for the council; "
		    "restore from a backup. This warning is shown every time\n"
		    "until the file is restored.\n");
	else if (rewritten)
		fprintf(stderr, "WARNING: the activity log has been changed or "
		    "cut short since you last opened the vault.\nSomeone who "
		    "could open it through escrow may have hidden what they "
		    "did. Tell the chair and keep this copy of the file.\n");
	if (events > 0) {
		fprintf(stderr, "Since you last acknowledged, the vault was "
		    "opened through escrow shares:\n");
		if ((rc = vault_log_walk(c->v, acked, show, &s)) != VAULT_OK)
			return cli_fail(c, rc, "cannot read the activity log");
		if (s.more)
			fprintf(stderr, "  ... and %zu more; 'cvault log' shows "
			    "them all\n", s.more);
		fprintf(stderr, "Ask the holders why it was needed, and change "
		    "any password that was revealed.\n");
	}
	if (interactive && cli_confirm("Have you read this notice?", 0)) {
		if ((rc = vault_log_ack(c->v)) != VAULT_OK)
			return cli_fail(c, rc, "could not record that you read "
			    "the notice");
		fprintf(stderr, "Noted. It will not be shown again.\n\n");
	} else {
		fprintf(stderr, "This notice will be shown again until you "
		    "run 'cvault log --ack'.\n\n");
	}
	return EXIT_OK;
}
