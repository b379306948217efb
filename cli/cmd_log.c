/* SPDX-License-Identifier: ISC */
/*
 * cmd_log.c - `cvault log [--since YYYY-MM-DD] [--openings] [--ack]`:
 * the activity log, oldest first: every opening through escrow (and
 * which holders), every reveal (by title, with the fields shown) and
 * every change. The clerk's own openings are recorded too (they pin the
 * clerk's view of the log, and are the only trace of someone who used
 * the clerk's passphrase just to look: docs/threat-model.md) but, being
 * one per command, they would bury the rest: the text listing counts
 * them at the end and lists them with --openings; --json has them all.
 * --ack records that the clerk has read the escrow notices.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "render.h"

struct walk {
	struct cli *c;
	struct obuf *ob;
	int64_t since;
	size_t n;
	size_t hidden;          /* the clerk's openings left out */
	int openings;           /* --openings: list them */
	vault_err rc;
};

static int
row(void *ctx, const vault_log_event *ev)
{
	struct walk *w = ctx;
	vault_err rc;

	if (ev->time < w->since)
		return 0;
	if (!w->c->json && !w->openings && ev->kind == VAULT_EVENT_OPEN &&
	    !ev->escrow) {
		w->hidden++;
		return 0;
	}
	if (w->c->json) {
		if ((rc = ob_fmt(w->ob, "%s{\"seq\":%llu,\"time\":", w->n ?
		    "," : "", (unsigned long long)ev->seq)) ||
		    (rc = ob_time(w->ob, ev->time, 1)) ||
		    (rc = ob_fmt(w->ob, ",\"event\":\"%s\",\"escrow\":%s,"
		    "\"actor\":", vault_event_name(ev->kind), ev->escrow ?
		    "true" : "false")) ||
		    (rc = ob_json_str(w->ob, (const uint8_t *)ev->actor,
		    strlen(ev->actor))) ||
		    (rc = ob_str(w->ob, ",\"subject\":")) ||
		    (rc = ev->subject ? ob_json_str(w->ob, ev->subject,
		    ev->subject_len) : ob_str(w->ob, "null")) ||
		    (ev->kind == VAULT_EVENT_REVEAL && (rc = ob_fmt(w->ob,
		    ",\"shown\":\"%s\"", cli_shown(ev->shown)))) ||
		    (rc = ob_str(w->ob, ev->merged ? ",\"merged\":true}" :
		    "}")))
			goto fail;
	} else {
		if ((rc = ob_fmt(w->ob, "%6llu  ", (unsigned long long)ev->seq)) ||
		    (rc = ob_time(w->ob, ev->time, 0)) ||
		    (rc = ob_fmt(w->ob, "  %-17s %-8s", vault_event_name(ev->kind),
		    ev->escrow ? "ESCROW" : "")) ||
		    (rc = ob_safe_str(w->ob, ev->actor)) ||
		    (ev->subject && ((rc = ob_str(w->ob, "  \"")) ||
		    (rc = ob_safe(w->ob, ev->subject, ev->subject_len, 0)) ||
		    (rc = ob_str(w->ob, "\"")))) ||
		    (ev->kind == VAULT_EVENT_REVEAL && (rc = ob_fmt(w->ob,
		    "  (%s)", cli_shown(ev->shown)))) ||
		    (rc = ob_str(w->ob, ev->merged ? "  [merged in]\n" :
		    "\n")))
			goto fail;
	}
	w->n++;
	return 0;
fail:
	w->rc = rc;
	return 1;
}

static int
parse_date(const char *s, int64_t *out)
{
	struct tm tm;
	int y, m, d;
	char extra;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
	    y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	*out = (int64_t)mktime(&tm);
	return 0;
}

int
cmd_log(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "ack", no_argument, NULL, 'a' },
		{ "openings", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct walk w = { c, NULL, 0, 0, 0, 0, VAULT_OK };
	vault_err rc;
	int ch, ack = 0, st;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if (ch == 's' && parse_date(optarg, &w.since) == 0)
			continue;
		if (ch == 'a') {
			ack = 1;
			continue;
		}
		if (ch == 'o') {
			w.openings = 1;
			continue;
		}
		if (ch == 's')
			return cli_fail(c, VAULT_ERR_INVALID, "--since takes a "
			    "date like 2026-04-01");
		return cli_usage(c);
	}
	if (optind != argc)
		return cli_usage(c);
	if ((st = cli_unlock(c)) != EXIT_OK)
		return st;
	if (ack) {
		if (vault_is_escrow_session(c->v))
			return cli_fail(c, VAULT_ERR_INVALID, "only the clerk "
			    "can acknowledge the notices");
		/* Exactly what this command's notice listed (cli_notice). */
		if ((rc = vault_log_ack(c->v, c->notice_last)) != VAULT_OK)
			return cli_fail(c, rc, NULL);
		fprintf(stderr, "Noted: the notice shown above will not be "
		    "shown again.\n");
		return EXIT_OK;
	}
	if ((rc = ob_new(&w.ob)) != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if (c->json)
		(void)!ob_str(w.ob, "[");
	if ((rc = vault_log_walk(c->v, 0, row, &w)) != VAULT_OK ||
	    (rc = w.rc) != VAULT_OK) {
		ob_free(w.ob);
		return cli_fail(c, rc, "cannot read the activity log: %s",
		    vault_strerror(rc));
	}
	if (c->json && (rc = ob_str(w.ob, "]\n")) != VAULT_OK) {
		ob_free(w.ob);
		return cli_fail(c, rc, NULL);
	}
	if ((ch = cli_emit(c, w.ob)) == EXIT_OK && w.hidden > 0)
		fprintf(stderr, "(%zu opening%s by the clerk not listed; "
		    "'cvault log --openings' lists them)\n", w.hidden,
		    w.hidden == 1 ? "" : "s");
	return ch;
}
