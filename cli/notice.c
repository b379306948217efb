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
	uint64_t last;          /* the last record listed */
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
	s->last = ev->seq;
	if (ob_new(&ob) != VAULT_OK)
		return 1;
	if (ob_str(ob, "  ") == VAULT_OK && ob_time(ob, ev->time, 0) ==
	    VAULT_OK && ob_fmt(ob, "  %-8s ", vault_event_name(ev->kind)) ==
	    VAULT_OK && (ev->subject == NULL || (ob_str(ob, "\"") ==
	    VAULT_OK && ob_safe(ob, ev->subject, ev->subject_len, 0) ==
	    VAULT_OK && ob_str(ob, "\" ") == VAULT_OK)) &&
	    ob_str(ob, "(") == VAULT_OK && ob_safe_str(ob, ev->actor) ==
	    VAULT_OK && ob_str(ob, ev->merged ? ") [in a copy merged in]\n" :
	    ")\n") == VAULT_OK)
		(void)ob_flush(ob, 2);
	ob_free(ob);
	return 0;
}

/* What the state checks found, one warning each (VAULT_FINDING_*). */
static void
warn_findings(unsigned f)
{
	if (f & VAULT_FINDING_DAMAGED)
		fprintf(stderr, "WARNING: the activity log is damaged: its "
		    "records no longer link up. Someone has edited the file.\n"
		    "Run 'cvault verify' and keep this copy for the council; "
		    "restore from a backup.\n");
	if (f & VAULT_FINDING_REWRITTEN)
		fprintf(stderr, "WARNING: records of the activity log that you "
		    "had already seen have been changed or removed.\n");
	if (f & VAULT_FINDING_CUT)
		fprintf(stderr, "WARNING: records have been removed from the "
		    "end of the activity log, or part of the file was put back "
		    "from an older copy.\n");
	if (f & VAULT_FINDING_ROWS)
		fprintf(stderr, "WARNING: settings, escrow holders or your "
		    "passphrase slot were put back from an older copy of the "
		    "file, or changed.\n");
	if (f & (VAULT_FINDING_REWRITTEN | VAULT_FINDING_CUT |
	    VAULT_FINDING_ROWS))
		fprintf(stderr, "Someone who could open the vault without you "
		    "may have hidden what they did. Tell the chair, keep this\n"
		    "copy of the file, and run 'cvault verify'. This warning is "
		    "shown until you acknowledge it.\n");
}

int
cli_notice(struct cli *c, int interactive)
{
	struct shown s = { 0, 0, 0 };
	uint64_t acked;
	size_t events;
	int rewritten;
	unsigned f;
	vault_err rc;

	if ((rc = vault_log_pending(c->v, &acked, &events, &rewritten)) !=
	    VAULT_OK)
		return cli_fail(c, rc, "cannot read the activity log: %s",
		    vault_strerror(rc));
	s.last = c->notice_last = acked;
	f = vault_findings(c->v) & ~VAULT_FINDING_BEHIND;  /* checkpoint.c */
	if (events == 0 && f == 0)
		return EXIT_OK;
	fflush(stdout);
	fprintf(stderr, "\n==== Please read: the vault was used without you "
	    "====\n");
	warn_findings(f);
	if (events > 0) {
		fprintf(stderr, "Since you last acknowledged, the vault was "
		    "opened through escrow shares:\n");
		if ((rc = vault_log_walk(c->v, acked, show, &s)) != VAULT_OK)
			return cli_fail(c, rc, "cannot read the activity log");
		if (s.more)
			fprintf(stderr, "  ... and %zu more, shown after you "
			    "acknowledge these; 'cvault log' lists them all\n",
			    s.more);
		fprintf(stderr, "Ask the holders why it was needed, and change "
		    "any password that was revealed.\n");
	}
	/* Acknowledging covers exactly what was listed above. */
	c->notice_last = s.last;
	if (f & (VAULT_FINDING_CUT | VAULT_FINDING_ROWS)) {
		/* Not a question to answer in passing: until the clerk
		 * decides, nothing is added to the file and no entry read. */
		fprintf(stderr, "Until then no password can be read from this "
		    "file. Restore it from a backup, or, to go on with\n"
		    "the file as it is now, run 'cvault log --ack'.\n\n");
		return EXIT_OK;
	}
	if (interactive && cli_confirm("Have you read this notice?", 0)) {
		if ((rc = vault_log_ack(c->v, s.last)) != VAULT_OK)
			return cli_fail(c, rc, "could not record that you read "
			    "the notice");
		fprintf(stderr, "Noted. It will not be shown again; 'cvault "
		    "log' keeps the record.\n\n");
	} else {
		fprintf(stderr, "This notice will be shown again until you "
		    "run 'cvault log --ack'.\n\n");
	}
	return EXIT_OK;
}
