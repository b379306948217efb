/* SPDX-License-Identifier: ISC */
/*
 * keepass_xml.c - KeePass 2 XML, streamed with libxml2's xmlTextReader
 * so that memory stays bounded by one entry whatever the file's size.
 * The same reader serves plain exports and the payload of a .kdbx file,
 * where values marked Protected="True" are masked by the inner stream
 * (every such value, in document order, wherever it is).
 * SECURITY: the parser loads no DTD, substitutes no entities and uses
 * no network (XML_PARSE_NONET; neither NOENT nor DTDLOAD); a document
 * type declaration or an entity reference is refused outright, so no
 * entity expansion (billion laughs) or external entity can happen.
 * libxml2 reports errors to us, never to the terminal.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <libxml/xmlreader.h>
#include "import/keepass.h"
#include "import/keepass_entry.h"

#define DEPTH_MAX 128u
#define GROUP_PATH_MAX VAULT_TITLE_MAX

enum el { E_OTHER = 0, E_FILE, E_META, E_ROOT, E_GROUP, E_ENTRY,
    E_HISTORY, E_STRING, E_KEY, E_VALUE, E_NAME, E_UUID, E_TIMES,
    E_CTIME, E_MTIME, E_TAGS, E_BIN_UUID };

static const char *const el_names[] = {
	[E_FILE] = "KeePassFile", [E_META] = "Meta", [E_ROOT] = "Root",
	[E_GROUP] = "Group", [E_ENTRY] = "Entry", [E_HISTORY] = "History",
	[E_STRING] = "String", [E_KEY] = "Key", [E_VALUE] = "Value",
	[E_NAME] = "Name", [E_UUID] = "UUID", [E_TIMES] = "Times",
	[E_CTIME] = "CreationTime", [E_MTIME] = "LastModificationTime",
	[E_TAGS] = "Tags", [E_BIN_UUID] = "RecycleBinUUID",
};

struct xr {
	xmlTextReaderPtr r;
	const struct vlt_import_src *in;
	struct vlt_import_sink *out;
	struct kdbx_stream *inner;
	vault_err src_rc;       /* the source's own failure */
	uint64_t offset;
	char xml_err[120];
	unsigned char stack[DEPTH_MAX];
	unsigned char prot[DEPTH_MAX];
	unsigned depth;
	/* groups: names joined by '/', and where each one starts */
	char path[GROUP_PATH_MAX + 1];
	size_t path_at[DEPTH_MAX];
	unsigned groups;
	unsigned bin_depth;     /* group depth of the recycle bin, or 0 */
	char bin_uuid[64];
	int entry_depth;        /* depth of the <Entry> being read, or 0 */
	struct kp_entry k;
	struct vlt_gbuf text, key, val, raw;
	/* a protected value that is not kept (an attachment): only its
	 * length matters, to keep the inner stream in step */
	uint64_t b64_chars, b64_pad;
	uint64_t record;
};

static int
src_read(void *ctx, char *buf, int len)
{
	struct xr *x = ctx;
	size_t got = 0;
	vault_err rc;

	if (len <= 0)
		return 0;
	rc = x->in->read(x->in->ctx, (uint8_t *)buf, (size_t)len, &got);
	if (rc != VAULT_OK) {
		x->src_rc = rc;
		return -1;
	}
	x->offset += got;
	return (int)got;
}

static int
src_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* libxml2's message for the first error, kept as printable ASCII. */
static void
on_error(void *ctx, xmlErrorPtr err)
{
	struct xr *x = ctx;
	size_t i, n = 0;

	if (x->xml_err[0] != '\0' || err == NULL || err->message == NULL)
		return;
	for (i = 0; err->message[i] != '\0' && n < sizeof x->xml_err - 1;
	    i++) {
		unsigned char c = (unsigned char)err->message[i];

		if (c == '\n')
			continue;
		x->xml_err[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	x->xml_err[n] = '\0';
	x->out->at.line = (uint64_t)(err->line > 0 ? err->line : 0);
}

static vault_err
fail(struct xr *x, vault_err rc, const char *why)
{
	snprintf(x->out->why, sizeof x->out->why, "%s", why);
	x->out->at.line = (uint64_t)xmlTextReaderGetParserLineNumber(x->r);
	x->out->at.offset = x->offset;
	x->out->at.record = x->record;
	return rc;
}

static enum el
el_of(const xmlChar *name)
{
	for (size_t i = 1; i < sizeof el_names / sizeof el_names[0]; i++)
		if (strcmp((const char *)name, el_names[i]) == 0)
			return (enum el)i;
	return E_OTHER;
}

/* Elements whose text is used; the text of others is not kept. */
static int
kept(enum el el)
{
	return el == E_BIN_UUID || el == E_UUID || el == E_NAME ||
	    el == E_KEY || el == E_VALUE || el == E_CTIME || el == E_MTIME ||
	    el == E_TAGS;
}

static enum el
parent(const struct xr *x, unsigned up)
{
	return x->depth > up ? (enum el)x->stack[x->depth - 1 - up] : E_OTHER;
}

/* A Protected="True" value: base64, XORed with the inner stream. */
static vault_err
unprotect(struct xr *x)
{
	struct vlt_gbuf t;
	size_t n;
	vault_err rc;

	x->raw.len = 0;
	if ((rc = vlt_gbuf_reserve(&x->raw, x->text.len + 1)) != VAULT_OK)
		return rc;
	if (sodium_base642bin(x->raw.p, x->raw.cap, (const char *)x->text.p,
	    x->text.len, " \t\r\n", &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return fail(x, VAULT_ERR_FORMAT, "a protected value is not "
		    "base64");
	kdbx_stream_xor(x->inner, x->raw.p, n);
	sodium_memzero(x->text.p, x->text.len);
	t = x->text;            /* swap: the decoded value becomes the text */
	x->text = x->raw;
	x->text.len = n;
	x->raw = t;
	x->raw.len = 0;
	return VAULT_OK;
}

static void
group_push(struct xr *x)
{
	x->path_at[x->groups++] = strlen(x->path);
}

static void
group_pop(struct xr *x)
{
	if (x->groups == 0)
		return;
	x->path[x->path_at[--x->groups]] = '\0';
	if (x->bin_depth > x->groups)
		x->bin_depth = 0;
}

/* The group's <Name>: the root group's is left out of the path. */
static void
group_name(struct xr *x)
{
	size_t at = strlen(x->path), n = x->text.len;

	if (x->groups < 2)
		return;
	if (at + 1 + n > GROUP_PATH_MAX)
		n = 0;
	if (at > 0)
		x->path[at++] = '/';
	memcpy(x->path + at, x->text.p, n);
	x->path[at + n] = '\0';
	if (n > 0 && memchr(x->text.p, '\0', n) != NULL)
		x->path[at] = '\0';     /* a NUL in a name: dropped */
}

static vault_err
entry_end(struct xr *x)
{
	vault_entry *e = NULL;
	struct vlt_import_where at;
	vault_err rc;

	x->entry_depth = 0;
	if (x->bin_depth > 0) {         /* in the recycle bin: deleted */
		kp_entry_clear(&x->k);
		return VAULT_OK;
	}
	if ((rc = kp_entry_finish(&x->k, x->path, &e)) != VAULT_OK)
		return rc;
	at.line = (uint64_t)xmlTextReaderGetParserLineNumber(x->r);
	at.offset = x->offset;
	at.record = x->record;
	if (e == NULL) {
		if (x->out->skip != NULL)
			x->out->skip(x->out->ctx, &at, x->k.why);
		kp_entry_clear(&x->k);
		return VAULT_OK;
	}
	kp_entry_clear(&x->k);
	return x->out->emit(x->out->ctx, e, &at);
}

static vault_err
on_start(struct xr *x, enum el el)
{
	vault_err rc = VAULT_OK;

	x->text.len = 0;
	x->b64_chars = x->b64_pad = 0;
	switch (el) {
	case E_GROUP:
		if (x->entry_depth == 0 && x->groups < DEPTH_MAX)
			group_push(x);
		break;
	case E_ENTRY:
		if (x->entry_depth > 0 && parent(x, 1) == E_HISTORY) {
			kp_snap_begin(&x->k);
		} else if (x->entry_depth == 0 && parent(x, 1) == E_GROUP) {
			x->entry_depth = (int)x->depth;
			x->record++;
			rc = kp_entry_begin(&x->k);
		}
		break;
	case E_STRING:
		x->key.len = x->val.len = 0;
		break;
	default:
		break;
	}
	return rc;
}

static vault_err
on_text_end(struct xr *x, enum el el)
{
	enum el up = parent(x, 1);
	int64_t t;

	if (el == E_BIN_UUID && up == E_META && x->text.len < sizeof x->bin_uuid) {
		memcpy(x->bin_uuid, x->text.p, x->text.len);
		x->bin_uuid[x->text.len] = '\0';
	} else if (el == E_UUID && up == E_GROUP && x->entry_depth == 0 &&
	    x->bin_uuid[0] != '\0' && x->bin_depth == 0 &&
	    x->text.len == strlen(x->bin_uuid) &&
	    memcmp(x->text.p, x->bin_uuid, x->text.len) == 0 &&
	    strcmp(x->bin_uuid, "AAAAAAAAAAAAAAAAAAAAAA==") != 0) {
		x->bin_depth = x->groups;
	} else if (el == E_NAME && up == E_GROUP && x->entry_depth == 0) {
		group_name(x);
	}
	if (x->entry_depth == 0)
		return VAULT_OK;
	if (el == E_KEY && up == E_STRING) {
		x->key.len = 0;
		return vlt_gbuf_put(&x->key, x->text.p, x->text.len);
	}
	if (el == E_VALUE && up == E_STRING) {
		x->val.len = 0;
		return vlt_gbuf_put(&x->val, x->text.p, x->text.len);
	}
	if ((el == E_CTIME || el == E_MTIME) && up == E_TIMES &&
	    parent(x, 2) == E_ENTRY) {
		t = kp_parse_time(x->text.p, x->text.len);
		kp_entry_time(&x->k, el == E_MTIME, t);
	} else if (el == E_TAGS && up == E_ENTRY) {
		return kp_entry_tags(&x->k, x->text.p, x->text.len);
	}
	return VAULT_OK;
}

static vault_err
on_end(struct xr *x)
{
	enum el el = (enum el)x->stack[x->depth - 1];
	vault_err rc = VAULT_OK;

	if (x->prot[x->depth - 1] && x->inner != NULL && !kept(el)) {
		if (x->b64_chars % 4 != 0 || x->b64_pad > 2 ||
		    x->b64_pad * 4 > x->b64_chars)
			return fail(x, VAULT_ERR_FORMAT, "a protected value is "
			    "not base64");
		kdbx_stream_skip(x->inner, x->b64_chars / 4 * 3 - x->b64_pad);
	} else if (x->prot[x->depth - 1] && x->inner != NULL &&
	    (rc = unprotect(x)) != VAULT_OK) {
		return rc;
	}
	x->b64_chars = x->b64_pad = 0;
	if ((rc = on_text_end(x, el)) != VAULT_OK)
		return rc;
	if (el == E_STRING && x->entry_depth > 0)
		rc = kp_entry_string(&x->k, x->key.p, x->key.len, x->val.p,
		    x->val.len);
	else if (el == E_ENTRY && x->k.in_snap)
		rc = kp_snap_end(&x->k);
	else if (el == E_ENTRY && x->entry_depth == (int)x->depth)
		rc = entry_end(x);
	else if (el == E_GROUP && x->entry_depth == 0)
		group_pop(x);
	x->text.len = 0;
	x->depth--;
	return rc;
}

static vault_err
element(struct xr *x)
{
	enum el el = el_of(xmlTextReaderConstLocalName(x->r));
	xmlChar *prot;
	vault_err rc;

	if (x->depth == 0 && el != E_FILE)
		return fail(x, VAULT_ERR_FORMAT, "not a KeePass XML file "
		    "(no <KeePassFile>)");
	if (x->depth == DEPTH_MAX)
		return fail(x, VAULT_ERR_FORMAT, "elements nested too deep");
	prot = xmlTextReaderGetAttribute(x->r, (const xmlChar *)"Protected");
	x->prot[x->depth] = prot != NULL &&
	    strcmp((const char *)prot, "True") == 0;
	xmlFree(prot);
	x->stack[x->depth++] = (unsigned char)el;
	if ((rc = on_start(x, el)) != VAULT_OK)
		return rc;
	if (xmlTextReaderIsEmptyElement(x->r))
		return on_end(x);
	return VAULT_OK;
}

static vault_err
text(struct xr *x)
{
	const xmlChar *v = xmlTextReaderConstValue(x->r);
	size_t n = v != NULL ? strlen((const char *)v) : 0;

	if (x->depth == 0)
		return VAULT_OK;
	if (!kept((enum el)x->stack[x->depth - 1])) {
		if (!x->prot[x->depth - 1])
			return VAULT_OK;
		for (size_t i = 0; i < n; i++) {
			if (v[i] == '=')
				x->b64_pad++;
			if (v[i] != ' ' && v[i] != '\t' && v[i] != '\r' &&
			    v[i] != '\n')
				x->b64_chars++;
		}
		return VAULT_OK;
	}
	if (x->text.len + n > 2u * VAULT_VALUE_MAX)
		return fail(x, VAULT_ERR_FORMAT, "a value is longer than "
		    "8 MiB");
	return vlt_gbuf_put(&x->text, v, n);
}

static vault_err
node(struct xr *x)
{
	switch (xmlTextReaderNodeType(x->r)) {
	case XML_READER_TYPE_ELEMENT:
		return element(x);
	case XML_READER_TYPE_END_ELEMENT:
		return x->depth > 0 ? on_end(x) : VAULT_OK;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		return text(x);
	case XML_READER_TYPE_DOCUMENT_TYPE:
	case XML_READER_TYPE_ENTITY_REFERENCE:
	case XML_READER_TYPE_ENTITY:
		return fail(x, VAULT_ERR_FORMAT, "the XML declares a document "
		    "type or entities, which KeePass files never do");
	default:
		return VAULT_OK;
	}
}

static vault_err
run(struct xr *x)
{
	int r;
	vault_err rc;

	while ((r = xmlTextReaderRead(x->r)) == 1)
		if ((rc = node(x)) != VAULT_OK)
			return rc;
	if (x->src_rc != VAULT_OK)
		return x->src_rc;       /* the layer below said why */
	if (r < 0)
		return fail(x, VAULT_ERR_FORMAT, x->xml_err[0] != '\0' ?
		    x->xml_err : "the XML is malformed");
	if (x->depth != 0 || x->stack[0] != E_FILE)
		return fail(x, VAULT_ERR_FORMAT, "not a KeePass XML file");
	return VAULT_OK;
}

vault_err
kdbx_xml_read(const struct vlt_import_src *in, struct kdbx_stream *inner,
    struct vlt_import_sink *out)
{
	struct xr *x;
	vault_err rc;

	if (sodium_init() < 0 || (x = sodium_malloc(sizeof *x)) == NULL)
		return VAULT_ERR_NOMEM;
	memset(x, 0, sizeof *x);
	x->in = in;
	x->out = out;
	x->inner = inner;
	x->r = xmlReaderForIO(src_read, src_close, x, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (x->r == NULL) {
		rc = x->src_rc != VAULT_OK ? x->src_rc : VAULT_ERR_NOMEM;
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	rc = run(x);
out:
	if (x->r != NULL)
		xmlFreeTextReader(x->r);
	kp_entry_free(&x->k);
	vlt_gbuf_free(&x->text);
	vlt_gbuf_free(&x->key);
	vlt_gbuf_free(&x->val);
	vlt_gbuf_free(&x->raw);
	sodium_free(x);
	return rc;
}

vault_err
vlt_import_keepass_xml(const struct vlt_import_src *in,
    struct vlt_import_sink *out)
{
	if (in == NULL || out == NULL)
		return VAULT_ERR_INVALID;
	return kdbx_xml_read(in, NULL, out);
}

int
vlt_import_keepass_xml_sniff(const uint8_t *head, size_t len)
{
	static const char tag[] = "<KeePassFile";
	size_t n = sizeof tag - 1;

	for (size_t i = 0; i + n <= len && i < 4096; i++)
		if (memcmp(head + i, tag, n) == 0)
			return 1;
	return 0;
}
