/* SPDX-License-Identifier: ISC */
/*
 * import/wipe_alloc.c - the allocator the parsers (libcsv, yajl) are
 * given for their own buffers, which hold passwords while they parse:
 * every block is wiped before it is freed or moved. Each block carries
 * its size in a header in front of it, so this asks nothing of the C
 * library beyond malloc and free (no malloc_usable_size, which is
 * glibc's: the Windows and macOS builds have none).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "import.h"

/* The header: the usable size, padded to malloc's own alignment. */
#define HEAD (sizeof(max_align_t) > sizeof(size_t) ? \
	sizeof(max_align_t) : sizeof(size_t))

static size_t
size_of(void *p)
{
	size_t n;

	memcpy(&n, (uint8_t *)p - HEAD, sizeof n);
	return n;
}

void *
vlt_wipe_malloc(size_t n)
{
	uint8_t *b;

	if (n > SIZE_MAX - HEAD || (b = malloc(HEAD + n)) == NULL)
		return NULL;
	memcpy(b, &n, sizeof n);
	return b + HEAD;
}

void
vlt_wipe_free(void *p)
{
	if (p != NULL) {
		uint8_t *b = (uint8_t *)p - HEAD;

		sodium_memzero(b, HEAD + size_of(p));
		free(b);
	}
}

/* Never realloc(): the old block is copied, wiped and freed, so no
 * password is left behind in memory the C library gives back. */
void *
vlt_wipe_realloc(void *p, size_t n)
{
	void *q = vlt_wipe_malloc(n);
	size_t old;

	if (q == NULL || p == NULL)
		return q;
	old = size_of(p);
	memcpy(q, p, old < n ? old : n);
	vlt_wipe_free(p);
	return q;
}
