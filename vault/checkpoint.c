/* SPDX-License-Identifier: ISC */
/*
 * checkpoint.c - the clerk's computer remembers, outside the vault file,
 * the newest state of each vault it has seen (docs/format.md,
 * "Checkpoint"). Everything inside the file can be put back together as
 * an older whole by someone who saved a copy; this record cannot, so a
 * file behind it - an older copy swapped in, or a log cut back with the
 * rows saved before an escrow opening - is reported to the clerk.
 *
 * One file per vault, named by the vault id in hex, 93 bytes:
 *   "CVCP" || 0x01 || nonce (24) || XChaCha20-Poly1305(K_cp, nonce,
 *   AD = "cvault-checkpoint" || vault id, generation u64 || head (32) ||
 *   time i64) || tag (16)
 * with K_cp = BLAKE2b-256(key = the clerk's checkpoint key,
 * "cvault-checkpoint" || vault id). The checkpoint key is random, kept
 * only in the clerk's keyslot (under the clerk's passphrase), so holders
 * with the master key cannot forge or read the record. Written whole or
 * not at all (vlt_os_replace: a private new file, flushed, renamed), in
 * a private directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "internal.h"
#include "os.h"

#define CP_MAGIC "CVCP"
#define CP_VERSION 1
#define CP_PLAIN (8u + 32u + 8u)
#define CP_BYTES (4u + 1u + VLT_NONCE_BYTES + CP_PLAIN + VLT_TAG_BYTES)
#define AD_BYTES (17u + VLT_ID_BYTES)

struct cp {
	uint64_t generation;
	uint8_t head[32];
};

static void
cp_key(const vault *v, uint8_t key[32], uint8_t ad[AD_BYTES])
{
	crypto_generichash_state h;

	memcpy(ad, "cvault-checkpoint", 17);
	memcpy(ad + 17, v->id, VLT_ID_BYTES);
	crypto_generichash_init(&h, v->seen.ck, sizeof v->seen.ck, 32);
	crypto_generichash_update(&h, ad, AD_BYTES);
	crypto_generichash_final(&h, key, 32);
	sodium_memzero(&h, sizeof h);
}

static vault_err
cp_path(const vault *v, const char *dir, char **out)
{
	char hex[2 * VLT_ID_BYTES + 1];
	size_t n = strlen(dir) + sizeof hex + 16;

	if ((*out = malloc(n)) == NULL)
		return VAULT_ERR_NOMEM;
	sodium_bin2hex(hex, sizeof hex, v->id, VLT_ID_BYTES);
	snprintf(*out, n, "%s" VLT_OS_SEP "%s", dir, hex);
	return VAULT_OK;
}

/* The record for this vault: *found = 1 and *cp when it opens, 0 when
 * there is none or it does not open (another clerk key after a
 * handover, or damage: it is then replaced). */
static vault_err
cp_read(const vault *v, const char *path, struct cp *cp, int *found)
{
	uint8_t buf[CP_BYTES + 1], plain[CP_PLAIN], key[32], ad[AD_BYTES];
	size_t n;
	vault_err rc;

	*found = 0;
	if ((rc = vlt_os_read_small(path, buf, sizeof buf, &n)) != VAULT_OK)
		return rc == VAULT_ERR_NOTFOUND ? VAULT_OK : rc;
	if (n != CP_BYTES || memcmp(buf, CP_MAGIC, 4) != 0 ||
	    buf[4] != CP_VERSION)
		return VAULT_OK;
	cp_key(v, key, ad);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL,
	    buf + 5 + VLT_NONCE_BYTES, CP_PLAIN + VLT_TAG_BYTES, ad,
	    AD_BYTES, buf + 5, key) == 0) {
		cp->generation = vlt_get_u64(plain);
		memcpy(cp->head, plain + 8, 32);
		*found = 1;
	}
	sodium_memzero(key, sizeof key);
	return VAULT_OK;
}

static vault_err
cp_write(const vault *v, const char *dir, const char *path,
    const struct cp *cp)
{
	uint8_t buf[CP_BYTES], plain[CP_PLAIN], key[32], ad[AD_BYTES];
	vault_err rc;

	if ((rc = vlt_os_private_dir(dir)) != VAULT_OK)
		return rc;
	vlt_put_u64(plain, cp->generation);
	memcpy(plain + 8, cp->head, 32);
	vlt_put_u64(plain + 40, (uint64_t)(int64_t)time(NULL));
	memcpy(buf, CP_MAGIC, 4);
	buf[4] = CP_VERSION;
	randombytes_buf(buf + 5, VLT_NONCE_BYTES);
	cp_key(v, key, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(buf + 5 + VLT_NONCE_BYTES,
	    NULL, plain, CP_PLAIN, ad, AD_BYTES, NULL, buf + 5, key);
	sodium_memzero(key, sizeof key);
	return vlt_os_replace(path, buf, sizeof buf);
}

/* Sessions that keep a checkpoint: the clerk's, writable, format 2. */
static int
keeps_checkpoint(const vault *v)
{
	return v->clerk_kek != NULL && !v->escrow_session && !v->readonly &&
	    v->version >= 2 && v->seen.has_ck;
}

/* Compare with the record and advance it; `force` (accept) writes the
 * current state whatever the record says. */
static vault_err
checkpoint_sync(vault *v, const char *dir, uint64_t *behind_at, int force)
{
	struct vlt_state s;
	struct cp cp;
	uint8_t at[32];
	char *path = NULL;
	int found, in_log;
	vault_err rc;

	if (behind_at != NULL)
		*behind_at = 0;
	if (v == NULL || dir == NULL || dir[0] == '\0')
		return VAULT_ERR_INVALID;
	if (!keeps_checkpoint(v))
		return VAULT_OK;
	if ((rc = cp_path(v, dir, &path)) != VAULT_OK ||
	    (rc = vlt_state_read(v, &s)) != VAULT_OK ||
	    (rc = cp_read(v, path, &cp, &found)) != VAULT_OK)
		goto out;
	if (found && cp.generation > 0 && !force) {
		/* The file must pass through what this computer saw. */
		if ((rc = vlt_log_chain_at(v, cp.generation, at, &in_log)) !=
		    VAULT_OK)
			goto out;
		if (cp.generation > s.generation || !in_log ||
		    sodium_memcmp(at, cp.head, 32) != 0) {
			v->findings |= VAULT_FINDING_BEHIND;
			if (behind_at != NULL)
				*behind_at = cp.generation;
			goto out;       /* the record is kept as it is */
		}
	}
	if ((v->findings & VAULT_FINDING_BEHIND) && !force)
		goto out;               /* found earlier in this session */
	/* A frozen file's state names records that may not be there: the
	 * record waits until the clerk has decided (log_check.c). */
	if (v->findings & VLT_FROZEN)
		goto out;
	cp.generation = s.generation;
	memcpy(cp.head, s.head, 32);
	rc = cp_write(v, dir, path, &cp);
out:
	free(path);
	return rc;
}

vault_err
vault_checkpoint_accept(vault *v, const char *dir)
{
	static const char what[] = "an older copy of the file";
	vault_err rc;

	if (v == NULL || dir == NULL || dir[0] == '\0' ||
	    v->clerk_kek == NULL || v->escrow_session)
		return VAULT_ERR_INVALID;
	if (v->readonly)
		return VAULT_ERR_READONLY;
	if ((rc = vlt_db_begin(v)) != VAULT_OK)
		return rc;
	if ((rc = vlt_log_append(v, VAULT_EVENT_RESTORE, (const uint8_t *)what,
	    sizeof what - 1)) != VAULT_OK || (rc = vlt_db_commit(v)) !=
	    VAULT_OK) {
		vlt_db_rollback(v);
		return rc;
	}
	v->findings &= ~VAULT_FINDING_BEHIND;
	return checkpoint_sync(v, dir, NULL, 1);
}

vault_err
vault_checkpoint_sync(vault *v, const char *dir, uint64_t *behind_at)
{
	return checkpoint_sync(v, dir, behind_at, 0);
}

vault_err
vault_checkpoint_merged(vault *v, const char *dir, const char *other)
{
	struct vlt_state s;
	struct cp cp;
	uint8_t at[32];
	char *path = NULL;
	vault *c = NULL;
	int found = 0, in_log = 0;
	vault_err rc;

	if (v == NULL || dir == NULL || dir[0] == '\0' || other == NULL)
		return VAULT_ERR_INVALID;
	if (!keeps_checkpoint(v) || (v->findings & VLT_FROZEN))
		return VAULT_OK;
	if ((rc = cp_path(v, dir, &path)) != VAULT_OK ||
	    (rc = cp_read(v, path, &cp, &found)) != VAULT_OK || !found)
		goto out;
	/* Only a point of the other copy's own chain: its whole content
	 * was merged in. Anything else stays for the clerk to see. */
	if ((rc = vlt_copy_open(v, other, &c)) != VAULT_OK ||
	    (rc = vlt_log_chain_at(c, cp.generation, at, &in_log)) != VAULT_OK)
		goto out;
	if (!in_log || sodium_memcmp(at, cp.head, 32) != 0)
		goto out;
	if ((rc = vlt_state_read(v, &s)) != VAULT_OK)
		goto out;
	cp.generation = s.generation;
	memcpy(cp.head, s.head, 32);
	if ((rc = cp_write(v, dir, path, &cp)) == VAULT_OK)
		v->findings &= ~VAULT_FINDING_BEHIND;
out:
	vault_close(c);
	free(path);
	return rc;
}
