/* SPDX-License-Identifier: ISC */
/*
 * import/csv.h - a CSV dialect as a table of columns (csv_formats.c),
 * read by the one streaming CSV reader (csv.c).
 */
#ifndef VAULT_IMPORT_CSV_H
#define VAULT_IMPORT_CSV_H

#include "import.h"

enum vlt_csv_target {
	VLT_COL_UNKNOWN = 0,    /* not named: a custom field (spreadsheet) */
	VLT_COL_IGNORE,
	VLT_COL_TITLE,
	VLT_COL_USERNAME,
	VLT_COL_PASSWORD,
	VLT_COL_URL,
	VLT_COL_URLS,           /* several, comma-separated: first is URL */
	VLT_COL_NOTES,
	VLT_COL_NOTE_LINE,      /* "Header: value" as a line of the notes */
	VLT_COL_TOTP,
	VLT_COL_TAGS,           /* comma-separated tags */
	VLT_COL_GROUP,          /* a folder path; the root's name dropped */
	VLT_COL_FOLDER,         /* one folder name: one tag */
	VLT_COL_CUSTOM,
	VLT_COL_FIELDS,         /* Bitwarden: "name: value" lines */
	VLT_COL_TYPE,           /* Bitwarden: login, note, card, identity */
	VLT_COL_CREATED,
	VLT_COL_MODIFIED,
	VLT_COL_PWCHANGED
};

struct vlt_csv_col {
	const char *header;     /* compared case-insensitively */
	enum vlt_csv_target target;
};

struct vlt_csv_profile {
	const char *name;
	const struct vlt_csv_col *cols;   /* ends with { NULL, 0 } */
	size_t required;        /* how many of cols the header must have */
	int generic;            /* guess columns by their names */
	int ms;                 /* epoch times are in milliseconds */
};

/* Guess a spreadsheet column's field from its header (csv_formats.c). */
enum vlt_csv_target vlt_csv_guess(const char *header);
/* The target a --map FIELD names; -1 if none. */
int vlt_csv_field_target(const char *field);
/* A field name for messages. */
const char *vlt_csv_target_name(enum vlt_csv_target t);

#endif
