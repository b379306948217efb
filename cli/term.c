/* SPDX-License-Identifier: ISC */
/*
 * term.c - secrets in: from the terminal with echo off, or as lines from
 * the file descriptor given with --passphrase-fd (the terminal itself is
 * sys.h's). Bytes go straight from read(2) into guarded memory; no
 * stdio buffer ever holds them. Every failure is reported here, in one
 * line, so callers only pass rc on.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"

#define TRIES 3

int
cli_read_line(int fd, vault_secret **out)
{
	uint8_t *line, ch;
	size_t n = 0;
	int got_any = 0, rc = -1;

	*out = NULL;
	/* One guarded buffer at the maximum size (sodium_init ran in main):
	 * never grown, wiped by sodium_free. */
	if ((line = sodium_malloc(CLI_LINE_MAX)) == NULL)
		return -1;
	for (;;) {
		ssize_t r = read(fd, &ch, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto out;
		if (r == 0) {
			if (!got_any)
				rc = 1;
			if (!got_any)
				goto out;
			break;
		}
		got_any = 1;
		if (ch == '\n')
			break;
		if (n == CLI_LINE_MAX)
			goto out;
		line[n++] = ch;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (vault_secret_from(line, n, out) == VAULT_OK)
		rc = 0;
out:
	sodium_memzero(&ch, sizeof ch);
	sodium_free(line);
	return rc;
}

static vault_err
ask_tty(struct cli *c, const char *prompt, vault_secret **out)
{
	int r = sys_tty_secret(prompt, out);

	if (r == 0)
		return VAULT_OK;
	if (!sys_tty_present()) {
		fprintf(stderr, "cvault: %s: no terminal to ask on; give the "
		    "passphrase with --passphrase-fd N\n", c->name);
		return VAULT_ERR_IO;
	}
	if (r > 0)
		fprintf(stderr, "cvault: %s: nothing was typed\n", c->name);
	else
		fprintf(stderr, "cvault: %s: could not read a line (at most "
		    "%u bytes) from the terminal\n", c->name, CLI_LINE_MAX);
	return VAULT_ERR_INVALID;
}

vault_err
cli_read_secret(struct cli *c, const char *prompt, vault_secret **out)
{
	int r;

	*out = NULL;
	if (c->pass_fd < 0)
		return ask_tty(c, prompt, out);
	if ((r = cli_read_line(c->pass_fd, out)) == 0)
		return VAULT_OK;
	if (r == 1)
		fprintf(stderr, "cvault: %s: --passphrase-fd %d ended before "
		    "the line for \"%s\"\n", c->name, c->pass_fd, prompt);
	else
		fprintf(stderr, "cvault: %s: could not read a line (at most "
		    "%u bytes) from --passphrase-fd %d\n", c->name,
		    CLI_LINE_MAX, c->pass_fd);
	return VAULT_ERR_INVALID;
}

vault_err
cli_read_new_secret(struct cli *c, const char *prompt, vault_secret **out)
{
	vault_secret *a = NULL, *b = NULL;
	char again[256];
	vault_err rc;

	*out = NULL;
	if (c->pass_fd >= 0)
		return cli_read_secret(c, prompt, out);
	snprintf(again, sizeof again, "Type it again: ");
	for (int i = 0; i < TRIES; i++) {
		if ((rc = cli_read_secret(c, prompt, &a)) != VAULT_OK ||
		    (rc = cli_read_secret(c, again, &b)) != VAULT_OK)
			goto out;
		if (vault_secret_len(a) == vault_secret_len(b) &&
		    sodium_memcmp(vault_secret_data(a), vault_secret_data(b),
		    vault_secret_len(a)) == 0) {
			*out = a;
			a = NULL;
			goto out;
		}
		fprintf(stderr, "The two did not match. Please try again.\n");
		vault_secret_free(a);
		vault_secret_free(b);
		a = b = NULL;
	}
	fprintf(stderr, "cvault: %s: the two entries did not match\n", c->name);
	rc = VAULT_ERR_INVALID;
out:
	vault_secret_free(a);
	vault_secret_free(b);
	return rc;
}

int
cli_confirm(const char *question, int dflt)
{
	char q[512], ans[16];

	if (!sys_isatty(STDIN_FILENO))
		return dflt;
	snprintf(q, sizeof q, "%s%s", question, dflt ? " [Y/n] " : " [y/N] ");
	if (sys_tty_ask(q, ans, sizeof ans) != 0 || ans[0] == '\0')
		return dflt;
	return ans[0] == 'y' || ans[0] == 'Y';
}

vault_err
cli_read_stdin(size_t max, vault_secret **out)
{
	uint8_t *p;
	size_t n = 0;
	vault_err rc;

	*out = NULL;
	/* One guarded buffer of the maximum size, then an exact copy. */
	if ((p = sodium_malloc(max + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	for (;;) {
		ssize_t r = read(STDIN_FILENO, p + n, max + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = VAULT_ERR_IO;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			rc = VAULT_ERR_INVALID;
			goto out;
		}
	}
	rc = vault_secret_from(p, n, out);
out:
	sodium_free(p);
	return rc;
}
