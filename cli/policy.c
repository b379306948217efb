/* SPDX-License-Identifier: ISC */
/*
 * policy.c - the council's password policy at the points of entry: the
 * clerk's and holders' passphrases, and every stored password. Reasons are
 * printed in plain English; the password itself never is.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "fields.h"

#define PASSPHRASE_MIN 12u
#define PASSWORD_MIN 8u

int
cli_passphrase_ok(struct cli *c, const vault_secret *pass, const char *who)
{
	if (vault_secret_len(pass) < PASSPHRASE_MIN) {
		cli_fail(c, VAULT_ERR_POLICY, "%s passphrase is too short: use "
		    "at least %u characters, or four random words such as "
		    "those from 'cvault gen --words 4'", who, PASSPHRASE_MIN);
		return -1;
	}
	return 0;
}

vault_err
cli_password_ok(struct cli *c, const vault_secret *pw, const vault_entry *e,
    int allow_weak, int *weak)
{
	(void)e;
	*weak = vault_secret_len(pw) < PASSWORD_MIN;
	if (!*weak)
		return VAULT_OK;
	if (allow_weak) {
		cli_warn(c, "storing a weak password because of --allow-weak; "
		    "it will be reported until it is changed");
		return VAULT_OK;
	}
	cli_fail(c, VAULT_ERR_POLICY, "the password is too short: use at least "
	    "%u random characters or four random words (or --generate); if "
	    "the service imposes it, store it with --allow-weak", PASSWORD_MIN);
	return VAULT_ERR_POLICY;
}

vault_err
cli_generate(struct cli *c, vault_secret **out)
{
	*out = NULL;
	cli_fail(c, VAULT_ERR_INVALID, "--generate is not available yet");
	return VAULT_ERR_INVALID;
}
