/* SPDX-License-Identifier: ISC */
/* shell_libedit.h - between the libedit line editor (shell_libedit.c)
 * and its Tab completion (shell_complete.c). */
#ifndef CLI_SHELL_LIBEDIT_H
#define CLI_SHELL_LIBEDIT_H

#include <histedit.h>

/* libedit's completion function (bound to Tab). */
unsigned char shell_complete(EditLine *el, int ch);

#endif
