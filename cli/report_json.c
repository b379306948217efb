/* SPDX-License-Identifier: ISC */
/*
 * report_json.c - the annual review report as JSON, for other tools: one
 * object (docs/annual-review.md lists the keys). Titles and names are
 * JSON strings escaped by report_put_text(); dates are UTC ISO 8601.
 */
#include <string.h>
#include "cli.h"
#include "report.h"
#include "render.h"

#define findings report_findings
#define NFINDINGS report_nfindings

/* A JSON string: quotes around report_put_text(). */
static vault_err
json_str(struct obuf *ob, const uint8_t *p, size_t len)
{
	vault_err rc;

	if ((rc = ob_str(ob, "\"")) != VAULT_OK ||
	    (rc = report_put_text(ob, FORMAT_JSON, p, len)) != VAULT_OK)
		return rc;
	return ob_str(ob, "\"");
}

static vault_err
json_cstr(struct obuf *ob, const char *s)
{
	return json_str(ob, (const uint8_t *)s, strlen(s));
}

struct js {
	struct obuf *ob;
	vault_err rc;
};

static void
j_raw(struct js *j, const char *s)
{
	if (j->rc == VAULT_OK)
		j->rc = ob_str(j->ob, s);
}

static void
j_str(struct js *j, const char *s)
{
	if (j->rc == VAULT_OK)
		j->rc = json_cstr(j->ob, s);
}

/* `pre`, the number, then `post`: JSON syntax and digits. */
static void
j_num(struct js *j, const char *pre, unsigned long long n, const char *post)
{
	if (j->rc == VAULT_OK)
		j->rc = ob_fmt(j->ob, "%s%llu%s", pre, n, post);
}

static void
j_time(struct js *j, int64_t t)
{
	if (j->rc == VAULT_OK)
		j->rc = ob_time(j->ob, t, 1);
}

static void
j_title(struct js *j, const struct report *r, const struct rentry *e)
{
	if (j->rc == VAULT_OK)
		j->rc = json_str(j->ob, report_title(r, e), e->title_len);
}

static void
j_methods(struct js *j, const char *m)
{
	j_raw(j, "[");
	for (int first = 1; *m && j->rc == VAULT_OK; first = 0) {
		size_t n = strcspn(m, ",");

		if (!first)
			j_raw(j, ",");
		if (j->rc == VAULT_OK)
			j->rc = json_str(j->ob, (const uint8_t *)m, n);
		m += n;
		if (*m == ',')
			m++;
	}
	j_raw(j, "]");
}

static void
j_finding(struct js *j, const struct report *r, const struct report_finding *fi)
{
	int first = 1;

	j_raw(j, fi == findings ? "\"" : ",\"");
	j_raw(j, fi->key);
	j_raw(j, "\":");
	if (report_unchecked(r, fi->flag) != NULL) {
		j_raw(j, "null");
		return;
	}
	j_raw(j, "[");
	if (fi->flag == RF_REUSED) {
		for (size_t g = 1; g <= r->groups; g++) {
			j_raw(j, g > 1 ? ",[" : "[");
			first = 1;
			for (size_t i = 0; i < r->n; i++)
				if (r->e[i].group == g) {
					j_raw(j, first ? "" : ",");
					j_title(j, r, &r->e[i]);
					first = 0;
				}
			j_raw(j, "]");
		}
		j_raw(j, "]");
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct rentry *e = &r->e[i];

		if (!(e->flags & fi->flag))
			continue;
		j_raw(j, first ? "" : ",");
		first = 0;
		if (fi->flag == RF_OLD) {
			j_raw(j, "{\"title\":");
			j_title(j, r, e);
			j_raw(j, ",\"password_changed\":");
			j_time(j, e->pw_time);
			j_raw(j, "}");
		} else if (fi->flag == RF_NO2FA) {
			j_raw(j, "{\"title\":");
			j_title(j, r, e);
			j_raw(j, ",\"domain\":");
			j_str(j, e->twofa->domain);
			j_raw(j, ",\"methods\":");
			j_methods(j, e->twofa->methods);
			j_raw(j, "}");
		} else {
			j_title(j, r, e);
		}
	}
	j_raw(j, "]");
}

static void
j_summary(struct js *j, const struct report *r)
{
	j_num(j, ",\"summary\":{\"entries\":", r->n, "");
	for (size_t i = 0; i < NFINDINGS; i++) {
		j_raw(j, ",\"");
		j_raw(j, findings[i].key);
		j_raw(j, "\":");
		if (report_unchecked(r, findings[i].flag) != NULL)
			j_raw(j, "null");
		else
			j_num(j, "", report_count(r, findings[i].flag), "");
	}
	j_num(j, ",\"reused_groups\":", r->groups, "}");
}

static void
j_keys(struct js *j, const struct report *r)
{
	j_raw(j, ",\"keys\":{\"escrow\":");
	if (!r->have_escrow) {
		j_raw(j, "null");
	} else {
		j_num(j, "{\"threshold\":", r->threshold, "");
		j_num(j, ",\"holders\":", r->holders_n, "");
		j_num(j, ",\"rotation\":", r->rotation, ",\"issued\":");
		j_time(j, r->since);
		j_raw(j, ",\"holder_list\":[");
		for (size_t i = 0; i < r->nholders; i++) {
			const struct rholder *h = &r->holders[i];

			j_raw(j, i ? ",{" : "{");
			j_num(j, "\"share\":", h->member, ",\"role\":");
			j_str(j, h->role);
			j_raw(j, ",\"name\":");
			j_str(j, h->name);
			j_raw(j, h->paper_only ? ",\"paper_only\":true" :
			    ",\"paper_only\":false");
			j_raw(j, ",\"last_escrow_opening\":");
			j_time(j, h->last_opening);
			j_raw(j, ",\"share_check_recorded\":false}");
		}
		j_raw(j, "]}");
	}
	j_num(j, ",\"escrow_openings_total\":", r->openings_total,
	    ",\"escrow_openings\":[");
	for (size_t i = 0; i < r->nopenings; i++) {
		j_raw(j, i ? ",{\"time\":" : "{\"time\":");
		j_time(j, r->openings[i].time);
		j_raw(j, ",\"actor\":");
		j_str(j, r->openings[i].actor);
		j_raw(j, "}");
	}
	j_raw(j, "],\"kdf\":");
	if (!r->kdf_known) {
		j_raw(j, "null}");
		return;
	}
	j_num(j, "{\"memory_kib\":", r->kdf.kdf_memory_kib, "");
	j_num(j, ",\"passes\":", r->kdf.kdf_passes, "");
	j_num(j, ",\"lanes\":", r->kdf.kdf_lanes, "");
	j_num(j, ",\"recommended_memory_kib\":", r->kdf_rec.kdf_memory_kib,
	    "");
	j_num(j, ",\"recommended_passes\":", r->kdf_rec.kdf_passes, "");
	j_raw(j, report_kdf_meets(r) ? ",\"meets_recommendation\":true}}" :
	    ",\"meets_recommendation\":false}}");
}

vault_err
report_json(const struct report *r, struct obuf *ob)
{
	struct js j = { ob, VAULT_OK };

	j_raw(&j, "{\"report\":\"annual review\",\"council\":");
	j_str(&j, r->council);
	j_raw(&j, ",\"generated\":");
	j_time(&j, r->now);
	j_raw(&j, r->escrow_session ? ",\"escrow_session\":true" :
	    ",\"escrow_session\":false");
	j_num(&j, ",\"max_age_days\":", r->max_age_days, "");
	j_raw(&j, ",\"last_backup\":");
	if (r->last_backup > 0)
		j_time(&j, r->last_backup);
	else
		j_raw(&j, "null");
	j_raw(&j, r->breach_list ? ",\"breach_list\":true" :
	    ",\"breach_list\":false");
	j_raw(&j, r->policy_checked ? ",\"policy_checked\":true" :
	    ",\"policy_checked\":false");
	j_summary(&j, r);
	j_raw(&j, ",\"findings\":{");
	for (size_t i = 0; i < NFINDINGS; i++)
		j_finding(&j, r, &findings[i]);
	j_raw(&j, "}");
	j_keys(&j, r);
	j_raw(&j, "}\n");
	return j.rc;
}

