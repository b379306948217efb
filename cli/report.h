/* SPDX-License-Identifier: ISC */
/*
 * report.h - the annual review report (`cvault report`): what
 * cmd_report.c gathers from the vault and report_render.c prints as text,
 * JSON or HTML. The model holds no secret: titles (in a guarded buffer,
 * as every entry datum), dates, counts, the holders' names and the
 * directory's domains. Passwords are judged and compared inside the walk
 * and only the verdicts are kept.
 */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include "cli.h"
#include "twofa.h"

/* What is wrong with one entry, as bits. */
#define RF_REFUSED  0x01u       /* the policy refuses its password today */
#define RF_WEAK     0x02u       /* stored with --allow-weak */
#define RF_REUSED   0x04u       /* its password is another entry's too */
#define RF_OLD      0x08u       /* password older than max-age-days */
#define RF_BREACHED 0x10u       /* password in the breach list */
#define RF_NO2FA    0x20u       /* service offers 2FA, none recorded */
#define RF_NOURL    0x40u       /* no web address */

struct rentry {
	size_t title, title_len;        /* in report.titles */
	unsigned flags;
	int64_t pw_time;                /* when the password last changed */
	size_t group;                   /* reuse group, 1-based; 0 none */
	const struct twofa_row *twofa;  /* the directory's row, or NULL */
};

struct rholder {
	char role[VAULT_ROLE_MAX + 1];
	char name[128];
	unsigned member;
	int paper_only;
	int64_t last_opening;           /* since the shares were issued; 0 */
};

#define REPORT_OPENINGS 10      /* the last escrow openings shown */

struct ropening {
	int64_t time;
	char actor[96];
};

enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML };

struct report {
	/* Gathered. */
	const char *council;
	int64_t now;
	int escrow_session;
	const char *escrow_roles;       /* --escrow ROLE,ROLE, or NULL */
	unsigned max_age_days;
	int64_t last_backup;            /* last verified backup; 0 never */
	int breach_list;                /* 1: passwords were looked up */
	int policy_checked;             /* 0: this build has no estimate */
	struct obuf *titles;            /* every title, one after another */
	struct rentry *e;               /* sorted by title for rendering */
	size_t n, cap;
	size_t groups;                  /* reuse groups */
	int have_escrow;
	unsigned threshold, holders_n, rotation;
	int64_t since;
	struct rholder holders[VAULT_HOLDERS_MAX];
	size_t nholders;
	struct ropening openings[REPORT_OPENINGS];  /* a ring, oldest first */
	size_t nopenings, openings_total;
	vault_params kdf, kdf_rec;
	int kdf_known;
};

/* The findings, in the order they are shown (report_render.c). */
struct report_finding {
	unsigned flag;                  /* RF_* */
	const char *key;                /* JSON */
	const char *heading;
	const char *what;               /* what it means; what to do */
};
extern const struct report_finding report_findings[];
extern const size_t report_nfindings;

/* report_render.c: the whole report into `ob` (JSON: report_json.c). */
vault_err report_render(const struct report *r, enum report_format f,
    struct obuf *ob);
vault_err report_json(const struct report *r, struct obuf *ob);
/* `len` bytes of vault text, escaped for format `f` (no quotes added).
 * Text: a control character (C0, DEL, C1) or a byte that is not UTF-8
 * becomes \xNN (per byte), a backslash \\. JSON: a control becomes
 * \u00NN, a stray byte \u00NN of its value; '"' and '\' are escaped.
 * HTML: & < > " ' become references, controls and stray bytes the
 * visible text \xNN. */
vault_err report_put_text(struct obuf *ob, enum report_format f,
    const uint8_t *p, size_t len);
/* 1 when the clerk's Argon2id settings meet the defaults. */
int report_kdf_meets(const struct report *r);
/* How many entries carry `flag`. */
size_t report_count(const struct report *r, unsigned flag);
/* Why finding `flag` could not be checked ("no breach list is set"), or
 * NULL when it was. */
const char *report_unchecked(const struct report *r, unsigned flag);
/* The entry's title (valid while r->titles does not grow). */
const uint8_t *report_title(const struct report *r, const struct rentry *e);

#endif
