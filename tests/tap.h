/* SPDX-License-Identifier: ISC */
/* tests/tap.h: the header-only TAP runner shared by every t_*.c.
 * CHECK records a failure and goes on; REQUIRE returns from the test. */
#ifndef TAP_H
#define TAP_H
#include <stdio.h>
#include <stdlib.h>
static int tap_n, tap_failed, tap_cur;
#define CHECK(e) do { if (!(e)) { tap_cur = 1; \
	printf("# %s:%d: CHECK(%s)\n", __FILE__, __LINE__, #e); } } while (0)
#define REQUIRE(e) do { CHECK(e); if (tap_cur) return; } while (0)
#define RUN(fn) do { tap_cur = 0; fn(); tap_n++; tap_failed += tap_cur; \
	printf("%sok %d - %s\n", tap_cur ? "not " : "", tap_n, #fn); \
	fflush(stdout); } while (0)
#define TAP_END() (printf("1..%d\n# %d passed, %d failed\n", tap_n, \
	tap_n - tap_failed, tap_failed), tap_failed != 0)
#endif
