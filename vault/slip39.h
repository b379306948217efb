/* SPDX-License-Identifier: ISC */
/*
 * slip39.h - what the two SLIP-0039 files share; not installed.
 * slip39_words.c turns shares into mnemonics and back (word list, RS1024
 * checksum, bit packing); slip39.c does the share scheme, the digest, the
 * Feistel cipher and PBKDF2.
 */
#ifndef VLT_SLIP39_H
#define VLT_SLIP39_H

#include <stddef.h>
#include <stdint.h>
#include "vault.h"

#define VLT_SLIP39_META_WORDS   7u      /* id/exp 2, params 2, checksum 3 */
#define VLT_SLIP39_WORDS_MIN    20u     /* 128-bit value: 13 value words */
#define VLT_SLIP39_WORDS_MAX    33u     /* 256-bit value: 26 value words */
#define VLT_SLIP39_MAX_INDEX    16u     /* groups, and members per group */
#define VLT_SLIP39_ID_MAX       0x7fffu /* 15-bit identifier */

/* The public fields of one share, thresholds and count as their real
 * values (1..16), indexes as stored (0..15). */
struct vlt_share_hdr {
	uint16_t id;
	uint8_t ext;                    /* extendable flag, 0 or 1 */
	uint8_t exp;                    /* iteration exponent, 0..15 */
	uint8_t group_index;
	uint8_t group_threshold;
	uint8_t group_count;
	uint8_t member_index;
	uint8_t member_threshold;
};

struct vault_share {
	struct vlt_share_hdr h;
	vault_secret *value;            /* secret; 16..32 bytes, even */
};

/* slip39_words.c: the mnemonic of a share with header `h` and the `n`
 * value bytes at `value` (secret), as lower-case words joined by single
 * spaces, no NUL, in a new guarded *out. Errors: INVALID NOMEM. */
vault_err vlt_slip39_encode(const struct vlt_share_hdr *h,
    const uint8_t *value, size_t n, vault_secret **out);

/* slip39.c: PBKDF2-HMAC-SHA256 (RFC 8018), built on libsodium's HMAC.
 * All of its state lives in guarded memory. Errors: INVALID NOMEM. */
vault_err vlt_pbkdf2_sha256(const uint8_t *pass, size_t pass_len,
    const uint8_t *salt, size_t salt_len, uint32_t iterations,
    uint8_t *out, size_t out_len);

#endif
