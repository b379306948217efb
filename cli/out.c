/* SPDX-License-Identifier: ISC */
/*
 * out.c - output that may hold secrets. It is built in sodium_malloc'd
 * memory (grown by allocate-copy-free, never realloc) and written with
 * write(2), so no secret passes through a stdio buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"

struct obuf {
	uint8_t *buf;           /* sodium_malloc'd, cap bytes */
	size_t len, cap;
};

vault_err
ob_new(struct obuf **out)
{
	struct obuf *ob;

	*out = NULL;
	if (sodium_init() < 0 || (ob = calloc(1, sizeof *ob)) == NULL)
		return VAULT_ERR_NOMEM;
	ob->cap = 4096;
	if ((ob->buf = sodium_malloc(ob->cap)) == NULL) {
		free(ob);
		return VAULT_ERR_NOMEM;
	}
	*out = ob;
	return VAULT_OK;
}

void
ob_free(struct obuf *ob)
{
	if (ob == NULL)
		return;
	sodium_free(ob->buf);
	free(ob);
}

vault_err
ob_put(struct obuf *ob, const void *p, size_t len)
{
	if (len > SIZE_MAX / 2 - ob->len)
		return VAULT_ERR_NOMEM;
	if (ob->len + len > ob->cap) {
		size_t cap = ob->cap;
		uint8_t *nu;

		while (cap < ob->len + len)
			cap *= 2;
		if ((nu = sodium_malloc(cap)) == NULL)
			return VAULT_ERR_NOMEM;
		memcpy(nu, ob->buf, ob->len);
		sodium_free(ob->buf);   /* wipes the old copy */
		ob->buf = nu;
		ob->cap = cap;
	}
	if (len)
		memcpy(ob->buf + ob->len, p, len);
	ob->len += len;
	return VAULT_OK;
}

vault_err
ob_str(struct obuf *ob, const char *s)
{
	return ob_put(ob, s, strlen(s));
}

vault_err
ob_fmt(struct obuf *ob, const char *fmt, ...)
{
	char tmp[512], *big = NULL;
	va_list ap;
	vault_err rc;
	int n;

	/* Public text only (the contract), so plain memory is fine here. */
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return VAULT_ERR_INVALID;
	if ((size_t)n < sizeof tmp)
		return ob_put(ob, tmp, (size_t)n);
	if ((big = malloc((size_t)n + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = ob_put(ob, big, (size_t)n);
	free(big);
	return rc;
}

vault_err
ob_flush(struct obuf *ob, int fd)
{
	size_t off = 0;

	while (off < ob->len) {
		ssize_t n = write(fd, ob->buf + off, ob->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return VAULT_ERR_IO;
		off += (size_t)n;
	}
	sodium_memzero(ob->buf, ob->len);
	ob->len = 0;
	return VAULT_OK;
}

/* Read access for callers that index into the buffer (cmd_list.c). The
 * pointer changes when the buffer grows. */
const uint8_t *
ob_data(const struct obuf *ob)
{
	return ob->buf;
}

size_t
ob_len(const struct obuf *ob)
{
	return ob->len;
}
