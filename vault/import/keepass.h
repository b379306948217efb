/* SPDX-License-Identifier: ISC */
/*
 * import/keepass.h - the KeePass family of readers (docs/kdbx.md): KeePass
 * 2 XML as KeePass and KeePassXC export it, and the encrypted .kdbx file
 * itself (KDBX 3.1 and 4.x, password only). Both implement the reader
 * interface of reader.h. Not installed; the library's own.
 */
#ifndef VAULT_IMPORT_KEEPASS_H
#define VAULT_IMPORT_KEEPASS_H

#include "import/reader.h"

/* Read a KeePass 2 XML file (unencrypted export) from `in`, emitting one
 * entry per KeePass entry outside the recycle bin. Errors: FORMAT (with
 * out->why and out->at) IO NOMEM, or what out->emit returned. */
vault_err vlt_import_keepass_xml(const struct vlt_import_src *in,
    struct vlt_import_sink *out);

/* Read a .kdbx file from `in`, opened with the KeePass master password
 * `pass` (secret, pass_len bytes, read in place). Errors: AUTH (wrong
 * password: out->why says so) FORMAT (malformed, damaged, a key file
 * needed, an unsupported cipher, or KDF settings over the caps) IO NOMEM
 * KDF, or what out->emit returned. */
vault_err vlt_import_kdbx(const struct vlt_import_src *in,
    const uint8_t *pass, size_t pass_len, struct vlt_import_sink *out);

/* 1 when the first `len` bytes of a file look like that format. */
int vlt_import_kdbx_sniff(const uint8_t *head, size_t len);
int vlt_import_keepass_xml_sniff(const uint8_t *head, size_t len);

#endif
