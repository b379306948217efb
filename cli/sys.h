/* SPDX-License-Identifier: ISC */
/*
 * sys.h - the little the cvault program asks of the operating system
 * beyond the library's vault/os.h: its files, the terminal, where its
 * files live and how the process is hardened. One implementation a
 * system (sys_posix.c, sys_windows.c), chosen by the Makefile; nothing
 * else in cli/ calls a system-only function. Paths and text are UTF-8.
 */
#ifndef CLI_SYS_H
#define CLI_SYS_H

#include <stddef.h>
#include <stdint.h>
#include "vault.h"

/* --- the process --- */

/* Before anything else: no core or crash dumps (they would hold keys),
 * no debugger attach by other users where the system allows it, new
 * files private to this user; on Windows also the arguments as UTF-8
 * (from the wide command line) and the console in UTF-8. May replace
 * *argv. Returns 0, or -1 when the arguments cannot be had. */
int sys_start(int *argc, char ***argv);

/* A path that runs this program again, for clipboard.c's cleaner: on
 * Linux /proc/self/exe; NULL on other POSIX systems, where the cleaner
 * then does not start, and on Windows, whose clipboard_windows.c asks
 * GetModuleFileNameW for the wide path it needs. */
const char *sys_self_exe(void);

/* --- where cvault keeps things (malloc'd, not created; NULL when the
 * system gives no home) --- */

/* The default vault's folder: $XDG_DATA_HOME/cvault or
 * ~/.local/share/cvault; %APPDATA%\cvault on Windows. */
char *sys_data_dir(void);
/* This computer's own records: $XDG_STATE_HOME/cvault or
 * ~/.local/state/cvault; %LOCALAPPDATA%\cvault on Windows. */
char *sys_state_dir(void);
/* The path separator, and whether c is one (Windows takes '/' too). */
#ifdef _WIN32
#define SYS_SEP "\\"
#define SYS_IS_SEP(c) ((c) == '\\' || (c) == '/')
#else
#define SYS_SEP "/"
#define SYS_IS_SEP(c) ((c) == '/')
#endif
/* The last separator in path, or NULL. */
char *sys_last_sep(const char *path);

/* --- files --- */

enum sys_kind { SYS_MISSING, SYS_FILE, SYS_DIR, SYS_LINK, SYS_OTHER };
/* What is at path; a symbolic link is SYS_LINK unless `follow`. */
enum sys_kind sys_kind(const char *path, int follow);
/* 1 when a and b name the same file (following links), else 0. */
int sys_same_file(const char *a, const char *b);
/* The absolute path with no links or dots, malloc'd; NULL (errno) when
 * it does not exist. */
char *sys_realpath(const char *path);
/* 1 when path exists (sys_exists) or this user may read it. */
int sys_exists(const char *path);
int sys_readable(const char *path);

/* How to open: read (SYS_READ), or make a new file (SYS_NEW: created
 * exclusively, private to this user: 0600), never through a symbolic
 * link at the end of the path when SYS_NOFOLLOW. Binary on every
 * system, not inherited by children. Returns an fd, or -1 (errno). */
enum { SYS_READ = 1, SYS_NEW = 2, SYS_NOFOLLOW = 4 };
int sys_open(const char *path, int how);
/* A new private file beside path (path.new-XXXXXX), open for writing;
 * its name in *tmp (free() it). Returns the fd or -1. */
int sys_temp_beside(const char *path, char **tmp);
/* Flush fd's data to the disk: 0, or -1. */
int sys_fsync(int fd);
/* Make one directory, private (0700): 0, or -1 (errno; EEXIST when
 * something is there). */
int sys_mkdir(const char *dir);
/* Make dir and its missing parents, each private: 0, or -1 (errno). */
int sys_mkdirs(const char *dir);
/* A second name for the file `from` (a hard link): 0, or -1 (errno
 * EEXIST when `to` is taken). */
int sys_link(const char *from, const char *to);
/* Rename from to to, replacing to: 0, or -1 (errno). */
int sys_rename(const char *from, const char *to);
/* Remove a file: 0, or -1 (errno). */
int sys_unlink(const char *path);

/* The names in a directory, "." and ".." left out. */
struct sys_dir;
struct sys_dir *sys_opendir(const char *dir);
/* The next name (valid until the next call), or NULL at the end. */
const char *sys_readdir(struct sys_dir *d);
void sys_closedir(struct sys_dir *d);

/* --- the terminal (the controlling terminal or the console, never
 * standard input or output, which may be files) --- */

/* 1 when there is a terminal to ask on, else 0. */
int sys_tty_present(void);
/* Write `prompt` on the terminal and read one line typed there without
 * echo into guarded memory. 0 with *out, 1 when nothing was typed (end
 * of input), -1 when there is no terminal or the line is too long (at
 * most CLI_LINE_MAX bytes). Echo is back on however this ends, a signal
 * included. */
int sys_tty_secret(const char *prompt, vault_secret **out);
/* Write `question` on the terminal and read a short answer (echoed)
 * into ans (cap bytes, NUL-ended, no newline). 0, or -1 when there is
 * no terminal or nothing was typed. */
int sys_tty_ask(const char *question, char *ans, size_t cap);
/* 1 when fd is a terminal (the console on Windows). */
int sys_isatty(int fd);

#endif
