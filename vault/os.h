/* SPDX-License-Identifier: ISC */
/*
 * os.h - the little the library asks of the operating system, so that
 * the rest of vault/ is portable C: one implementation a system
 * (os_posix.c, os_windows.c), chosen by the Makefile. Paths are UTF-8.
 * Not installed.
 */
#ifndef VAULT_OS_H
#define VAULT_OS_H

#include <stddef.h>
#include <stdint.h>
#include "vault.h"

/* Read up to `cap` bytes of the regular file at `path` (not through a
 * symbolic link) into buf; *len is how many. NOTFOUND when there is no
 * such file; IO otherwise. */
vault_err vlt_os_read_small(const char *path, uint8_t *buf, size_t cap,
    size_t *len);

/* Make the directory `dir` (private to this user: 0700) when missing. */
vault_err vlt_os_private_dir(const char *dir);

/* Replace the file at `path` with `len` bytes at `p`, all or nothing: a
 * new private (0600) file beside it, flushed to the disk, renamed over
 * it. IO NOMEM. */
vault_err vlt_os_replace(const char *path, const uint8_t *p, size_t len);

/* Create the new, empty, private (0600) file `path`, exclusively and
 * never through a link: EXISTS when something is there already. IO. */
vault_err vlt_os_create_new(const char *path);

/* Create a new, empty, private (0600) file beside `path`, exclusively;
 * its name goes to *tmp (free() it). IO NOMEM. */
vault_err vlt_os_temp_beside(const char *path, char **tmp);

/* Give the file `tmp` the name `path`, never replacing a file already
 * there (EXISTS). IO. */
vault_err vlt_os_move_new(const char *tmp, const char *path);

/* Remove a file; quiet when it is not there. */
void vlt_os_remove(const char *path);

/* 1 when `path` names an existing file or directory, else 0. */
int vlt_os_exists(const char *path);
/* 1 when `path` is a regular file, 0 when not, -1 when it is missing. */
int vlt_os_is_regular(const char *path);
/* 1 when this user may change the file at `path`: write it, and write
 * the directory it is in (SQLite's journal goes there). */
int vlt_os_writable(const char *path);

/* A read-only view of a whole regular file (a FIFO or device is refused:
 * IO). An empty file gives p == NULL, len 0. Release with vlt_os_unmap. */
struct vlt_map {
	const uint8_t *p;
	size_t len;
	void *sys;      /* the system's handle */
};
vault_err vlt_os_map(const char *path, struct vlt_map *m);
void vlt_os_unmap(struct vlt_map *m);

/* Windows-1252 text (Excel's plain "CSV" on UK Windows) as UTF-8: the
 * `len` bytes at `in` converted into `out`, which has room for 3 * len
 * bytes (no character takes more); *out_len is how many it got. A byte
 * Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) becomes '?';
 * NUL stays NUL. The text may be a password: nothing is kept, and any
 * copy made on the way is wiped. NOMEM when the system's converter
 * cannot be had (iconv on POSIX, the code page API on Windows). */
vault_err vlt_os_from_cp1252(const uint8_t *in, size_t len, uint8_t *out,
    size_t *out_len);

/* The path separator this system writes. */
#ifdef _WIN32
#define VLT_OS_SEP "\\"
#else
#define VLT_OS_SEP "/"
#endif

#endif
