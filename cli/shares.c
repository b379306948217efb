/* SPDX-License-Identifier: ISC */
/*
 * shares.c - paper shares typed or read from a file (--shares FILE|-),
 * added one by one to an opening without the clerk. For an opening,
 * reading stops as soon as enough shares are in. At a terminal a word
 * that is not in the word list is asked for again on the spot, with the
 * nearest list words suggested, and a share whose words do not check
 * out is typed again; from a file or pipe the same mistakes are errors
 * naming the share and the word ("share 2, word 7").
 *
 * SECURITY: the typed lines are the shares' secret words: they stay in
 * guarded memory (cli_read_line); a word's working copies on the stack
 * are wiped. Suggestions go only to a terminal, where the typed word is
 * already on the screen; error messages never quote a word.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"

#define WORD_MAX 16u            /* longer is no list word */
#define SUGGEST 3

struct paper {
	struct cli *c;
	vault_escrow *eo;
	int fd, tty;            /* tty: ask again instead of failing */
	int report;
	unsigned share;         /* the share being typed, from 1 */
};

/* Word `n` (from 1) of the line: offset and length; 0 when missing. */
static int
word_at(const uint8_t *p, size_t len, size_t n, size_t *off, size_t *wl)
{
	size_t i = 0, k = 0;

	while (i < len) {
		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == len)
			break;
		*off = i;
		while (i < len && p[i] != ' ' && p[i] != '\t')
			i++;
		*wl = i - *off;
		if (++k == n)
			return 1;
	}
	return 0;
}

/* Edit distance (Levenshtein) of a and b, each at most WORD_MAX. */
static unsigned
distance(const char *a, size_t al, const char *b, size_t bl)
{
	unsigned row[WORD_MAX + 1], diag, up;

	for (size_t j = 0; j <= bl; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= al; i++) {
		diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= bl; j++) {
			unsigned best = diag + (a[i - 1] != b[j - 1]);

			up = row[j];
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	up = row[bl];
	sodium_memzero(row, sizeof row);
	return up;
}

/* 1 when `w` (lower case) is a list word or at least its first four
 * letters, as vault_share_decode accepts. */
static int
word_known(const char *w, size_t wl)
{
	const char *s;

	if (wl < 4)
		return 0;
	for (size_t i = 0; (s = vault_slip39_word(i)) != NULL; i++)
		if (strncmp(s, w, wl) == 0)
			return 1;
	return 0;
}

/* The nearest list words to `w`, to a terminal: by edit distance to the
 * whole word or to its first letters (for shortened words). */
static void
suggest(const char *w, size_t wl, FILE *f)
{
	const char *best[SUGGEST] = { NULL };
	unsigned bd[SUGGEST] = { 99, 99, 99 };
	const char *s;

	for (size_t i = 0; (s = vault_slip39_word(i)) != NULL; i++) {
		size_t sl = strlen(s);
		unsigned d = distance(w, wl, s, sl);

		if (wl >= 4 && wl < sl && distance(w, wl, s, wl) < d)
			d = distance(w, wl, s, wl);
		for (int k = 0; k < SUGGEST; k++)
			if (d < bd[k]) {
				memmove(best + k + 1, best + k,
				    (SUGGEST - 1 - k) * sizeof *best);
				memmove(bd + k + 1, bd + k,
				    (SUGGEST - 1 - k) * sizeof *bd);
				best[k] = s;
				bd[k] = d;
				break;
			}
	}
	if (best[0] == NULL || bd[0] > 3)
		return;
	fprintf(f, " Nearest words in the list:");
	for (int k = 0; k < SUGGEST && best[k] && bd[k] <= bd[0] + 1; k++)
		fprintf(f, "%s %s", k ? "," : "", best[k]);
	fputc('.', f);
}

/* The line with word `n` (at off, wl bytes) replaced by `with`. */
static vault_err
splice(const vault_secret *line, size_t off, size_t wl,
    const vault_secret *with, vault_secret **out)
{
	const uint8_t *p = vault_secret_data(line);
	size_t len = vault_secret_len(line), wn = vault_secret_len(with);
	uint8_t *buf;
	vault_err rc;

	if ((buf = sodium_malloc(len - wl + wn + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	memcpy(buf, p, off);
	memcpy(buf + off, vault_secret_data(with), wn);
	memcpy(buf + off + wn, p + off + wl, len - off - wl);
	rc = vault_secret_from(buf, len - wl + wn, out);
	sodium_free(buf);
	return rc;
}

/* Word `bad` of *line is unknown: say so, suggest, and ask for it again
 * (terminal only). 0: *line has the new word; -1: give up. */
static int
ask_word(struct paper *pp, vault_secret **line, size_t bad)
{
	const uint8_t *p = vault_secret_data(*line);
	vault_secret *word = NULL, *nu = NULL;
	char low[WORD_MAX];
	size_t off = 0, wl = 0;
	int known, r = -1;

	if (!word_at(p, vault_secret_len(*line), bad, &off, &wl))
		return -1;
	for (size_t i = 0; i < wl && i < WORD_MAX; i++)
		low[i] = (char)(p[off + i] | (p[off + i] >= 'A' &&
		    p[off + i] <= 'Z' ? 32 : 0));
	known = wl <= WORD_MAX && word_known(low, wl);
	if (known) {
		fprintf(stderr, "Share %u, word %zu is a list word but cannot "
		    "be right there: check it against the sheet.", pp->share,
		    bad);
	} else {
		fprintf(stderr, "Share %u, word %zu is not in the word list.",
		    pp->share, bad);
		if (wl <= WORD_MAX)
			suggest(low, wl, stderr);
	}
	sodium_memzero(low, sizeof low);
	fprintf(stderr, "\nType word %zu of share %u again: ", bad, pp->share);
	if (cli_read_line(pp->fd, &word) == 0 && vault_secret_len(word) > 0 &&
	    splice(*line, off, wl, word, &nu) == VAULT_OK) {
		vault_secret_free(*line);
		*line = nu;
		r = 0;
	}
	vault_secret_free(word);
	return r;
}

/* A share that could not be added, from a file or pipe: one line. */
static int
share_failed(struct paper *pp, vault_err rc, size_t bad, const char *role)
{
	struct cli *c = pp->c;
	unsigned n = pp->share;

	if (rc == VAULT_ERR_MNEMONIC && bad > 0)
		return cli_fail(c, rc, "share %u, word %zu is not in the word "
		    "list (or cannot be right there); check it against the "
		    "sheet", n, bad);
	if (rc == VAULT_ERR_MNEMONIC)
		return cli_fail(c, rc, "share %u: the words do not check out; "
		    "a word is mistyped, missing or out of order", n);
	if (rc == VAULT_ERR_SHARES && role != NULL)
		return cli_fail(c, rc, "share %u is the %s's, which was "
		    "already given", n, role);
	if (rc == VAULT_ERR_SHARES)
		return cli_fail(c, rc, "share %u does not belong to this "
		    "vault's current set of shares: it is from another vault, "
		    "or from before the shares were last re-issued", n);
	return cli_fail(c, rc, "share %u: %s", n, vault_strerror(rc));
}

/* At a terminal, a share refused as a whole is typed again: say why. */
static void
retype(struct paper *pp, vault_err rc, const char *role)
{
	if (rc == VAULT_ERR_MNEMONIC)
		fprintf(stderr, "Share %u: the words do not check out (a word "
		    "is mistyped, missing or out of order). Type it again.\n",
		    pp->share);
	else if (rc == VAULT_ERR_SHARES && role != NULL)
		fprintf(stderr, "That was the %s's share again. Type another "
		    "holder's share.\n", cli_safe(role));
	else
		fprintf(stderr, "That share does not belong to this vault's "
		    "current set of shares (another vault, or an older "
		    "sheet). Type another.\n");
}

/* Add one typed line; on a terminal, mend it until it is added or the
 * holder gives up. 1 added, 0 retype the whole share, or an exit status
 * (negated) to stop. */
static int
add_line(struct paper *pp, vault_secret **line)
{
	for (;;) {
		const char *role = NULL;
		size_t bad = 0;
		vault_err rc = vault_escrow_add_paper(pp->eo,
		    vault_secret_data(*line), vault_secret_len(*line), &bad,
		    &role);

		if (rc == VAULT_OK) {
			if (pp->report)
				fprintf(stderr, "Share %u is good: the %s's.\n",
				    pp->share, cli_safe(role));
			return 1;
		}
		if (!pp->tty || (rc != VAULT_ERR_MNEMONIC &&
		    rc != VAULT_ERR_SHARES))
			return -share_failed(pp, rc, bad, role);
		if (rc == VAULT_ERR_MNEMONIC && bad > 0) {
			if (ask_word(pp, line, bad) != 0)
				return -cli_fail(pp->c, rc, "share %u, word %zu "
				    "was not typed again", pp->share, bad);
			continue;
		}
		retype(pp, rc, role);
		return 0;
	}
}

/* Shares until the end of input (an empty line at a terminal), or until
 * `need` are in (0: no limit). */
static int
read_shares(struct paper *pp, unsigned need, unsigned have)
{
	vault_secret *line = NULL;
	unsigned good = 0;
	int r, status = EXIT_OK;

	while (need == 0 || good < need) {
		const uint8_t *p;
		size_t len;

		if (pp->tty)
			fprintf(stderr, "Paper share %u: type its words on one "
			    "line%s: ", good + 1, need ? "" : " (Enter on an "
			    "empty line when done)");
		if ((r = cli_read_line(pp->fd, &line)) != 0) {
			if (r < 0)
				status = cli_fail(pp->c, VAULT_ERR_FORMAT,
				    "share %u is too long", good + 1);
			break;
		}
		p = vault_secret_data(line);
		len = vault_secret_len(line);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0 && pp->tty)
			break;
		if (len > 0 && p[0] != '#') {
			pp->share = good + 1;
			if ((r = add_line(pp, &line)) < 0) {
				status = -r;
				break;
			}
			good += (unsigned)r;
		}
		vault_secret_free(line);
		line = NULL;
	}
	vault_secret_free(line);
	if (status == EXIT_OK && good == 0)
		status = cli_fail(pp->c, VAULT_ERR_SHARES, "no paper share was "
		    "given");
	if (status == EXIT_OK && need != 0 && good == need)
		fprintf(stderr, "%u of %u needed: opening the vault.\n",
		    have + good, vault_escrow_threshold(pp->eo));
	return status;
}

static int
paper(struct cli *c, vault_escrow *eo, const char *src, int report,
    unsigned need, unsigned have)
{
	struct paper pp = { c, eo, STDIN_FILENO, 0, report, 0 };
	int st;

	if (strcmp(src, "-") != 0 &&
	    (pp.fd = sys_open(src, SYS_READ)) < 0)
		return cli_fail(c, VAULT_ERR_IO, "cannot read %s", src);
	pp.tty = sys_isatty(pp.fd);
	st = read_shares(&pp, need, have);
	if (pp.fd != STDIN_FILENO)
		close(pp.fd);
	return st;
}

int
cli_paper_shares(struct cli *c, vault_escrow *eo, const char *src, int report)
{
	return paper(c, eo, src, report, 0, 0);
}

int
cli_paper_shares_open(struct cli *c, vault_escrow *eo, const char *src,
    unsigned have)
{
	unsigned k = vault_escrow_threshold(eo);

	return paper(c, eo, src, 1, have < k ? k - have : 0, have);
}
