/* SPDX-License-Identifier: ISC */
/* error.c - the one table of error messages. t_error.c checks that every
 * code has one. Messages never contain secrets. */
#include "vault.h"

const char *
vault_strerror(vault_err e)
{
	static const char *const msg[VAULT_ERR_COUNT] = {
		[VAULT_OK] = "success",
		[VAULT_ERR_INVALID] = "invalid argument",
		[VAULT_ERR_NOMEM] = "out of memory",
		[VAULT_ERR_IO] = "cannot access the vault file",
		[VAULT_ERR_DB] = "database error (is the disk full or failing?)",
		[VAULT_ERR_BUSY] = "the vault is in use by another cvault; "
		    "try again when it has finished",
		[VAULT_ERR_CORRUPT] = "the vault is damaged or has been tampered with",
		[VAULT_ERR_AUTH] = "wrong passphrase or damaged vault",
		[VAULT_ERR_NOTFOUND] = "not found",
		[VAULT_ERR_EXISTS] = "already exists",
		[VAULT_ERR_SHARES] = "the escrow shares do not open this vault",
		[VAULT_ERR_KDF] = "key-derivation settings out of range",
		[VAULT_ERR_VERSION] = "not a cvault file, or written by a newer cvault",
		[VAULT_ERR_POLICY] = "refused by the council's password policy",
		[VAULT_ERR_MNEMONIC] = "a share's words are mistyped (checksum failed)",
		[VAULT_ERR_FORMAT] = "malformed input",
		[VAULT_ERR_READONLY] = "the vault file cannot be written (a "
		    "read-only file, folder or disk), and this must be recorded "
		    "in it",
		[VAULT_ERR_UNAVAILABLE] = "not available in this build of "
		    "cvault (a library it needs could not be built for it)",
	};

	if ((unsigned)e >= VAULT_ERR_COUNT || msg[e] == NULL)
		return "unknown error";
	return msg[e];
}
