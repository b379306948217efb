/* SPDX-License-Identifier: ISC */
/*
 * import/keepass_entry.h - one KeePass entry being built from its XML
 * (keepass_entry.c), between keepass_xml.c's parse and the sink. Not
 * installed.
 */
#ifndef VAULT_IMPORT_KEEPASS_ENTRY_H
#define VAULT_IMPORT_KEEPASS_ENTRY_H

#include "import/kdbx.h"

struct kp_entry {
	vault_entry *e;         /* the entry itself */
	vault_entry *snaps;     /* history snapshots: password and time */
	int64_t created, modified;
	int in_snap;            /* inside a <History><Entry> */
	struct vlt_gbuf snap_pass;
	int64_t snap_mtime;
	struct vlt_gbuf totp_seed, totp_settings;
	char why[120];          /* first reason the entry cannot be kept */
};

vault_err kp_entry_begin(struct kp_entry *k);
void kp_entry_clear(struct kp_entry *k);      /* between entries */
void kp_entry_free(struct kp_entry *k);       /* at the end: wipes */
/* One <String>: key and value (value secret, in guarded memory). */
vault_err kp_entry_string(struct kp_entry *k, const uint8_t *key,
    size_t klen, const uint8_t *val, size_t vlen);
vault_err kp_entry_tags(struct kp_entry *k, const uint8_t *t, size_t len);
void kp_entry_time(struct kp_entry *k, int modified, int64_t when);
/* A history snapshot starts / ends. */
void kp_snap_begin(struct kp_entry *k);
vault_err kp_snap_end(struct kp_entry *k);
/* Finish: group path tag `group` (may be NULL), history resolved,
 * times set. On VAULT_OK *out is the entry (the caller's) or NULL with
 * k->why set when it cannot be kept. */
vault_err kp_entry_finish(struct kp_entry *k, const char *group,
    vault_entry **out);
/* "2026-12-06T13:47:08Z" or KDBX 4's base64 seconds; -1 when neither. */
int64_t kp_parse_time(const uint8_t *p, size_t len);

#endif
