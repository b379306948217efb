/* SPDX-License-Identifier: ISC */
/*
 * memscan.c - after vault_close() no key is left in the process's memory.
 *
 * The program creates a small vault (cheap KDF), opens it again with the
 * passphrase (so the keyslot is unwrapped: Argon2id, the AEAD), adds,
 * reads, searches and verifies an entry, then copies the keys out through
 * vault/internal.h into one page of its own: the master key and the three
 * subkeys (vlt_key), and the key-encryption key that Argon2id derived
 * (computed again in a child process, so this process never holds it
 * except inside vault_open). Then vault_close(), and a scan of every
 * readable mapping of its own memory (/proc/self/maps, /proc/self/mem):
 *   0. (a control) before vault_close, the master key and subkeys are
 *      found in the vault's guarded memory as well as in that page;
 *   1. after it, each key must be found exactly once: in that page;
 *   2. the page is wiped and the scan repeated: no key anywhere.
 * The scanner never holds a key in clear: it looks for the bytes XOR
 * 0x5a, a pattern that is not itself a key, and skips only its own read
 * buffer and mappings over 1 GiB (sanitizer shadow memory, which holds no
 * data). Stack, heap, libraries' data and libsodium's guarded pages are
 * all scanned. Prints TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>
#include <sqlite3.h>
#include "internal.h"
#include "tap.h"
#include "testutil.h"

#define PASSPHRASE "correct horse battery staple"
#define NKEYS (VLT_SUBKEY_COUNT + 1)      /* master, subkeys, the KEK */
#define CHUNK (1u << 20)
#define HUGE_REGION (1ull << 30)
#define MASK 0x5a

static const char *
key_name(int k)
{
	static const char *const name[] = { "master key", "record subkey",
	    "index subkey", "log subkey" };

	if (k == NKEYS - 1)
		return "key-encryption key (Argon2id output)";
	return k < (int)(sizeof name / sizeof *name) ? name[k] : "subkey";
}
static uint8_t hidden[NKEYS][VLT_KEY_BYTES];    /* key XOR MASK */
static uint8_t *page;           /* the one place keys may be */
static uint8_t *buf;            /* the scanner's read buffer */

struct hits {
	unsigned long n[NKEYS];
	unsigned long in_page[NKEYS];
	unsigned long regions, bytes, skipped_bytes, unreadable;
};

static void
scan_chunk(const uint8_t *p, size_t len, uintptr_t addr, const char *what,
    struct hits *h, int loud)
{
	uint8_t first[256] = { 0 };

	for (int k = 0; k < NKEYS; k++)
		first[hidden[k][0] ^ MASK] = 1;
	for (size_t i = 0; i + VLT_KEY_BYTES <= len; i++)
		for (int k = 0; first[p[i]] && k < NKEYS; k++) {
			size_t j;

			if ((uint8_t)(p[i] ^ MASK) != hidden[k][0])
				continue;
			for (j = 1; j < VLT_KEY_BYTES; j++)
				if ((uint8_t)(p[i + j] ^ MASK) != hidden[k][j])
					break;
			if (j < VLT_KEY_BYTES)
				continue;
			h->n[k]++;
			if (addr + i >= (uintptr_t)page &&
			    addr + i < (uintptr_t)page + 4096)
				h->in_page[k]++;
			else if (loud)
				printf("# %s found at %#" PRIxPTR " in %s\n",
				    key_name(k), addr + i, what);
		}
}

static void
scan(struct hits *h, int loud)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	int mem = open("/proc/self/mem", O_RDONLY);
	char line[512];

	memset(h, 0, sizeof *h);
	if (maps == NULL || mem < 0) {
		perror("memscan: /proc/self");
		exit(2);
	}
	while (fgets(line, sizeof line, maps) != NULL) {
		uintptr_t lo, hi;
		char perms[8], path[256] = "";

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s %*s %*s %*s "
		    "%255[^\n]", &lo, &hi, perms, path) < 3 || perms[0] != 'r')
			continue;
		if (strcmp(path, "[vvar]") == 0 || strcmp(path,
		    "[vsyscall]") == 0)
			continue;
		if ((uintptr_t)buf >= lo && (uintptr_t)buf < hi)
			continue;       /* our own buffer: wiped, see below */
		if (hi - lo >= HUGE_REGION) {
			h->skipped_bytes += hi - lo;
			continue;
		}
		h->regions++;
		/* Chunks overlap by one key length less one byte. */
		for (uintptr_t a = lo; a < hi; a += CHUNK - VLT_KEY_BYTES + 1) {
			size_t want = hi - a < CHUNK ? hi - a : CHUNK;
			ssize_t r = pread(mem, buf, want, (off_t)a);

			if (r <= 0) {
				h->unreadable += want;
				break;
			}
			h->bytes += (size_t)r;
			scan_chunk(buf, (size_t)r, a, path[0] ? path :
			    "anonymous memory", h, loud);
			if ((size_t)r < want || a + want >= hi)
				break;
		}
	}
	sodium_memzero(buf, CHUNK);
	close(mem);
	fclose(maps);
}

/* The KEK, derived again in a child from the salt and settings in the
 * file, sent back through a pipe and kept only hidden. */
static int
hide_kek(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	vault_params p;
	uint8_t salt[VLT_SALT_BYTES], kek[VLT_KEY_BYTES];
	int fds[2], status;
	pid_t pid;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT memory_kib, passes, lanes, salt FROM"
	    " keyslot WHERE id = 1", -1, &st, NULL) ||
	    sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_bytes(st, 3) != VLT_SALT_BYTES)
		return -1;
	p.kdf_memory_kib = (uint32_t)sqlite3_column_int64(st, 0);
	p.kdf_passes = (uint32_t)sqlite3_column_int64(st, 1);
	p.kdf_lanes = (uint32_t)sqlite3_column_int64(st, 2);
	memcpy(salt, sqlite3_column_blob(st, 3), sizeof salt);
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (pipe(fds) != 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		vault_secret *k = NULL;

		close(fds[0]);
		if (vlt_kdf_derive(&p, PASS(PASSPHRASE), salt, &k) != VAULT_OK)
			_exit(1);
		for (size_t i = 0; i < VLT_KEY_BYTES; i++)
			kek[i] = k->buf[i] ^ MASK;
		_exit(write(fds[1], kek, sizeof kek) == sizeof kek ? 0 : 1);
	}
	close(fds[1]);
	if (read(fds[0], hidden[NKEYS - 1], VLT_KEY_BYTES) != VLT_KEY_BYTES ||
	    waitpid(pid, &status, 0) != pid || status != 0)
		return -1;
	close(fds[0]);
	return 0;
}

static vault *
open_and_use(const char *path)
{
	vault *v = NULL;
	vault_entry *e = NULL;
	size_t damaged;

	if (vault_open(path, PASS(PASSPHRASE), &v) != VAULT_OK ||
	    vault_entry_new(&e) != VAULT_OK ||
	    vault_entry_set(e, VAULT_FIELD_TITLE, PASS("Bank")) ||
	    vault_entry_set(e, VAULT_FIELD_PASSWORD, PASS("S3cure!pass#1")) ||
	    vault_entry_add(v, e) != VAULT_OK)
		return NULL;
	vault_entry_free(e);
	e = NULL;
	if (vault_entry_get(v, "bank", &e) != VAULT_OK ||
	    vault_verify(v, NULL, NULL, &damaged) != VAULT_OK)
		return NULL;
	vault_entry_free(e);
	return v;
}

static struct hits open_v, before, after;
static int setup_ok;

/* Control: with the vault still open the scanner must see its keys in
 * libsodium's guarded pages too, or a clean scan would prove nothing. */
static void
test_scanner_sees_the_open_vault(void)
{
	REQUIRE(setup_ok);
	for (int k = 0; k < NKEYS - 1; k++)
		CHECK(open_v.n[k] >= 2);
}

static void
test_keys_only_in_the_copy(void)
{
	REQUIRE(setup_ok);
	printf("# scanned %lu regions, %lu bytes; skipped %lu bytes of "
	    "mappings over 1 GiB; %lu unreadable\n", before.regions,
	    before.bytes, before.skipped_bytes, before.unreadable);
	for (int k = 0; k < NKEYS; k++) {
		printf("# %s: %lu hit(s), %lu in the test's own copy\n",
		    key_name(k), before.n[k], before.in_page[k]);
		CHECK(before.in_page[k] == 1);
		CHECK(before.n[k] == 1);
	}
}

static void
test_no_key_after_wiping_the_copy(void)
{
	REQUIRE(setup_ok);
	for (int k = 0; k < NKEYS; k++)
		CHECK(after.n[k] == 0);
}

int
main(void)
{
	vault *v = NULL;
	const char *path;

	test_dir_make();
	path = test_path("mem.vault");
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	buf = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || buf == MAP_FAILED)
		return 2;
	if (vault_create(path, "PC", PASS(PASSPHRASE), &test_params, &v) ==
	    VAULT_OK) {
		vault_close(v);
		v = NULL;
		setup_ok = hide_kek(path) == 0 && (v = open_and_use(path));
	}
	if (setup_ok) {
		for (unsigned k = 0; k < VLT_SUBKEY_COUNT; k++) {
			memcpy(page + k * VLT_KEY_BYTES, vlt_key(v, k),
			    VLT_KEY_BYTES);
			for (size_t i = 0; i < VLT_KEY_BYTES; i++)
				hidden[k][i] = page[k * VLT_KEY_BYTES + i] ^
				    MASK;
		}
		for (size_t i = 0; i < VLT_KEY_BYTES; i++)
			page[(NKEYS - 1) * VLT_KEY_BYTES + i] =
			    hidden[NKEYS - 1][i] ^ MASK;
		scan(&open_v, 0);
		vault_close(v);
		scan(&before, 1);
		sodium_memzero(page, 4096);
		scan(&after, 1);
	} else {
		printf("# set-up failed\n");
	}
	RUN(test_scanner_sees_the_open_vault);
	RUN(test_keys_only_in_the_copy);
	RUN(test_no_key_after_wiping_the_copy);
	test_dir_remove();
	return TAP_END();
}
