/* SPDX-License-Identifier: ISC */
/*
 * vault.h - the one public header of libvault, the library behind cvault.
 *
 * A vault is one SQLite file holding a council's credentials. Every user
 * datum in it is sealed with XChaCha20-Poly1305 under a random master key;
 * the master key is wrapped in keyslots under keys stretched from
 * passphrases with Argon2id. docs/format.md describes the file; vault(3)
 * and the examples/ directory show the API in use.
 *
 * Conventions, for every function below:
 *  - Anything that can fail returns a vault_err; VAULT_OK (0) is success.
 *    On failure every output pointer is set to NULL / zero and nothing is
 *    written to the vault (each write is a single SQLite transaction).
 *  - Secret bytes handed to the caller live in guarded memory
 *    (sodium_malloc) inside opaque objects, released with the matching
 *    *_free(), which wipes them. Every destructor accepts NULL.
 *  - Passphrases passed in are copied where needed and never kept.
 *  - The library never prints, never exits, and never touches a terminal.
 */
#ifndef VAULT_H
#define VAULT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define VAULT_API __attribute__((visibility("default")))
#define VAULT_NODISCARD __attribute__((warn_unused_result))
#else
#define VAULT_API
#define VAULT_NODISCARD
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Error codes are ABI: only ever appended (before VAULT_ERR_COUNT). */
typedef enum vault_err {
	VAULT_OK = 0,
	VAULT_ERR_INVALID,      /* caller broke the contract (bad argument) */
	VAULT_ERR_NOMEM,        /* out of memory (or of lockable memory) */
	VAULT_ERR_IO,           /* file system: missing file, permissions */
	VAULT_ERR_DB,           /* SQLite failed (disk full, I/O error) */
	VAULT_ERR_BUSY,         /* another process holds the vault */
	VAULT_ERR_CORRUPT,      /* damaged or tampered with under the right key */
	VAULT_ERR_AUTH,         /* wrong passphrase (or damaged keyslot) */
	VAULT_ERR_NOTFOUND,     /* no such entry, field or holder */
	VAULT_ERR_EXISTS,       /* file or entry title already exists */
	VAULT_ERR_SHARES,       /* too few, duplicate or mismatched shares */
	VAULT_ERR_KDF,          /* Argon2 parameters out of range */
	VAULT_ERR_VERSION,      /* written by a newer cvault, or not a vault */
	VAULT_ERR_POLICY,       /* refused by the council's password policy */
	VAULT_ERR_MNEMONIC,     /* mistyped share: unknown word or checksum */
	VAULT_ERR_FORMAT,       /* malformed input file or text */
	VAULT_ERR_READONLY,     /* must be recorded, and the file cannot be
	                         * written (read-only file, folder or media) */
	VAULT_ERR_UNAVAILABLE,  /* this build lacks the library it needs
	                         * (docs/testing.md lists such builds) */
	VAULT_ERR_COUNT         /* not an error; keep last */
} vault_err;

/* A one-line, human-readable description of `e`. Never NULL, never
 * contains secret data; unknown codes give "unknown error". */
VAULT_API const char *vault_strerror(vault_err e);

/* ------------------------------------------------------------------ */
/* Secrets                                                             */
/* ------------------------------------------------------------------ */

typedef struct vault_secret vault_secret;   /* guarded bytes owned by caller */

/* Copy `len` bytes at `data` into a new guarded secret. `len` may be 0.
 * Errors: INVALID NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_secret_from(const uint8_t *data, size_t len, vault_secret **out);
/* The secret's bytes (valid until vault_secret_free) and length. */
VAULT_API const uint8_t *vault_secret_data(const vault_secret *s);
VAULT_API size_t vault_secret_len(const vault_secret *s);
/* Wipe and release; NULL is a no-op. */
VAULT_API void vault_secret_free(vault_secret *s);

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

typedef struct vault vault;                 /* opaque; see vault_open() */

/* Argon2id settings for a passphrase keyslot. memory_kib is KiB. */
typedef struct vault_params {
	uint32_t kdf_memory_kib;   /* 8 MiB .. 4 GiB */
	uint32_t kdf_passes;       /* 1 .. 16 */
	uint32_t kdf_lanes;        /* 1 .. 16; 1 uses libsodium, more libargon2 */
} vault_params;

#define VAULT_KDF_MEMORY_MIN_KIB   (8u * 1024u)
#define VAULT_KDF_MEMORY_MAX_KIB   (4u * 1024u * 1024u)
#define VAULT_KDF_PASSES_MAX       16u
#define VAULT_KDF_LANES_MAX        16u
/* Below these the KDF is accepted but weak (the CLI warns). */
#define VAULT_KDF_MEMORY_SAFE_KIB  (256u * 1024u)
#define VAULT_KDF_PASSES_SAFE      2u

/* The defaults: 512 MiB, 3 passes, 1 lane: about one second on an idle
 * 2-core machine (docs/benchmarks.md). */
VAULT_API void vault_params_default(vault_params *p);
/* VAULT_OK if `p` is within the bounds above, else VAULT_ERR_KDF. */
VAULT_API VAULT_NODISCARD vault_err vault_params_check(const vault_params *p);

/* Create a new vault file at `path` for council `council` (UTF-8, shown
 * in notices and on printed shares), protected by the clerk's passphrase
 * `pass`. The file is built under a temporary name and linked into place,
 * so `path` is never overwritten and never half-written; it is mode 0600.
 * `params` NULL means the defaults. On VAULT_OK, *out is the open vault.
 * Errors: INVALID NOMEM IO EXISTS DB KDF. */
VAULT_API VAULT_NODISCARD vault_err
vault_create(const char *path, const char *council,
    const uint8_t *pass, size_t pass_len, const vault_params *params,
    vault **out);

/* Unlock the vault at `path` with the clerk's passphrase.
 * On VAULT_OK, *out must be released with vault_close(). A format-1 file
 * that can be written is upgraded to format 2 in one transaction as it
 * opens (a read-only one is read as it is); then the file is compared
 * with its sealed state, and anything found (vault_findings) is kept in
 * the clerk's keyslot until acknowledged.
 * Errors: INVALID NOMEM IO DB BUSY CORRUPT VERSION KDF AUTH (a wrong
 * passphrase and a damaged keyslot are indistinguishable: AUTH). */
VAULT_API VAULT_NODISCARD vault_err
vault_open(const char *path, const uint8_t *pass, size_t pass_len,
    vault **out);

/* vault_open with `flags`: 0, or VAULT_OPEN_READONLY to open the file
 * for reading only (SQLite's mode=ro): nothing is written to it - no
 * log record of this opening, no format upgrade, no change - so a backup
 * checked this way keeps every byte. Changes then fail with READONLY.
 * Errors: as vault_open, and INVALID for an unknown flag. */
#define VAULT_OPEN_READONLY 0x1u
VAULT_API VAULT_NODISCARD vault_err
vault_open_flags(const char *path, const uint8_t *pass, size_t pass_len,
    unsigned flags, vault **out);

/* A vault's id: 16 random bytes fixed at creation (docs/format.md), the
 * same in every copy and backup of it. vault_id copies an open vault's
 * (zeros for NULL); vault_id_read reads the file's header, read-only,
 * without any key (public data), to tell copies of one vault from other
 * vaults. Errors (read): INVALID NOMEM IO NOTFOUND DB BUSY CORRUPT
 * VERSION (not a vault, or a newer one). */
#define VAULT_ID_BYTES 16u
VAULT_API void vault_id(const vault *v, uint8_t id[VAULT_ID_BYTES]);
VAULT_API VAULT_NODISCARD vault_err
vault_id_read(const char *path, uint8_t id[VAULT_ID_BYTES]);

/* Wipe all key material and close the file. NULL is a no-op. */
VAULT_API void vault_close(vault *v);

/* Replace the clerk's passphrase and/or KDF settings: the master key is
 * re-wrapped in one transaction; entries are untouched. `params` NULL
 * keeps the current settings. Clerk sessions only: in an escrow session
 * (INVALID) a new clerk passphrase needs a new master key, which is what
 * vault_rekey with a passphrase ("handover") does.
 * Errors: INVALID NOMEM DB BUSY KDF. */
VAULT_API VAULT_NODISCARD vault_err
vault_passwd(vault *v, const uint8_t *new_pass, size_t new_len,
    const vault_params *params);

/* The clerk keyslot's current KDF settings. Errors: INVALID DB CORRUPT. */
VAULT_API VAULT_NODISCARD vault_err
vault_params_get(vault *v, vault_params *out);

/* The KDF settings the file at `path` asks for to unlock the clerk's
 * slot, read without any key so that a caller can warn before spending
 * them (a planted file may ask for gigabytes). Bounded like every read.
 * Errors: INVALID NOMEM IO NOTFOUND DB BUSY CORRUPT VERSION. */
VAULT_API VAULT_NODISCARD vault_err
vault_params_read(const char *path, vault_params *out);

/* The council name given at creation, as a NUL-terminated string owned
 * by the vault (valid until vault_close). Never NULL on an open vault. */
VAULT_API const char *vault_council(const vault *v);

/* 1 when the file could only be opened for reading (read-only media or
 * permissions): entries can be read, nothing can be changed (IO), and
 * nothing - not even this opening - is recorded in its log. */
VAULT_API int vault_is_readonly(const vault *v);

/* Vault settings, by name: "hibp", the path of a Have I Been Pwned list
 * that password checks consult; "max-age-days", the age in days (a
 * decimal number 0..36500) past which the annual review report lists a
 * password for review (unset: VAULT_MAX_AGE_DAYS_DEFAULT); "backup-dir",
 * the folder `cvault backup` writes into; "last-backup", read-only here
 * (set by vault_backup), the Unix time of the last verified backup;
 * "clipboard-seconds", how long a value copied with --copy stays on the
 * clipboard (a decimal number 1..VAULT_CLIPBOARD_SECONDS_MAX; unset: 20,
 * the program's choice); "idle-timeout", the seconds (a decimal number
 * 1..86400) after which an idle cvault shell locks (unset:
 * VAULT_IDLE_TIMEOUT_DEFAULT); "location", where the vault file is kept,
 * as the clerk describes it for the holders' sheets (one line:
 * vault_text_check, at most VAULT_LOCATION_MAX bytes; shares issued later
 * carry it). Values are
 * sealed like every datum (a path is not secret, but it is the council's).
 * vault_config_set with value NULL or "" removes the setting. get: *out
 * is a NUL-terminated copy to free() (NULL and NOTFOUND when unset).
 * Errors: INVALID (unknown name, value over 4096 bytes) NOMEM DB BUSY
 * CORRUPT NOTFOUND; set also INVALID for a max-age-days,
 * clipboard-seconds or idle-timeout value that is not a number in range,
 * or a location that is not one line of text. */
#define VAULT_MAX_AGE_DAYS_DEFAULT 365u
#define VAULT_MAX_AGE_DAYS_MAX     36500u
#define VAULT_CLIPBOARD_SECONDS_MAX 86400u
#define VAULT_IDLE_TIMEOUT_DEFAULT 300u
#define VAULT_IDLE_TIMEOUT_MAX     86400u
#define VAULT_LOCATION_MAX         512u
VAULT_API VAULT_NODISCARD vault_err
vault_config_set(vault *v, const char *name, const char *value);
VAULT_API VAULT_NODISCARD vault_err
vault_config_get(vault *v, const char *name, char **out);

/* Back the open vault up into a new file `dest` (created O_EXCL, mode
 * 0600; never over an existing file or through a symbolic link) with
 * SQLite's online backup API, which copies a consistent snapshot while
 * other processes may be using the vault (a writer's commit is waited
 * for, up to about five seconds). The copy is the file's own pages:
 * ciphertext and public header only. It is then opened read-only with
 * this session's master key and verified as vault_verify does; a copy
 * that fails is removed (CORRUPT: the vault itself needs checking).
 * On success the time is recorded in the vault as the setting
 * "last-backup" (Unix seconds, read with vault_config_get), with a
 * CONFIG log record, and *recorded (may be NULL) is 1; it is 0 when the
 * vault could not take the record (read-only, busy, disk full), which
 * does not make the backup fail. Errors: INVALID NOMEM IO EXISTS DB BUSY
 * CORRUPT. */
VAULT_API VAULT_NODISCARD vault_err
vault_backup(vault *v, const char *dest, int *recorded);

/* What vault_merge did, or why it refused. */
typedef struct vault_merge_result {
	size_t added;           /* entries only the other copy had */
	size_t updated;         /* entries whose other version won, or whose
	                         * other password was added to the history */
	size_t deleted;         /* entries the other copy had deleted */
	size_t records;         /* log records brought in from the other */
	size_t escrow_records;  /* of them, made during escrow openings */
	int escrow_taken;       /* the other copy's newer escrow rows taken */
	const char *refused;    /* on EXISTS (a conflict) or INVALID (another
	                         * vault): why, a static English sentence */
} vault_merge_result;

/* Merge the copy of this vault at `other` (the same vault id; opened
 * read-only with this session's master key, so the same clerk - or the
 * same holders - can open both; it is never written) into `v`, in one
 * transaction with one state write, recorded by a MERGE log record (in
 * an escrow session flagged as escrow, like any escrow change). The
 * other copy is verified first: damaged or tampered with, or under
 * another master key (rekeyed since), it is refused (CORRUPT) and
 * nothing is written. Entries match by their row id, random and kept
 * for an entry's life: the most recent edit wins, and the other side's
 * password goes into the winner's history; deletions carry over (the
 * vault remembers deleted ids and when: "deleted here" is not "never
 * here"); log records this vault lacks are appended as merged records
 * (vault_log_event.merged) with their time, kind, escrow flag, actor and
 * subject, so an escrow opening made in the other copy reaches the
 * clerk's notice. Escrow and holder rows that differ are taken from the
 * other copy only when its log has an escrow change this one lacks and
 * not the reverse; otherwise, and for a title used by different entries
 * in the two copies, the merge is refused (EXISTS, res->refused says
 * why). The clerk's keyslot and the other settings stay v's. Merging the
 * same copy again, or the two copies in either direction, gives the
 * same entries and the same set of events. *res is filled on success.
 * A session opened with VAULT_OPEN_READONLY becomes an ordinary one
 * (the file reopened for writing, its opening recorded) once the other
 * copy has passed these checks, so that a refused merge writes nothing
 * at all.
 * Errors: INVALID (another vault: res->refused) NOMEM IO NOTFOUND DB BUSY
 * CORRUPT EXISTS READONLY VERSION. */
VAULT_API VAULT_NODISCARD vault_err
vault_merge(vault *v, const char *other, vault_merge_result *res);

/* The file format version this library writes (it also reads format 1,
 * and upgrades it when the file can be written). */
#define VAULT_FORMAT_VERSION 2

/* ------------------------------------------------------------------ */
/* Entries                                                             */
/* ------------------------------------------------------------------ */

/* An entry is one account's credentials, held decrypted in guarded
 * memory. Everything in it is secret; it is owned by the caller and
 * released with vault_entry_free(). */
typedef struct vault_entry vault_entry;

typedef enum vault_field {
	VAULT_FIELD_TITLE = 1,     /* unique in the vault, case-insensitively */
	VAULT_FIELD_USERNAME = 2,
	VAULT_FIELD_URL = 3,
	VAULT_FIELD_NOTES = 4,
	VAULT_FIELD_PASSWORD = 5,
	VAULT_FIELD_TOTP = 6,      /* an otpauth:// URI (vault_otp_parse) */
	VAULT_FIELD_RECOVERY_CODES = 7, /* a service's 2FA recovery codes */
	VAULT_FIELD_2FA_DEVICE = 8 /* where the second factor is kept */
} vault_field;

typedef enum vault_time {
	VAULT_TIME_CREATED = 1,
	VAULT_TIME_MODIFIED = 2,
	VAULT_TIME_PASSWORD = 3    /* when the password last changed */
} vault_time;

/* Entry flags. */
#define VAULT_ENTRY_WEAK 0x1u   /* stored with --allow-weak: reported */

/* Longest title, tag or custom field name; longest value of any field. */
#define VAULT_TITLE_MAX   1024u
#define VAULT_VALUE_MAX   (4u * 1024u * 1024u)
/* How many previous passwords an entry remembers. */
#define VAULT_HISTORY_MAX 10u
#define VAULT_TIME_MAX    253402300799LL  /* 9999-12-31 23:59:59 UTC */

/* Text rules. Every text field must be valid UTF-8 (no overlong forms,
 * no surrogates, nothing above U+10FFFF). Titles, tags, custom field
 * names, usernames, URLs and TOTP URIs must also be printable: no C0
 * control (U+0000-001F), no DEL (U+007F), no C1 control (U+0080-009F),
 * and no bidirectional control (U+061C, U+200E, U+200F, U+202A-202E,
 * U+2066-2069), which a terminal or viewer would obey rather than show.
 * Notes and custom field values follow the same rule but may also hold
 * newlines and tabs (VAULT_TEXT_MULTILINE). Passwords are bytes and are
 * not checked. The setters below refuse text that breaks these rules
 * (INVALID); readers never do, since an older vault may hold such text:
 * callers escape it when they show it. */
#define VAULT_TEXT_MULTILINE 0x1u  /* flag: newline and tab allowed */
#define VAULT_TEXT_NOT_UTF8  1     /* vault_text_check(): malformed UTF-8 */
#define VAULT_TEXT_CONTROL   2     /* vault_text_check(): a control */

/* Check `len` bytes at `p` (no NUL needed; NUL counts as a control)
 * against the rules above; `flags` 0 or VAULT_TEXT_MULTILINE. Returns 0
 * when the text is acceptable, else VAULT_TEXT_NOT_UTF8 or
 * VAULT_TEXT_CONTROL for the first offending character, whose byte
 * offset goes to *at and whose code point (for NOT_UTF8: the offending
 * byte) goes to *cp; either pointer may be NULL. A control character's
 * length in bytes is that of its code point's UTF-8 form; a malformed
 * byte counts as one. Pure; never fails otherwise. */
VAULT_API int
vault_text_check(const uint8_t *p, size_t len, unsigned flags, size_t *at,
    uint32_t *cp);

/* A new, empty entry. Errors: INVALID NOMEM. */
VAULT_API VAULT_NODISCARD vault_err vault_entry_new(vault_entry **out);
VAULT_API void vault_entry_free(vault_entry *e);

/* Set field `f` to `len` bytes at `val` (no NUL needed), replacing any
 * previous value. len 0 clears it. Text fields must follow the text
 * rules above (notes: VAULT_TEXT_MULTILINE); the password is bytes.
 * Errors: INVALID (title empty or too long, value too long, text that
 * breaks the rules) NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_set(vault_entry *e, vault_field f, const uint8_t *val, size_t len);

/* Point *val at field `f` (inside `e`; valid until `e` changes or is
 * freed) and set *len. Errors: INVALID NOTFOUND (field empty). */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_field(const vault_entry *e, vault_field f,
    const uint8_t **val, size_t *len);

/* Tags: add one (duplicates ignored), remove one, or read the i-th. A
 * tag added must be printable text (the rules above); any tag can be
 * removed. Errors: INVALID NOMEM NOTFOUND (no such tag / index past the
 * end). */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_tag_add(vault_entry *e, const char *tag);
VAULT_API VAULT_NODISCARD vault_err
vault_entry_tag_remove(vault_entry *e, const char *tag);
VAULT_API VAULT_NODISCARD vault_err
vault_entry_tag(const vault_entry *e, size_t i,
    const uint8_t **tag, size_t *len);

/* Custom fields, by name (case-sensitive). len 0 removes the field.
 * When setting, the name must be printable text and the value text
 * under VAULT_TEXT_MULTILINE (the rules above). vault_entry_custom()
 * reads the i-th in insertion order. Errors: INVALID NOMEM NOTFOUND. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_custom_set(vault_entry *e, const char *name,
    const uint8_t *val, size_t len);
VAULT_API VAULT_NODISCARD vault_err
vault_entry_custom(const vault_entry *e, size_t i,
    const uint8_t **name, size_t *name_len,
    const uint8_t **val, size_t *val_len);

/* Previous password i (0 = most recent) and when it was replaced
 * (Unix seconds). Errors: INVALID NOTFOUND. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_history(const vault_entry *e, size_t i,
    const uint8_t **pass, size_t *len, int64_t *replaced);

/* Timestamps (Unix seconds; 0 before the entry is stored) and flags. */
VAULT_API int64_t vault_entry_time(const vault_entry *e, vault_time t);
/* Set timestamp `t` to `when` (Unix seconds, 0..VAULT_TIME_MAX), for
 * entries brought in from elsewhere (import, merge). vault_entry_add()
 * and vault_entry_update() set the times themselves. Errors: INVALID NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_time_set(vault_entry *e, vault_time t, int64_t when);
/* Add `pass` (len bytes, 1..VAULT_VALUE_MAX; secret, copied) to the
 * history as its most recent previous password, replaced at `when`
 * (0..VAULT_TIME_MAX); only the newest VAULT_HISTORY_MAX are kept, so
 * push the oldest first. Errors: INVALID NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_history_push(vault_entry *e, const uint8_t *pass, size_t len,
    int64_t when);
VAULT_API uint32_t vault_entry_flags(const vault_entry *e);
VAULT_API VAULT_NODISCARD vault_err
vault_entry_flags_set(vault_entry *e, uint32_t flags);

/* Store `e` as a new entry. Its title must be set and unused (compared
 * case-insensitively). Created/modified/password times are set to now.
 * Errors: INVALID NOMEM DB BUSY EXISTS. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_add(vault *v, vault_entry *e);

/* Fetch the entry titled `title` (case-insensitive), decrypted; the
 * reveal is logged as one of the whole entry (VAULT_SHOWN_ENTRY).
 * Errors: INVALID NOMEM DB BUSY NOTFOUND CORRUPT (failed its MAC). */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_get(vault *v, const char *title, vault_entry **out);

/* What a reveal showed, as the log records it (vault_log_event.shown). */
#define VAULT_SHOWN_PASSWORD 0x01u  /* the password */
#define VAULT_SHOWN_NOTES    0x02u  /* the notes */
#define VAULT_SHOWN_DETAILS  0x04u  /* username, URL, tags, custom fields */
#define VAULT_SHOWN_2FA      0x08u  /* TOTP secret or code, recovery codes,
                                     * second-factor device */
#define VAULT_SHOWN_HISTORY  0x10u  /* previous passwords */
#define VAULT_SHOWN_ENTRY    0x1fu  /* all of the above: the whole entry */

/* As vault_entry_get, but the log's reveal record names what the caller
 * is about to show: `shown`, a non-zero set of VAULT_SHOWN_* bits. The
 * whole entry is returned all the same; showing only those fields is
 * the caller's promise. Errors: INVALID (shown 0 or unknown bits) NOMEM
 * DB BUSY NOTFOUND CORRUPT. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_reveal(vault *v, const char *title, unsigned shown,
    vault_entry **out);

/* Finding the entry a person means (vault_entry_find). */
#define VAULT_FIND_EXACT   1    /* the title, case-insensitively */
#define VAULT_FIND_PREFIX  2    /* the only title that starts so */
#define VAULT_FIND_WORD    3    /* the only title with these whole words */
#define VAULT_FIND_MANY    4    /* several fit: titles are the candidates */
#define VAULT_FIND_NEAREST 5    /* none fits: titles are the nearest ones */
typedef struct vault_found {
	int how;                /* VAULT_FIND_* */
	size_t n;               /* titles[0..n-1] */
	size_t total;           /* how many there were before the cut */
	char **titles;          /* NUL-terminated; sorted, nearest first */
} vault_found;

/* Find the entry meant by `query` (surrounding blanks ignored). The rules,
 * ASCII letters folded as for titles: the exact title wins; else the one
 * title that starts with the query, or holds it as a run of whole words
 * (words end at blanks and ASCII punctuation), is found; prefix and word
 * matches together must be exactly one. VAULT_OK: out->n is 1 and
 * out->titles[0] is the title to pass to vault_entry_get (for EXACT, the
 * query itself). NOTFOUND: out->how is MANY (up to `max` candidates,
 * sorted) or NEAREST (up to `max` titles within edit distance about one
 * per three letters of the query, of the whole title or one of its words;
 * possibly none). Only titles are read (summaries decrypted, no body);
 * nothing is logged. The exact case costs no decryption. Free with
 * vault_found_clear() whatever the result. Errors: INVALID (empty or
 * over-long query, max 0) NOMEM DB BUSY CORRUPT NOTFOUND. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_find(vault *v, const char *query, size_t max, vault_found *out);
VAULT_API void vault_found_clear(vault_found *f);   /* NULL is a no-op */

/* VAULT_OK if an entry titled `title` exists, NOTFOUND if not. Nothing
 * is decrypted and nothing is logged. Errors: INVALID DB BUSY. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_exists(vault *v, const char *title);

/* Replace the entry titled `title` with `e` (which may carry a new
 * title). If the password differs from the stored one, the old one goes
 * to the history (newest first, VAULT_HISTORY_MAX kept) and the password
 * time is set; the modified time is always set; `e` is updated to match
 * what was stored. Errors: INVALID NOMEM DB BUSY NOTFOUND EXISTS CORRUPT. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_update(vault *v, const char *title, vault_entry *e);

/* Delete the entry titled `title`; its bytes are overwritten on disk
 * (secure_delete). Errors: INVALID DB BUSY NOTFOUND. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_delete(vault *v, const char *title);

/* A batch: many entries added in one transaction, for an import. The
 * vault is locked for writing from begin until commit or abort; the
 * vault's state row is rewritten once, at commit, with one IMPORT log
 * record (not one ADD per entry), so a batch of 10,000 costs little more
 * than its sealing. Nothing is visible to others before the commit, and
 * an abort (or any failure) leaves the file exactly as it was. */
typedef struct vault_batch vault_batch;

/* Start a batch (BEGIN IMMEDIATE). Errors: INVALID NOMEM DB BUSY
 * CORRUPT READONLY (the file cannot be written) VERSION. */
VAULT_API VAULT_NODISCARD vault_err
vault_batch_begin(vault *v, vault_batch **out);

/* How vault_batch_add treats a title already in the vault (compared as
 * the vault compares titles: case-insensitively for ASCII letters). */
#define VAULT_BATCH_REPLACE 0x1u  /* replace it: its created time is
				   * kept, and its password (when it
				   * differs) and its history become the
				   * newest entries of e's history */

/* Add `e` (title set) to the batch. Times that e carries (non-zero,
 * vault_entry_time_set) are kept; unset ones are now (the password time,
 * when unset, is the modified time). e's history and flags are kept.
 * `e` is only read: the caller still frees it. Without
 * VAULT_BATCH_REPLACE a title in use gives EXISTS, and the batch stays
 * usable. On any other error the batch must be aborted. Errors: INVALID
 * NOMEM DB BUSY EXISTS CORRUPT (the entry to replace failed its check). */
VAULT_API VAULT_NODISCARD vault_err
vault_batch_add(vault_batch *b, vault_entry *e, unsigned flags);

/* Entries added to the batch so far (replacements included). */
VAULT_API size_t vault_batch_count(const vault_batch *b);

/* Record one IMPORT event whose subject is `label` (printable text, at
 * most VAULT_TITLE_MAX bytes, e.g. "Bitwarden JSON: 214 entries"), write
 * the state and commit. `b` is released whatever the result; on failure
 * nothing of the batch is in the file. Errors: INVALID DB BUSY CORRUPT
 * READONLY NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_batch_commit(vault_batch *b, const char *label);

/* Roll the batch back and release it. NULL is a no-op. */
VAULT_API void vault_batch_abort(vault_batch *b);

/* ------------------------------------------------------------------ */
/* Import (docs/moving-in.md)                                          */
/* ------------------------------------------------------------------ */

/* Bytes of the file being imported: read up to `cap` bytes into `buf`
 * and set *got (0 at the end). Errors: IO. Called until it gives 0. */
typedef vault_err (*vault_read_fn)(void *ctx, uint8_t *buf, size_t cap,
    size_t *got);

/* What to do with a title already in the vault or earlier in the file
 * (titles match after Unicode NFC normalisation and case folding). */
typedef enum vault_dup {
	VAULT_DUP_SKIP = 1,     /* keep what is there, leave the row out */
	VAULT_DUP_SUFFIX = 2,   /* keep both: the new one as "Title (2)" */
	VAULT_DUP_REPLACE = 3   /* replace it, keeping its history and its
	                         * password as the newest history item */
} vault_dup;

typedef struct vault_import_opts {
	const char *format;     /* a name (vault_import_format), NULL: detect */
	const char *const *map; /* CSV: "COLUMN=FIELD" overrides, FIELD one
	                         * of title username password url notes totp
	                         * tags ignore custom */
	size_t n_map;
	vault_dup duplicates;   /* 0 means VAULT_DUP_SKIP */
	/* Words no password may contain (the council's name, holders'
	 * names), besides each entry's own title, username and host. */
	const char *const *context;
	size_t n_context;
	/* For a format that has its own password (a .kdbx file): called
	 * once, after detection, for it (secret; freed by the driver). */
	vault_err (*pass_fn)(void *ctx, vault_secret **out);
	void *pass_ctx;
	/* 1: read, judge and report everything, add nothing: no batch is
	 * opened (*out stays NULL) and the vault is only read, so a dry run
	 * works on a read-only vault. */
	int dry_run;
} vault_import_opts;

typedef enum vault_import_status {
	VAULT_IMPORT_NEW = 1,           /* added */
	VAULT_IMPORT_DUP_SKIPPED = 2,   /* a duplicate, left out */
	VAULT_IMPORT_DUP_SUFFIXED = 3,  /* a duplicate, added as "T (2)" */
	VAULT_IMPORT_DUP_REPLACED = 4,  /* a duplicate, replaced the other */
	VAULT_IMPORT_UNREADABLE = 5     /* a record that cannot be read */
} vault_import_status;

/* One record's fate, for the caller's summary. Strings live until the
 * callback returns; they are public text from the file (escape them
 * before showing them) and never hold a password. */
typedef struct vault_import_row {
	vault_import_status status;
	uint64_t line;          /* 1-based, 0 when the format has no lines */
	uint64_t record;        /* 1-based record number */
	const char *title;      /* as stored (with any suffix); NULL when
	                         * unreadable */
	const char *other;      /* a duplicate: the title it duplicates */
	int in_vault;           /* a duplicate of an entry in the vault (1)
	                         * or of one earlier in the file (0) */
	int weak;               /* fails the policy: imported and flagged
	                         * VAULT_ENTRY_WEAK */
	const char *reasons;    /* weak: the policy's reasons; unreadable:
	                         * why; else NULL */
} vault_import_row;

typedef struct vault_import_report {
	void (*row)(void *ctx, const vault_import_row *r);  /* may be NULL */
	void (*note)(void *ctx, const char *text);  /* how the CSV header
	                                             * was read; may be NULL */
	void *ctx;
} vault_import_report;

typedef struct vault_import_result {
	const char *format;     /* the format's name (static); NULL if none */
	const char *label;      /* "a Bitwarden JSON export" (static) */
	size_t records, added, weak, dup_skipped, dup_suffixed, dup_replaced,
	    unreadable;
	uint64_t line, offset;  /* FORMAT: where the file went wrong */
	char why[200];          /* FORMAT: why, one line, no secret */
} vault_import_result;

/* The i-th format the importer reads: its name (for opts.format) and
 * label. Static strings. Errors: NOTFOUND past the last. */
VAULT_API VAULT_NODISCARD vault_err
vault_import_format(size_t i, const char **name, const char **label);

/* Read a file exported from another password manager or a spreadsheet
 * through `rd`, detecting its format from its content unless
 * opts->format names one, and add every record to a new batch
 * (vault_batch_begin): duplicates as opts->duplicates says, passwords
 * that fail the policy (CREDENTIAL level) flagged VAULT_ENTRY_WEAK,
 * never refused; each record reported through `rep` (may be NULL). The
 * file is streamed: memory stays bounded whatever its size. On VAULT_OK
 * *out is the open batch holding it all (NULL for a dry run), for the caller to show the
 * summary and then vault_batch_commit or vault_batch_abort; *res says
 * what was found. On any error nothing is added (the batch is aborted)
 * and, for FORMAT, res->why, line and offset say where and why: a
 * malformed file (unterminated quote, truncated JSON, an over-long line,
 * no records at all, a format not recognised) imports nothing.
 * Errors: INVALID (unknown format name, bad map) NOMEM IO DB BUSY
 * READONLY CORRUPT FORMAT AUTH (a wrong password for the file). */
VAULT_API VAULT_NODISCARD vault_err
vault_import_run(vault *v, vault_read_fn rd, void *rd_ctx,
    const vault_import_opts *opts, const vault_import_report *rep,
    vault_import_result *res, vault_batch **out);

/* Call `fn` for each entry whose title, username, URL or a tag contains
 * `term` case-insensitively (ASCII folding; NULL or "" matches all), in
 * no particular order (the CLI sorts). Only the summary (title, username, URL, tags, times,
 * flags) is decrypted; password, notes, TOTP, custom fields and history
 * are absent. The entry passed to `fn` is freed after it returns. A
 * non-zero return from `fn` stops the walk and is returned in *stopped
 * (which may be NULL). Errors: INVALID NOMEM DB BUSY CORRUPT. */
typedef int (*vault_entry_fn)(void *ctx, const vault_entry *summary);
VAULT_API VAULT_NODISCARD vault_err
vault_entry_search(vault *v, const char *term, vault_entry_fn fn, void *ctx,
    int *stopped);

/* Call `fn` for every entry, whole: summary and body (password, notes,
 * TOTP, recovery codes, second-factor device, custom fields, history),
 * in no particular order. For callers that must look at every password
 * at once without showing any, such as the annual review report: unlike
 * vault_entry_get, nothing is written to the log (the opening that gave
 * the caller the vault was recorded; no reveal is, as nothing is meant
 * to be shown). Each row is decrypted into one reused guarded buffer
 * that is wiped before the next row is read; the entry passed to `fn`
 * (secret, all of it) is valid only until `fn` returns and must not be
 * kept. The walk is one read transaction, and the rows it read are
 * checked against the vault's sealed state at the end, as for
 * vault_entry_search: rows put back, removed or added behind the
 * library's back give CORRUPT (so a caller should act on what it was
 * given only after VAULT_OK). A non-zero return from `fn` stops the walk
 * (the state is then not checked) and is returned in *stopped (may be
 * NULL). Errors: INVALID NOMEM DB BUSY CORRUPT. */
VAULT_API VAULT_NODISCARD vault_err
vault_entry_walk(vault *v, vault_entry_fn fn, void *ctx, int *stopped);

/* Export formats (docs/kdbx.md, cvault(1) "export"). */
typedef enum vault_export_format {
	VAULT_EXPORT_CSV = 1,   /* plaintext: title,username,password,url,
	                         * notes,tags,totp (RFC 4180, UTF-8) */
	VAULT_EXPORT_JSON = 2,  /* plaintext: Bitwarden-style JSON */
	VAULT_EXPORT_KDBX = 3   /* KeePass KDBX 4: ChaCha20, Argon2id */
} vault_export_format;

/* Write every entry to `fd` in format `fmt`. The export is recorded in
 * the log (VAULT_EVENT_EXPORT, one transaction) before a byte is
 * written: an export that cannot be recorded is refused. CSV and JSON
 * hold every password in the clear: the caller decides where they go
 * (cvault refuses a terminal and creates the file 0600). For KDBX,
 * `pass` (secret, pass_len bytes, at least 1) becomes the file's master
 * password, stretched with Argon2id under `params` (NULL: 64 MiB, 3
 * passes, 2 lanes; bounded as for vault_create, and memory at most
 * 1 GiB, which readers accept: else KDF); the file holds, for
 * each entry, its fields, tags, custom fields, TOTP (as KeePassXC's
 * `otp` attribute) and password history. CSV and JSON take no `pass`
 * (NULL, 0). *count (may be NULL) receives the number of entries
 * written. Plaintext is built in guarded memory and written with
 * write(2). Errors: INVALID NOMEM IO (writing failed: the output is
 * incomplete and should be removed) DB BUSY CORRUPT READONLY KDF. */
VAULT_API VAULT_NODISCARD vault_err
vault_export(vault *v, vault_export_format fmt, int fd, const uint8_t *pass,
    size_t pass_len, const vault_params *params, size_t *count);

/* Decrypt and authenticate every record in the vault. For each record
 * that fails, `fn` (may be NULL) is called with a description such as
 * "entry record 1234" (the row id) that contains no secret. *damaged (may be NULL)
 * receives the count. Returns VAULT_OK if all are intact, CORRUPT if any
 * is damaged, or another error if the walk itself failed. */
typedef void (*vault_damage_fn)(void *ctx, const char *what);
VAULT_API VAULT_NODISCARD vault_err
vault_verify(vault *v, vault_damage_fn fn, void *ctx, size_t *damaged);

/* ------------------------------------------------------------------ */
/* Audit log                                                           */
/* ------------------------------------------------------------------ */

/* Every unlock, every reveal and every change is appended to a sealed,
 * hash-chained log in the same transaction as the action itself. */
typedef enum vault_event {
	VAULT_EVENT_OPEN = 1,           /* unlocked (clerk or escrow) */
	VAULT_EVENT_REVEAL = 2,         /* an entry was read: subject = title */
	VAULT_EVENT_ADD = 3,
	VAULT_EVENT_EDIT = 4,           /* subject = title (new title) */
	VAULT_EVENT_DELETE = 5,
	VAULT_EVENT_PASSWD = 6,         /* the clerk's passphrase changed */
	VAULT_EVENT_ESCROW_SETUP = 7,   /* holders and threshold (re)set */
	VAULT_EVENT_REKEY = 8,          /* a new master key */
	VAULT_EVENT_ACK = 9,            /* the clerk acknowledged notices */
	VAULT_EVENT_CONFIG = 10,        /* a setting changed: subject = name */
	VAULT_EVENT_UPGRADE = 11,       /* the file was upgraded to format 2 */
	VAULT_EVENT_RESTORE = 12,       /* the clerk accepted an older copy */
	VAULT_EVENT_MERGE = 13,         /* another copy merged in: subject =
	                                 * its file name (vault_merge) */
	VAULT_EVENT_EXPORT = 14,        /* every entry written out: subject =
	                                 * the format ("csv", "json", "kdbx") */
	VAULT_EVENT_IMPORT = 15,        /* entries brought in at once (a
	                                 * batch): subject = "FORMAT: N
	                                 * entries" (vault_batch_commit) */
	VAULT_EVENT_COUNT
} vault_event;

/* A short English name for `e` ("open", "reveal", ...); never NULL. */
VAULT_API const char *vault_event_name(vault_event e);

typedef struct vault_log_event {
	uint64_t seq;                   /* 1, 2, 3, ... */
	int64_t time;                   /* Unix seconds */
	vault_event kind;
	int escrow;                     /* 1: during an escrow opening */
	const char *actor;              /* "clerk" or "escrow: chair, deputy" */
	const uint8_t *subject;         /* an entry title, or NULL */
	size_t subject_len;
	int merged;                     /* 1: brought in from another copy
	                                 * of the vault by vault_merge (time,
	                                 * kind, actor, subject as there) */
	unsigned shown;                 /* a reveal: VAULT_SHOWN_* bits; 0 in
	                                 * records written before they were
	                                 * kept (read: the whole entry) */
} vault_log_event;

/* Call `fn` for each log record after sequence number `after`, oldest
 * first. The record and its strings live until `fn` returns. A non-zero
 * return stops the walk. Errors: INVALID NOMEM DB BUSY CORRUPT. */
typedef int (*vault_log_fn)(void *ctx, const vault_log_event *ev);
VAULT_API VAULT_NODISCARD vault_err
vault_log_walk(vault *v, uint64_t after, vault_log_fn fn, void *ctx);

/* What the clerk must be shown on opening the vault: *acked is the last
 * record the clerk acknowledged (walk from there to list what happened
 * since); *escrow_events counts records made during escrow openings
 * since then; *rewritten is 1 when the log no longer matches what the
 * clerk's own keyslot recorded (records changed or removed), 2 when its
 * hash chain does not verify at all. Only meaningful in a clerk session
 * (vault_open); in an escrow session all three are 0.
 * Errors: INVALID NOMEM DB BUSY CORRUPT. */
VAULT_API VAULT_NODISCARD vault_err
vault_log_pending(vault *v, uint64_t *acked, size_t *escrow_events,
    int *rewritten);

/* Record that the clerk has seen the notices up to and including record
 * `through` (the last one shown; records after it stay pending) and the
 * findings reported by vault_findings: appends an ACK event. Clerk
 * sessions only (INVALID in any escrow session). Errors: INVALID DB BUSY
 * READONLY. */
VAULT_API VAULT_NODISCARD vault_err vault_log_ack(vault *v, uint64_t through);

/* What opening (or vault_verify, or vault_checkpoint_sync) found wrong
 * with the file's state as a whole, as VAULT_FINDING_* bits; 0 when
 * nothing. In a clerk session the bits found at any opening stay set
 * (sealed in the clerk's keyslot) until vault_log_ack. */
#define VAULT_FINDING_REWRITTEN 1u  /* log changed before what the clerk saw */
#define VAULT_FINDING_CUT       2u  /* log records removed after the state */
#define VAULT_FINDING_ROWS      4u  /* settings, escrow, holder or keyslot
                                     * rows put back or changed */
#define VAULT_FINDING_BEHIND    8u  /* older than this computer last saw */
#define VAULT_FINDING_DAMAGED  16u  /* the log's hash chain is broken */
VAULT_API unsigned vault_findings(const vault *v);

/* The clerk's record, outside the vault file, of the newest state this
 * computer has seen (docs/format.md, "Checkpoint"): one small file per
 * vault in directory `dir` (created 0700 if missing), sealed under a key
 * only the clerk's passphrase yields. sync compares the open vault with
 * it: a file behind it (an older copy put in place, or a cut log) sets
 * VAULT_FINDING_BEHIND and *behind_at (may be NULL) to the generation
 * last seen, and the record is kept; otherwise the record is advanced to
 * the vault's current state. Call it after opening and before closing.
 * A no-op returning VAULT_OK in an escrow session or a read-only one.
 * accept makes an older copy the new starting point on purpose (after a
 * restore): it appends a RESTORE record and rewrites the checkpoint.
 * Errors: INVALID NOMEM IO DB BUSY CORRUPT READONLY. */
VAULT_API VAULT_NODISCARD vault_err
vault_checkpoint_sync(vault *v, const char *dir, uint64_t *behind_at);
VAULT_API VAULT_NODISCARD vault_err
vault_checkpoint_accept(vault *v, const char *dir);

/* After vault_merge of the copy at `other`: when this computer's record
 * (in `dir`) was last advanced from that copy - its point is in the
 * other copy's log chain, all of which was merged in - it is moved to
 * the merged vault, which no longer passes through that point. Any other
 * record is left as it is (a file behind it is still reported). No-op
 * outside a writable clerk session. Errors: INVALID NOMEM IO DB BUSY
 * CORRUPT. */
VAULT_API VAULT_NODISCARD vault_err
vault_checkpoint_merged(vault *v, const char *dir, const char *other);

/* 1 in a session opened through escrow shares, 0 for the clerk. */
VAULT_API int vault_is_escrow_session(const vault *v);

/* ------------------------------------------------------------------ */
/* Escrow: holders who together can open the vault                     */
/* ------------------------------------------------------------------ */

/* One escrow holder: a role ("clerk", "chair", "deputy": lower-case
 * letters, digits and '-', at most 32), the person's name, and their own
 * passphrase, which seals their share in the file. pass is secret.
 * A paper-only holder (paper_only = 1, no passphrase) has no share in
 * the file at all: their share is handed back once, at set-up, to be
 * printed, and opens the vault only when typed from that paper.
 * Zero the struct before filling it (e.g. `= { 0 }`). */
typedef struct vault_holder_spec {
	const char *role;
	const char *name;
	const uint8_t *pass;
	size_t pass_len;
	int paper_only;
} vault_holder_spec;

#define VAULT_HOLDERS_MAX 16u
#define VAULT_ROLE_MAX 32u

/* A holder's printable paper share: the SLIP-0039 mnemonic (secret), the
 * holder's name, the council, the share number (1-based), threshold,
 * holder count and the set-up date. */
typedef struct vault_share_sheet {
	vault_secret *mnemonic;         /* freed by vault_secret_free */
	char name[128];
	char council[257];
	unsigned member, threshold, holders;
	int64_t since;
	/* Where the vault is kept: the "location" setting when the shares
	 * were issued (vault_config_set), or "" when none was set. */
	char location[VAULT_LOCATION_MAX + 1];
} vault_share_sheet;

/* Set up (or replace: "rotate") escrow: a new random 128-bit escrow key
 * wraps the master key; it is split with SLIP-0039 so that any
 * `threshold` of the `n` holders can rebuild it; each holder's share is
 * sealed under a key stretched from their passphrase with `params` (NULL:
 * the defaults). Old shares stop opening this file. One transaction.
 * `paper` (n of them; may be NULL when no holder is paper-only) receives,
 * on success, the sheet of each paper-only holder - the only copy there
 * will ever be - and a zeroed sheet for the others; free each mnemonic.
 * Errors: INVALID (bad role, duplicate role, a name that is empty, over
 * 127 bytes or not printable text (the text rules under Entries),
 * threshold out of 1..n, a paper-only holder given a passphrase, or no
 * `paper` for one) NOMEM DB BUSY KDF. */
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_setup(vault *v, const vault_holder_spec *holders, size_t n,
    unsigned threshold, const vault_params *params,
    vault_share_sheet *paper);

/* Remove escrow: no holder can open the vault any more. Logged; not an
 * error when there was none. Errors: INVALID DB BUSY. */
VAULT_API VAULT_NODISCARD vault_err vault_escrow_remove(vault *v);

/* The escrow configuration: threshold, holder count, the rotation number
 * and when it was set up; NOTFOUND when there is none. `fn` (may be NULL)
 * is called per holder with role, name, share number (1-based) and 1 for
 * a paper-only holder. A role in the file that is not a valid role
 * (lower-case letters, digits and '-', 1..32) is damage: CORRUPT, and
 * `fn` is not called for it. Names are shown as stored: callers escape
 * them for a terminal. Errors: INVALID DB CORRUPT NOTFOUND. */
typedef void (*vault_holder_fn)(void *ctx, const char *role,
    const char *name, unsigned member, int paper_only);
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_status(vault *v, unsigned *threshold, unsigned *n,
    unsigned *rotation, int64_t *since, vault_holder_fn fn, void *ctx);

/* Opening the vault without the clerk: gather shares, then finish.
 * The opener reads only public data until shares are added. */
typedef struct vault_escrow vault_escrow;

/* Start opening the vault at `path` through escrow. Every holder row is
 * checked first: a role that is not a valid role (as in
 * vault_holder_spec) is damage, CORRUPT.
 * Errors: INVALID NOMEM IO NOTFOUND (no file, or no escrow set up) DB
 * BUSY CORRUPT VERSION. */
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_begin(const char *path, vault_escrow **out);
VAULT_API void vault_escrow_free(vault_escrow *eo);    /* wipes */
/* How many shares are needed, and how many holders there are. */
VAULT_API unsigned vault_escrow_threshold(const vault_escrow *eo);
VAULT_API unsigned vault_escrow_holders(const vault_escrow *eo);
/* The i-th holder's role (public), or NULL past the end. */
VAULT_API const char *vault_escrow_role(const vault_escrow *eo, size_t i);
/* 1 when holder `role` is paper-only (their share is not in the file). */
VAULT_API int vault_escrow_paper_only(const vault_escrow *eo,
    const char *role);
/* The KDF settings holder `role`'s passphrase is stretched with, as the
 * file states them (bounded), so that a caller can warn before spending
 * them. Errors: INVALID NOTFOUND (no such holder, or paper-only). */
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_params(const vault_escrow *eo, const char *role,
    vault_params *out);

/* Add holder `role`'s share by their passphrase. Errors: NOTFOUND (no
 * such holder, or a paper-only one: no share in the file) AUTH (wrong
 * passphrase: only this holder's) SHARES (this holder's share was
 * already given) CORRUPT NOMEM KDF. */
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_add_holder(vault_escrow *eo, const char *role,
    const uint8_t *pass, size_t pass_len);

/* Add a paper share (a SLIP-0039 mnemonic, words may be abbreviated to
 * four letters, any case). On MNEMONIC, *bad_word (may be NULL) is the
 * 1-based position of the unknown word, or 0 when the checksum failed.
 * *role (may be NULL) receives the holder it belongs to. Errors:
 * MNEMONIC, SHARES (not a share of this vault's current escrow - another
 * vault or an earlier rotation - or given twice) NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_add_paper(vault_escrow *eo, const uint8_t *text, size_t len,
    size_t *bad_word, const char **role);

/* Once enough shares are in: rebuild the escrow key, unwrap the master
 * key and open the vault. The opening is logged, flagged for the clerk.
 * On VAULT_OK the vault is the caller's (vault_close) and no more shares
 * can be added (INVALID); vault_escrow_free(eo) is still needed.
 * Errors: SHARES (fewer than the threshold) CORRUPT NOMEM DB BUSY. */
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_finish(vault_escrow *eo, vault **out);

/* A holder's own printable share, after vault_escrow_add_holder(role).
 * Errors: INVALID NOTFOUND (that holder's share not added by passphrase)
 * NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_escrow_sheet(const vault_escrow *eo, const char *role,
    vault_share_sheet *out);

/* A new master key: every record re-sealed in one transaction, so that
 * nothing written afterwards opens with an old key. The clerk's slot
 * gets `clerk_pass` if given (required in an escrow session), else keeps
 * the current passphrase. Escrow must be set up again in the same step:
 * `holders` (n of them, `threshold`) as for vault_escrow_setup, or NULL
 * and 0 to leave the vault without escrow. `params` (NULL: defaults) are
 * the holders' Argon2id settings; the clerk's slot keeps its own. `paper`
 * receives paper-only holders' new sheets, as for vault_escrow_setup.
 * Errors: INVALID NOMEM DB BUSY KDF CORRUPT (a damaged record, or a
 * damaged log, stops the rekey; nothing is changed). */
VAULT_API VAULT_NODISCARD vault_err
vault_rekey(vault *v, const uint8_t *clerk_pass, size_t clerk_len,
    const vault_holder_spec *holders, size_t n, unsigned threshold,
    const vault_params *params, vault_share_sheet *paper);

/* ------------------------------------------------------------------ */
/* SLIP-0039 shares (Shamir's Secret-Sharing for Mnemonic Codes)       */
/* ------------------------------------------------------------------ */

/* Paper escrow shares follow SLIP-0039 (satoshilabs/slips), so any
 * conforming tool can recombine them. A master secret of 16..32 bytes
 * (even length) is encrypted under a passphrase (a 4-round Feistel
 * cipher with PBKDF2-HMAC-SHA256, 10000 << e iterations in all), then
 * split GT-of-G into group shares, each split again T-of-N into member
 * shares; each share is a mnemonic of 20 (128-bit) to 33 (256-bit) words
 * from the 1024-word SLIP-0039 list. Every share and every mnemonic is
 * secret. The passphrase must be printable ASCII (32..126), as SLIP-0039
 * requires; it may be empty. A wrong passphrase cannot be detected: it
 * yields a different master secret. */

#define VAULT_SLIP39_SECRET_MIN 16u     /* bytes (128 bits) */
#define VAULT_SLIP39_SECRET_MAX 32u     /* bytes (256 bits) */
#define VAULT_SLIP39_COUNT_MAX  16u     /* groups; members per group */
#define VAULT_SLIP39_EXP_MAX    15u     /* iteration exponent */
/* Split flag: mark the shares "extendable" (newer SLIP-0039): the
 * identifier is left out of the cipher's salt, so further share sets can
 * later be made from the same encrypted secret. Tools older than the
 * extendable revision cannot read such shares; without the flag any
 * SLIP-0039 tool can. */
#define VAULT_SLIP39_EXTENDABLE 0x1u

/* One decoded share: public parameters and a secret value. Owned by the
 * caller, released with vault_share_free(), which wipes it. */
typedef struct vault_share vault_share;

/* One group of a split: `threshold` of its `count` members recover it.
 * 1 <= threshold <= count <= 16, and count must be 1 when threshold is 1
 * (SLIP-0039: 1-of-N members would all hold the same value). */
typedef struct vault_slip39_group {
	uint8_t threshold;
	uint8_t count;
} vault_slip39_group;

/* Parse the mnemonic in `text` (`len` bytes, no NUL needed): words
 * separated by any ASCII white space, in any letter case, each either a
 * whole list word or at least its first four letters (SLIP-0039 word
 * prefixes are unique). The RS1024 checksum, word count and padding are
 * verified. On VAULT_OK, *out is the share. `text` is secret and is read
 * in place, never copied outside guarded memory; word lookup and the
 * checksum are constant time in the words' contents.
 * If `bad_word` is not NULL it receives, on MNEMONIC, the 1-based
 * position of the word at fault (an unknown word, bad padding in word 5,
 * an impossible group threshold in word 3), or 0 when no one word can be
 * blamed (wrong number of words, or the checksum failed: some word is
 * mistyped); it is 0 on any other outcome.
 * Errors: INVALID NOMEM MNEMONIC. */
VAULT_API VAULT_NODISCARD vault_err
vault_share_decode(const uint8_t *text, size_t len, vault_share **out,
    size_t *bad_word);

/* The canonical mnemonic of `s`: lower-case whole words joined by single
 * spaces, no trailing newline and no NUL, in a new guarded *out (write it
 * with vault_secret_data/len). Errors: INVALID NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_share_encode(const vault_share *s, vault_secret **out);

/* Wipe and release; NULL is a no-op. */
VAULT_API void vault_share_free(vault_share *s);

/* Word `i` (0..1023) of the SLIP-0039 English word list, lower-case
 * ASCII, or NULL past the end. Public data, in list order (sorted), for
 * a caller that suggests the nearest words when a share's word is
 * mistyped. */
VAULT_API const char *vault_slip39_word(size_t i);

/* A share's public parameters. Indexes are as stored, 0..15 (add 1 to
 * show them to people); thresholds and counts are real values, 1..16.
 * All return 0 for NULL. Shares of one split share the identifier, the
 * extendable flag, the iteration exponent and the group threshold and
 * count; so the first two words of their mnemonics are equal. */
VAULT_API unsigned vault_share_identifier(const vault_share *s);  /* 15 bits */
VAULT_API unsigned vault_share_extendable(const vault_share *s);  /* 0 or 1 */
VAULT_API unsigned vault_share_iteration_exponent(const vault_share *s);
VAULT_API unsigned vault_share_group_index(const vault_share *s);
VAULT_API unsigned vault_share_group_threshold(const vault_share *s);
VAULT_API unsigned vault_share_group_count(const vault_share *s);
VAULT_API unsigned vault_share_member_index(const vault_share *s);
VAULT_API unsigned vault_share_member_threshold(const vault_share *s);
/* The share's value (secret), borrowed: valid until vault_share_free(s);
 * do not free it. NULL for NULL. */
VAULT_API const vault_secret *vault_share_value(const vault_share *s);

/* Split the `len`-byte master `secret` (VAULT_SLIP39_SECRET_MIN..MAX,
 * even) under passphrase `pass` into `group_count` groups (1..16), any
 * `group_threshold` (1..group_count) of which recover it; group i is
 * split groups[i].threshold-of-groups[i].count. `exp` (0..15) sets the
 * cipher's cost, 10000 << exp PBKDF2 iterations per use; `flags` is 0 or
 * VAULT_SLIP39_EXTENDABLE. `out` has room for `out_count` mnemonics,
 * which must be the sum of the groups' counts; on VAULT_OK they are
 * filled group by group, member by member, each a new guarded secret
 * (as from vault_share_encode) that the caller frees. The identifier and
 * all share randomness come from randombytes_buf. `secret` and `pass` are
 * read, never kept. On error every out[i] is NULL.
 * Errors: INVALID (any parameter out of range, passphrase not printable
 * ASCII) NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_slip39_split(const uint8_t *secret, size_t len,
    const uint8_t *pass, size_t pass_len, unsigned exp, unsigned flags,
    unsigned group_threshold, const vault_slip39_group *groups,
    size_t group_count, vault_secret **out, size_t out_count);

/* The usual single-level case: k-of-n shares (1 <= k <= n <= 16; n must
 * be 1 when k is 1), one group, not extendable; `out` has room for n.
 * Otherwise as vault_slip39_split(). Errors: INVALID NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_slip39_split_simple(const uint8_t *secret, size_t len,
    const uint8_t *pass, size_t pass_len, unsigned k, unsigned n,
    unsigned exp, vault_secret **out);

/* Recover the master secret from `count` decoded shares and the
 * passphrase; on VAULT_OK *out is a new guarded secret of 16..32 bytes.
 * All shares must carry the same identifier, extendable flag, iteration
 * exponent, group threshold, group count and value length, and within a
 * group the same member threshold and distinct member indexes. A group
 * is complete when it has at least its threshold of members; at least
 * the group threshold of complete groups is needed. Shares beyond a
 * threshold are not ignored: every member of a complete group, and every
 * complete group, enters the interpolation and must agree (checked by
 * the SLIP-0039 digest, or by equality where a threshold is 1). Members
 * of incomplete groups are checked for matching parameters but otherwise
 * unused. Runs the PBKDF2 cipher once (10000 << e iterations; e comes
 * from the shares, up to 15). The shares are only read.
 * Errors: INVALID (no shares, NULL, passphrase not printable ASCII)
 * NOMEM SHARES (too few, duplicate member index, mismatched parameters
 * or lengths, digest mismatch: a share was altered or belongs to
 * another split). */
VAULT_API VAULT_NODISCARD vault_err
vault_slip39_combine_shares(const vault_share *const *shares, size_t count,
    const uint8_t *pass, size_t pass_len, vault_secret **out);

/* vault_share_decode() each of the `count` NUL-terminated `mnemonics`
 * (secret; read only), then vault_slip39_combine_shares(). To tell the
 * user which share and word is wrong, decode the shares yourself.
 * Errors: INVALID NOMEM MNEMONIC (some share's words or checksum)
 * SHARES. */
VAULT_API VAULT_NODISCARD vault_err
vault_slip39_combine(const char *const *mnemonics, size_t count,
    const uint8_t *pass, size_t pass_len, vault_secret **out);

/* ------------------------------------------------------------------ */
/* Password strength and generation (docs/password-policy.md)          */
/* ------------------------------------------------------------------ */

/* The council's policy: a password is at least 8 random letters, numbers
 * or symbols, or four random words joined by non-alphanumeric characters,
 * and nothing obvious: no common or breached password, no date, no name
 * of the council, a holder, the service or the username, no keyboard
 * pattern, repeat or run, no well-known phrase, with or without digits
 * and symbols added or letters swapped for look-alikes. Guesses are
 * estimated with zxcvbn-c and with a word model that finds words however
 * they are written (run together, CamelCase, short words) and prices
 * common words, series, pairs and well-known phrases as a thief would.
 *
 * Two levels: CREDENTIAL for a password stored in an entry; PASSPHRASE
 * for the clerk's and the holders' vault passphrases, which guard every
 * entry against offline guessing if the file is stolen, so they need at
 * least 12 random characters (NIST SP 800-63B-4 asks 15 for a password
 * used alone) or four random words carrying more estimated entropy. */
typedef enum vault_strength_level {
	VAULT_STRENGTH_CREDENTIAL = 1,
	VAULT_STRENGTH_PASSPHRASE = 2
} vault_strength_level;

/* The verdict on one password: opaque, owned by the caller, released
 * with vault_strength_free(). It holds no byte of the password. */
typedef struct vault_strength vault_strength;

/* Reasons for a REJECT, as bits of vault_strength_flags(). */
#define VAULT_STRENGTH_EMPTY      0x0001u  /* nothing entered */
#define VAULT_STRENGTH_COMMON     0x0002u  /* common or breached password,
					    * after undoing case, leetspeak
					    * and added digits/symbols, or
					    * a well-known phrase */
#define VAULT_STRENGTH_CONTEXT    0x0004u  /* holds a context word */
#define VAULT_STRENGTH_DATE       0x0008u  /* a date or year, any format */
#define VAULT_STRENGTH_PATTERN    0x0010u  /* mostly keyboard walk, repeat
					    * or sequence (qwerty, aaaa,
					    * !QAZ@WSX, Aa1!Bb2@, a word
					    * repeated) */
#define VAULT_STRENGTH_BOLTON     0x0020u  /* a word + digits or symbols */
#define VAULT_STRENGTH_FEW_WORDS  0x0040u  /* a phrase of < 4 words (short
					    * common words do not count) */
#define VAULT_STRENGTH_WEAK_WORDS 0x0080u  /* 4+ words, too predictable
					    * (common, in a series...) */
#define VAULT_STRENGTH_SHORT      0x0100u  /* < 8 characters (12 for a
					    * passphrase) */
#define VAULT_STRENGTH_GUESSABLE  0x0200u  /* characters not random enough */
/* Not a reason: the password was judged as words, not as characters. */
#define VAULT_STRENGTH_AS_WORDS   0x1000u

/* Check `len` bytes at `pw` (secret, UTF-8 expected, no NUL needed; only
 * the first 256 bytes are analysed) against the policy at `level`.
 * `context` is `n_context` NUL-terminated public strings that must not
 * appear in the password: the council's name, the holders' names, the
 * entry's title, username and URL host, and the like; each is split into
 * words. The password is copied into guarded memory, wiped before return,
 * and never kept. On VAULT_OK, *out is the verdict (ACCEPT or REJECT
 * alike). Thread-safe. Errors: INVALID (NULL argument with a non-zero
 * count, a NULL context string, an unknown level, a NUL byte in `pw`),
 * NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_strength_check(const uint8_t *pw, size_t len, vault_strength_level level,
    const char *const *context, size_t n_context, vault_strength **out);

/* 1 for ACCEPT, 0 for REJECT (and for NULL). */
VAULT_API int vault_strength_ok(const vault_strength *s);
/* The estimated number of guesses, as log10 (so 12.3 means about 2e12):
 * zxcvbn-c's estimate of the whole, or, for a password judged as words,
 * the word model's (its words' costs, less for series, pairs and
 * repeats, plus the separators); about 6 for a well-known phrase. 0 for
 * NULL. */
VAULT_API double vault_strength_log10(const vault_strength *s);
/* The VAULT_STRENGTH_* bits above; 0 for NULL. */
VAULT_API uint32_t vault_strength_flags(const vault_strength *s);
/* The reasons in plain English, as sentences on one line, for a clerk:
 * never empty on REJECT, a one-sentence confirmation on ACCEPT. Never
 * contains any part of the password. Owned by `s`; "" for NULL. */
VAULT_API const char *vault_strength_reasons(const vault_strength *s);
/* One concrete suggestion ("Add two more random words.") on REJECT; ""
 * on ACCEPT and for NULL. Static text: valid for the life of the program. */
VAULT_API const char *vault_strength_suggestion(const vault_strength *s);
/* Release a verdict; NULL is a no-op. */
VAULT_API void vault_strength_free(vault_strength *s);

/* vault_gen_chars(): default length, and the longest allowed. */
#define VAULT_GEN_LENGTH_DEFAULT 20u
#define VAULT_GEN_LENGTH_MAX     256u
/* vault_gen_words(): default number of words, and the most allowed. */
#define VAULT_GEN_WORDS_DEFAULT  4u
#define VAULT_GEN_WORDS_MAX      32u

/* Generate `length` characters (0 means VAULT_GEN_LENGTH_DEFAULT) drawn
 * uniformly and independently from `charset`: a NUL-terminated string of
 * distinct printable ASCII characters, not space; NULL means the default
 * set, the 62 letters and digits and the 13 symbols !#$%&*+-=?@^_ (6.23
 * bits a character). The result passes the policy (without context
 * words; callers with context re-check and draw again): as a PASSPHRASE when
 * `length` >= 12, else as a CREDENTIAL; a draw that fails is replaced,
 * which costs log2(1 - r) bits when a share r is refused: under 0.02 bit
 * for the default set at any length. On VAULT_OK, *out is the password
 * (secret, no NUL; free it with vault_secret_free) and *bits (may be
 * NULL) its entropy, length * log2(set size). Never blocks once the
 * system has booted. Thread-safe. Errors:
 * INVALID (bad charset, length > VAULT_GEN_LENGTH_MAX), POLICY (length
 * below 8, or a set too small to pass), NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_gen_chars(size_t length, const char *charset, vault_secret **out,
    double *bits);

/* Generate `n_words` words (0 means VAULT_GEN_WORDS_DEFAULT) drawn
 * uniformly from the EFF large word list (7,776 words, 12.92 bits each)
 * and joined by separators drawn uniformly from the 16 characters
 * -_.,:;!?#$%&*+=@ (4 bits each). The result passes the policy (without
 * context words; callers with context re-check and draw again) as a
 * PASSPHRASE. On VAULT_OK, *out is the password (secret) and *bits (may
 * be NULL) its entropy: n_words * log2(7776) + (n_words - 1) * 4.
 * Errors: INVALID (n_words > VAULT_GEN_WORDS_MAX), POLICY (fewer than 4
 * words), NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_gen_words(size_t n_words, vault_secret **out, double *bits);

/* Look the password (`len` bytes at `pw`, secret) up in a Have I Been
 * Pwned "Pwned Passwords" file at `path`: lines HASH:COUNT (40 hex digits
 * of SHA-1, then a decimal count; LF or CRLF endings) sorted by hash. The
 * file is searched by bisection over a read-only mapping, so even a 30+
 * GB file answers after reading a few pages; it is never loaded. On
 * VAULT_OK, *count is how often the password appears in breaches, 0 if
 * it is not in the file (or the file is empty). The SHA-1 of the password
 * is as secret as the password: it is wiped before return. Errors:
 * INVALID, IO (cannot open or map the file), FORMAT (the search met a
 * malformed line: a hash that is not 40 hex digits, no colon, a bad
 * count, an over-long line, or hashes out of order). */
VAULT_API VAULT_NODISCARD vault_err
vault_hibp_lookup(const char *path, const uint8_t *pw, size_t len,
    uint64_t *count);

/* ------------------------------------------------------------------ */
/* One-time passwords (RFC 4226 HOTP, RFC 6238 TOTP)                   */
/* ------------------------------------------------------------------ */

/* A parsed otpauth:// URI (the de-facto "Key Uri Format" that
 * authenticator apps read from QR codes): type, algorithm, digits,
 * period or counter, label and issuer, and the secret key. The key is
 * secret and lives in guarded memory; the object is owned by the caller
 * and released with vault_otp_free(), which wipes it. The HMAC
 * arithmetic is liboath's (oath-toolkit); docs/user-guide.md says why. */
typedef struct vault_otp vault_otp;

typedef enum vault_otp_type {
	VAULT_OTP_TOTP = 1,        /* time-based, RFC 6238 */
	VAULT_OTP_HOTP = 2         /* counter-based, RFC 4226 */
} vault_otp_type;

typedef enum vault_otp_algorithm {
	VAULT_OTP_SHA1 = 1,
	VAULT_OTP_SHA256 = 2,
	VAULT_OTP_SHA512 = 3
} vault_otp_algorithm;

#define VAULT_OTP_URI_MAX    4096u  /* longest URI (or bare secret) read */
#define VAULT_OTP_KEY_MIN    10u    /* bytes: 80 bits, as many services */
#define VAULT_OTP_KEY_MAX    128u   /* bytes of decoded key */
#define VAULT_OTP_PERIOD_MAX 3600u  /* seconds */
#define VAULT_OTP_DIGITS_MIN 6u
#define VAULT_OTP_DIGITS_MAX 8u
/* Largest HOTP counter accepted (so that it can always be advanced). */
#define VAULT_OTP_COUNTER_MAX ((uint64_t)INT64_MAX - 1u)

/* Parse `len` bytes at `text` (secret; no NUL needed; at most
 * VAULT_OTP_URI_MAX): either an otpauth URI,
 *   otpauth://totp|hotp/LABEL?secret=BASE32[&issuer=..][&algorithm=
 *   SHA1|SHA256|SHA512][&digits=6..8][&period=1..3600][&counter=N]
 * (scheme and type case-insensitive; label and values percent-decoded;
 * unknown parameters ignored; each known one at most once; counter
 * required for hotp and ignored for totp, period ignored for hotp; '+'
 * in a value is a space), or a bare base32 secret,
 * which means TOTP, SHA1, 6 digits, 30 seconds. Base32 is RFC 4648's
 * alphabet, any letter case, '=' padding optional, spaces ignored; the
 * key must decode to VAULT_OTP_KEY_MIN..MAX bytes. Leading and trailing
 * white space is ignored. On VAULT_OK *out is the parsed key. On FORMAT,
 * *why (may be NULL) points at a static one-line reason ("bad base32 in
 * the secret", "digits outside 6-8", ...) that never contains any part
 * of the input; it is NULL on success.
 * Errors: INVALID NOMEM FORMAT. */
VAULT_API VAULT_NODISCARD vault_err
vault_otp_parse(const uint8_t *text, size_t len, vault_otp **out,
    const char **why);

/* Wipe and release; NULL is a no-op. */
VAULT_API void vault_otp_free(vault_otp *o);

/* The parsed parameters; 0 for NULL. Label and issuer are the decoded
 * strings ("" when absent), owned by `o`. */
VAULT_API vault_otp_type vault_otp_kind(const vault_otp *o);
VAULT_API vault_otp_algorithm vault_otp_algo(const vault_otp *o);
VAULT_API unsigned vault_otp_digits(const vault_otp *o);
VAULT_API unsigned vault_otp_period(const vault_otp *o);   /* TOTP */
VAULT_API uint64_t vault_otp_counter(const vault_otp *o);  /* HOTP */
VAULT_API const char *vault_otp_label(const vault_otp *o);
VAULT_API const char *vault_otp_issuer(const vault_otp *o);

/* Set a HOTP key's counter (0..VAULT_OTP_COUNTER_MAX).
 * Errors: INVALID (NULL, a TOTP key, counter out of range). */
VAULT_API VAULT_NODISCARD vault_err
vault_otp_counter_set(vault_otp *o, uint64_t counter);

/* The one-time password: for TOTP at Unix time `at` (>= 0), with
 * *seconds_left (may be NULL) the seconds until it changes (1..period);
 * for HOTP at the key's counter (`at` is ignored, *seconds_left 0).
 * `code` receives the digits and a NUL: code_len must be at least
 * digits + 1. The code is a credential: wipe it after use.
 * Errors: INVALID (NULL, `at` < 0, code_len too small) NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_otp_code(const vault_otp *o, int64_t at, char *code, size_t code_len,
    unsigned *seconds_left);

/* The key as a canonical otpauth URI (secret): otpauth://TYPE/LABEL?
 * secret=BASE32(unpadded)&issuer=..&algorithm=..&digits=..&period=.. or
 * &counter=N, label and issuer percent-encoded, unknown parameters of the
 * original gone. It parses back to the same key. On VAULT_OK *out is a
 * new guarded secret (no NUL). Errors: INVALID NOMEM. */
VAULT_API VAULT_NODISCARD vault_err
vault_otp_uri(const vault_otp *o, vault_secret **out);

#ifdef __cplusplus
}
#endif
#endif /* VAULT_H */
