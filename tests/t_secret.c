/* SPDX-License-Identifier: ISC */
/*
 * t_secret.c - guarded secrets: copies are exact, and a write one byte
 * past the end of a secret kills the process (the guard page), which a
 * child process demonstrates, in plain and sanitized builds alike.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"


static void
test_copy_is_exact(void)
{
	vault_secret *s = NULL;

	REQUIRE(vault_secret_from(PASS("abc"), &s) == VAULT_OK);
	CHECK(vault_secret_len(s) == 3);
	CHECK(memcmp(vault_secret_data(s), "abc", 3) == 0);
	vault_secret_free(s);
	s = NULL;
	CHECK(vault_secret_from(NULL, 0, &s) == VAULT_OK && s != NULL &&
	    vault_secret_len(s) == 0);
	vault_secret_free(s);
	CHECK(vault_secret_from(NULL, 5, &s) == VAULT_ERR_INVALID && s == NULL);
	CHECK(vault_secret_from(PASS("x"), NULL) == VAULT_ERR_INVALID);
	CHECK(vault_secret_data(NULL) == NULL && vault_secret_len(NULL) == 0);
}

static void
test_overrun_hits_guard_page(void)
{
	vault_secret *s = NULL;
	int status = 0;
	pid_t pid;

	REQUIRE(vault_secret_from(PASS("0123456789abcdef"), &s) == VAULT_OK);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		uint8_t *p = (uint8_t *)(uintptr_t)vault_secret_data(s);
		volatile uint8_t *q = p + vault_secret_len(s);

		/* The data ends where the guard page begins. The default
		 * action (not a sanitizer's handler) lets the kernel's
		 * SIGSEGV end the child, in every build. */
		signal(SIGSEGV, SIG_DFL);
		*q = 1;
		_exit(0);               /* reached only if nothing stopped us */
	}
	REQUIRE(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	vault_secret_free(s);
}

int
main(void)
{
	RUN(test_copy_is_exact);
	RUN(test_overrun_hits_guard_page);
	return TAP_END();
}
