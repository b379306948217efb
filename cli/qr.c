/* SPDX-License-Identifier: ISC */
/*
 * qr.c - the otpauth:// URI in a QR code on a screenshot, so the clerk
 * need not retype a two-factor secret. The PNG is read with libpng's
 * simplified API into guarded memory as 8-bit grey, and scanned in
 * process with zbar (no helper program, nothing on argv or in a
 * temporary file). The image's size is bounded before any pixel buffer
 * is allocated. What the QR code holds is a secret: it goes straight
 * into a vault_secret, and the copies zbar and we made are wiped.
 * Residual: libpng's own row buffers and zbar's internal decoding state
 * are not wiped; the screenshot file itself holds the secret too, and
 * the user guide says to delete it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <png.h>
#include <zbar.h>
#include <sodium.h>
#include "cli.h"
#include "fields.h"

#define QR_SIDE_MAX   16384u                   /* pixels */
#define QR_PIXELS_MAX (64u * 1024u * 1024u)     /* bytes of 8-bit grey */

/* Scan `px` (w x h grey) and copy the first otpauth QR code into *out.
 * Returns 0, or 1 when no QR code was found, 2 when none held an
 * otpauth URI, 3 when it is too long, -1 on a scanner failure. */
static int
scan(uint8_t *px, unsigned w, unsigned h, vault_secret **out)
{
	zbar_image_scanner_t *sc = NULL;
	zbar_image_t *img = NULL;
	const zbar_symbol_t *sym;
	int r = -1, nqr = 0;

	if ((sc = zbar_image_scanner_create()) == NULL ||
	    (img = zbar_image_create()) == NULL)
		goto out;
	zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, w, h);
	/* No cleanup handler: the pixels are ours, freed by the caller. */
	zbar_image_set_data(img, px, (unsigned long)w * h, NULL);
	if (zbar_scan_image(sc, img) < 0)
		goto out;
	r = 1;
	for (sym = zbar_image_first_symbol(img); sym != NULL;
	    sym = zbar_symbol_next(sym)) {
		const char *d = zbar_symbol_get_data(sym);
		unsigned n = zbar_symbol_get_data_length(sym);

		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE || d == NULL)
			continue;
		nqr++;
		if (*out == NULL && r != 3 && n >= 8 &&
		    strncasecmp(d, "otpauth:", 8) == 0) {
			if (n > VAULT_OTP_URI_MAX)
				r = 3;
			else if (vault_secret_from((const uint8_t *)d, n,
			    out) != VAULT_OK)
				r = -1;
			else
				r = 0;
		}
		/* SECURITY: zbar's copy of the text is a secret too. */
		sodium_memzero((void *)(uintptr_t)d, n);
	}
	if (r == 1 && nqr > 0)
		r = 2;
out:
	if (img != NULL) {
		zbar_image_set_data(img, NULL, 0, NULL);
		zbar_image_destroy(img);
	}
	if (sc != NULL)
		zbar_image_scanner_destroy(sc);
	return r;
}

vault_err
cli_qr_read(struct cli *c, const char *path, vault_secret **out)
{
	png_image png;
	uint8_t *px = NULL;
	size_t size = 0;
	vault_err rc = VAULT_ERR_FORMAT;
	int r;
	FILE *f;

	*out = NULL;
	memset(&png, 0, sizeof png);
	png.version = PNG_IMAGE_VERSION;
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "cvault: %s: cannot open %s\n", c->name, path);
		return VAULT_ERR_IO;
	}
	if (!png_image_begin_read_from_stdio(&png, f)) {
		fprintf(stderr, "cvault: %s: %s is not a PNG image (take the "
		    "screenshot as PNG)\n", c->name, path);
		goto out;
	}
	if (png.width == 0 || png.height == 0 || png.width > QR_SIDE_MAX ||
	    png.height > QR_SIDE_MAX ||
	    (size_t)png.width * png.height > QR_PIXELS_MAX) {
		fprintf(stderr, "cvault: %s: %s is too large (at most %u x %u "
		    "pixels, 64 megapixels)\n", c->name, path, QR_SIDE_MAX,
		    QR_SIDE_MAX);
		goto out;
	}
	png.format = PNG_FORMAT_GRAY;
	size = (size_t)png.width * png.height;
	if ((px = sodium_malloc(size)) == NULL) {
		rc = VAULT_ERR_NOMEM;
		fprintf(stderr, "cvault: %s: out of memory\n", c->name);
		goto out;
	}
	if (!png_image_finish_read(&png, NULL, px, 0, NULL)) {
		fprintf(stderr, "cvault: %s: %s is a damaged PNG image\n",
		    c->name, path);
		goto out;
	}
	r = scan(px, png.width, png.height, out);
	if (r == 0)
		rc = VAULT_OK;
	else if (r == 1)
		fprintf(stderr, "cvault: %s: no QR code found in %s\n",
		    c->name, path);
	else if (r == 2)
		fprintf(stderr, "cvault: %s: the QR code in %s holds no "
		    "otpauth:// URI\n", c->name, path);
	else if (r == 3)
		fprintf(stderr, "cvault: %s: TOTP secret refused: too long "
		    "(over 4096 bytes); nothing was stored\n", c->name);
	else {
		rc = VAULT_ERR_NOMEM;
		fprintf(stderr, "cvault: %s: the QR scanner failed\n",
		    c->name);
	}
out:
	png_image_free(&png);
	if (px != NULL)
		sodium_free(px);        /* wipes: the picture is the secret */
	fclose(f);
	return rc;
}
