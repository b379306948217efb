/* SPDX-License-Identifier: ISC */
/*
 * sys_posix.c - cli/sys.h on Linux and the other POSIX systems. The
 * terminal is /dev/tty with echo turned off through termios; what is
 * Linux's alone (prctl, /proc/self/exe) is behind __linux__.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sodium.h>
#include "cli.h"
#include "sys.h"

int
sys_start(int *argc, char ***argv)
{
	struct rlimit rl = { 0, 0 };

	(void)argc;
	(void)argv;
	/* SECURITY: no core dumps, no ptrace attach by other users, files
	 * we create are private. */
	setrlimit(RLIMIT_CORE, &rl);
#ifdef __linux__
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	umask(077);
	return 0;
}

const char *
sys_self_exe(void)
{
#ifdef __linux__
	return "/proc/self/exe";
#else
	return NULL;    /* macOS and the BSDs: the cleaner does not start */
#endif
}

/* $XDG_<kind> (absolute only) + "/cvault", else $HOME + fallback. */
static char *
xdg_dir(const char *var, const char *fallback)
{
	const char *xdg = getenv(var), *home = getenv("HOME");
	char *p;
	size_t n;

	if (xdg != NULL && xdg[0] == '/') {
		n = strlen(xdg) + sizeof "/cvault";
		if ((p = malloc(n)) != NULL)
			snprintf(p, n, "%s/cvault", xdg);
	} else if (home != NULL && home[0] == '/') {
		n = strlen(home) + strlen(fallback) + 1;
		if ((p = malloc(n)) != NULL)
			snprintf(p, n, "%s%s", home, fallback);
	} else {
		return NULL;
	}
	return p;
}

char *
sys_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", "/.local/share/cvault");
}

char *
sys_state_dir(void)
{
	return xdg_dir("XDG_STATE_HOME", "/.local/state/cvault");
}

enum sys_kind
sys_kind(const char *path, int follow)
{
	struct stat sb;

	if ((follow ? stat(path, &sb) : lstat(path, &sb)) != 0)
		return SYS_MISSING;
	if (S_ISREG(sb.st_mode))
		return SYS_FILE;
	if (S_ISDIR(sb.st_mode))
		return SYS_DIR;
	return S_ISLNK(sb.st_mode) ? SYS_LINK : SYS_OTHER;
}

int
sys_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

char *
sys_realpath(const char *path)
{
	return realpath(path, NULL);
}

int
sys_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int
sys_readable(const char *path)
{
	return access(path, R_OK) == 0;
}

int
sys_open(const char *path, int how)
{
	int fl = O_CLOEXEC | O_NOCTTY | (how & SYS_NOFOLLOW ? O_NOFOLLOW : 0);

	if (how & SYS_NEW)
		return open(path, fl | O_WRONLY | O_CREAT | O_EXCL, 0600);
	return open(path, fl | O_RDONLY);
}

int
sys_temp_beside(const char *path, char **tmp)
{
	size_t n = strlen(path) + sizeof ".new-XXXXXX";
	int fd;

	if ((*tmp = malloc(n)) == NULL)
		return -1;
	snprintf(*tmp, n, "%s.new-XXXXXX", path);
	/* SECURITY: mkstemp creates O_EXCL with mode 0600. */
	if ((fd = mkstemp(*tmp)) < 0) {
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

int
sys_fsync(int fd)
{
	return fsync(fd);
}

int
sys_mkdir(const char *dir)
{
	return mkdir(dir, 0700);
}

int
sys_link(const char *from, const char *to)
{
	return link(from, to);
}

int
sys_rename(const char *from, const char *to)
{
	return rename(from, to);
}

int
sys_unlink(const char *path)
{
	return unlink(path);
}

struct sys_dir {
	DIR *dp;
};

struct sys_dir *
sys_opendir(const char *dir)
{
	struct sys_dir *d = malloc(sizeof *d);

	if (d != NULL && (d->dp = opendir(dir)) == NULL) {
		free(d);
		d = NULL;
	}
	return d;
}

const char *
sys_readdir(struct sys_dir *d)
{
	struct dirent *e;

	while ((e = readdir(d->dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			return e->d_name;
	return NULL;
}

void
sys_closedir(struct sys_dir *d)
{
	if (d != NULL)
		closedir(d->dp);
	free(d);
}

int
sys_isatty(int fd)
{
	return isatty(fd);
}

/* --- the terminal --- */

static int tty_fd = -1;
static struct termios saved;
static volatile sig_atomic_t echo_off;

static void
restore_echo(int sig)
{
	if (echo_off)
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
	echo_off = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
open_tty(void)
{
	if (tty_fd < 0)
		tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	return tty_fd < 0 ? -1 : 0;
}

int
sys_tty_present(void)
{
	return open_tty() == 0;
}

int
sys_tty_secret(const char *prompt, vault_secret **out)
{
	struct termios t;
	int r;

	*out = NULL;
	if (open_tty() != 0 || tcgetattr(tty_fd, &saved) != 0)
		return -1;
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	t.c_lflag |= ICANON;
	signal(SIGINT, restore_echo);
	signal(SIGTERM, restore_echo);
	signal(SIGHUP, restore_echo);
	signal(SIGQUIT, restore_echo);
	echo_off = 1;
	/* SECURITY: echo goes off before the prompt appears, so that
	 * nothing typed as soon as it shows is echoed (or flushed). */
	if (tcsetattr(tty_fd, TCSAFLUSH, &t) != 0 ||
	    write(tty_fd, prompt, strlen(prompt)) < 0) {
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
		echo_off = 0;
		return -1;
	}
	r = cli_read_line(tty_fd, out);
	tcsetattr(tty_fd, TCSAFLUSH, &saved);
	echo_off = 0;
	if (write(tty_fd, "\n", 1) < 0)
		r = r ? r : 0;
	return r;
}

int
sys_tty_ask(const char *question, char *ans, size_t cap)
{
	ssize_t n;

	if (cap < 2 || open_tty() != 0 ||
	    write(tty_fd, question, strlen(question)) < 0 ||
	    (n = read(tty_fd, ans, cap - 1)) <= 0)
		return -1;
	ans[n] = '\0';
	ans[strcspn(ans, "\r\n")] = '\0';
	return 0;
}
