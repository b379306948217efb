/* SPDX-License-Identifier: ISC */
/*
 * tamper.c - the tamper sweep: a small vault (cheap KDF, two entries, one
 * with a history record), changed one byte at a time, must never crash
 * cvault, never make it show a wrong secret, and never make it call a
 * damaged vault intact.
 *
 * Bytes are classed by what SQLite makes of them (classify()): structure
 * (the 100-byte database header, each b-tree page's header and cell
 * pointers), content (cells; all of overflow and freelist pages) and
 * unused (the gap inside b-tree pages, which nothing reads).
 *
 *   tamper lib DIR [POS MASK]
 *     In-process, through the library (built with the sanitizers by
 *     `make faults`). Every structure byte flipped 9 ways (each bit, and
 *     all 8), every content byte 3 ways (two bits and all 8), every 16th
 *     unused byte once; the file cut at every 16th byte. Each time
 *     vault_open must give OK, AUTH, CORRUPT, VERSION or NOTFOUND (the
 *     program's exits 0, 3, 5, 5, 4); after OK every entry must read back
 *     byte for byte as stored, or give CORRUPT or NOTFOUND; search must
 *     list only stored summaries, unchanged; and vault_verify must report
 *     damage whenever a read met some, an entry gone included (format 2
 *     seals which rows exist). Argon2id runs for real, memoised
 *     (kdf_memo.h; flips of the salt or settings run it afresh). With POS
 *     and MASK (0: cut the file at POS) it replays one case, verbosely.
 *   tamper cli DIR CVAULT
 *     The program itself, on a sample: every structure byte, every 4th
 *     content byte and every 1024th unused byte, one flip each; the file
 *     cut at every page boundary. Each time `cvault get Bank` must print
 *     exactly the stored password with exit 0, or nothing with exit 3, 4
 *     or 5; `cvault verify` must exit 0, 3, 4 or 5; neither may die of a
 *     signal or print a sanitizer report, and verify may not exit 0 with
 *     an entry gone.
 *   tamper classify FILE
 *     Print each byte's class.
 *
 * Prints TAP (the first few violations of each kind with their position
 * and mask, so any can be replayed) and the coverage.
 */
#include "fuzz/kdf_memo.h"      /* first: it defines _GNU_SOURCE */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"
#include "tap.h"
#include "testutil.h"

#define PASSPHRASE "correct horse battery staple"
#define NENTRIES 2
#define SHOW_MAX 5              /* violations printed per kind */

static const char *const titles[NENTRIES] = { "Bank", "Email" };
static const char *const bank_password = "S3cure!pass#1";

static char dir[256], orig_path[300], work_path[300];
static uint8_t *orig;           /* the pristine file */
static size_t orig_len;
static vault_secret *stored[NENTRIES];  /* each entry's records, as stored */

static const char *cvault;     /* the program, for the cli sweep */

/* Counters, by outcome. */
static unsigned long n_cases, n_open_ok, n_open_err[VAULT_ERR_COUNT];
static unsigned long n_get_ok, n_get_bad, n_verify_ok, n_verify_bad;
static unsigned long bad_open, bad_read, bad_wrong, bad_verify, bad_search;

static void
die(const char *what)
{
	fprintf(stderr, "tamper: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* What SQLite makes of each byte of the file (see classify()). */
enum { DEAD, CONTENT, STRUCT };
static const char *const class_name[] = { "unused", "content", "structure" };

/* The class of the byte being changed (3: a cut), and a tally of every
 * violation by operation, outcome and class, printed at the end. */
static unsigned cur_class;
static const char *const cur_name[] = { "unused", "content", "structure",
    "cut" };
struct tally {
	const char *kind, *what;
	int rc;
	unsigned long n[4];
	size_t pos;             /* the first case, to replay */
	unsigned mask;
};
static struct tally tallies[32];

static void
tally(const char *kind, const char *what, int rc, size_t pos, unsigned mask)
{
	size_t i;

	for (i = 0; i < 32 && tallies[i].kind != NULL; i++)
		if (strcmp(tallies[i].kind, kind) == 0 &&
		    strcmp(tallies[i].what, what) == 0 && tallies[i].rc == rc)
			break;
	if (i == 32)
		return;
	if (tallies[i].kind == NULL) {
		tallies[i].pos = pos;
		tallies[i].mask = mask;
	}
	tallies[i].kind = kind;
	tallies[i].what = what;
	tallies[i].rc = rc;
	tallies[i].n[cur_class]++;
}

static void
tally_print(void)
{
	for (size_t i = 0; i < 32 && tallies[i].kind != NULL; i++) {
		struct tally *t = &tallies[i];

		printf("#   %s: %s (%d%s%s): %lu structure, %lu content, "
		    "%lu unused, %lu cuts; first at %zu 0x%02x\n", t->kind,
		    t->what, t->rc,
		    t->rc > 0 && t->rc < VAULT_ERR_COUNT && !cvault ? " " : "",
		    t->rc > 0 && t->rc < VAULT_ERR_COUNT && !cvault ?
		    vault_strerror((vault_err)t->rc) : "", t->n[STRUCT],
		    t->n[1], t->n[0], t->n[3], t->pos, t->mask);
	}
}

static void
show(unsigned long *count, const char *kind, const char *what, size_t pos,
    unsigned mask, int rc)
{
	tally(kind, what, rc, pos, mask);
	if ((*count)++ < SHOW_MAX)
		printf("# %s: %s at byte %zu (%s, xor 0x%02x): %d %s\n", kind,
		    what, pos, cur_name[cur_class], mask, rc, rc >= 0 &&
		    rc < VAULT_ERR_COUNT && !cvault ?
		    vault_strerror((vault_err)rc) : "");
}

/* ---- the pristine vault -------------------------------------------- */

static void
add_entry(vault *v, const char *title, const char *pw, int full)
{
	vault_entry *e = NULL;
	vault_err rc;
	static const char notes[] = "Branch: 1 High Street. Two signatories "
	    "needed for payments over 500 pounds; the chair and the clerk.";

	if ((rc = vault_entry_new(&e)) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_TITLE, PASS(title))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS(pw))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_USERNAME,
	    PASS("clerk@ls.example"))))
		goto out;
	if (full && ((rc = vault_entry_set(e, VAULT_FIELD_URL,
	    PASS("https://bank.example/login"))) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_NOTES, PASS(notes))) ||
	    (rc = vault_entry_tag_add(e, "finance")) ||
	    (rc = vault_entry_custom_set(e, "sort code", PASS("12-34-56")))))
		goto out;
	rc = vault_entry_add(v, e);
out:
	vault_entry_free(e);
	if (rc != VAULT_OK) {
		fprintf(stderr, "tamper: add %s: %s\n", title,
		    vault_strerror(rc));
		exit(2);
	}
}

static void
make_vault(void)
{
	vault *v = NULL;
	vault_entry *e = NULL;
	vault_err rc;
	FILE *f;
	long n;

	snprintf(orig_path, sizeof orig_path, "%s/pristine.vault", dir);
	snprintf(work_path, sizeof work_path, "%s/work.vault", dir);
	unlink(orig_path);
	if ((rc = vault_create(orig_path, "Little Snoring PC", PASS(PASSPHRASE),
	    &test_params, &v)) != VAULT_OK) {
		fprintf(stderr, "tamper: create: %s\n", vault_strerror(rc));
		exit(2);
	}
	add_entry(v, titles[0], bank_password, 1);
	add_entry(v, titles[1], "first-email-password", 0);
	/* An update, so that the file holds a history record too. */
	if ((rc = vault_entry_get(v, titles[1], &e)) ||
	    (rc = vault_entry_set(e, VAULT_FIELD_PASSWORD,
	    PASS("second-email-password"))) ||
	    (rc = vault_entry_update(v, titles[1], e))) {
		fprintf(stderr, "tamper: update: %s\n", vault_strerror(rc));
		exit(2);
	}
	vault_entry_free(e);
	for (int i = 0; i < NENTRIES; i++) {
		if ((rc = vault_entry_get(v, titles[i], &e)) != VAULT_OK ||
		    vault_secret_from(e->rec->buf, e->rec->len, &stored[i]))
			exit(2);
		vault_entry_free(e);
		e = NULL;
	}
	vault_close(v);
	if ((f = fopen(orig_path, "rb")) == NULL || fseek(f, 0, SEEK_END) ||
	    (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
	    (orig = malloc((size_t)n)) == NULL ||
	    fread(orig, 1, (size_t)n, f) != (size_t)n)
		die(orig_path);
	fclose(f);
	orig_len = (size_t)n;
}

/* Write the pristine file with byte `pos` xor `mask` (mask 0: cut the
 * file at `pos` instead). */
static void
write_variant(size_t pos, unsigned mask)
{
	char journal[320];
	size_t len = mask ? orig_len : pos;
	int fd;

	snprintf(journal, sizeof journal, "%s-journal", work_path);
	unlink(journal);
	if ((fd = open(work_path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		die(work_path);
	if (mask)
		orig[pos] ^= (uint8_t)mask;
	if (write(fd, orig, len) != (ssize_t)len)
		die(work_path);
	if (mask)
		orig[pos] ^= (uint8_t)mask;
	close(fd);
}

/* Keep a variant that gave an unexpected error, to replay it with
 * `tamper lib DIR POS MASK` on that file (its path is printed). */
static void
keep_variant(size_t pos, unsigned mask)
{
	char path[400];
	int fd;

	snprintf(path, sizeof path, "%s/unexpected-%zu-%02x.vault", dir, pos,
	    mask);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return;
	orig[pos] ^= (uint8_t)mask;
	if (write(fd, orig, orig_len) != (ssize_t)orig_len)
		printf("# could not keep %s\n", path);
	orig[pos] ^= (uint8_t)mask;
	close(fd);
	printf("# kept the variant as %s\n", path);
}

/* ---- lib: in-process -------------------------------------------------- */

struct seen {
	size_t pos;
	unsigned mask;
	int bad;
	int listed[NENTRIES];   /* search listed entry i */
};

static int
check_summary(void *ctx, const vault_entry *e)
{
	struct seen *s = ctx;
	const uint8_t *t, *want, *got;
	size_t tl, wl, gl;
	int i;

	if (vault_entry_field(e, VAULT_FIELD_TITLE, &t, &tl) != VAULT_OK) {
		s->bad = 1;
		return 0;
	}
	for (i = 0; i < NENTRIES; i++)
		if (tl == strlen(titles[i]) && memcmp(t, titles[i], tl) == 0)
			break;
	if (i == NENTRIES) {
		s->bad = 1;             /* a title we never stored */
		return 0;
	}
	s->listed[i]++;
	/* The summary's records must be exactly the stored ones. */
	{
		struct vault_entry full = { stored[i] };

		for (int f = VAULT_FIELD_TITLE; f <= VAULT_FIELD_URL; f++) {
			int a = vault_entry_field(&full, (vault_field)f, &want,
			    &wl) == VAULT_OK;
			int b = vault_entry_field(e, (vault_field)f, &got,
			    &gl) == VAULT_OK;

			if (a != b || (a && (wl != gl ||
			    memcmp(want, got, wl) != 0)))
				s->bad = 1;
		}
		for (int k = VAULT_TIME_CREATED; k <= VAULT_TIME_PASSWORD; k++)
			if (vault_entry_time(&full, (vault_time)k) !=
			    vault_entry_time(e, (vault_time)k))
				s->bad = 1;
	}
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long n_slow;
static int verbose;

static void lib_case_inner(size_t pos, unsigned mask);

/* Time each case: a slow one (a lock wait, a KDF run) is worth a note. */
static void
lib_case(size_t pos, unsigned mask)
{
	double t0 = now(), dt;

	lib_case_inner(pos, mask);
	if ((dt = now() - t0) > 0.5 && n_slow++ < SHOW_MAX)
		printf("# slow: %.1fs at byte %zu (xor 0x%02x)\n", dt, pos,
		    mask);
}

static void
lib_case_inner(size_t pos, unsigned mask)
{
	vault *v = NULL;
	vault_entry *e = NULL;
	struct seen s = { pos, mask, 0, { 0 } };
	vault_err rc, vr;
	size_t damaged = 0;
	int met_damage = 0, met_missing = 0;

	n_cases++;
	write_variant(pos, mask);
	rc = vault_open(work_path, PASS(PASSPHRASE), &v);
	if (verbose)
		printf("# open: %s\n", vault_strerror(rc));
	if (rc != VAULT_OK) {
		n_open_err[rc < VAULT_ERR_COUNT ? rc : 0]++;
		if (rc != VAULT_ERR_AUTH && rc != VAULT_ERR_CORRUPT &&
		    rc != VAULT_ERR_VERSION && rc != VAULT_ERR_NOTFOUND)
			show(&bad_open, "open", "unexpected error", pos, mask,
			    rc);
		return;
	}
	n_open_ok++;
	rc = vault_entry_search(v, NULL, check_summary, &s, NULL);
	if (s.bad)
		show(&bad_search, "search", "wrong summary", pos, mask, rc);
	if (rc != VAULT_OK) {
		met_damage = 1;
		if (rc != VAULT_ERR_CORRUPT)
			show(&bad_read, "search", "unexpected error", pos, mask,
			    rc);
	}
	for (int i = 0; i < NENTRIES; i++) {
		rc = vault_entry_get(v, titles[i], &e);
		if (verbose)
			printf("# get %s: %s (%zu bytes, stored %zu)\n",
			    titles[i], vault_strerror(rc), e && e->rec ?
			    e->rec->len : 0, stored[i]->len);
		if (rc == VAULT_OK) {
			n_get_ok++;
			if (e->rec == NULL || e->rec->len != stored[i]->len ||
			    memcmp(e->rec->buf, stored[i]->buf,
			    stored[i]->len) != 0)
				show(&bad_wrong, "get", "WRONG DATA", pos, mask,
				    0);
		} else {
			n_get_bad++;
			/* NOTFOUND for a row search lists is index damage;
			 * for one it does not, the row is gone. */
			if (rc == VAULT_ERR_NOTFOUND && !s.listed[i])
				met_missing = 1;
			else
				met_damage = 1;
			if (rc != VAULT_ERR_CORRUPT && rc != VAULT_ERR_NOTFOUND)
				show(&bad_read, "get", "unexpected error", pos,
				    mask, rc);
		}
		vault_entry_free(e);
		e = NULL;
	}
	vr = vault_verify(v, NULL, NULL, &damaged);
	if (verbose)
		printf("# verify: %s (%zu damaged)\n", vault_strerror(vr),
		    damaged);
	if (vr == VAULT_OK)
		n_verify_ok++;
	else
		n_verify_bad++;
	if (vr != VAULT_OK && vr != VAULT_ERR_CORRUPT) {
		show(&bad_verify, "verify", "unexpected error", pos, mask, vr);
		if (mask != 0)
			keep_variant(pos, mask);
	}
	if (vr == VAULT_OK && met_damage)
		show(&bad_verify, "verify", "says intact but a read failed",
		    pos, mask, vr);
	else if (vr == VAULT_OK && met_missing)
		show(&bad_verify, "verify", "says intact but an entry is gone",
		    pos, mask, vr);     /* format 2: presence is sealed */
	vault_close(v);
}

/* ---- cli: the program ------------------------------------------------- */

static unsigned long n_cli_runs;
static unsigned long cli_crash, cli_status, cli_output, cli_verify_lost;

/* Run cvault ARGS with the passphrase on stdin; stdout into out (NUL-
 * terminated, truncated at cap). Returns the exit status, or 128+signal;
 * a sanitizer report on stderr counts as a crash (returns 255). */
static int
run_cvault(const char *const *args, char *out, size_t cap)
{
	int in[2], o[2], e[2], status;
	pid_t pid;
	char errbuf[4096];
	size_t n = 0, en = 0;
	ssize_t r;

	if (pipe(in) || pipe(o) || pipe(e))
		die("pipe");
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		char *argv[16];
		int k = 0;

		dup2(in[0], 0);
		dup2(o[1], 1);
		dup2(e[1], 2);
		close(in[0]); close(in[1]); close(o[0]); close(o[1]);
		close(e[0]); close(e[1]);
		argv[k++] = (char *)cvault;
		argv[k++] = (char *)"-f";
		argv[k++] = work_path;
		argv[k++] = (char *)"--passphrase-fd";
		argv[k++] = (char *)"0";
		for (; *args && k < 15; args++)
			argv[k++] = (char *)*args;
		argv[k] = NULL;
		alarm(60);              /* a hang is a failure too */
		/* Leaks are memcheck's and the library sweep's business; a
		 * sanitized program's exit-time leak scan would double the
		 * time of each run. Other reports still count as crashes. */
		setenv("ASAN_OPTIONS", "detect_leaks=0", 0);
		execv(cvault, argv);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	close(e[1]);
	/* It may have exited already: a failed write is no error here. */
	signal(SIGPIPE, SIG_IGN);
	(void)!write(in[1], PASSPHRASE "\n", sizeof PASSPHRASE);
	close(in[1]);
	while ((r = read(o[0], out + n, cap - 1 - n)) > 0 && n + (size_t)r <
	    cap - 1)
		n += (size_t)r;
	if (r > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(o[0]);
	while ((r = read(e[0], errbuf + en, sizeof errbuf - 1 - en)) > 0 &&
	    en + (size_t)r < sizeof errbuf - 1)
		en += (size_t)r;
	errbuf[en] = '\0';
	close(e[0]);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	n_cli_runs++;
	if (strstr(errbuf, "Sanitizer") || strstr(errbuf, "runtime error"))
		return 255;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void
cli_case(size_t pos, unsigned mask)
{
	static const char *const get[] = { "get", "Bank", NULL };
	static const char *const ver[] = { "verify", NULL };
	char out[4096], want[128];
	int st;

	n_cases++;
	write_variant(pos, mask);
	snprintf(want, sizeof want, "%s\n", bank_password);
	st = run_cvault(get, out, sizeof out);
	if (st >= 128)
		show(&cli_crash, "get", "CRASH", pos, mask, st);
	else if (st == 0 && strcmp(out, want) != 0)
		show(&cli_output, "get", "WRONG OUTPUT", pos, mask, st);
	else if (st != 0 && out[0] != '\0')
		show(&cli_output, "get", "output on failure", pos, mask, st);
	else if (st != 0 && st != 3 && st != 4 && st != 5)
		show(&cli_status, "get", "exit status", pos, mask, st);
	st = run_cvault(ver, out, sizeof out);
	if (st >= 128)
		show(&cli_crash, "verify", "CRASH", pos, mask, st);
	else if (st == 0 && strstr(out, "intact: 2 entries") == NULL)
		show(&cli_verify_lost, "verify", "intact with an entry gone",
		    pos, mask, st);     /* format 2: presence is sealed */
	else if (st != 0 && st != 3 && st != 4 && st != 5)
		show(&cli_status, "verify", "exit status", pos, mask, st);
}

/* Big-endian 16-bit value at p. */
static unsigned
be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}


/* Classify every byte: STRUCT for the database header and each b-tree
 * page's header and cell pointer array; DEAD for the unallocated gap
 * between the cell pointers and the cell content area; CONTENT for the
 * cells and every byte of pages that are not b-tree pages (overflow,
 * freelist), conservatively. Returns the page size. */
static size_t
classify(const uint8_t *f, size_t len, uint8_t *cls)
{
	size_t ps = len >= 100 ? be16(f + 16) : 0;

	if (ps == 1)
		ps = 65536;
	memset(cls, CONTENT, len);
	if (len < 100 || ps < 512)
		return 0;
	memset(cls, STRUCT, 100);
	for (size_t base = 0; base + ps <= len; base += ps) {
		size_t h = base == 0 ? 100 : 0, hs, cells, content, i;
		const uint8_t *p = f + base + h;

		if (p[0] != 2 && p[0] != 5 && p[0] != 10 && p[0] != 13)
			continue;
		hs = p[0] == 2 || p[0] == 5 ? 12 : 8;
		cells = be16(p + 3);
		content = be16(p + 5) == 0 ? 65536 : be16(p + 5);
		for (i = h; i < h + hs + 2 * cells && i < ps; i++)
			cls[base + i] = STRUCT;
		for (; i < content && i < ps; i++)
			cls[base + i] = DEAD;
	}
	return ps;
}

/* A sampling plan: every byte of class c whose offset is a multiple of
 * stride[c] (0: none) gets `flips[c]` flips: bit (pos % 8), then the
 * other bits in turn, then 0xff when flips is 9. */
struct plan {
	size_t stride[3];
	unsigned flips[3];
};

static unsigned
nth_mask(size_t pos, unsigned k)
{
	return k >= 8 ? 0xffu : 1u << ((pos + k) % 8);
}

typedef void (*case_fn)(size_t pos, unsigned mask);

static void
sweep(const struct plan *pl, case_fn fn, const char *label)
{
	uint8_t *cls = malloc(orig_len);
	size_t ps, count[3] = { 0, 0, 0 }, hit[3] = { 0, 0, 0 }, cuts = 0;
	size_t cut_step;
	time_t t0 = time(NULL);

	if (cls == NULL)
		die("malloc");
	ps = classify(orig, orig_len, cls);
	cut_step = pl->stride[DEAD] < 64 ? 16 : ps;
	for (size_t pos = 0; pos < orig_len; pos++) {
		unsigned c = cls[pos];

		count[c]++;
		if (pl->stride[c] == 0 || pos % pl->stride[c] != 0)
			continue;
		hit[c]++;
		cur_class = c;
		for (unsigned k = 0; k < pl->flips[c]; k++)
			fn(pos, nth_mask(pos, k == pl->flips[c] - 1 && k > 0 ?
			    8 : k));
		if (pos % 4096 == 0 && pos)
			fprintf(stderr, "# %s: byte %zu of %zu, %lds\n", label,
			    pos, orig_len, (long)(time(NULL) - t0));
	}
	cur_class = 3;
	for (size_t pos = 0; pos < orig_len; pos += cut_step, cuts++)
		fn(pos, 0);
	printf("# %s: file %zu bytes, %zu-byte pages; %lu cases in %lds\n",
	    label, orig_len, ps, n_cases, (long)(time(NULL) - t0));
	for (int c = STRUCT; c >= DEAD; c--)
		printf("#   %-9s bytes: %5zu, flipped %5zu (%3.0f%%), %u "
		    "flip%s each\n", class_name[c], count[c], hit[c],
		    count[c] ? 100.0 * hit[c] / count[c] : 0.0,
		    pl->flips[c], pl->flips[c] == 1 ? "" : "s");
	printf("#   cuts: %zu (every %zu bytes)\n", cuts, cut_step);
	tally_print();
	free(cls);
}

static int
cmd_lib(void)
{
	/* Structure bytes: each of the 8 bits and all 8 at once; content:
	 * 2 single bits and all 8; unused space: every 16th byte. */
	struct plan pl = { { 16, 1, 1 }, { 1, 3, 9 } };

	sweep(&pl, lib_case, "tamper lib");
	printf("#   Argon2id ran %lu times, memoised %lu\n", kdf_real_calls,
	    kdf_memo_hits);
	printf("#   open: ok %lu, auth %lu, corrupt %lu, version %lu, "
	    "notfound %lu; get ok %lu, refused %lu; verify ok %lu, "
	    "damaged %lu\n", n_open_ok, n_open_err[VAULT_ERR_AUTH],
	    n_open_err[VAULT_ERR_CORRUPT], n_open_err[VAULT_ERR_VERSION],
	    n_open_err[VAULT_ERR_NOTFOUND], n_get_ok, n_get_bad, n_verify_ok,
	    n_verify_bad);
	return 0;
}

static int
cmd_cli(void)
{
	/* Every structure byte, every 4th content byte, every 1024th unused
	 * byte, one flip each; the library sweep does the rest. */
	struct plan pl = { { 1024, 4, 1 }, { 1, 1, 1 } };

	sweep(&pl, cli_case, "tamper cli");
	printf("#   %lu cvault runs\n", n_cli_runs);
	return 0;
}

/* ---- main ------------------------------------------------------------- */

static void
tap(const char *name, unsigned long bad)
{
	tap_cur = bad != 0;
	tap_n++;
	tap_failed += tap_cur;
	printf("%sok %d - %s", tap_cur ? "not " : "", tap_n, name);
	if (bad)
		printf(" (%lu cases)", bad);
	printf("\n");
}

static void
cleanup(void)
{
	char j[320];

	unlink(work_path);
	unlink(orig_path);
	snprintf(j, sizeof j, "%s-journal", work_path);
	unlink(j);
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "classify") == 0) {
		FILE *f = fopen(argv[2], "rb");
		static uint8_t buf[1 << 20], cls[1 << 20];
		size_t len;

		if (f == NULL)
			die(argv[2]);
		len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		classify(buf, len, cls);
		for (size_t i = 0; i < len; i++)
			printf("%zu %s\n", i, class_name[cls[i]]);
		return 0;
	}
	if (argc < 3 || (strcmp(argv[1], "lib") && strcmp(argv[1], "cli")) ||
	    (strcmp(argv[1], "lib") == 0 && argc != 3 && argc != 5) ||
	    (strcmp(argv[1], "cli") == 0 && argc != 4)) {
		fprintf(stderr, "usage: tamper lib DIR [POS MASK] | tamper cli "
		    "DIR CVAULT | tamper classify FILE\n");
		return 2;
	}
	snprintf(dir, sizeof dir, "%s", argv[2]);
	make_vault();
	atexit(cleanup);
	if (strcmp(argv[1], "lib") == 0 && argc == 5) {
		/* Replay one case: tamper lib DIR POS MASK (0: cut). */
		size_t pos = strtoul(argv[3], NULL, 0);
		unsigned mask = (unsigned)strtoul(argv[4], NULL, 0);
		uint8_t *cls = malloc(orig_len);

		if (cls == NULL || pos >= orig_len)
			return 2;
		classify(orig, orig_len, cls);
		cur_class = mask ? cls[pos] : 3;
		free(cls);
		verbose = 1;
		lib_case(pos, mask);
	} else if (strcmp(argv[1], "lib") == 0) {
		cmd_lib();
		tap("tamper (library): open gives only AUTH/CORRUPT/VERSION/"
		    "NOTFOUND", bad_open);
		tap("tamper (library): reads give only CORRUPT/NOTFOUND",
		    bad_read);
		tap("tamper (library): no entry ever reads back different",
		    bad_wrong);
		tap("tamper (library): search lists only stored summaries",
		    bad_search);
		tap("tamper (library): verify reports the damage reads met "
		    "(CORRUPT or errors), an entry gone included", bad_verify);
	} else {
		cvault = argv[3];
		cmd_cli();
		tap("tamper (cvault): no crash, signal or sanitizer report",
		    cli_crash);
		tap("tamper (cvault): get prints the password or nothing",
		    cli_output);
		tap("tamper (cvault): exit status 0, 3, 4 or 5", cli_status);
		tap("tamper (cvault): verify never calls a vault with an "
		    "entry gone intact", cli_verify_lost);
	}
	return TAP_END();
}
