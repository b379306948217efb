/* SPDX-License-Identifier: ISC */
/* escrow.h - what escrow.c, escrow_open.c and rekey.c share. Internal. */
#ifndef VLT_ESCROW_H
#define VLT_ESCROW_H

#include "internal.h"

/* Records of a holder's sealed payload (their printable sheet). */
enum {
	VLT_SHEET_MNEMONIC = 1,
	VLT_SHEET_NAME = 2,
	VLT_SHEET_COUNCIL = 3,
	VLT_SHEET_NUMBERS = 4,  /* member, threshold, holders: a byte each */
	VLT_SHEET_SINCE = 5,    /* int64 LE */
	VLT_SHEET_LOCATION = 6  /* where the vault is: the "location" setting */
};

struct vlt_holder_plan {
	const vault_holder_spec *spec;
	unsigned member;
	uint8_t salt[VLT_SALT_BYTES];
	uint8_t commitment[32];
	uint8_t *share;         /* sealed; malloc'd (none when paper-only) */
	size_t share_len;
	vault_secret *paper;    /* a paper-only holder's payload, to print */
};

/* A prepared escrow set-up: the slow, per-holder Argon2id work done
 * outside any transaction. ek is the secret escrow key. */
struct vlt_escrow_plan {
	vault_secret *ek;
	vault_params params;
	uint32_t rotation;
	unsigned k, n;
	int64_t since;
	struct vlt_holder_plan h[VAULT_HOLDERS_MAX];
};

vault_err vlt_escrow_plan(vault *v, const vault_holder_spec *hs, size_t n,
    unsigned k, const vault_params *params, struct vlt_escrow_plan *pl);
vault_err vlt_escrow_write(vault *v, const struct vlt_escrow_plan *pl);
/* Paper-only holders' sheets, to be handed out once the plan commits
 * (freed again by vlt_escrow_paper_free if it does not). */
vault_err vlt_escrow_paper_out(const struct vlt_escrow_plan *pl,
    vault_share_sheet *paper);
void vlt_escrow_paper_free(vault_share_sheet *paper, size_t n);
vault_err vlt_escrow_paper_prepare(const vault_holder_spec *hs, size_t n,
    vault_share_sheet *paper);
void vlt_escrow_plan_free(struct vlt_escrow_plan *pl);

/* A holder's payload: one field, and the whole of it as a sheet. */
int vlt_sheet_field(const vault_secret *p, unsigned tag, const uint8_t **val,
    size_t *len);
vault_err vlt_sheet_parse(const vault_secret *p, vault_share_sheet *out);

/* 1 when `r` is a valid role: [a-z0-9-], 1..VAULT_ROLE_MAX bytes. The
 * holder table's role column is not sealed, so every reader checks it. */
int vlt_role_ok(const char *r);

/* The kdf column of a paper-only holder, who has no share in the file. */
#define VLT_HOLDER_PAPER "paper"

void vlt_escrow_wrap_key(const uint8_t id[VLT_ID_BYTES], const uint8_t *ek,
    uint8_t out[VLT_KEY_BYTES]);
vault_err vlt_share_commit(const uint8_t id[VLT_ID_BYTES], uint32_t rotation,
    const vault_share *share, uint8_t out[32]);
void vlt_holder_place(struct vlt_place *pl, int64_t id, uint8_t extra[4],
    uint32_t rotation);
void vlt_escrow_place(struct vlt_place *pl, uint8_t extra[12],
    uint32_t rotation, unsigned k, unsigned n);

#endif
