/* SPDX-License-Identifier: ISC */
/*
 * os_posix.c - os.h on POSIX systems (Linux, the BSDs, macOS).
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "os.h"

#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif

vault_err
vlt_os_read_small(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	ssize_t n;
	int fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOENT ? VAULT_ERR_NOTFOUND : VAULT_ERR_IO;
	do
		n = read(fd, buf, cap);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return VAULT_ERR_IO;
	*len = (size_t)n;
	return VAULT_OK;
}

vault_err
vlt_os_private_dir(const char *dir)
{
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? VAULT_OK :
	    VAULT_ERR_IO;
}

static vault_err
write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return VAULT_ERR_IO;
		p += n;
		len -= (size_t)n;
	}
	return VAULT_OK;
}

/* A new name beside `path`; `fd` gets the file, created O_EXCL 0600. */
static vault_err
make_temp(const char *path, char **tmp, int *fd)
{
	if ((*tmp = malloc(strlen(path) + 16)) == NULL)
		return VAULT_ERR_NOMEM;
	sprintf(*tmp, "%s.new-XXXXXX", path);
	/* SECURITY: mkstemp creates O_EXCL with mode 0600. */
	if ((*fd = mkstemp(*tmp)) < 0) {
		free(*tmp);
		*tmp = NULL;
		return VAULT_ERR_IO;
	}
	return VAULT_OK;
}

vault_err
vlt_os_replace(const char *path, const uint8_t *p, size_t len)
{
	char *tmp;
	vault_err rc;
	int fd;

	if ((rc = make_temp(path, &tmp, &fd)) != VAULT_OK)
		return rc;
	rc = write_all(fd, p, len);
	if (rc == VAULT_OK && fsync(fd) != 0)
		rc = VAULT_ERR_IO;
	close(fd);
	if (rc == VAULT_OK && rename(tmp, path) != 0)
		rc = VAULT_ERR_IO;
	if (rc != VAULT_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

vault_err
vlt_os_create_new(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);

	if (fd < 0)
		return errno == EEXIST ? VAULT_ERR_EXISTS : VAULT_ERR_IO;
	close(fd);
	return VAULT_OK;
}

vault_err
vlt_os_temp_beside(const char *path, char **tmp)
{
	vault_err rc;
	int fd;

	if ((rc = make_temp(path, tmp, &fd)) == VAULT_OK)
		close(fd);
	return rc;
}

vault_err
vlt_os_move_new(const char *tmp, const char *path)
{
	/* link(2) refuses an existing target: never overwrite a vault. */
	if (link(tmp, path) != 0)
		return errno == EEXIST ? VAULT_ERR_EXISTS : VAULT_ERR_IO;
	unlink(tmp);
	return VAULT_OK;
}

void
vlt_os_remove(const char *path)
{
	(void)unlink(path);
}

int
vlt_os_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int
vlt_os_is_regular(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return errno == ENOENT ? -1 : 0;
	return S_ISREG(sb.st_mode) ? 1 : 0;
}

int
vlt_os_writable(const char *path)
{
	char *dir = strdup(path), *slash;
	int ok;

	if (dir == NULL)
		return 0;
	if ((slash = strrchr(dir, '/')) == NULL)
		ok = access(".", W_OK) == 0;
	else if (slash == dir)
		ok = access("/", W_OK) == 0;
	else {
		*slash = '\0';
		ok = access(dir, W_OK) == 0;
	}
	free(dir);
	return ok && access(path, W_OK) == 0;
}

vault_err
vlt_os_map(const char *path, struct vlt_map *m)
{
	struct stat st;
	void *p;
	int fd;

	m->p = NULL;
	m->len = 0;
	m->sys = NULL;
	/* O_NONBLOCK: a FIFO must not hang the open; it fails S_ISREG. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return VAULT_ERR_IO;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uintmax_t)st.st_size > SIZE_MAX) {
		close(fd);
		return VAULT_ERR_IO;
	}
	if (st.st_size == 0) {
		close(fd);
		return VAULT_OK;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return VAULT_ERR_IO;
	(void)posix_madvise(p, (size_t)st.st_size, POSIX_MADV_RANDOM);
	m->p = p;
	m->len = (size_t)st.st_size;
	return VAULT_OK;
}

void
vlt_os_unmap(struct vlt_map *m)
{
	if (m->p != NULL)
		munmap((void *)(uintptr_t)m->p, m->len);
	m->p = NULL;
	m->len = 0;
}

vault_err
vlt_os_from_cp1252(const uint8_t *in, size_t len, uint8_t *out,
    size_t *out_len)
{
	char *i = (char *)(uintptr_t)in, *o = (char *)out;
	size_t il = len, ol = len * 3;
	iconv_t cd;

	*out_len = 0;
	if ((cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1)
		return VAULT_ERR_NOMEM;
	while (il > 0)
		if (iconv(cd, &i, &il, &o, &ol) == (size_t)-1) {
			if (ol == 0)
				break;
			*o++ = '?';     /* a byte Windows-1252 leaves undefined */
			ol--;
			i++;
			il--;
		}
	iconv_close(cd);
	*out_len = len * 3 - ol;
	return VAULT_OK;
}
