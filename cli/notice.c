/* SPDX-License-Identifier: ISC */
/*
 * notice.c - what the clerk is shown first after opening the vault:
 * every escrow opening since the clerk last acknowledged - the holders
 * by name and role, each entry they saw and which fields - then what to
 * do, as a list: whom to ask, the passwords to change with the command
 * that does it, `escrow rotate` when paper shares were typed, and where
 * the record stays (`cvault log`). A warning if the log was rewritten.
 * On a terminal the clerk is asked to acknowledge; otherwise the notice
 * goes to stderr and the command carries on (`cvault log --ack`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "render.h"

#define SHOWN_MAX 40
#define CHANGE_MAX 40           /* passwords listed to change */

struct holder {
	char role[VAULT_ROLE_MAX + 1];
	char name[128];
	int paper_only;
};

struct shown {
	size_t n, more;
	uint64_t last;          /* the last record listed */
	struct holder h[VAULT_HOLDERS_MAX];
	size_t nh;
	unsigned threshold;
	unsigned used;          /* bit i: holder h[i] took part */
	int paper;              /* some share was typed from paper */
	char *change[CHANGE_MAX];       /* titles whose password was seen */
	size_t nchange, change_more;
	vault_err rc;
};

static void
holder_cb(void *ctx, const char *role, const char *name, unsigned member,
    int paper_only)
{
	struct shown *s = ctx;

	(void)member;
	if (s->nh == VAULT_HOLDERS_MAX)
		return;
	snprintf(s->h[s->nh].role, sizeof s->h[s->nh].role, "%s", role);
	snprintf(s->h[s->nh].name, sizeof s->h[s->nh].name, "%s", name);
	s->h[s->nh].paper_only = paper_only;
	s->nh++;
}

/* "Alice Smith (chair)", or the role alone when escrow has changed
 * since and the holder is no longer known. */
static void
put_holder(struct obuf *ob, const struct shown *s, const char *role,
    size_t len)
{
	for (size_t i = 0; i < s->nh; i++)
		if (strlen(s->h[i].role) == len &&
		    memcmp(s->h[i].role, role, len) == 0) {
			(void)(ob_safe_str(ob, s->h[i].name) || ob_str(ob, " (") ||
			    ob_safe(ob, (const uint8_t *)role, len, 0) ||
			    ob_str(ob, ")"));
			return;
		}
	(void)ob_safe(ob, (const uint8_t *)role, len, 0);
}

/* The holders an actor ("escrow: chair (paper), deputy") names, by name
 * and role; notes who took part and whether paper was typed. */
static void
put_actor(struct obuf *ob, struct shown *s, const char *actor)
{
	const char *p = strchr(actor, ':');
	size_t k = 0;

	p = p != NULL ? p + 1 : actor;
	while (*p) {
		size_t len;
		int paper;

		while (*p == ' ' || *p == ',')
			p++;
		len = strcspn(p, " ,");
		if (len == 0)
			break;
		paper = strncmp(p + len, " (paper)", 8) == 0;
		(void)ob_str(ob, k++ ? " and " : "");
		put_holder(ob, s, p, len);
		for (size_t i = 0; i < s->nh; i++)
			if (strlen(s->h[i].role) == len &&
			    memcmp(s->h[i].role, p, len) == 0)
				s->used |= 1u << i;
		if (paper) {
			(void)ob_str(ob, ", typing a paper share");
			s->paper = 1;
		}
		p += len + (paper ? 8 : 0);
	}
}

static void
note_change(struct shown *s, const vault_log_event *ev)
{
	char *t;

	if (ev->subject == NULL || (ev->shown != 0 &&
	    !(ev->shown & VAULT_SHOWN_PASSWORD)))
		return;
	for (size_t i = 0; i < s->nchange; i++)
		if (strlen(s->change[i]) == ev->subject_len &&
		    memcmp(s->change[i], ev->subject, ev->subject_len) == 0)
			return;
	if (s->nchange == CHANGE_MAX) {
		s->change_more++;
		return;
	}
	if ((t = malloc(ev->subject_len + 1)) == NULL)
		return;
	memcpy(t, ev->subject, ev->subject_len);
	t[ev->subject_len] = '\0';
	s->change[s->nchange++] = t;
}

/* One escrow record: an opening names the holders; a reveal names the
 * entry and the fields shown; any other change its event. */
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
	(void)(ob_str(ob, "  ") || ob_time(ob, ev->time, 0));
	if (ev->kind == VAULT_EVENT_OPEN) {
		(void)ob_str(ob, "  opened by ");
		put_actor(ob, s, ev->actor);
	} else if (ev->kind == VAULT_EVENT_REVEAL) {
		(void)ob_str(ob, "    saw");
		note_change(s, ev);
	} else {
		(void)ob_fmt(ob, "    %s", vault_event_name(ev->kind));
	}
	if (ev->kind != VAULT_EVENT_OPEN && ev->subject != NULL)
		(void)(ob_str(ob, " \"") || ob_safe(ob, ev->subject,
		    ev->subject_len, 0) || ob_str(ob, "\""));
	if (ev->kind == VAULT_EVENT_REVEAL)
		(void)ob_fmt(ob, ": %s", cli_shown(ev->shown));
	if (ev->merged)
		(void)ob_str(ob, " [in a copy merged in]");
	if (ob_str(ob, "\n") == VAULT_OK)
		(void)ob_flush(ob, 2);
	ob_free(ob);
	return 0;
}

/* `s` escaped for a terminal, then quoted for a POSIX shell. */
static void
put_quoted(struct obuf *ob, const char *s)
{
	const char *t = cli_safe(s);

	(void)ob_str(ob, "\"");
	for (; *t; t++) {
		if (*t == '"' || *t == '$' || *t == '`' || *t == '\\')
			(void)ob_str(ob, "\\");
		(void)ob_put(ob, t, 1);
	}
	(void)ob_str(ob, "\"");
}

/* The escrow rotate command that gives the same holders new shares. */
static void
put_rotate(struct obuf *ob, const struct shown *s)
{
	(void)ob_str(ob, "       cvault escrow rotate");
	for (size_t i = 0; i < s->nh; i++) {
		(void)ob_fmt(ob, " %s %s=", s->h[i].paper_only ?
		    "--paper-holder" : "--holder", s->h[i].role);
		put_quoted(ob, s->h[i].name);
	}
	(void)ob_fmt(ob, " --threshold %u\n", s->threshold);
}

/* The action list after the events: who to ask, which passwords to
 * change and how, new shares when paper was typed. */
static void
actions(const struct shown *s)
{
	struct obuf *ob = NULL;
	unsigned step = 1;
	size_t k = 0;

	if (ob_new(&ob) != VAULT_OK)
		return;
	(void)ob_str(ob, "\nWhat to do now:\n");
	(void)ob_fmt(ob, "  %u. Ask ", step++);
	for (size_t i = 0; i < s->nh; i++)
		if (s->used & (1u << i)) {
			(void)ob_str(ob, k++ ? " and " : "");
			put_holder(ob, s, s->h[i].role, strlen(s->h[i].role));
		}
	(void)ob_str(ob, k ? " why it was needed.\n" :
	    "the holders why it was needed.\n");
	if (s->nchange > 0) {
		(void)ob_fmt(ob, "  %u. Change the password%s they saw:\n",
		    step++, s->nchange + s->change_more > 1 ? "s" : "");
		for (size_t i = 0; i < s->nchange; i++) {
			(void)ob_str(ob, "       cvault edit ");
			put_quoted(ob, s->change[i]);
			(void)ob_str(ob, " --generate\n");
		}
		if (s->change_more)
			(void)ob_fmt(ob, "       ... and %zu more: 'cvault log' "
			    "lists every reveal\n", s->change_more);
		(void)ob_str(ob, "     then put each new password into the "
		    "service's own site\n     ('cvault get \"TITLE\" --copy' "
		    "copies it without showing it).\n");
	}
	if (s->paper && s->nh > 0) {
		(void)ob_fmt(ob, "  %u. Paper shares were typed: their words "
		    "have been seen. Give every holder a\n     new share (the "
		    "old ones stop working):\n", step++);
		put_rotate(ob, s);
	}
	(void)ob_fmt(ob, "  %u. Then acknowledge this notice. The record "
	    "stays in the activity log:\n     'cvault log' shows it.\n",
	    step);
	(void)ob_flush(ob, 2);
	ob_free(ob);
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
	struct shown s;
	uint64_t acked;
	size_t events;
	int rewritten;
	unsigned f;
	vault_err rc;

	memset(&s, 0, sizeof s);
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
		/* The holders as set up now, for their names (none if escrow
		 * was removed since: roles alone then). */
		unsigned nh, rot;
		int64_t since;

		if (vault_escrow_status(c->v, &s.threshold, &nh, &rot, &since,
		    holder_cb, &s) != VAULT_OK)
			s.nh = 0;
		fprintf(stderr, "Since you last acknowledged, the vault was "
		    "opened through escrow shares:\n");
		rc = vault_log_walk(c->v, acked, show, &s);
		if (rc == VAULT_OK && s.more)
			fprintf(stderr, "  ... and %zu more, shown after you "
			    "acknowledge these; 'cvault log' lists them all\n",
			    s.more);
		if (rc == VAULT_OK)
			actions(&s);
		for (size_t i = 0; i < s.nchange; i++)
			free(s.change[i]);
		if (rc != VAULT_OK)
			return cli_fail(c, rc, "cannot read the activity log");
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
		fprintf(stderr, "Noted. It will not be shown again; the record "
		    "stays in the activity log: 'cvault log' shows it.\n\n");
	} else {
		fprintf(stderr, "This notice will be shown again until you "
		    "run 'cvault log --ack'.\n\n");
	}
	return EXIT_OK;
}
