/* SPDX-License-Identifier: ISC */
/*
 * clipboard_windows.c - `--copy` on Windows: the value goes to the
 * Windows clipboard as Unicode text (CF_UNICODETEXT), never to the
 * screen, marked so that Windows keeps it out of the clipboard history
 * (Win+V) and the cloud clipboard; a cleaner clears it after the delay
 * if the clipboard still holds it.
 *
 * As on the other systems (clipboard.c) the cleaner is a detached copy
 * of this program (CLI_CLEANER_ARG), started with none of the vault's
 * keys and not the value: it is handed, on a pipe, only a random key
 * and the keyed BLAKE2b hash of the value, and clears the clipboard
 * only when what it then finds there hashes the same.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <sodium.h>
#include "cli.h"

#define CLIP_KEY 32u
#define CLIP_HASH 32u
#define CLIP_TRIES 40           /* another program may hold it a moment */

struct handoff {
	uint32_t seconds;
	uint8_t key[CLIP_KEY], hash[CLIP_HASH];
};

static int
open_clipboard(void)
{
	for (int i = 0; i < CLIP_TRIES; i++) {
		if (OpenClipboard(NULL))
			return 0;
		Sleep(50);
	}
	return -1;
}

/* A registered format holding the DWORD 0, or nothing for `empty`. */
static void
mark(const wchar_t *format, int empty)
{
	UINT f = RegisterClipboardFormatW(format);
	HGLOBAL g = f ? GlobalAlloc(GMEM_MOVEABLE, sizeof(DWORD)) : NULL;
	DWORD *d;

	if (g == NULL || (d = GlobalLock(g)) == NULL) {
		if (g != NULL)
			GlobalFree(g);
		return;
	}
	*d = 0;
	GlobalUnlock(g);
	if (empty) {
		GlobalFree(g);
		g = NULL;
	}
	if (SetClipboardData(f, g) == NULL && g != NULL)
		GlobalFree(g);
}

/* The value (UTF-8) onto the clipboard as UTF-16. 0, or -1. */
static int
put(const uint8_t *p, size_t len)
{
	int n = len == 0 ? 0 : MultiByteToWideChar(CP_UTF8, 0,
	    (const char *)p, (int)len, NULL, 0);
	HGLOBAL g;
	wchar_t *w;

	if (len > 0 && n <= 0)
		return -1;
	if ((g = GlobalAlloc(GMEM_MOVEABLE, ((size_t)n + 1) * sizeof *w)) ==
	    NULL || (w = GlobalLock(g)) == NULL) {
		if (g != NULL)
			GlobalFree(g);
		return -1;
	}
	if (n > 0)
		MultiByteToWideChar(CP_UTF8, 0, (const char *)p, (int)len, w, n);
	w[n] = L'\0';
	GlobalUnlock(g);
	if (open_clipboard() != 0) {
		GlobalFree(g);
		return -1;
	}
	EmptyClipboard();
	if (SetClipboardData(CF_UNICODETEXT, g) == NULL) {
		GlobalFree(g);
		CloseClipboard();
		return -1;
	}
	/* Microsoft's documented markers for passwords: not into the
	 * history, not to other devices, not to clipboard monitors. */
	mark(L"ExcludeClipboardContentFromMonitorProcessing", 1);
	mark(L"CanIncludeInClipboardHistory", 0);
	mark(L"CanUploadToCloudClipboard", 0);
	CloseClipboard();
	return 0;
}

/* This program again, detached, with the handoff on its stdin. */
static int
start_cleaner(const struct handoff *h)
{
	SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;
	wchar_t exe[MAX_PATH + 1], cmd[MAX_PATH + 64];
	HANDLE r, w;
	DWORD n = GetModuleFileNameW(NULL, exe, MAX_PATH), done;
	BOOL ok;

	if (n == 0 || n >= MAX_PATH || !CreatePipe(&r, &w, &sa, 0))
		return -1;
	SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0);
	swprintf(cmd, sizeof cmd / sizeof cmd[0], L"\"%ls\" %hs", exe,
	    CLI_CLEANER_ARG);
	memset(&si, 0, sizeof si);
	si.cb = sizeof si;
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = r;
	ok = CreateProcessW(exe, cmd, NULL, NULL, TRUE, DETACHED_PROCESS |
	    CREATE_NEW_PROCESS_GROUP, NULL, NULL, &si, &pi);
	CloseHandle(r);
	if (ok) {
		ok = WriteFile(w, h, sizeof *h, &done, NULL) &&
		    done == sizeof *h;
		CloseHandle(pi.hThread);
		CloseHandle(pi.hProcess);
	}
	CloseHandle(w);
	return ok ? 0 : -1;
}

int
cli_copy(struct cli *c, const uint8_t *p, size_t len, unsigned seconds,
    const char *what)
{
	struct handoff *h;

	if ((h = sodium_malloc(sizeof *h)) == NULL)
		return cli_fail(c, VAULT_ERR_NOMEM, NULL);
	h->seconds = seconds;
	randombytes_buf(h->key, sizeof h->key);
	crypto_generichash(h->hash, sizeof h->hash, p, len, h->key,
	    sizeof h->key);
	if (put(p, len) != 0) {
		sodium_free(h);
		return cli_fail(c, VAULT_ERR_IO, "the clipboard is busy or "
		    "cannot be opened; nothing was copied");
	}
	cli_copied(c, start_cleaner(h) == 0, what, seconds);
	sodium_free(h);
	return EXIT_OK;
}

/* 1 when the clipboard's text hashes as h->hash under h->key. */
static int
still_ours(const struct handoff *h)
{
	uint8_t got[CLIP_HASH], *u = NULL;
	HANDLE d = GetClipboardData(CF_UNICODETEXT);
	const wchar_t *w = d ? GlobalLock(d) : NULL;
	int n, same = 0;

	if (w == NULL)
		return 0;
	n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	if (n > 0 && (u = sodium_malloc((size_t)n)) != NULL &&
	    WideCharToMultiByte(CP_UTF8, 0, w, -1, (char *)u, n, NULL,
	    NULL) == n) {
		crypto_generichash(got, sizeof got, u, (size_t)n - 1, h->key,
		    sizeof h->key);
		same = sodium_memcmp(got, h->hash, sizeof got) == 0;
	}
	GlobalUnlock(d);
	sodium_free(u);
	sodium_memzero(got, sizeof got);
	return same;
}

int
cli_clip_cleaner(void)
{
	HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
	struct handoff *h;
	DWORD got = 0;
	int rc = EXIT_ERROR;

	if (sodium_init() < 0 || (h = sodium_malloc(sizeof *h)) == NULL)
		return EXIT_ERROR;
	if (ReadFile(in, h, sizeof *h, &got, NULL) && got == sizeof *h &&
	    h->seconds <= CLI_CLEAR_MAX) {
		Sleep(h->seconds * 1000u);
		if (open_clipboard() == 0) {
			if (still_ours(h))
				EmptyClipboard();
			CloseClipboard();
			rc = EXIT_OK;
		}
	}
	sodium_free(h);
	return rc;
}
