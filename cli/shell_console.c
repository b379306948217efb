/* SPDX-License-Identifier: ISC */
/*
 * shell_console.c - the shell's line editor on Windows: the console's
 * own line input (ReadConsoleW with line input and echo on), which gives
 * the arrow keys, Home and End, and the up arrow and F7 for earlier
 * lines. There is no Tab completion.
 *
 * The idle lock: the prompt waits on the console's input with a timeout
 * (WaitForSingleObject) and locks when nothing is typed before the
 * deadline; the wait restarts on focus and mouse events, which it takes
 * off the queue. Once a key is pressed the line is read to its end.
 * Ctrl-C at the prompt cancels the line instead of ending cvault.
 *
 * SECURITY: a line is turned into UTF-8 in guarded memory and wiped
 * after use. The console keeps its own list of the lines typed while
 * cvault runs (the up arrow); no API empties it, so `lock` and the idle
 * lock clear the screen but that list stays until cvault exits
 * (docs/threat-model.md).
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <sodium.h>
#include "cli.h"
#include "shell.h"

#define LINE_WCHARS 4096u

const int shell_editor_tab = 0;

struct shell_editor {
	HANDLE in, out;
	wchar_t *w;             /* guarded: the line as typed */
	uint8_t *u;             /* guarded: the line in UTF-8 */
};

static volatile LONG ctrl_c;

static BOOL WINAPI
on_ctrl(DWORD type)
{
	if (type != CTRL_C_EVENT)
		return FALSE;
	InterlockedExchange(&ctrl_c, 1);
	return TRUE;            /* handled: the read returns, cvault goes on */
}

int
shell_editor_open(struct shell *sh)
{
	struct shell_editor *ed = sodium_malloc(sizeof *ed);

	if ((sh->ed = ed) == NULL)
		return -1;
	memset(ed, 0, sizeof *ed);
	ed->in = GetStdHandle(STD_INPUT_HANDLE);
	ed->out = GetStdHandle(STD_OUTPUT_HANDLE);
	if ((ed->w = sodium_malloc(LINE_WCHARS * sizeof *ed->w)) == NULL ||
	    (ed->u = sodium_malloc(3 * LINE_WCHARS + 1)) == NULL)
		return -1;
	SetConsoleCtrlHandler(on_ctrl, TRUE);
	return 0;
}

void
shell_editor_close(struct shell *sh)
{
	if (sh->ed == NULL)
		return;
	SetConsoleCtrlHandler(on_ctrl, FALSE);
	sodium_free(sh->ed->w);
	sodium_free(sh->ed->u);
	sodium_free(sh->ed);
	sh->ed = NULL;
}

static void
say(struct shell_editor *ed, const wchar_t *s)
{
	DWORD done;

	WriteConsoleW(ed->out, s, (DWORD)wcslen(s), &done, NULL);
}

/* Wait until a key is pressed or the deadline passes: 1, 0 (idle), 2
 * (Ctrl-C, which is not a key event), -1. */
static int
wait_key(struct shell *sh)
{
	INPUT_RECORD rec[16];
	DWORD n;

	for (;;) {
		int64_t left = sh->deadline - shell_now_ms();
		DWORD r;

		if (InterlockedExchange(&ctrl_c, 0))
			return 2;
		if (left <= 0)
			return 0;
		r = WaitForSingleObject(sh->ed->in, left > 250 ? 250 :
		    (DWORD)left);
		if (r == WAIT_TIMEOUT)
			continue;
		if (r != WAIT_OBJECT_0 || !PeekConsoleInputW(sh->ed->in, rec,
		    16, &n))
			return -1;
		for (DWORD i = 0; i < n; i++)
			if (rec[i].EventType == KEY_EVENT &&
			    rec[i].Event.KeyEvent.bKeyDown)
				return 1;
		/* Only focus, mouse or key-up events: taken off the queue. */
		if (n > 0 && !ReadConsoleInputW(sh->ed->in, rec, n, &n))
			return -1;
	}
}

int
shell_editor_read(struct shell *sh, const char **line)
{
	struct shell_editor *ed = sh->ed;
	DWORD got = 0;
	int k, n;

	*line = NULL;
	InterlockedExchange(&ctrl_c, 0);
	say(ed, sh->c->escrow || sh->c->shares ? L"cvault (holders)> " :
	    L"cvault> ");
	if ((k = wait_key(sh)) == 0)
		return SHELL_LINE_IDLE;
	if (k == 2)
		return SHELL_LINE_CTRL_C;
	if (k < 0)
		return SHELL_LINE_END;
	if (!ReadConsoleW(ed->in, ed->w, LINE_WCHARS - 1, &got, NULL))
		return InterlockedExchange(&ctrl_c, 0) ? SHELL_LINE_CTRL_C :
		    SHELL_LINE_END;
	if (InterlockedExchange(&ctrl_c, 0))
		return SHELL_LINE_CTRL_C;
	/* Ctrl-Z then Enter, as at the Command Prompt: the end. */
	if (got == 0 || ed->w[0] == 0x1a) {
		say(ed, L"\n");
		return SHELL_LINE_END;
	}
	while (got > 0 && (ed->w[got - 1] == L'\n' || ed->w[got - 1] == L'\r'))
		got--;
	n = got == 0 ? 0 : WideCharToMultiByte(CP_UTF8, 0, ed->w, (int)got,
	    (char *)ed->u, 3 * LINE_WCHARS, NULL, NULL);
	sodium_memzero(ed->w, LINE_WCHARS * sizeof *ed->w);
	if (n < 0)
		n = 0;
	ed->u[n] = '\0';
	*line = (const char *)ed->u;
	return SHELL_LINE_OK;
}

void
shell_editor_forget(struct shell *sh)
{
	if (sh->ed != NULL)
		sodium_memzero(sh->ed->u, 3 * LINE_WCHARS + 1);
}

void
shell_editor_clear(void)
{
	HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
	CONSOLE_SCREEN_BUFFER_INFO bi;
	COORD home = { 0, 0 };
	DWORD cells, done;

	fflush(stdout);
	if (!GetConsoleScreenBufferInfo(out, &bi))
		return;
	/* The whole buffer, scrolled-off lines included. */
	cells = (DWORD)bi.dwSize.X * (DWORD)bi.dwSize.Y;
	FillConsoleOutputCharacterW(out, L' ', cells, home, &done);
	FillConsoleOutputAttribute(out, bi.wAttributes, cells, home, &done);
	SetConsoleCursorPosition(out, home);
}
