/* SPDX-License-Identifier: ISC */
/*
 * merge.h - what merge.c (entries, escrow, the transaction) and
 * merge_log.c (the log records) share; not installed.
 */
#ifndef VLT_MERGE_H
#define VLT_MERGE_H

#include "internal.h"

struct vlt_merge {
	void *theirs;           /* merge_log.c's keys of the other's log */
	int our_escrow;         /* an escrow change only this copy has */
	int their_escrow;       /* one only the other copy has */
	size_t records;         /* log records brought in */
	size_t escrow_records;  /* of them, made in escrow openings */
};

/* Compare the two logs (before anything is written). */
vault_err vlt_merge_log_plan(vault *v, vault *c, struct vlt_merge *m);
/* Append the other's records this vault lacks, as merged records. */
vault_err vlt_merge_log_import(vault *v, vault *c, struct vlt_merge *m);
void vlt_merge_log_free(struct vlt_merge *m);

#endif
