/* SPDX-License-Identifier: ISC */
/*
 * shell_memscan.c - after the shell's idle lock no key is left in the
 * cvault process.
 *
 *   shell_memscan CVAULT
 *
 * Creates a small vault (cheap KDF) with one entry and learns its master
 * key and subkeys through vault/internal.h, keeping them only XOR 0x5a.
 * Then runs `CVAULT -f VAULT shell --idle-timeout 2` on a pseudo-terminal,
 * types the passphrase and `get Bank`, and scans every readable mapping
 * of that process (/proc/PID/maps and /proc/PID/mem; mappings over 1 GiB,
 * sanitizer shadow memory, are skipped):
 *   0. (a control) while the shell is open the master key is found;
 *   1. after "Locked after 2 seconds idle", while the shell waits for the
 *      passphrase again, no key is found anywhere.
 * Reading another process's memory needs ptrace rights over it (cvault
 * makes itself non-dumpable, so in practice root); without them the
 * tests are skipped. tests/faults/run.sh gives it the program built
 * without sanitizers when there is one: in an ASan build the kernel may
 * merge libsodium's guarded pages with the sanitizer's huge reservations
 * into one mapping over 1 GiB, which the scan skips, and the control
 * (0) then fails rather than the test passing blind. Prints TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "internal.h"
#include "tap.h"
#include "testutil.h"

#define PASSPHRASE "correct horse battery staple"
#define NKEYS VLT_SUBKEY_COUNT          /* the master key and subkeys */
#define CHUNK (1u << 20)
#define HUGE_REGION (1ull << 30)
#define MASK 0x5a

static uint8_t hidden[NKEYS][VLT_KEY_BYTES];    /* key XOR MASK */
static uint8_t buf[CHUNK];

struct hits {
	unsigned long n[NKEYS];
	unsigned long regions, bytes, unreadable;
	int denied;
};

static void
scan_chunk(const uint8_t *p, size_t len, struct hits *h)
{
	for (size_t i = 0; i + VLT_KEY_BYTES <= len; i++)
		for (int k = 0; k < NKEYS; k++) {
			size_t j;

			for (j = 0; j < VLT_KEY_BYTES; j++)
				if ((uint8_t)(p[i + j] ^ MASK) != hidden[k][j])
					break;
			if (j == VLT_KEY_BYTES)
				h->n[k]++;
		}
}

static void
scan(pid_t pid, struct hits *h)
{
	char name[64], line[512];
	FILE *maps;
	int mem;

	memset(h, 0, sizeof *h);
	snprintf(name, sizeof name, "/proc/%d/maps", (int)pid);
	maps = fopen(name, "r");
	snprintf(name, sizeof name, "/proc/%d/mem", (int)pid);
	if (maps == NULL || (mem = open(name, O_RDONLY)) < 0) {
		h->denied = 1;
		if (maps != NULL)
			fclose(maps);
		return;
	}
	while (fgets(line, sizeof line, maps) != NULL) {
		uintptr_t lo, hi;
		char perms[8], path[256] = "";

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s %*s %*s %*s "
		    "%255[^\n]", &lo, &hi, perms, path) < 3 ||
		    perms[0] != 'r' || hi - lo >= HUGE_REGION ||
		    strcmp(path, "[vvar]") == 0 ||
		    strcmp(path, "[vsyscall]") == 0)
			continue;
		h->regions++;
		for (uintptr_t a = lo; a < hi; a += CHUNK - VLT_KEY_BYTES + 1) {
			size_t want = hi - a < CHUNK ? hi - a : CHUNK;
			ssize_t r = pread(mem, buf, want, (off_t)a);

			if (r <= 0) {
				h->unreadable += hi - a;
				break;
			}
			h->bytes += (size_t)r;
			scan_chunk(buf, (size_t)r, h);
			if ((size_t)r < want || a + want >= hi)
				break;
		}
	}
	sodium_memzero(buf, sizeof buf);
	close(mem);
	fclose(maps);
}

/* Read the terminal until `want` has been seen (10 s at most). */
static int
expect(int fd, const char *want)
{
	static char seen[8192];
	static size_t n;
	time_t end = time(NULL) + 10;

	while (time(NULL) < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		char *hit;
		ssize_t r;

		seen[n] = '\0';
		if ((hit = strstr(seen, want)) != NULL) {
			size_t used = (size_t)(hit - seen) + strlen(want);

			memmove(seen, seen + used, n - used);
			n -= used;
			return 0;
		}
		if (poll(&p, 1, 200) <= 0)
			continue;
		if ((r = read(fd, seen + n, sizeof seen - 1 - n)) <= 0)
			return -1;
		n += (size_t)r;
		if (n == sizeof seen - 1) {     /* keep the tail */
			memmove(seen, seen + n / 2, n - n / 2);
			n -= n / 2;
		}
	}
	printf("# timed out waiting for \"%s\"\n", want);
	return -1;
}

static int
say(int fd, const char *s)
{
	return write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
}

static struct hits open_h, locked_h;
static int setup_ok, lock_seen;

static void
test_scanner_sees_the_open_shell(void)
{
	REQUIRE(setup_ok);
	printf("# open: scanned %lu regions, %lu bytes (%lu unreadable); "
	    "master key seen %lu time(s), subkeys %lu %lu %lu\n",
	    open_h.regions, open_h.bytes, open_h.unreadable, open_h.n[0],
	    open_h.n[1], open_h.n[2], open_h.n[3]);
	CHECK(open_h.n[0] >= 1);
}

static void
test_no_key_after_idle_lock(void)
{
	REQUIRE(setup_ok);
	REQUIRE(lock_seen);
	printf("# locked: scanned %lu regions, %lu bytes\n", locked_h.regions,
	    locked_h.bytes);
	for (int k = 0; k < NKEYS; k++) {
		if (locked_h.n[k] != 0)
			printf("# key %d found %lu time(s)\n", k,
			    locked_h.n[k]);
		CHECK(locked_h.n[k] == 0);
	}
}

/* Create the vault and learn its keys (hidden). */
static int
make_vault(const char *path)
{
	vault *v = NULL;
	vault_entry *e = NULL;
	int ok;

	ok = vault_create(path, "PC", PASS(PASSPHRASE), &test_params, &v) ==
	    VAULT_OK && vault_entry_new(&e) == VAULT_OK &&
	    vault_entry_set(e, VAULT_FIELD_TITLE, PASS("Bank")) == VAULT_OK &&
	    vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS("S3cure!pass#1")) ==
	    VAULT_OK && vault_entry_add(v, e) == VAULT_OK;
	for (int k = 0; ok && k < NKEYS; k++)
		for (size_t i = 0; i < VLT_KEY_BYTES; i++)
			hidden[k][i] = vlt_key(v, (unsigned)k)[i] ^ MASK;
	vault_entry_free(e);
	vault_close(v);
	return ok ? 0 : -1;
}

static void
drive(const char *cvault, const char *path)
{
	int fd, status;
	pid_t pid = forkpty(&fd, NULL, NULL, NULL);

	if (pid < 0)
		return;
	if (pid == 0) {
		setenv("HOME", test_path("home"), 1);
		setenv("TERM", "dumb", 1);
		execl(cvault, "cvault", "-f", path, "shell", "--idle-timeout",
		    "2", (char *)NULL);
		_exit(127);
	}
	if (expect(fd, "passphrase: ") == 0 &&
	    say(fd, PASSPHRASE "\n") == 0 && expect(fd, "cvault> ") == 0 &&
	    say(fd, "get Bank\n") == 0 && expect(fd, "S3cure!pass#1") == 0 &&
	    expect(fd, "cvault> ") == 0) {
		setup_ok = 1;
		scan(pid, &open_h);
		if (expect(fd, "Locked after 2 seconds idle") == 0 &&
		    expect(fd, "passphrase: ") == 0) {
			lock_seen = 1;
			scan(pid, &locked_h);
		}
	}
	(void)say(fd, "\004");                  /* Ctrl-D: quit */
	usleep(200000);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	close(fd);
}

int
main(int argc, char **argv)
{
	const char *path;

	if (argc != 2) {
		fprintf(stderr, "usage: shell_memscan CVAULT\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 2;
	test_dir_make();
	path = test_path("shell.vault");
	if (make_vault(path) == 0)
		drive(argv[1], path);
	else
		printf("# set-up failed\n");
	sodium_memzero(hidden, sizeof hidden);
	if (open_h.denied) {
		test_dir_remove();
		printf("ok 1 - # SKIP cannot read the shell's memory (needs "
		    "ptrace rights over it)\n1..1\n");
		return 0;
	}
	RUN(test_scanner_sees_the_open_shell);
	RUN(test_no_key_after_idle_lock);
	test_dir_remove();
	return TAP_END();
}
