/* SPDX-License-Identifier: ISC */
/*
 * internal.h - what the library's files share; not installed.
 *
 * Internal functions are vlt_<module>_<verb>. Every secret lives in a
 * vault_secret (sodium_malloc'd data, exact size, wiped on free).
 */
#ifndef VLT_INTERNAL_H
#define VLT_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include <sqlite3.h>
#include "vault.h"

struct vault_secret {
	uint8_t *buf;           /* sodium_malloc, exactly len bytes (>= 1) */
	size_t len;
};

/* secret.c */
vault_err vlt_init(void);                       /* sodium_init, once */
/* A guarded secret of `len` bytes, zero-filled. */
vault_err vlt_secret_new(vault_secret **out, size_t len);

#define VLT_KEY_BYTES   32u     /* master key and every subkey */
#define VLT_ID_BYTES    16u     /* vault id */
#define VLT_SALT_BYTES  16u
#define VLT_NONCE_BYTES 24u     /* XChaCha20-Poly1305 */
#define VLT_TAG_BYTES   16u

/* Subkey ids for crypto_kdf_derive_from_key (context "cvault01"). */
enum vlt_subkey {
	VLT_SUBKEY_RECORD = 1,  /* seals entry and setting records */
	VLT_SUBKEY_INDEX = 2,   /* keys the blind index of titles */
	VLT_SUBKEY_LOG = 3,     /* keys the audit log's hash chain */
	VLT_SUBKEY_COUNT
};

/* What the clerk last saw of the audit log, kept sealed under the
 * clerk's own key (not the master key) so that escrow holders, who have
 * the master key, cannot rewrite it (docs/format.md, "Audit log"). */
struct vlt_logstate {
	uint64_t seq;           /* last record the clerk's session verified */
	uint8_t head[32];       /* its chain value */
	uint64_t acked;         /* escrow events up to here acknowledged */
	uint64_t alarm;         /* 1: a rewrite was found, not yet acked */
};
#define VLT_LOGSTATE_BYTES 56u

struct vault {
	sqlite3 *db;
	vault_secret *keys;     /* master key, then one key per subkey id */
	uint8_t id[VLT_ID_BYTES];
	uint32_t version;
	char *council;          /* decrypted council name (not a secret) */
	/* A clerk session keeps the clerk's key-encryption key to record
	 * what it has seen of the log; an escrow session has none. */
	vault_secret *clerk_kek;
	vault_params clerk_params;
	uint8_t clerk_salt[VLT_SALT_BYTES];
	struct vlt_logstate seen;
	char actor[96];         /* "clerk" or "escrow: chair, deputy" */
	int escrow_session;
	int readonly;           /* a read-only copy: nothing is written */
	int log_damaged;        /* the chain does not verify */
	int log_rewritten;      /* differs from what the clerk last saw */
};

/* vault.c: after the master key is in place, start the session. */
vault_err vlt_session_start(vault *v);
vault_err vlt_vault_alloc(vault **out);
vault_err vlt_read_header(vault *v);

/* Key `k` (0 = master, else a vlt_subkey) inside v->keys. */
const uint8_t *vlt_key(const vault *v, unsigned k);

/* crypto.c: AEAD records bound to their place in the vault. */
struct vlt_place {
	const char *table;      /* "entry", "setting", "keyslot" */
	const char *column;
	int64_t row;
	const uint8_t *extra;   /* more bound data (keyslot KDF settings) */
	size_t extra_len;
};
/* Sealed size of a plaintext of `len` bytes: nonce || ciphertext || tag. */
size_t vlt_sealed_len(size_t len);
/* Seal `plain` under `key` for `place`; *out is a malloc'd public blob. */
vault_err vlt_seal(const vault *v, const uint8_t *key,
    const struct vlt_place *place, const uint8_t *plain, size_t len,
    uint8_t **out, size_t *out_len);
/* Open a sealed blob; AUTH if it fails its MAC, CORRUPT if too short. */
vault_err vlt_open_sealed(const vault *v, const uint8_t *key,
    const struct vlt_place *place, const uint8_t *blob, size_t blob_len,
    vault_secret **out);
/* The same into caller-owned guarded memory of `cap` bytes (a scratch
 * buffer reused across rows); *plain_len gets the plaintext's length.
 * INVALID if it does not fit; on failure the output is wiped. */
vault_err vlt_open_sealed_into(const vault *v, const uint8_t *key,
    const struct vlt_place *place, const uint8_t *blob, size_t blob_len,
    uint8_t *plain, size_t cap, size_t *plain_len);
/* Associated data for `place` (exposed for the format tests). */
size_t vlt_ad_build(const uint8_t id[VLT_ID_BYTES], uint32_t version,
    const struct vlt_place *place, uint8_t *ad, size_t cap);

/* kdf.c: Argon2id, libsodium for one lane, libargon2 for several. */
vault_err vlt_kdf_derive(const vault_params *p, const uint8_t *pass,
    size_t pass_len, const uint8_t salt[VLT_SALT_BYTES], vault_secret **out);
/* Always libargon2 (any lanes): cross-checks and RFC 9106 tests. */
vault_err vlt_kdf_derive_argon2(const vault_params *p, const uint8_t *pass,
    size_t pass_len, const uint8_t *salt, size_t salt_len,
    uint8_t *out, size_t out_len);

/* store.c: SQLite plumbing. */
vault_err vlt_db_err(sqlite3 *db, int rc);      /* map sqlite3 codes */
/* Open (or, with create, initialise) the file; *readonly (may be NULL)
 * is set when it can only be read. */
vault_err vlt_db_open(const char *path, int create, sqlite3 **out,
    int *readonly);
vault_err vlt_db_begin(vault *v);               /* BEGIN IMMEDIATE */
vault_err vlt_db_commit(vault *v);
void vlt_db_rollback(vault *v);                 /* safe after failure */
vault_err vlt_db_prepare(vault *v, const char *sql, sqlite3_stmt **st);

/* keyslot.c: payloads sealed under passphrase-derived keys. The KDF
 * settings are bound into the seal; pl->extra may add more. */
#define VLT_SLOT_CLERK 1
vault_err vlt_kek_seal(const vault *v, const vault_secret *kek,
    const vault_params *p, const struct vlt_place *pl, const uint8_t *plain,
    size_t len, uint8_t **blob, size_t *blob_len);
vault_err vlt_kek_open(const vault *v, const vault_secret *kek,
    const vault_params *p, const struct vlt_place *pl, const uint8_t *blob,
    size_t blob_len, vault_secret **plain);
vault_err vlt_pw_seal(const vault *v, const vault_params *p,
    const uint8_t *pass, size_t pass_len, const struct vlt_place *pl,
    const uint8_t *plain, size_t len, uint8_t salt[VLT_SALT_BYTES],
    uint8_t **blob, size_t *blob_len, vault_secret **kek_out);
vault_err vlt_pw_open(const vault *v, const vault_params *p,
    const uint8_t salt[VLT_SALT_BYTES], const uint8_t *pass, size_t pass_len,
    const struct vlt_place *pl, const uint8_t *blob, size_t blob_len,
    vault_secret **plain, vault_secret **kek_out);
/* Read kdf, memory_kib, passes, lanes, salt at columns col..col+4,
 * bounded: CORRUPT when out of range. */
vault_err vlt_row_params(sqlite3_stmt *st, int col, vault_params *p,
    const uint8_t **salt);
/* The clerk's slot: write (new salt; keeps the KEK in the session),
 * unlock, read its settings, and re-seal the log state (v->seen). */
vault_err vlt_clerk_write(vault *v, const vault_params *p,
    const uint8_t *pass, size_t pass_len);
vault_err vlt_clerk_unlock(vault *v, const uint8_t *pass, size_t pass_len);
vault_err vlt_clerk_params(vault *v, vault_params *out);
vault_err vlt_clerk_save_seen(vault *v);

/* log.c: the hash-chained, sealed audit log. Appends go inside the
 * caller's transaction; a clerk session also advances v->seen. */
void vlt_logstate_encode(const struct vlt_logstate *s,
    uint8_t out[VLT_LOGSTATE_BYTES]);
void vlt_logstate_decode(const uint8_t in[VLT_LOGSTATE_BYTES],
    struct vlt_logstate *s);
vault_err vlt_log_append(vault *v, vault_event kind, const uint8_t *subject,
    size_t len);
/* Check the chain and compare it with what the clerk last saw: at open
 * from the clerk's checkpoint on; with `full` (verify) the whole chain. */
vault_err vlt_log_check(vault *v, int full);
/* A clerk session with nothing to show: move the acknowledged mark to
 * the end, so later notices read only what is new (saved with the next
 * append). */
vault_err vlt_log_settle(vault *v);
/* Re-seal every log record and chain under the current keys; `old` is
 * the previous key block (master key and subkeys), for rekey. */
vault_err vlt_log_reseal(vault *v, const uint8_t *old);

/* codec.c: the plaintext of an entry (see docs/format.md). */
struct vault_entry {
	vault_secret *rec;      /* TLV records; NULL when empty */
};
/* Split an entry into its summary and body plaintexts (both guarded). */
vault_err vlt_codec_split(const vault_entry *e, vault_secret **summary,
    vault_secret **body);
/* Validate TLV bytes and build an entry from one or two of them. */
vault_err vlt_codec_join(const uint8_t *a, size_t a_len, const uint8_t *b,
    size_t b_len, vault_entry **out);
vault_err vlt_codec_check(const uint8_t *buf, size_t len);
vault_err vlt_entry_set_time(vault_entry *e, vault_time t, int64_t when);
vault_err vlt_entry_push_history(vault_entry *e, const uint8_t *pass,
    size_t len, int64_t when);

/* entry_store.c */
vault_err vlt_verify_entries(vault *v, vault_damage_fn fn, void *ctx,
    size_t *damaged);

/* setting.c: small sealed values by id and name. get: CORRUPT when the
 * setting is missing, longer than `max` or fails its seal. */
vault_err vlt_setting_put(vault *v, int64_t id, const char *name,
    const uint8_t *plain, size_t len);
vault_err vlt_setting_get(vault *v, int64_t id, const char *name,
    size_t max, vault_secret **out);

/* manifest.c: the sealed count and XOR of keyed hashes of every entry
 * row. fold(+1) after a row is written, fold(-1) before it is changed or
 * removed, inside the caller's transaction; reset recomputes it (create,
 * rekey); check compares it with the rows (CORRUPT on mismatch). */
vault_err vlt_manifest_fold(vault *v, int64_t id, int sign);
vault_err vlt_manifest_reset(vault *v);
vault_err vlt_manifest_check(vault *v);

/* index.c: the keyed blind index of a normalised title. */
#define VLT_INDEX_BYTES 32u
vault_err vlt_index_title(const vault *v, const uint8_t *title, size_t len,
    uint8_t out[VLT_INDEX_BYTES]);

#endif
