/* SPDX-License-Identifier: ISC */
/*
 * report_render.c - the annual review report as text or HTML
 * (docs/annual-review.md), one outline for both; JSON is report_json.c.
 * Every string that comes from the vault (titles, the council's name,
 * holders' names, log actors) goes through report_put_text(), which
 * decodes UTF-8 and escapes for the format: control characters (C0, DEL,
 * C1) and bytes that are not UTF-8 never reach a terminal, a JSON parser
 * or a browser as they are.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "report.h"
#include "render.h"

/* The length of the UTF-8 sequence at p (1..4) and its code point, or 0
 * when the bytes are not well-formed UTF-8 (overlong, surrogate, > 10FFFF). */
static size_t
utf8(const uint8_t *p, size_t len, uint32_t *cp)
{
	size_t n;
	uint32_t c = p[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static int
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

vault_err
report_put_text(struct obuf *ob, enum report_format f, const uint8_t *p,
    size_t len)
{
	static const char hex[] = "0123456789abcdef";
	vault_err rc = VAULT_OK;
	size_t i = 0;

	while (rc == VAULT_OK && i < len) {
		uint32_t cp = 0;
		size_t n = utf8(p + i, len - i, &cp);
		char esc[16];

		if (n == 0 || is_control(cp)) {
			size_t k = n ? n : 1;

			for (size_t j = 0; rc == VAULT_OK && j < k; j++) {
				uint8_t b = p[i + j];

				if (f == FORMAT_JSON)
					snprintf(esc, sizeof esc, "\\u00%c%c",
					    hex[(n ? cp : b) >> 4 & 15],
					    hex[(n ? cp : b) & 15]);
				else
					snprintf(esc, sizeof esc, "\\x%c%c",
					    hex[b >> 4], hex[b & 15]);
				rc = ob_str(ob, esc);
				if (f == FORMAT_JSON && n)
					break;  /* one \u00NN per code point */
			}
			i += k;
			continue;
		}
		if (cp == '\\' && f != FORMAT_HTML)
			rc = ob_str(ob, "\\\\");
		else if (cp == '"' && f == FORMAT_JSON)
			rc = ob_str(ob, "\\\"");
		else if (f == FORMAT_HTML && cp == '&')
			rc = ob_str(ob, "&amp;");
		else if (f == FORMAT_HTML && cp == '<')
			rc = ob_str(ob, "&lt;");
		else if (f == FORMAT_HTML && cp == '>')
			rc = ob_str(ob, "&gt;");
		else if (f == FORMAT_HTML && cp == '"')
			rc = ob_str(ob, "&quot;");
		else if (f == FORMAT_HTML && cp == '\'')
			rc = ob_str(ob, "&#39;");
		else
			rc = ob_put(ob, p + i, n);
		i += n;
	}
	return rc;
}

static vault_err
put_cstr(struct obuf *ob, enum report_format f, const char *s)
{
	return report_put_text(ob, f, (const uint8_t *)s, strlen(s));
}

/* A date: 2026-12-04 (UTC, so that the report reads the same anywhere). */
static vault_err
put_date(struct obuf *ob, int64_t t, int json)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if (json)
		return ob_time(ob, t, 1);
	if (t == 0 || gmtime_r(&tt, &tm) == NULL)
		return ob_str(ob, "-");
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return ob_str(ob, buf);
}

const uint8_t *
report_title(const struct report *r, const struct rentry *e)
{
	return ob_data(r->titles) + e->title;
}

size_t
report_count(const struct report *r, unsigned flag)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += (r->e[i].flags & flag) != 0;
	return n;
}

const char *
report_unchecked(const struct report *r, unsigned flag)
{
	if (flag == RF_BREACHED && !r->breach_list)
		return "no breach list is set";
	if (flag == RF_REFUSED && !r->policy_checked)
		return "no strength estimate in this build of cvault";
	return NULL;
}

/* The findings, in the order they are shown. */
const struct report_finding report_findings[] = {
	{ RF_REFUSED, "refused", "Passwords the policy refuses today",
	  "The council's password policy would not accept these passwords if "
	  "they were entered today (the rules may have changed since they "
	  "were stored). Change each one with 'cvault edit TITLE "
	  "--generate'." },
	{ RF_WEAK, "weak", "Passwords stored as weak on purpose",
	  "These were stored with --allow-weak, usually because the service "
	  "itself imposes a short password or PIN. Check whether the service "
	  "now allows a better one." },
	{ RF_REUSED, "reused", "Passwords shared by several accounts",
	  "Each group uses one password for several accounts, so one breach "
	  "opens them all. Give each account its own password." },
	{ RF_OLD, "old", "Passwords not changed for a long time",
	  "These passwords are older than the council's review age. This is "
	  "a prompt to review, not a rule: a strong, unshared, unbreached "
	  "password need not be changed just because it is old." },
	{ RF_BREACHED, "breached", "Passwords found in the breach list",
	  "These passwords appear in the Have I Been Pwned list of passwords "
	  "from known data breaches, so attackers try them early. Change "
	  "them first." },
	{ RF_NO2FA, "no_second_factor",
	  "Two-factor sign-in offered but not recorded",
	  "The service offers a second factor (according to the 2FA "
	  "Directory, 2fa.directory) but the vault records none: no "
	  "authenticator key, recovery codes or device. Turn it on and "
	  "record it ('cvault edit TITLE --totp -'), or note where the "
	  "second factor is kept ('--2fa-device')." },
	{ RF_NOURL, "no_url", "Accounts with no web address",
	  "Without a web address the checks for two-factor sign-in cannot be "
	  "made, and a holder in an emergency may not know where to sign in. "
	  "Add one with 'cvault edit TITLE --url ADDRESS'." },
};
const size_t report_nfindings = sizeof report_findings /
    sizeof *report_findings;
#define findings report_findings
#define NFINDINGS report_nfindings


int
report_kdf_meets(const struct report *r)
{
	return r->kdf.kdf_memory_kib >= r->kdf_rec.kdf_memory_kib &&
	    r->kdf.kdf_passes >= r->kdf_rec.kdf_passes;
}

/*
 * Text and HTML share one outline, written through these few calls; JSON
 * is built separately below.
 */
struct doc {
	struct obuf *ob;
	enum report_format f;
	vault_err rc;
	int in_section;                 /* HTML: a <section> is open */
};

#define WRAP 76

/* Public (static or numeric) text: escaped for HTML all the same. */
static void
d_pub(struct doc *d, const char *s)
{
	if (d->rc == VAULT_OK)
		d->rc = put_cstr(d->ob, d->f, s);
}

static void
d_raw(struct doc *d, const char *s)
{
	if (d->rc == VAULT_OK)
		d->rc = ob_str(d->ob, s);
}

/* `pre`, the number, then `post`: public text. */
static void
d_num(struct doc *d, const char *pre, unsigned long long n, const char *post)
{
	char buf[160];

	snprintf(buf, sizeof buf, "%s%llu%s", pre, n, post);
	d_pub(d, buf);
}

static void
d_vault(struct doc *d, const uint8_t *p, size_t len)
{
	if (d->rc == VAULT_OK)
		d->rc = report_put_text(d->ob, d->f, p, len);
}

static void
d_date(struct doc *d, int64_t t)
{
	if (d->rc == VAULT_OK)
		d->rc = put_date(d->ob, t, 0);
}

static void
d_datetime(struct doc *d, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[40];

	if (gmtime_r(&tt, &tm) == NULL)
		snprintf(buf, sizeof buf, "-");
	else
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
	d_pub(d, buf);
}

/* A section heading: a page of its own when printed (level 2). */
static void
d_h(struct doc *d, int level, const char *s)
{
	if (d->f == FORMAT_HTML) {
		if (level == 2)
			d_raw(d, d->in_section ? "</section>\n<section>\n" :
			    "<section>\n");
		if (level == 2)
			d->in_section = 1;
		d_raw(d, level == 2 ? "<h2>" : "<h3>");
		d_pub(d, s);
		d_raw(d, level == 2 ? "</h2>\n" : "</h3>\n");
		return;
	}
	d_raw(d, "\n");
	if (level == 2) {
		char up[128];
		size_t i;

		for (i = 0; s[i] && i + 1 < sizeof up; i++)
			up[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 :
			    s[i]);
		up[i] = '\0';
		d_raw(d, up);
	} else {
		d_raw(d, s);
	}
	d_raw(d, "\n");
}

/* A paragraph of public text, wrapped at WRAP columns in text. */
static void
d_para(struct doc *d, const char *s)
{
	size_t col = 0;

	if (d->f == FORMAT_HTML) {
		d_raw(d, "<p>");
		d_pub(d, s);
		d_raw(d, "</p>\n");
		return;
	}
	while (*s && d->rc == VAULT_OK) {
		size_t w = strcspn(s, " ");
		char word[256];

		if (w >= sizeof word)
			w = sizeof word - 1;
		memcpy(word, s, w);
		word[w] = '\0';
		if (col > 0 && col + 1 + w > WRAP) {
			d_raw(d, "\n");
			col = 0;
		}
		d_raw(d, col ? " " : "  ");
		d_raw(d, word);
		col += w + (col ? 1 : 2);
		s += w;
		while (*s == ' ')
			s++;
	}
	d_raw(d, "\n");
}

static void
d_list(struct doc *d, int begin)
{
	if (d->f == FORMAT_HTML)
		d_raw(d, begin ? "<ul>\n" : "</ul>\n");
}

static void
d_item(struct doc *d, int begin)
{
	if (d->f == FORMAT_HTML)
		d_raw(d, begin ? "<li>" : "</li>\n");
	else
		d_raw(d, begin ? "  - " : "\n");
}

/* Two-column tables: a header row, then label/value rows. */
static void
d_table(struct doc *d, int begin, const char *caption, const char *c1,
    const char *c2)
{
	if (d->f != FORMAT_HTML)
		return;
	if (!begin) {
		d_raw(d, "</tbody></table>\n");
		return;
	}
	d_raw(d, "<table>\n<caption>");
	d_pub(d, caption);
	d_raw(d, "</caption>\n<thead><tr><th scope=\"col\">");
	d_pub(d, c1);
	d_raw(d, "</th><th scope=\"col\">");
	d_pub(d, c2);
	d_raw(d, "</th></tr></thead><tbody>\n");
}

static void
d_row(struct doc *d, const char *label)
{
	if (d->f == FORMAT_HTML) {
		d_raw(d, "<tr><th scope=\"row\">");
		d_pub(d, label);
		d_raw(d, "</th><td>");
		return;
	}
	char pad[64];

	snprintf(pad, sizeof pad, "  %-44s ", label);
	d_raw(d, pad);
}

static void
d_row_end(struct doc *d)
{
	d_raw(d, d->f == FORMAT_HTML ? "</td></tr>\n" : "\n");
}

static void
d_count_row(struct doc *d, const char *label, size_t n)
{
	d_row(d, label);
	d_num(d, "", n, "");
	d_row_end(d);
}

static void
d_title(struct doc *d, const struct report *r, const struct rentry *e)
{
	d_vault(d, report_title(r, e), e->title_len);
}

static const char css[] =
	"body{font-family:Georgia,'Times New Roman',serif;color:#111;"
	"background:#fff;max-width:48em;margin:1em auto;padding:0 1em;"
	"line-height:1.45}\n"
	"h1,h2,h3{font-family:Helvetica,Arial,sans-serif;color:#111}\n"
	"table{border-collapse:collapse;margin:0.5em 0 1em}\n"
	"caption{text-align:left;font-weight:bold;padding:0.3em 0}\n"
	"th,td{border:1px solid #444;padding:0.25em 0.6em;text-align:left;"
	"vertical-align:top}\n"
	"thead th{background:#e8e8e8}\n"
	"td.n{text-align:right}\n"
	".note{border-left:4px solid #444;padding-left:0.8em}\n"
	"@page{size:A4;margin:18mm 16mm}\n"
	"@media print{body{max-width:none;margin:0;padding:0;font-size:11pt}"
	"section+section{break-before:page;page-break-before:always}"
	"h2,h3{break-after:avoid;page-break-after:avoid}"
	"tr,li{break-inside:avoid;page-break-inside:avoid}}\n";

static void
head(struct doc *d, const struct report *r)
{
	if (d->f == FORMAT_HTML) {
		d_raw(d, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		    "content=\"width=device-width, initial-scale=1\">\n"
		    "<title>Annual review of the credential vault: ");
		d_pub(d, r->council);
		d_raw(d, "</title>\n<style>\n");
		d_raw(d, css);
		d_raw(d, "</style>\n</head>\n<body>\n<main>\n<header>\n"
		    "<h1>Annual review of the credential vault</h1>\n<p>");
	} else {
		d_raw(d, "ANNUAL REVIEW OF THE CREDENTIAL VAULT\n\n");
	}
	d_pub(d, "Council: ");
	d_pub(d, r->council);
	d_raw(d, d->f == FORMAT_HTML ? "<br>\n" : "\n");
	d_pub(d, "Date: ");
	d_date(d, r->now);
	d_raw(d, d->f == FORMAT_HTML ? "<br>\n" : "\n");
	d_pub(d, "Opened by: ");
	if (!r->escrow_session) {
		d_pub(d, "the clerk");
	} else {
		d_pub(d, "escrow holders");
		if (r->escrow_roles) {
			d_pub(d, " (");
			d_pub(d, r->escrow_roles);
			d_pub(d, ")");
		}
	}
	d_raw(d, d->f == FORMAT_HTML ? "</p>\n" : "\n\n");
	d_para(d, "This report names the council's accounts but contains no "
	    "password, no two-factor key and no share. Keep it with the "
	    "council's confidential papers.");
	if (d->f == FORMAT_HTML)
		d_raw(d, "</header>\n");
}

static void
summary(struct doc *d, const struct report *r)
{
	d_h(d, 2, "Summary");
	d_table(d, 1, "What the review found", "Finding", "Accounts");
	d_count_row(d, "Accounts in the vault", r->n);
	for (size_t i = 0; i < NFINDINGS; i++) {
		const struct report_finding *fi = &findings[i];
		const char *why;

		if ((why = report_unchecked(r, fi->flag)) != NULL) {
			d_row(d, fi->heading);
			d_pub(d, "not checked: ");
			d_pub(d, why);
			d_row_end(d);
			continue;
		}
		d_row(d, fi->heading);
		d_num(d, "", report_count(r, fi->flag), "");
		if (fi->flag == RF_REUSED && r->groups)
			d_num(d, " (in ", r->groups, r->groups == 1 ?
			    " group)" : " groups)");
		d_row_end(d);
	}
	d_table(d, 0, NULL, NULL, NULL);
	d_table(d, 1, "The keys", "Item", "State");
	d_row(d, "Escrow (opening without the clerk)");
	if (r->have_escrow) {
		d_num(d, "any ", r->threshold, "");
		d_num(d, " of ", r->holders_n, " holders; shares issued ");
		d_date(d, r->since);
	} else {
		d_pub(d, "not set up: only the clerk can open the vault");
	}
	d_row_end(d);
	d_row(d, "Escrow openings recorded");
	d_num(d, "", r->openings_total, "");
	d_row_end(d);
	d_row(d, "The clerk's key stretching");
	d_pub(d, !r->kdf_known ? "unknown" : report_kdf_meets(r) ?
	    "meets the recommendation" : "below the recommendation");
	d_row_end(d);
	d_row(d, "Review age of passwords");
	d_num(d, "", r->max_age_days, " days");
	d_row_end(d);
	d_row(d, "Last backup (cvault backup)");
	if (r->last_backup > 0)
		d_date(d, r->last_backup);
	else
		d_pub(d, "none recorded");
	d_row_end(d);
	d_table(d, 0, NULL, NULL, NULL);
}

/* The directory's method words in plain English, joined with commas. */
static void
d_methods(struct doc *d, const char *m)
{
	static const struct { const char *word, *plain; } names[] = {
		{ "totp", "an authenticator app" },
		{ "sms", "text messages" },
		{ "call", "phone calls" },
		{ "email", "email codes" },
		{ "u2f", "security keys" },
		{ "custom-software", "its own app" },
		{ "custom-hardware", "its own device" },
	};

	for (int first = 1; *m; first = 0) {
		size_t n = strcspn(m, ","), i;

		if (!first)
			d_pub(d, ", ");
		for (i = 0; i < sizeof names / sizeof *names; i++)
			if (strlen(names[i].word) == n &&
			    strncmp(m, names[i].word, n) == 0)
				break;
		if (i < sizeof names / sizeof *names) {
			d_pub(d, names[i].plain);
		} else {
			char w[32];

			snprintf(w, sizeof w, "%.*s", (int)n, m);
			d_pub(d, w);
		}
		m += n;
		if (*m == ',')
			m++;
	}
}

static void
finding_entry(struct doc *d, const struct report *r, const struct rentry *e,
    unsigned flag)
{
	d_item(d, 1);
	d_title(d, r, e);
	if (flag == RF_OLD) {
		d_pub(d, " (password last changed ");
		d_date(d, e->pw_time);
		d_pub(d, ")");
	} else if (flag == RF_NO2FA) {
		d_pub(d, " (");
		d_pub(d, e->twofa->domain);
		d_pub(d, " offers ");
		d_methods(d, e->twofa->methods);
		d_pub(d, ")");
	}
	d_item(d, 0);
}

static void
reuse_groups(struct doc *d, const struct report *r)
{
	for (size_t g = 1; g <= r->groups && d->rc == VAULT_OK; g++) {
		char h[64];

		snprintf(h, sizeof h, "Group %zu", g);
		if (d->f == FORMAT_HTML) {
			d_raw(d, "<p>");
			d_pub(d, h);
			d_raw(d, "</p>\n");
		} else {
			d_raw(d, "  ");
			d_raw(d, h);
			d_raw(d, "\n");
		}
		d_list(d, 1);
		for (size_t i = 0; i < r->n; i++)
			if (r->e[i].group == g) {
				d_raw(d, d->f == FORMAT_HTML ? "" : "  ");
				finding_entry(d, r, &r->e[i], RF_REUSED);
			}
		d_list(d, 0);
	}
}

static void
finding_section(struct doc *d, const struct report *r, size_t k)
{
	const struct report_finding *fi = &findings[k];
	char h[160];

	snprintf(h, sizeof h, "%zu. %s", k + 1, fi->heading);
	d_h(d, 3, h);
	d_para(d, fi->what);
	if (fi->flag == RF_OLD) {
		snprintf(h, sizeof h, "The review age is %u days; the council "
		    "sets it with 'cvault config max-age-days N'.",
		    r->max_age_days);
		d_para(d, h);
	}
	if (fi->flag == RF_BREACHED && !r->breach_list) {
		d_para(d, "Not checked: no breach list is set. Set one with "
		    "'cvault config hibp FILE' (docs/password-policy.md).");
	} else if (report_unchecked(r, fi->flag) != NULL) {
		d_para(d, "Not checked: this build of cvault has no password "
		    "strength estimate (zxcvbn-c). Make the review with a "
		    "build that has one (docs/testing.md, \"Windows\").");
	} else if (report_count(r, fi->flag) == 0) {
		d_para(d, "None.");
	} else if (fi->flag == RF_REUSED) {
		reuse_groups(d, r);
	} else {
		d_list(d, 1);
		for (size_t i = 0; i < r->n; i++)
			if (r->e[i].flags & fi->flag)
				finding_entry(d, r, &r->e[i], fi->flag);
		d_list(d, 0);
	}
}

static void
holders_table(struct doc *d, const struct report *r)
{
	if (d->f == FORMAT_HTML)
		d_raw(d, "<table>\n<caption>Holders</caption>\n<thead><tr>"
		    "<th scope=\"col\">Share</th><th scope=\"col\">Role</th>"
		    "<th scope=\"col\">Name</th><th scope=\"col\">Last escrow "
		    "opening with this holder</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < r->nholders; i++) {
		const struct rholder *h = &r->holders[i];

		if (d->f == FORMAT_HTML) {
			d_raw(d, "<tr><td class=\"n\">");
			d_num(d, "", h->member, "");
			d_raw(d, "</td><th scope=\"row\">");
			d_pub(d, h->role);
			d_raw(d, "</th><td>");
			d_pub(d, h->name);
			if (h->paper_only)
				d_pub(d, " (paper share only)");
			d_raw(d, "</td><td>");
		} else {
			d_num(d, "  share ", h->member, ": ");
			d_pub(d, h->role);
			d_pub(d, ", ");
			d_pub(d, h->name);
			if (h->paper_only)
				d_pub(d, " (paper share only)");
			d_pub(d, "; last escrow opening with this holder: ");
		}
		if (h->last_opening)
			d_datetime(d, h->last_opening);
		else
			d_pub(d, "none since the shares were issued");
		d_raw(d, d->f == FORMAT_HTML ? "</td></tr>\n" : "\n");
	}
	if (d->f == FORMAT_HTML)
		d_raw(d, "</tbody></table>\n");
}

static void
keys_section(struct doc *d, const struct report *r)
{
	char s[256];

	d_h(d, 2, "The keys");
	d_h(d, 3, "Escrow holders");
	if (!r->have_escrow) {
		d_para(d, "Escrow is not set up: only the clerk can open the "
		    "vault. If the clerk is away, nobody can reach the "
		    "council's accounts. See docs/emergency-access.md.");
	} else {
		snprintf(s, sizeof s, "Any %u of these %u holders can open the "
		    "vault together. The current shares were issued on ",
		    r->threshold, r->holders_n);
		if (d->f == FORMAT_HTML)
			d_raw(d, "<p>");
		else
			d_raw(d, "  ");
		d_pub(d, s);
		d_date(d, r->since);
		d_num(d, " (issue number ", r->rotation, ").");
		d_raw(d, d->f == FORMAT_HTML ? "</p>\n" : "\n");
		holders_table(d, r);
		d_para(d, "Checking a share with 'cvault escrow verify-share' "
		    "opens nothing and is not recorded in the vault, so the "
		    "report cannot say when a holder last checked their "
		    "share. It shows instead the last escrow opening, since "
		    "the current shares were issued, in which each holder's "
		    "share was used: proof that the share worked. Ask each "
		    "holder to confirm at the meeting that they still have "
		    "their share and passphrase.");
	}
	d_h(d, 3, "Recent escrow openings");
	if (r->openings_total == 0) {
		d_para(d, "None: the vault has never been opened without the "
		    "clerk.");
	} else {
		snprintf(s, sizeof s, "%zu opening%s recorded in all; the "
		    "last %zu:", r->openings_total, r->openings_total == 1 ?
		    "" : "s", r->nopenings);
		d_para(d, s);
		d_list(d, 1);
		for (size_t i = 0; i < r->nopenings; i++) {
			d_item(d, 1);
			d_datetime(d, r->openings[i].time);
			d_pub(d, ", by ");
			d_pub(d, r->openings[i].actor);
			d_item(d, 0);
		}
		d_list(d, 0);
	}
	d_h(d, 3, "The clerk's passphrase stretching (Argon2id)");
	if (!r->kdf_known) {
		d_para(d, "The settings could not be read.");
		return;
	}
	snprintf(s, sizeof s, "The clerk's passphrase is stretched with %u "
	    "MiB of memory, %u pass%s and %u lane%s; the recommendation is at "
	    "least %u MiB and %u passes. %s", r->kdf.kdf_memory_kib / 1024,
	    r->kdf.kdf_passes, r->kdf.kdf_passes == 1 ? "" : "es",
	    r->kdf.kdf_lanes, r->kdf.kdf_lanes == 1 ? "" : "s",
	    r->kdf_rec.kdf_memory_kib / 1024, r->kdf_rec.kdf_passes,
	    report_kdf_meets(r) ? "It meets the recommendation." : "It is below the "
	    "recommendation: the clerk can raise it with 'cvault passwd "
	    "--kdf-memory 512 --kdf-time 3'.");
	d_para(d, s);
}

static vault_err
render_doc(const struct report *r, enum report_format f, struct obuf *ob)
{
	struct doc d = { ob, f, VAULT_OK, 0 };

	head(&d, r);
	summary(&d, r);
	d_h(&d, 2, "Findings");
	d_para(&d, "Each finding lists the accounts it concerns, by title. "
	    "An account can appear under several findings.");
	for (size_t k = 0; k < NFINDINGS; k++)
		finding_section(&d, r, k);
	keys_section(&d, r);
	if (f == FORMAT_HTML)
		d_raw(&d, "</section>\n</main>\n</body>\n</html>\n");
	else
		d_raw(&d, "\n");
	return d.rc;
}

vault_err
report_render(const struct report *r, enum report_format f, struct obuf *ob)
{
	if (f == FORMAT_JSON)
		return report_json(r, ob);
	return render_doc(r, f, ob);
}
