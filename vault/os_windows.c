/* SPDX-License-Identifier: ISC */
/*
 * os_windows.c - os.h on Windows. Paths arrive as UTF-8 and are handed to
 * the wide-character (UTF-16) API, so Welsh and emoji in a folder name
 * work. Files the vault creates are opened with no sharing and inherit
 * the ACL of their folder (under the user's profile: private to them).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "os.h"

/* UTF-8 to a malloc'd UTF-16 string; NULL on bad UTF-8 or no memory. */
static wchar_t *
wide(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1,
	    NULL, 0);
	wchar_t *w;

	if (n <= 0 || (w = malloc((size_t)n * sizeof *w)) == NULL)
		return NULL;
	if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w,
	    n) != n) {
		free(w);
		return NULL;
	}
	return w;
}

static int
missing(DWORD e)
{
	return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND;
}

vault_err
vlt_os_read_small(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	wchar_t *w = wide(path);
	HANDLE h;
	DWORD got = 0;
	BOOL ok;

	*len = 0;
	if (w == NULL)
		return VAULT_ERR_IO;
	/* FILE_FLAG_OPEN_REPARSE_POINT: a link is opened, not followed,
	 * and then refused as not a plain file by the size read below. */
	h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
	    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return missing(GetLastError()) ? VAULT_ERR_NOTFOUND :
		    VAULT_ERR_IO;
	ok = ReadFile(h, buf, cap > MAXDWORD ? MAXDWORD : (DWORD)cap, &got,
	    NULL);
	CloseHandle(h);
	if (!ok)
		return VAULT_ERR_IO;
	*len = got;
	return VAULT_OK;
}

vault_err
vlt_os_private_dir(const char *dir)
{
	wchar_t *w = wide(dir);
	BOOL ok;

	if (w == NULL)
		return VAULT_ERR_IO;
	ok = CreateDirectoryW(w, NULL) ||
	    GetLastError() == ERROR_ALREADY_EXISTS;
	free(w);
	return ok ? VAULT_OK : VAULT_ERR_IO;
}

/* A new file beside `path`, created exclusively (CREATE_NEW), with a
 * random suffix; its handle in *h, its name in *tmp. */
static vault_err
make_temp(const char *path, char **tmp, HANDLE *h)
{
	for (int tries = 0; tries < 16; tries++) {
		wchar_t *w;

		if ((*tmp = malloc(strlen(path) + 24)) == NULL)
			return VAULT_ERR_NOMEM;
		sprintf(*tmp, "%s.new-%08lx", path,
		    (unsigned long)randombytes_random());
		if ((w = wide(*tmp)) == NULL) {
			free(*tmp);
			*tmp = NULL;
			return VAULT_ERR_IO;
		}
		*h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, 0, NULL,
		    CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
		free(w);
		if (*h != INVALID_HANDLE_VALUE)
			return VAULT_OK;
		free(*tmp);
		*tmp = NULL;
		if (GetLastError() != ERROR_FILE_EXISTS)
			return VAULT_ERR_IO;
	}
	return VAULT_ERR_IO;
}

static vault_err
move(const char *from, const char *to, DWORD flags)
{
	wchar_t *wf = wide(from), *wt = wide(to);
	vault_err rc = VAULT_ERR_IO;

	if (wf != NULL && wt != NULL) {
		if (MoveFileExW(wf, wt, flags | MOVEFILE_WRITE_THROUGH))
			rc = VAULT_OK;
		else if (GetLastError() == ERROR_ALREADY_EXISTS ||
		    GetLastError() == ERROR_FILE_EXISTS)
			rc = VAULT_ERR_EXISTS;
	}
	free(wf);
	free(wt);
	return rc;
}

vault_err
vlt_os_replace(const char *path, const uint8_t *p, size_t len)
{
	char *tmp;
	HANDLE h;
	vault_err rc;
	DWORD put;

	if (len > MAXDWORD)
		return VAULT_ERR_INVALID;
	if ((rc = make_temp(path, &tmp, &h)) != VAULT_OK)
		return rc;
	if (!WriteFile(h, p, (DWORD)len, &put, NULL) || put != len ||
	    !FlushFileBuffers(h))
		rc = VAULT_ERR_IO;
	CloseHandle(h);
	if (rc == VAULT_OK)
		rc = move(tmp, path, MOVEFILE_REPLACE_EXISTING);
	if (rc != VAULT_OK)
		vlt_os_remove(tmp);
	free(tmp);
	return rc;
}

vault_err
vlt_os_create_new(const char *path)
{
	wchar_t *w = wide(path);
	HANDLE h;
	DWORD e;

	if (w == NULL)
		return VAULT_ERR_IO;
	/* CREATE_NEW fails on anything already there, a link included. */
	h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
	    FILE_ATTRIBUTE_NORMAL, NULL);
	e = GetLastError();
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS ?
		    VAULT_ERR_EXISTS : VAULT_ERR_IO;
	CloseHandle(h);
	return VAULT_OK;
}

vault_err
vlt_os_temp_beside(const char *path, char **tmp)
{
	HANDLE h;
	vault_err rc;

	if ((rc = make_temp(path, tmp, &h)) == VAULT_OK)
		CloseHandle(h);
	return rc;
}

vault_err
vlt_os_move_new(const char *tmp, const char *path)
{
	return move(tmp, path, 0);     /* no REPLACE_EXISTING: EXISTS */
}

void
vlt_os_remove(const char *path)
{
	wchar_t *w = wide(path);

	if (w != NULL)
		(void)DeleteFileW(w);
	free(w);
}

static DWORD
attributes(const char *path)
{
	wchar_t *w = wide(path);
	DWORD a = INVALID_FILE_ATTRIBUTES;

	if (w != NULL)
		a = GetFileAttributesW(w);
	free(w);
	return a;
}

int
vlt_os_exists(const char *path)
{
	return attributes(path) != INVALID_FILE_ATTRIBUTES;
}

int
vlt_os_is_regular(const char *path)
{
	DWORD a = attributes(path);

	if (a == INVALID_FILE_ATTRIBUTES)
		return missing(GetLastError()) ? -1 : 0;
	return (a & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_DEVICE |
	    FILE_ATTRIBUTE_REPARSE_POINT)) == 0;
}

int
vlt_os_writable(const char *path)
{
	DWORD a = attributes(path);

	/* The read-only attribute (or read-only media, which SQLite then
	 * finds when it opens the file read-write). */
	return a != INVALID_FILE_ATTRIBUTES &&
	    (a & FILE_ATTRIBUTE_READONLY) == 0;
}

vault_err
vlt_os_map(const char *path, struct vlt_map *m)
{
	wchar_t *w = wide(path);
	LARGE_INTEGER size;
	HANDLE f, map;
	const void *p;

	m->p = NULL;
	m->len = 0;
	m->sys = NULL;
	if (w == NULL)
		return VAULT_ERR_IO;
	f = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
	    FILE_ATTRIBUTE_NORMAL, NULL);
	free(w);
	if (f == INVALID_HANDLE_VALUE)
		return VAULT_ERR_IO;
	if (GetFileType(f) != FILE_TYPE_DISK || !GetFileSizeEx(f, &size) ||
	    (unsigned long long)size.QuadPart > SIZE_MAX) {
		CloseHandle(f);
		return VAULT_ERR_IO;
	}
	if (size.QuadPart == 0) {
		CloseHandle(f);
		return VAULT_OK;
	}
	map = CreateFileMappingW(f, NULL, PAGE_READONLY, 0, 0, NULL);
	CloseHandle(f);
	if (map == NULL)
		return VAULT_ERR_IO;
	p = MapViewOfFile(map, FILE_MAP_READ, 0, 0, 0);
	CloseHandle(map);               /* the view keeps the mapping */
	if (p == NULL)
		return VAULT_ERR_IO;
	m->p = p;
	m->len = (size_t)size.QuadPart;
	return VAULT_OK;
}

void
vlt_os_unmap(struct vlt_map *m)
{
	if (m->p != NULL)
		UnmapViewOfFile(m->p);
	m->p = NULL;
	m->len = 0;
}

/* The five bytes code page 1252 leaves undefined. Wine's table gives
 * them as the C1 controls of the same number (Windows may give them
 * otherwise); iconv, and so the POSIX build, refuses them. Both builds
 * make them '?', here by byte, whatever the table said. */
static int
cp1252_undefined(uint8_t b)
{
	return b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d;
}

vault_err
vlt_os_from_cp1252(const uint8_t *in, size_t len, uint8_t *out,
    size_t *out_len)
{
	wchar_t *w;
	int n, u;

	*out_len = 0;
	if (len == 0)
		return VAULT_OK;
	if (len > (size_t)INT_MAX / 3 ||
	    (w = malloc(len * sizeof *w)) == NULL)
		return VAULT_ERR_NOMEM;
	/* A single-byte code page: one UTF-16 unit a byte, none a
	 * surrogate, so at most 3 UTF-8 bytes each. */
	n = MultiByteToWideChar(1252, 0, (const char *)in, (int)len, w,
	    (int)len);
	if (n == (int)len)
		for (size_t i = 0; i < len; i++)
			if (cp1252_undefined(in[i]))
				w[i] = L'?';
	u = n == (int)len ? WideCharToMultiByte(CP_UTF8, 0, w, n,
	    (char *)out, (int)(len * 3), NULL, NULL) : 0;
	sodium_memzero(w, len * sizeof *w);
	free(w);
	if (u <= 0)
		return VAULT_ERR_NOMEM;
	*out_len = (size_t)u;
	return VAULT_OK;
}
