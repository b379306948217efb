/* SPDX-License-Identifier: ISC */
/*
 * import/titles.c - which titles an import has seen (in the vault, and
 * earlier in the file), for duplicates. Titles match after Unicode NFC
 * normalisation and full case folding, so "Café" typed with a combining
 * accent and "CAFÉ" are one account; the titles themselves are stored as
 * they came (Welsh ŵ, emoji untouched). libunistring does the Unicode
 * work (u8_casefold with UNINORM_NFC: the Unicode tables are big, change
 * with each Unicode version, and are easy to get subtly wrong by hand).
 * The set is keyed by a 128-bit keyed BLAKE2b of the folded title, with
 * a random key per import, in open addressing: memory stays small (a few
 * dozen bytes a title) for a 100,000-row file.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unicase.h>
#include <uninorm.h>
#include "titles.h"

struct slot {
	uint8_t key[VLT_TITLE_KEY];
	char *title;            /* as first seen; NULL: empty slot */
	int existing;           /* 1: an entry in the vault */
};

struct vlt_titles {
	uint8_t hkey[crypto_generichash_KEYBYTES];
	struct slot *slot;
	size_t cap, n;          /* cap a power of two */
};

vault_err
vlt_titles_new(struct vlt_titles **out)
{
	struct vlt_titles *t;

	*out = NULL;
	if ((t = calloc(1, sizeof *t)) == NULL)
		return VAULT_ERR_NOMEM;
	t->cap = 1024;
	if ((t->slot = calloc(t->cap, sizeof *t->slot)) == NULL) {
		free(t);
		return VAULT_ERR_NOMEM;
	}
	randombytes_buf(t->hkey, sizeof t->hkey);
	*out = t;
	return VAULT_OK;
}

void
vlt_titles_free(struct vlt_titles *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->cap; i++)
		if (t->slot[i].title != NULL) {
			sodium_memzero(t->slot[i].title,
			    strlen(t->slot[i].title));
			free(t->slot[i].title);
		}
	free(t->slot);
	sodium_memzero(t, sizeof *t);
	free(t);
}

vault_err
vlt_titles_key(const struct vlt_titles *t, const uint8_t *title, size_t len,
    uint8_t key[VLT_TITLE_KEY])
{
	uint8_t stackbuf[256], *f;
	size_t flen = sizeof stackbuf;

	while (len > 0 && (title[0] == ' ' || title[0] == '\t')) {
		title++;
		len--;
	}
	while (len > 0 && (title[len - 1] == ' ' || title[len - 1] == '\t'))
		len--;
	f = u8_casefold(title, len, NULL, UNINORM_NFC, stackbuf, &flen);
	if (f == NULL)
		return VAULT_ERR_NOMEM;
	crypto_generichash(key, VLT_TITLE_KEY, f, flen, t->hkey,
	    sizeof t->hkey);
	sodium_memzero(f, flen);
	if (f != stackbuf)
		free(f);
	sodium_memzero(stackbuf, sizeof stackbuf);
	return VAULT_OK;
}

static struct slot *
lookup(const struct vlt_titles *t, const uint8_t key[VLT_TITLE_KEY])
{
	size_t h;

	memcpy(&h, key, sizeof h);
	for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1))
		if (t->slot[i].title == NULL ||
		    memcmp(t->slot[i].key, key, VLT_TITLE_KEY) == 0)
			return &t->slot[i];
}

const char *
vlt_titles_find(const struct vlt_titles *t, const uint8_t key[VLT_TITLE_KEY],
    int *existing)
{
	struct slot *s = lookup(t, key);

	if (existing != NULL)
		*existing = s->title != NULL && s->existing;
	return s->title;
}

static vault_err
grow(struct vlt_titles *t)
{
	struct slot *old = t->slot;
	size_t ocap = t->cap;

	if ((t->slot = calloc(ocap * 2, sizeof *t->slot)) == NULL) {
		t->slot = old;
		return VAULT_ERR_NOMEM;
	}
	t->cap = ocap * 2;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].title != NULL)
			*lookup(t, old[i].key) = old[i];
	free(old);
	return VAULT_OK;
}

vault_err
vlt_titles_put(struct vlt_titles *t, const uint8_t key[VLT_TITLE_KEY],
    const uint8_t *title, size_t len, int existing)
{
	struct slot *s;
	vault_err rc;

	if (t->n * 2 >= t->cap && (rc = grow(t)) != VAULT_OK)
		return rc;
	s = lookup(t, key);
	if (s->title != NULL)
		return VAULT_OK;        /* the first one seen stays */
	if ((s->title = malloc(len + 1)) == NULL)
		return VAULT_ERR_NOMEM;
	memcpy(s->title, title, len);
	s->title[len] = '\0';
	memcpy(s->key, key, VLT_TITLE_KEY);
	s->existing = existing;
	t->n++;
	return VAULT_OK;
}
