/* SPDX-License-Identifier: ISC */
/*
 * cmd_gen.c - `cvault gen`: a new random password, alone on stdout: 20
 * characters by default (--length N, --charset SET), or --words N random
 * words from the EFF large word list joined by random separators, or
 * --passphrase: five such words, what cvault offers for a vault
 * passphrase (docs/password-policy.md says why five). With --json, the
 * password and its entropy in bits. Generated passwords always pass the
 * policy. No vault is needed. --copy puts it on the clipboard instead
 * (clipboard.c; cleared after --clear-after seconds, else 20: with no
 * vault open there is no clipboard-seconds setting to read).
 */
#include <getopt.h>
#include <string.h>
#include "cli.h"
#include "render.h"

/* Words in a generated vault passphrase: 5 x 12.9 + 4 separators x 4 =
 * 80.6 bits, against 63.7 for four (docs/password-policy.md). */
#define GEN_PASSPHRASE_WORDS 5u

int
cmd_gen(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "length", required_argument, NULL, 'l' },
		{ "words", required_argument, NULL, 'w' },
		{ "charset", required_argument, NULL, 'c' },
		{ "passphrase", no_argument, NULL, 'p' },
		{ "copy", no_argument, NULL, 'C' },
		{ "clear-after", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 }
	};
	const char *charset = NULL, *clear_after = NULL;
	unsigned seconds = 0;
	int copy = 0;
	uint32_t length = 0, words = 0;
	vault_secret *pw = NULL;
	struct obuf *ob = NULL;
	double bits = 0;
	vault_err rc;
	int ch, pass = 0;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, longopts)) != -1) {
		if ((ch == 'l' && cli_parse_u32(optarg, 1, VAULT_GEN_LENGTH_MAX,
		    &length) == VAULT_OK) || (ch == 'w' && cli_parse_u32(optarg,
		    1, VAULT_GEN_WORDS_MAX, &words) == VAULT_OK))
			continue;
		if (ch == 'c') {
			charset = optarg;
			continue;
		}
		if (ch == 'p') {
			pass = 1;
			continue;
		}
		if (ch == 'C') {
			copy = 1;
			continue;
		}
		if (ch == 'K') {
			clear_after = optarg;
			continue;
		}
		return cli_usage(c);
	}
	if (optind != argc || (words && (length || charset)) ||
	    (pass && (words || length || charset)) ||
	    (clear_after != NULL && !copy) || (copy && c->json))
		return cli_usage(c);
	if (copy && (ch = cli_clear_seconds(c, clear_after, &seconds)) !=
	    EXIT_OK)
		return ch;
	if (pass)
		words = GEN_PASSPHRASE_WORDS;
	rc = words ? vault_gen_words(words, &pw, &bits) :
	    vault_gen_chars(length, charset, &pw, &bits);
	if (rc == VAULT_ERR_POLICY)
		return cli_fail(c, rc, words ? "use at least 4 words: fewer "
		    "would not meet the council's policy" : "too short or too "
		    "small a character set to meet the council's policy (at "
		    "least 8 random characters)");
	if (rc == VAULT_ERR_INVALID)
		return cli_fail(c, rc, "--charset takes distinct printable "
		    "characters, no spaces; --length at most %u",
		    VAULT_GEN_LENGTH_MAX);
	if (rc != VAULT_OK)
		return cli_fail(c, rc, NULL);
	if (copy) {
		ch = cli_copy(c, vault_secret_data(pw), vault_secret_len(pw),
		    seconds, "the new password");
		vault_secret_free(pw);
		return ch;
	}
	if ((rc = ob_new(&ob)) != VAULT_OK)
		goto fail;
	if (c->json) {
		if ((rc = ob_str(ob, "{\"password\":")) ||
		    (rc = ob_json_str(ob, vault_secret_data(pw),
		    vault_secret_len(pw))) ||
		    (rc = ob_fmt(ob, ",\"bits\":%.1f}\n", bits)))
			goto fail;
	} else if ((rc = ob_put(ob, vault_secret_data(pw),
	    vault_secret_len(pw))) || (rc = ob_str(ob, "\n"))) {
		goto fail;
	}
	vault_secret_free(pw);
	return cli_emit(c, ob);
fail:
	ob_free(ob);
	vault_secret_free(pw);
	return cli_fail(c, rc, NULL);
}
