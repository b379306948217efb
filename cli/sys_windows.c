/* SPDX-License-Identifier: ISC */
/*
 * sys_windows.c - cli/sys.h on Windows. Every path is UTF-8 in cvault
 * and UTF-16 at the system (the wide API), so a folder such as
 * C:\Users\Siân works; the arguments come from the wide command line;
 * the terminal is the console (CONIN$, CONOUT$), read with
 * ReadConsoleW and echo off for secrets. Crash dumps are prevented by
 * ending the process at once on any fault, before Windows Error
 * Reporting can write one.
 */
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>
#include <shellapi.h>
#include <sodium.h>
#include "cli.h"
#include "sys.h"

/* --- UTF-8 and UTF-16 --- */

/* s as a malloc'd wide string, or NULL (errno). */
static wchar_t *
wide(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1,
	    NULL, 0);
	wchar_t *w;

	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((w = malloc((size_t)n * sizeof *w)) != NULL)
		MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
	return w;
}

/* w as a malloc'd UTF-8 string, or NULL. */
static char *
narrow(const wchar_t *w)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	char *s;

	if (n <= 0)
		return NULL;
	if ((s = malloc((size_t)n)) != NULL)
		WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
	return s;
}

/* The errno for the last Windows error. */
static void
set_errno(void)
{
	switch (GetLastError()) {
	case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND:
		errno = ENOENT;
		break;
	case ERROR_ALREADY_EXISTS: case ERROR_FILE_EXISTS:
		errno = EEXIST;
		break;
	case ERROR_ACCESS_DENIED: case ERROR_SHARING_VIOLATION:
		errno = EACCES;
		break;
	default:
		errno = EIO;
	}
}

/* --- the process --- */

static UINT saved_out_cp, saved_in_cp;

static void
restore_console(void)
{
	if (saved_out_cp != 0)
		SetConsoleOutputCP(saved_out_cp);
	if (saved_in_cp != 0)
		SetConsoleCP(saved_in_cp);
}

/* SECURITY: any fault ends the process here, so that no crash dump of
 * its memory (keys, passphrases) is ever written. */
static LONG WINAPI
no_dump(EXCEPTION_POINTERS *e)
{
	(void)e;
	TerminateProcess(GetCurrentProcess(), 3);
	return EXCEPTION_EXECUTE_HANDLER;
}

int
sys_start(int *argc, char ***argv)
{
	wchar_t **wargv;
	char **u;
	int n;

	SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX |
	    SEM_NOOPENFILEERRORBOX);
	SetUnhandledExceptionFilter(no_dump);
	/* Bytes in and out, as on every system: no CRLF translation and no
	 * Ctrl-Z as the end of a secret (the console shows "\n" as a new
	 * line all the same). */
	_setmode(0, _O_BINARY);
	_setmode(1, _O_BINARY);
	_setmode(2, _O_BINARY);
	if ((saved_out_cp = GetConsoleOutputCP()) != 0)
		SetConsoleOutputCP(CP_UTF8);
	if ((saved_in_cp = GetConsoleCP()) != 0)
		SetConsoleCP(CP_UTF8);
	atexit(restore_console);
	if ((wargv = CommandLineToArgvW(GetCommandLineW(), &n)) == NULL ||
	    (u = calloc((size_t)n + 1, sizeof *u)) == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if ((u[i] = narrow(wargv[i])) == NULL)
			return -1;
	LocalFree(wargv);
	*argc = n;
	*argv = u;      /* kept for the life of the process */
	return 0;
}

const char *
sys_self_exe(void)
{
	return NULL;    /* clipboard_windows.c asks GetModuleFileNameW */
}

/* --- where cvault keeps things --- */

static char *
env_dir(const wchar_t *var)
{
	const wchar_t *base = _wgetenv(var);
	char *b, *p;
	size_t n;

	if (base == NULL || base[0] == L'\0' || (b = narrow(base)) == NULL)
		return NULL;
	n = strlen(b) + sizeof "\\cvault";
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s\\cvault", b);
	free(b);
	return p;
}

char *
sys_data_dir(void)
{
	return env_dir(L"APPDATA");
}

char *
sys_state_dir(void)
{
	return env_dir(L"LOCALAPPDATA");
}

/* --- files --- */

/* A handle on path for its attributes only (following links). */
static HANDLE
look(const char *path)
{
	wchar_t *w = wide(path);
	HANDLE h;

	if (w == NULL)
		return INVALID_HANDLE_VALUE;
	h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS, NULL);
	free(w);
	return h;
}

enum sys_kind
sys_kind(const char *path, int follow)
{
	BY_HANDLE_FILE_INFORMATION fi;
	wchar_t *w = wide(path);
	DWORD a;
	HANDLE h;

	if (w == NULL)
		return SYS_MISSING;
	a = GetFileAttributesW(w);
	free(w);
	if (a == INVALID_FILE_ATTRIBUTES)
		return SYS_MISSING;
	if ((a & FILE_ATTRIBUTE_REPARSE_POINT) && !follow)
		return SYS_LINK;
	if (a & FILE_ATTRIBUTE_REPARSE_POINT) {
		if ((h = look(path)) == INVALID_HANDLE_VALUE)
			return SYS_MISSING;
		a = GetFileInformationByHandle(h, &fi) ?
		    fi.dwFileAttributes : INVALID_FILE_ATTRIBUTES;
		CloseHandle(h);
		if (a == INVALID_FILE_ATTRIBUTES)
			return SYS_MISSING;
	}
	if (a & FILE_ATTRIBUTE_DIRECTORY)
		return SYS_DIR;
	return a & FILE_ATTRIBUTE_DEVICE ? SYS_OTHER : SYS_FILE;
}

int
sys_same_file(const char *a, const char *b)
{
	BY_HANDLE_FILE_INFORMATION fa, fb;
	HANDLE ha = look(a), hb = look(b);
	int same = ha != INVALID_HANDLE_VALUE && hb != INVALID_HANDLE_VALUE &&
	    GetFileInformationByHandle(ha, &fa) &&
	    GetFileInformationByHandle(hb, &fb) &&
	    fa.dwVolumeSerialNumber == fb.dwVolumeSerialNumber &&
	    fa.nFileIndexHigh == fb.nFileIndexHigh &&
	    fa.nFileIndexLow == fb.nFileIndexLow;

	if (ha != INVALID_HANDLE_VALUE)
		CloseHandle(ha);
	if (hb != INVALID_HANDLE_VALUE)
		CloseHandle(hb);
	return same;
}

char *
sys_realpath(const char *path)
{
	wchar_t buf[32768], *w = buf;
	HANDLE h = look(path);
	DWORD n;

	if (h == INVALID_HANDLE_VALUE) {
		set_errno();
		return NULL;
	}
	n = GetFinalPathNameByHandleW(h, buf, sizeof buf / sizeof buf[0],
	    FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
	CloseHandle(h);
	if (n == 0 || n >= sizeof buf / sizeof buf[0]) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	/* \\?\C:\... -> C:\...; \\?\UNC\server\share -> \\server\share */
	if (wcsncmp(w, L"\\\\?\\UNC\\", 8) == 0) {
		w += 6;
		w[0] = L'\\';
	} else if (wcsncmp(w, L"\\\\?\\", 4) == 0) {
		w += 4;
	}
	return narrow(w);
}

int
sys_exists(const char *path)
{
	wchar_t *w = wide(path);
	int r = w != NULL && GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES;

	free(w);
	return r;
}

int
sys_readable(const char *path)
{
	int fd = sys_open(path, SYS_READ);

	if (fd < 0)
		return 0;
	_close(fd);
	return 1;
}

int
sys_open(const char *path, int how)
{
	wchar_t *w;
	int fd;

	if ((how & SYS_NOFOLLOW) && sys_kind(path, 0) == SYS_LINK) {
		errno = ELOOP;
		return -1;
	}
	if ((w = wide(path)) == NULL)
		return -1;
	if (how & SYS_NEW)
		fd = _wopen(w, _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY |
		    _O_NOINHERIT, _S_IREAD | _S_IWRITE);
	else
		fd = _wopen(w, _O_RDONLY | _O_BINARY | _O_NOINHERIT);
	free(w);
	return fd;
}

int
sys_temp_beside(const char *path, char **tmp)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = strlen(path) + sizeof ".new-XXXXXX";
	int fd = -1;

	if ((*tmp = malloc(n)) == NULL)
		return -1;
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		char sfx[7];

		for (size_t i = 0; i < 6; i++)
			sfx[i] = alnum[randombytes_uniform(sizeof alnum - 1)];
		sfx[6] = '\0';
		snprintf(*tmp, n, "%s.new-%s", path, sfx);
		if ((fd = sys_open(*tmp, SYS_NEW)) < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

int
sys_fsync(int fd)
{
	return _commit(fd);
}

int
sys_mkdir(const char *dir)
{
	wchar_t *w = wide(dir);
	int r;

	if (w == NULL)
		return -1;
	r = _wmkdir(w);
	free(w);
	return r;
}

static BOOL
hard_link(const wchar_t *from, const wchar_t *to)
{
	return CreateHardLinkW(to, from, NULL);
}

static BOOL
replace(const wchar_t *from, const wchar_t *to)
{
	return MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING |
	    MOVEFILE_WRITE_THROUGH);
}

/* op on two paths, as wide strings: 0, or -1 (errno). */
static int
two_paths(const char *from, const char *to,
    BOOL (*op)(const wchar_t *, const wchar_t *))
{
	wchar_t *wf = wide(from), *wt = wide(to);
	int r = -1;

	if (wf != NULL && wt != NULL) {
		if (op(wf, wt))
			r = 0;
		else
			set_errno();
	}
	free(wf);
	free(wt);
	return r;
}

int
sys_link(const char *from, const char *to)
{
	return two_paths(from, to, hard_link);
}

int
sys_rename(const char *from, const char *to)
{
	return two_paths(from, to, replace);
}

int
sys_unlink(const char *path)
{
	wchar_t *w = wide(path);
	int r = w != NULL ? _wunlink(w) : -1;

	free(w);
	return r;
}

struct sys_dir {
	HANDLE h;
	WIN32_FIND_DATAW fd;
	int first;
	char *name;
};

struct sys_dir *
sys_opendir(const char *dir)
{
	size_t n = strlen(dir) + 3;
	struct sys_dir *d = calloc(1, sizeof *d);
	char *pat = malloc(n);
	wchar_t *w = NULL;

	if (d != NULL && pat != NULL) {
		snprintf(pat, n, "%s\\*", dir);
		if ((w = wide(pat)) != NULL)
			d->h = FindFirstFileW(w, &d->fd);
	}
	free(pat);
	free(w);
	if (d != NULL && (w == NULL || d->h == INVALID_HANDLE_VALUE)) {
		free(d);
		return NULL;
	}
	if (d != NULL)
		d->first = 1;
	return d;
}

const char *
sys_readdir(struct sys_dir *d)
{
	for (;;) {
		if (!d->first && !FindNextFileW(d->h, &d->fd))
			return NULL;
		d->first = 0;
		free(d->name);
		if ((d->name = narrow(d->fd.cFileName)) == NULL)
			return NULL;
		if (strcmp(d->name, ".") != 0 && strcmp(d->name, "..") != 0)
			return d->name;
	}
}

void
sys_closedir(struct sys_dir *d)
{
	if (d == NULL)
		return;
	FindClose(d->h);
	free(d->name);
	free(d);
}

int
sys_isatty(int fd)
{
	DWORD mode;
	HANDLE h = (HANDLE)_get_osfhandle(fd);

	/* A console, not any character device (NUL is one too). */
	return h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode);
}

/* --- the console --- */

static HANDLE con_in = INVALID_HANDLE_VALUE, con_out = INVALID_HANDLE_VALUE;
static DWORD saved_mode;
static volatile LONG echo_off;

static int
open_console(void)
{
	DWORD mode;

	if (con_in == INVALID_HANDLE_VALUE)
		con_in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE,
		    FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0,
		    NULL);
	if (con_out == INVALID_HANDLE_VALUE)
		con_out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE,
		    FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0,
		    NULL);
	return con_in != INVALID_HANDLE_VALUE &&
	    con_out != INVALID_HANDLE_VALUE &&
	    GetConsoleMode(con_in, &mode) ? 0 : -1;
}

int
sys_tty_present(void)
{
	return open_console() == 0;
}

static int
con_write(const char *s)
{
	wchar_t *w = wide(s);
	DWORD done;
	int r = w != NULL &&
	    WriteConsoleW(con_out, w, (DWORD)wcslen(w), &done, NULL);

	free(w);
	return r ? 0 : -1;
}

/* Ctrl-C or Ctrl-Break at a secret prompt: echo back on, then the
 * default (the process ends). */
static BOOL WINAPI
restore_echo(DWORD type)
{
	(void)type;
	if (InterlockedExchange(&echo_off, 0))
		SetConsoleMode(con_in, saved_mode);
	return FALSE;
}

/* One line typed at the console, as UTF-8 in guarded memory: 0, 1 for
 * nothing (end of input), -1 for an error or a line too long. */
static int
con_read(vault_secret **out)
{
	wchar_t *w = sodium_malloc(CLI_LINE_MAX * sizeof *w);
	uint8_t *u = sodium_malloc(3 * CLI_LINE_MAX);
	DWORD got = 0;
	int r = -1, n;

	*out = NULL;
	if (w == NULL || u == NULL ||
	    !ReadConsoleW(con_in, w, CLI_LINE_MAX, &got, NULL))
		goto out;
	if (got == 0) {
		r = 1;
		goto out;
	}
	if (w[got - 1] != L'\n')        /* longer than the buffer */
		goto out;
	got--;
	if (got > 0 && w[got - 1] == L'\r')
		got--;
	n = got == 0 ? 0 : WideCharToMultiByte(CP_UTF8, 0, w, (int)got,
	    (char *)u, 3 * CLI_LINE_MAX, NULL, NULL);
	if ((got == 0 || n > 0) && (size_t)n <= CLI_LINE_MAX &&
	    vault_secret_from(u, (size_t)n, out) == VAULT_OK)
		r = 0;
out:
	sodium_free(w);
	sodium_free(u);
	return r;
}

int
sys_tty_secret(const char *prompt, vault_secret **out)
{
	int r;

	*out = NULL;
	if (open_console() != 0 || !GetConsoleMode(con_in, &saved_mode))
		return -1;
	SetConsoleCtrlHandler(restore_echo, TRUE);
	InterlockedExchange(&echo_off, 1);
	/* SECURITY: echo goes off before the prompt appears. */
	if (!SetConsoleMode(con_in, (saved_mode | ENABLE_LINE_INPUT |
	    ENABLE_PROCESSED_INPUT) & ~(DWORD)ENABLE_ECHO_INPUT) ||
	    con_write(prompt) != 0) {
		restore_echo(0);
		return -1;
	}
	r = con_read(out);
	restore_echo(0);
	SetConsoleCtrlHandler(restore_echo, FALSE);
	con_write("\n");
	return r;
}

int
sys_tty_ask(const char *question, char *ans, size_t cap)
{
	vault_secret *line = NULL;
	size_t n;

	if (cap < 2 || open_console() != 0 || con_write(question) != 0 ||
	    con_read(&line) != 0)
		return -1;
	n = vault_secret_len(line) < cap - 1 ? vault_secret_len(line) :
	    cap - 1;
	memcpy(ans, vault_secret_data(line), n);
	ans[n] = '\0';
	vault_secret_free(line);
	return 0;
}
