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

/* The version field of every seal's associated data (crypto.c): the
 * seal scheme, 1 in formats 1 and 2, so that upgrading a file does not
 * need the holders' passphrases to re-seal their shares. */
#define VLT_SEAL_VERSION 1u

/* Subkey ids for crypto_kdf_derive_from_key (context "cvault01"). */
enum vlt_subkey {
	VLT_SUBKEY_RECORD = 1,  /* seals entry and setting records */
	VLT_SUBKEY_INDEX = 2,   /* keys the blind index of titles */
	VLT_SUBKEY_LOG = 3,     /* keys the audit log's hash chain */
	VLT_SUBKEY_ROW = 4,     /* keys row hashes and state digests */
	VLT_SUBKEY_COUNT
};

static inline void
vlt_put_u64(uint8_t *p, uint64_t x)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(x >> (8 * i));
}

static inline uint64_t
vlt_get_u64(const uint8_t *p)
{
	uint64_t x = 0;

	for (int i = 7; i >= 0; i--)
		x = x << 8 | p[i];
	return x;
}

/* What the clerk last saw of the audit log, kept sealed under the
 * clerk's own key (not the master key) so that escrow holders, who have
 * the master key, cannot rewrite it (docs/format.md, "Audit log"). */
struct vlt_logstate {
	uint64_t seq;           /* last record the clerk's session verified */
	uint8_t head[32];       /* its chain value */
	uint64_t acked;         /* escrow events up to here acknowledged */
	uint64_t alarm;         /* VAULT_FINDING_* bits found, not yet acked */
	uint8_t ck[32];         /* the clerk's checkpoint key (format 2) */
	int has_ck;             /* 0: a format-1 state, no key yet */
};
#define VLT_LOGSTATE_V1_BYTES 56u
#define VLT_LOGSTATE_BYTES 88u

/* The vault's authenticated state (state.c, docs/format.md "State"):
 * one sealed row rewritten by every transaction, binding the log's head
 * to the entries (per bucket of row ids), the escrow and holder rows, the
 * settings and the clerk's keyslot. */
#define VLT_BUCKETS 256u
struct vlt_state {
	uint64_t generation;    /* seq of the last log record (0: none) */
	uint8_t head[32];       /* its chain value */
	uint64_t count;         /* entry rows */
	uint8_t escrow[32];     /* digest of the escrow and holder rows */
	uint8_t settings[32];   /* digest of the header and setting rows */
	uint8_t keyslot[32];    /* digest of the keyslot rows */
	uint8_t bucket[VLT_BUCKETS][32];        /* XOR of row hashes */
};
#define VLT_STATE_BYTES (8u + 32u + 8u + 3u * 32u + VLT_BUCKETS * 32u)

/* A merge's state, built in memory while its transaction runs and
 * written once, by the append of its last record (merge.c, log.c):
 * `imported` records were inserted after state.generation meanwhile. */
struct vlt_pending {
	struct vlt_state state;
	uint64_t imported;
};

struct vault {
	sqlite3 *db;
	struct vlt_pending *pending;    /* during vault_merge only */
	vault_secret *keys;     /* master key, then one key per subkey id */
	uint8_t id[VLT_ID_BYTES];
	uint32_t version;
	char *council;          /* decrypted council name (not a secret) */
	char *path;             /* the file, when opened read-only on request */
	/* A clerk session keeps the clerk's key-encryption key to record
	 * what it has seen of the log; an escrow session has none. */
	vault_secret *clerk_kek;
	vault_params clerk_params;
	uint8_t clerk_salt[VLT_SALT_BYTES];
	struct vlt_logstate seen;
	char actor[96];         /* "clerk" or "escrow: chair, deputy" */
	int escrow_session;
	int readonly;           /* a read-only copy: nothing is written */
	int disk_full;          /* read-only because the disk was full */
	int log_damaged;        /* the chain does not verify */
	int log_rewritten;      /* differs from what the clerk last saw */
	unsigned findings;      /* VAULT_FINDING_* found in this session */
};

/* Findings that freeze the file: its state is not whole, so nothing is
 * appended (which would make it look whole again) and no entry is read
 * (it may be an older copy) until the clerk acknowledges, which accepts
 * the file as it is, or restores a backup. */
#define VLT_FROZEN (VAULT_FINDING_CUT | VAULT_FINDING_ROWS)

/* vault.c: after the master key is in place, start the session. */
vault_err vlt_session_start(vault *v);
/* A session opened read-only on request (VAULT_OPEN_READONLY) becomes
 * an ordinary one: the file opened for writing, checked again and the
 * opening recorded (vault_merge, once the other copy has been checked).
 * READONLY when the file cannot be written; INVALID for other sessions. */
vault_err vlt_session_writable(vault *v);
vault_err vlt_vault_alloc(vault **out);
vault_err vlt_read_header(vault *v);
/* (Re-)read the council's name into v->council; CORRUPT if damaged. */
vault_err vlt_council_read(vault *v);

/* keys.c: key `k` (0 = master, else a vlt_subkey) inside v->keys, and
 * the subkeys derived from the master key in keys[0]. */
const uint8_t *vlt_key(const vault *v, unsigned k);
void vlt_keys_derive(vault *v);

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
/* Open (or, with VLT_DB_CREATE, initialise) the file; *readonly (may be
 * NULL) is set when it can only be read, or was asked to be
 * (VLT_DB_READONLY: nothing is written to the file). */
#define VLT_DB_CREATE   1
#define VLT_DB_READONLY 2
vault_err vlt_db_open(const char *path, int flags, sqlite3 **out,
    int *readonly);
/* The format whose schema the file holds (1 or 2), checked at open. */
int vlt_db_schema_version(sqlite3 *db);
/* Format 1 -> 2 inside the caller's transaction: the state table. */
vault_err vlt_db_add_state_table(vault *v);
vault_err vlt_db_begin(vault *v);               /* BEGIN IMMEDIATE */
/* A read transaction (BEGIN) unless the caller is in one (*started = 0);
 * end_read ends it when begin_read started it. */
vault_err vlt_db_begin_read(vault *v, int *started);
void vlt_db_end_read(vault *v, int started);
vault_err vlt_db_commit(vault *v);
void vlt_db_rollback(vault *v);                 /* safe after failure */
vault_err vlt_db_prepare(vault *v, const char *sql, sqlite3_stmt **st);
/* Every id `sql` (one integer column) gives, into a malloc'd array. */
vault_err vlt_db_ids(vault *v, const char *sql, int64_t **ids, size_t *n);

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
void vlt_logstate_encode(const struct vlt_logstate *s,
    uint8_t out[VLT_LOGSTATE_BYTES]);
/* len is VLT_LOGSTATE_BYTES or, from a format-1 file, _V1_BYTES. */
void vlt_logstate_decode(const uint8_t *in, size_t len,
    struct vlt_logstate *s);

/* log.c: the hash-chained, sealed audit log. An append goes inside the
 * caller's transaction and is its last write: it commits the record to
 * the state after the action, advances a clerk session's v->seen, and
 * rewrites the state row (state.c). */
vault_err vlt_log_append(vault *v, vault_event kind, const uint8_t *subject,
    size_t len);
/* The same for a reveal: `shown` (VAULT_SHOWN_*) goes into the record's
 * flags byte, naming the fields that were shown. */
vault_err vlt_log_append_shown(vault *v, vault_event kind,
    const uint8_t *subject, size_t len, unsigned shown);
/* The same with the state as the transaction has changed it so far held
 * in memory (`s`, not read from its row): a batch's one state write. */
vault_err vlt_log_append_state(vault *v, vault_event kind,
    const uint8_t *subject, size_t len, const struct vlt_state *s);
/* The last record's seq and chain value (0 and zeros when empty). */
vault_err vlt_log_tail(vault *v, uint64_t *seq, uint8_t head[32]);
/* The content digest committed by record `seq` (found = 0: none). */
vault_err vlt_log_content_at(vault *v, uint64_t seq, uint8_t out[32],
    int *found);
/* Check the chain links from record `from` + 1 on, starting from the
 * chain value `start` at `from` (zeros at 0). Sets v->log_damaged on a
 * break or a gap. The recomputed value at record `at` (if reached) goes
 * to at_head, with *reached = 1. */
vault_err vlt_log_verify_from(vault *v, uint64_t from,
    const uint8_t start[32], uint64_t at, uint8_t at_head[32], int *reached);
/* The stored chain value of record `seq`; found = 0 if there is none. */
vault_err vlt_log_chain_at(vault *v, uint64_t seq, uint8_t out[32],
    int *found);

/* log_check.c: the log and the state against what the clerk last saw.
 * check: at open from the clerk's checkpoint on; with `full` (verify)
 * the whole chain; then the state row (sets v->findings; an escrow
 * session that finds anything gets CORRUPT, refused rather than recorded
 * on top of the damage; a clerk session keeps the findings in its
 * keyslot's alarm until acknowledged). settle: a clerk session with
 * nothing to show moves the acknowledged mark to the last record it
 * read, so later notices read only what is new (saved with the next
 * append). */
vault_err vlt_log_check(vault *v, int full);
vault_err vlt_log_settle(vault *v);
/* log.c: copy a record of another copy of this vault (merge.c) to the
 * end of the chain, with its time, kind, escrow flag, actor and subject
 * and the merged flag, inside the caller's transaction; no state write
 * (v->pending counts it; the merge's own record writes the state). */
vault_err vlt_log_import(vault *v, const vault_log_event *ev);
/* log.c: re-seal every log record and chain under the current keys;
 * `old` is the previous key block (master key and subkeys), for rekey. */
vault_err vlt_log_reseal(vault *v, const uint8_t *old);

/* codec.c: the plaintext of an entry (see docs/format.md). */
struct vault_entry {
	vault_secret *rec;      /* TLV records; NULL when empty */
};
/* Split an entry into its summary and body plaintexts (both guarded). */
vault_err vlt_codec_split(const vault_entry *e, vault_secret **summary,
    vault_secret **body);
/* Validate TLV bytes and build an entry from one or two of them
 * (entry.c, so that codec.c, which entry.c uses, uses nothing of it). */
vault_err vlt_codec_join(const uint8_t *a, size_t a_len, const uint8_t *b,
    size_t b_len, vault_entry **out);
vault_err vlt_codec_check(const uint8_t *buf, size_t len);

/* entry_store.c */
/* Inside the caller's transaction, nothing folded or logged: write `e`
 * sealed as a new row (insert: a fresh random id into *row) or over row
 * *row. fetch: the whole entry titled `title` and its row id, its bucket
 * checked against `s` (NULL: the state row). */
vault_err vlt_entry_put(vault *v, int64_t *row, const vault_entry *e,
    int insert);
/* For walks (entry_walk.c): the plaintext bytes a row (columns id,
 * title_index, summary[, body]) needs, and the row opened into e->rec,
 * a buffer of `cap` >= that many bytes, checked against its title index
 * (on failure the buffer is wiped and its length is 0). */
vault_err vlt_entry_row_need(sqlite3_stmt *st, int with_body, size_t *need);
vault_err vlt_entry_load_into(vault *v, sqlite3_stmt *st, int with_body,
    vault_entry *e, size_t cap);
vault_err vlt_entry_fetch(vault *v, const struct vlt_state *s,
    const char *title, vault_entry **out, int64_t *row);
/* EXISTS when another row (not `except`) holds e's title. */
vault_err vlt_entry_title_free(vault *v, const vault_entry *e, int64_t except);
vault_err vlt_verify_entries(vault *v, vault_damage_fn fn, void *ctx,
    size_t *damaged);
/* The place of row `id`'s body (format 2): bound to its summary's seal
 * by that seal's nonce (the first VLT_NONCE_BYTES of `summary`, which
 * must be a sealed blob), copied into `extra`. */
void vlt_body_place(struct vlt_place *pl, int64_t id, const uint8_t *summary,
    uint8_t extra[VLT_NONCE_BYTES]);

/* backup.c: open the file at `path`, a copy of v's vault (the same id:
 * else INVALID), read-only with v's master key, no clerk key: CORRUPT
 * when it does not open with that key (damaged, or rekeyed since). */
vault_err vlt_copy_open(const vault *v, const char *path, vault **out);

/* entry_store.c: for merge.c. load: the whole entry in row `id`
 * (NOTFOUND if none); insert_as: seal `e` into the new row `id` (the
 * other copy's id), with no manifest fold and no log record (the caller
 * folds); EXISTS when its title is another row's. */
vault_err vlt_entry_load(vault *v, int64_t id, vault_entry **out);
vault_err vlt_entry_insert_as(vault *v, int64_t id, const vault_entry *e);

/* tomb.c: deleted entries (the `deleted` setting): row id and time of
 * deletion, sorted by id, so that a merge tells "deleted here" from
 * "never here". read: *n = 0 when there are none; add: one more (the
 * caller's transaction); write: replace the set (sorted, the newest
 * VLT_TOMB_MAX kept). */
#define VLT_TOMB_MAX 4096u
struct vlt_tomb {
	int64_t id;
	int64_t time;
};
#define VLT_TOMB_BYTES 16u
/* The plaintext (len bytes) into t (room for len / 16 records): CORRUPT
 * unless whole records, ids 1..2^62 strictly increasing, times
 * 0..VAULT_TIME_MAX, at most VLT_TOMB_MAX; encode is its inverse. */
vault_err vlt_tomb_decode(const uint8_t *p, size_t len, struct vlt_tomb *t,
    size_t *n);
void vlt_tomb_encode(const struct vlt_tomb *t, size_t n, uint8_t *out);
vault_err vlt_tomb_read(vault *v, struct vlt_tomb **t, size_t *n);
vault_err vlt_tomb_write(vault *v, struct vlt_tomb *t, size_t n);
vault_err vlt_tomb_add(vault *v, int64_t id, int64_t when);

/* upgrade.c: format 1 to 2 in one transaction (session start). */
vault_err vlt_upgrade(vault *v);

/* setting.c: small sealed values by id and name. get: CORRUPT when the
 * setting is missing, longer than `max` or fails its seal. */
vault_err vlt_setting_put(vault *v, int64_t id, const char *name,
    const uint8_t *plain, size_t len);
vault_err vlt_setting_get(vault *v, int64_t id, const char *name,
    size_t max, vault_secret **out);

/* manifest.c: the entries' part of the state: the count and, per bucket
 * of row ids, the XOR of keyed hashes of the rows. fold(+1) after a row
 * is written, fold(-1) before it is changed or removed, inside the
 * caller's transaction; compute recomputes every bucket from the rows;
 * check_bucket compares one bucket with its rows (CORRUPT on mismatch). */
vault_err vlt_manifest_fold(vault *v, int64_t id, int sign);
vault_err vlt_manifest_check_bucket(vault *v, int64_t id);
/* The same against a state held in memory (a batch, batch.c, or a
 * merge, merge.c, each writing the state row once at its end):
 * fold_into changes `s` only. */
struct vlt_state;
vault_err vlt_manifest_fold_into(vault *v, struct vlt_state *s, int64_t id,
    int sign);
vault_err vlt_manifest_check_bucket_in(vault *v, const struct vlt_state *s,
    int64_t id);
/* The rows folded into `seen` (count and buckets) are the set the state
 * names: OK, else CORRUPT; OK for a format-1 file read as it is. */
vault_err vlt_manifest_matches(vault *v, const struct vlt_state *seen);

/* state.c: the state row and the row hashes and buckets of the entries.
 * read/write the sealed row; digest recomputes the escrow, settings and
 * keyslot digests from their rows; content is what a log record commits
 * to; rebuild recomputes everything from the rows, with the log's head
 * given (create, rekey, upgrade). log.c compares the file with it. */
#define VLT_ID_BITS 62u        /* entry ids are 1 + 62 random bits */
void vlt_row_hash(const vault *v, int64_t id, const uint8_t *s, size_t sl,
    const uint8_t *b, size_t bl, uint8_t out[32]);
/* The same under another key (format 1's manifest used the index key). */
void vlt_row_hash_keyed(const uint8_t *key, int64_t id, const uint8_t *s,
    size_t sl, const uint8_t *b, size_t bl, uint8_t out[32]);
unsigned vlt_bucket_of(int64_t id);
/* Fold the current row of `st` (id in column 0, summary in `col`, body
 * after it) into *count and buckets; fold_rows steps through them all
 * with the summary in column 1. */
void vlt_fold_row(const vault *v, sqlite3_stmt *st, int col, uint64_t *count,
    uint8_t (*bucket)[32]);
vault_err vlt_fold_rows(vault *v, sqlite3_stmt *st, uint64_t *count,
    uint8_t (*bucket)[32]);
vault_err vlt_manifest_compute(vault *v, struct vlt_state *s);
vault_err vlt_state_read(vault *v, struct vlt_state *s);
vault_err vlt_state_write(vault *v, const struct vlt_state *s);
vault_err vlt_state_digest(vault *v, struct vlt_state *s);
/* Only some of them: the escrow and settings digests (what a log record
 * commits to), the keyslot's, or both. */
#define VLT_DIGEST_CONTENT 1u
#define VLT_DIGEST_KEYSLOT 2u
vault_err vlt_state_digest_parts(vault *v, struct vlt_state *s,
    unsigned parts);
void vlt_state_content(const vault *v, const struct vlt_state *s,
    uint8_t out[32]);
vault_err vlt_state_rebuild(vault *v, uint64_t generation,
    const uint8_t head[32]);

/* index.c: the keyed blind index of a normalised title. */
#define VLT_INDEX_BYTES 32u
vault_err vlt_index_title(const vault *v, const uint8_t *title, size_t len,
    uint8_t out[VLT_INDEX_BYTES]);

#endif
