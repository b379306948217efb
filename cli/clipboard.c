/* SPDX-License-Identifier: ISC */
/*
 * clipboard.c - `--copy`: a value goes to the desktop's clipboard, never
 * to the screen, and is cleared after a delay if the clipboard still
 * holds it.
 *
 * The desktop's own tool does the copying: wl-copy (Wayland, when
 * WAYLAND_DISPLAY is set), xclip or xsel (X11, DISPLAY), pbcopy (macOS).
 * SECURITY: the value reaches the tool on a pipe (its standard input),
 * never on its command line or in the environment.
 *
 * The cleaner must outlive the command, so it is a detached process
 * (setsid, double fork) that re-executes this program (sys_self_exe,
 * CLI_CLEANER_ARG): a fresh image, holding neither the vault's keys nor
 * the value. It is handed, on a pipe, only a random key and the keyed
 * BLAKE2b hash of the value (in sodium_malloc memory); after the delay
 * it reads the clipboard back, hashes what it finds under the same key,
 * compares in constant time, clears the clipboard only on a match (the
 * person may have copied something else meanwhile), wipes and exits.
 */
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
#include <sodium.h>
#include "cli.h"

#define CLIP_KEY 32u
#define CLIP_HASH 32u

struct tool {
	const char *env;                /* must be set; NULL: any desktop */
	const char *copy[5], *paste[5];
	const char *clear[5];           /* NULL: copy an empty value */
};

static const struct tool tools[] = {
	{ "WAYLAND_DISPLAY", { "wl-copy", NULL },
	  { "wl-paste", "--no-newline", NULL }, { "wl-copy", "--clear", NULL } },
	{ "DISPLAY", { "xclip", "-selection", "clipboard", "-in", NULL },
	  { "xclip", "-selection", "clipboard", "-out", NULL }, { NULL } },
	{ "DISPLAY", { "xsel", "--clipboard", "--input", NULL },
	  { "xsel", "--clipboard", "--output", NULL },
	  { "xsel", "--clipboard", "--clear", NULL } },
	{ NULL, { "pbcopy", NULL }, { "pbpaste", NULL }, { NULL } },
};
#define NTOOLS (sizeof tools / sizeof *tools)

/* What the cleaner is handed: public numbers, a random key and the keyed
 * hash of the value (no secret: the value cannot be had from it). */
struct handoff {
	uint32_t tool, seconds;
	uint64_t len;
	uint8_t key[CLIP_KEY], hash[CLIP_HASH];
};

static int
on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p, *end;
	char buf[4096];

	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p; p = *end ? end + 1 : end) {
		size_t n;

		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0 || n + strlen(prog) + 2 > sizeof buf)
			continue;
		memcpy(buf, p, n);
		snprintf(buf + n, sizeof buf - n, "/%s", prog);
		if (access(buf, X_OK) == 0)
			return 1;
	}
	return 0;
}

/* The first tool that fits this desktop and is installed, or -1. */
static int
pick_tool(void)
{
	for (size_t i = 0; i < NTOOLS; i++) {
		const char *e = tools[i].env ? getenv(tools[i].env) : "";

		if (e != NULL && (tools[i].env == NULL || *e != '\0') &&
		    on_path(tools[i].copy[0]))
			return (int)i;
	}
	return -1;
}

static void
write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		len -= (size_t)w;
	}
}

/* Run argv with `in` (len bytes) on its standard input and, when `out`
 * is given, up to `max` bytes of its standard output into it (*got).
 * Its other output goes to /dev/null: a tool that stays behind to serve
 * the clipboard (xclip, wl-copy) must not hold our caller's pipes open.
 * Returns the tool's exit status, or -1. */
static int
run(const char *const *argv, const uint8_t *in, size_t len, uint8_t *out,
    size_t max, size_t *got)
{
	int ip[2] = { -1, -1 }, op[2] = { -1, -1 }, st = 0, null;
	pid_t pid;

	if (pipe(ip) != 0 || (out != NULL && pipe(op) != 0))
		goto fail;
	if ((pid = fork()) < 0)
		goto fail;
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(ip[0], 0);
		dup2(out != NULL ? op[1] : null, 1);
		dup2(null, 2);
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(ip[0]);
	write_all(ip[1], in, len);
	close(ip[1]);
	if (out != NULL) {
		close(op[1]);
		*got = 0;
		for (;;) {
			ssize_t r = read(op[0], out + *got, max - *got);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			*got += (size_t)r;
			if (*got == max)
				break;
		}
		close(op[0]);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
fail:
	for (int i = 0; i < 2; i++) {
		if (ip[i] >= 0)
			close(ip[i]);
		if (op[i] >= 0)
			close(op[i]);
	}
	return -1;
}

/* Start the detached cleaner and hand it `h`. 0 ok, -1 not started. */
static int
start_cleaner(const struct handoff *h)
{
	const char *self = sys_self_exe();
	int p[2], st;
	pid_t pid;

	if (self == NULL || pipe(p) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		/* Its own session, and an orphan: no terminal hangup or
		 * shell job control reaches it. */
		int null = open("/dev/null", O_RDWR);

		setsid();
		if (fork() != 0)
			_exit(0);
		dup2(p[0], 0);
		dup2(null, 1);
		dup2(null, 2);
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		execl(self, "cvault", CLI_CLEANER_ARG, (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	write_all(p[1], (const uint8_t *)h, sizeof *h);
	close(p[1]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return 0;
}

int
cli_copy(struct cli *c, const uint8_t *p, size_t len, unsigned seconds,
    const char *what)
{
	struct handoff *h = NULL;
	void (*old)(int);
	int t, rc;

	if ((t = pick_tool()) < 0) {
		fprintf(stderr, "cvault: %s: no clipboard tool found: install "
		    "xclip or wl-clipboard; nothing was copied\n", c->name);
		return EXIT_ERROR;
	}
	if ((h = sodium_malloc(sizeof *h)) == NULL)
		return cli_fail(c, VAULT_ERR_NOMEM, NULL);
	h->tool = (uint32_t)t;
	h->seconds = seconds;
	h->len = len;
	randombytes_buf(h->key, sizeof h->key);
	crypto_generichash(h->hash, sizeof h->hash, p, len, h->key,
	    sizeof h->key);
	old = signal(SIGPIPE, SIG_IGN);
	rc = run(tools[t].copy, p, len, NULL, 0, NULL);
	signal(SIGPIPE, old);
	if (rc != 0) {
		sodium_free(h);
		return cli_fail(c, VAULT_ERR_IO, "%s could not copy; nothing "
		    "was copied", tools[t].copy[0]);
	}
	cli_copied(c, start_cleaner(h) == 0, what, seconds);
	sodium_free(h);
	return EXIT_OK;
}

static void
pause_for(unsigned seconds)
{
	struct timespec ts = { (time_t)seconds, 0 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The cleaner (a fresh image: see the top of this file). */
int
cli_clip_cleaner(void)
{
	struct handoff *h = NULL;
	uint8_t *now = NULL, got_hash[CLIP_HASH];
	size_t got = 0, n = 0;
	int null;

	signal(SIGPIPE, SIG_IGN);
	if (sodium_init() < 0 || (h = sodium_malloc(sizeof *h)) == NULL)
		return EXIT_ERROR;
	while (n < sizeof *h) {
		ssize_t r = read(0, (uint8_t *)h + n, sizeof *h - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if ((null = open("/dev/null", O_RDONLY)) >= 0)
		dup2(null, 0);
	if (n != sizeof *h || h->tool >= NTOOLS || h->seconds == 0 ||
	    h->seconds > CLI_CLEAR_MAX || h->len > VAULT_VALUE_MAX ||
	    (now = sodium_malloc((size_t)h->len + 1)) == NULL)
		goto out;
	pause_for(h->seconds);
	/* One byte more than the value: a longer clipboard differs. */
	if (run(tools[h->tool].paste, NULL, 0, now, (size_t)h->len + 1,
	    &got) != 0 || got != h->len)
		goto out;
	crypto_generichash(got_hash, sizeof got_hash, now, got, h->key,
	    sizeof h->key);
	if (sodium_memcmp(got_hash, h->hash, sizeof got_hash) == 0) {
		if (tools[h->tool].clear[0] != NULL)
			(void)run(tools[h->tool].clear, NULL, 0, NULL, 0, NULL);
		else
			(void)run(tools[h->tool].copy, NULL, 0, NULL, 0, NULL);
	}
out:
	sodium_memzero(got_hash, sizeof got_hash);
	sodium_free(now);
	sodium_free(h);
	return EXIT_OK;
}
