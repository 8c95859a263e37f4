/*
 * paas guest init: the system around the app. Mounts, the console, the network, the
 * virtio-serial ports, the launch spec file, program lookup, and whether the app listens;
 * init.c supervises.
 */
#include "paas_init.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define PORT_STDOUT "paas.stdout"
#define PORT_STDERR "paas.stderr"
#define PORT_CONTROL "paas.control"
#define PORT_WAIT_MS 2000

long uptime_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Diagnostics go to the console (fd 1 of init), prefixed so the host can tell them apart. */
void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(1, line, (size_t)n);
}

void mount_basics(void)
{
	static const struct { const char *src, *dir, *type; unsigned long flags; const char *data; } m[] = {
		{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
		{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
		{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755" },
		{ "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" },
		{ "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		mkdir(m[i].dir, 0755);
		if (mount(m[i].src, m[i].dir, m[i].type, m[i].flags, m[i].data) < 0 && errno != EBUSY)
			say("paas-init: mount %s: %s", m[i].dir, strerror(errno));
	}
	/* What programs expect beside device nodes (no udev here). */
	symlink("/proc/self/fd", "/dev/fd");
	symlink("/proc/self/fd/0", "/dev/stdin");
	symlink("/proc/self/fd/1", "/dev/stdout");
	symlink("/proc/self/fd/2", "/dev/stderr");
}

void console_stdio(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
}

void network_up(void)
{
	/* The kernel configured eth0 from "ip=" (address, gateway, DNS); make sure lo is up too. */
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s >= 0) {
		const char *ifs[] = { "lo", "eth0" };
		for (int i = 0; i < 2; i++) {
			struct ifreq ifr;
			memset(&ifr, 0, sizeof(ifr));
			strncpy(ifr.ifr_name, ifs[i], IFNAMSIZ - 1);
			if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
				ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
				if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
					say("paas-init: cannot bring %s up: %s", ifs[i], strerror(errno));
			}
		}
		close(s);
	}
	/* An unset host name is "(none)": programs that resolve their own name (many daemons do)
	 * would ask the DNS server for it. "localhost" is in every image's /etc/hosts. */
	struct utsname u;
	if (uname(&u) == 0 && strcmp(u.nodename, "(none)") == 0 && sethostname("localhost", 9) < 0)
		say("paas-init: sethostname: %s", strerror(errno));
	/* DNS from the kernel's autoconfiguration, unless the image brings its own. */
	mkdir("/etc", 0755);
	if (access("/etc/resolv.conf", F_OK) != 0)
		symlink("/proc/net/pnp", "/etc/resolv.conf");
	if (access("/etc/hosts", F_OK) != 0) {
		int fd = open("/etc/hosts", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0) {
			(void)!write(fd, "127.0.0.1 localhost\n", 20);
			close(fd);
		}
	}
}

/* Opens the virtio-serial port with the given name, or returns -1 if there is none (yet).
 * *unnamed counts the ports whose name the host has not announced yet. */
static int open_port(const char *name, int flags, int *unnamed)
{
	DIR *d = opendir("/sys/class/virtio-ports");
	struct dirent *e;
	int fd = -1;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[300], got[64] = "";
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/virtio-ports/%s/name", e->d_name);
		int nf = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n = nf < 0 ? 0 : read(nf, got, sizeof(got) - 1);
		if (nf >= 0)
			close(nf);
		if (n > 0 && got[n - 1] == '\n')
			n--;
		if (n <= 0) {
			(*unnamed)++;
		} else if (fd < 0 && (size_t)n == strlen(name) && strncmp(got, name, (size_t)n) == 0) {
			snprintf(path, sizeof(path), "/dev/%s", e->d_name);
			fd = open(path, flags | O_CLOEXEC | O_NOCTTY);
		}
	}
	closedir(d);
	return fd;
}

/* The host announces ports and their names asynchronously after the driver probes, so when a
 * virtio-serial device exists, wait (briefly) until stdout and stderr are there and no port is
 * still unnamed; the control port is optional. */
void open_ports(int *out, int *err, int *ctl)
{
	long deadline = monotonic_ms() + PORT_WAIT_MS;
	DIR *d = opendir("/sys/bus/virtio/drivers/virtio_console");
	int have_device = 0;
	struct dirent *e;
	if (d) {
		while ((e = readdir(d)))
			if (strncmp(e->d_name, "virtio", 6) == 0)
				have_device = 1;
		closedir(d);
	}
	*out = *err = *ctl = -1;
	for (;;) {
		int unnamed = 0;
		if (*out < 0) *out = open_port(PORT_STDOUT, O_WRONLY, &unnamed);
		if (*err < 0) *err = open_port(PORT_STDERR, O_WRONLY, &unnamed);
		if (*ctl < 0) *ctl = open_port(PORT_CONTROL, O_RDONLY | O_NONBLOCK, &unnamed);
		if (!have_device || (*out >= 0 && *err >= 0 && (*ctl >= 0 || unnamed == 0)) ||
		    monotonic_ms() > deadline)
			break;
		usleep(1000);
	}
	if (*out < 0 || *err < 0)
		say("paas-init: no %s port, app output goes to the console",
		    *out < 0 ? PORT_STDOUT : PORT_STDERR);
}

/* Finds the program like execvp would, but with the app's PATH and relative to its dir. */
int resolve(const char *prog, const char *path, char *out, size_t outlen)
{
	if (strchr(prog, '/')) {
		snprintf(out, outlen, "%s", prog);
		return access(out, X_OK) == 0 ? 0 : -1;
	}
	int saved = ENOENT;
	for (const char *p = path; ; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		snprintf(out, outlen, "%.*s%s%s", (int)len, p, len ? "/" : "", prog);
		if (access(out, X_OK) == 0)
			return 0;
		if (errno != ENOENT && errno != ENOTDIR)
			saved = errno;
		if (!end)
			break;
		p = end;
	}
	errno = saved;
	return -1;
}

int port_listening(int port)
{
	/* tcp6 is absent when the kernel has no IPv6 (ours has none today). */
	static const char *const tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	char line[512];
	int found = 0;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]) && !found; i++) {
		FILE *f = fopen(tables[i], "re");
		if (!f)
			continue;
		while (!found && fgets(line, sizeof(line), f))
			found = tcp_line_listens(line, port);
		fclose(f);
	}
	return found;
}

char *read_small_file(const char *path, size_t *len)
{
	char *text;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;
	if (fd < 0)
		return NULL;
	if (!(text = malloc(SPEC_MAX_BYTES + 1))) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while (n < SPEC_MAX_BYTES && (r = read(fd, text + n, SPEC_MAX_BYTES - n)) > 0)
		n += (size_t)r;
	if (n == SPEC_MAX_BYTES && read(fd, text, 1) > 0) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	close(fd);
	*len = n;
	return text;
}


static unsigned chown_uid, chown_gid;

static int chown_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type, (void)ftw;
	/* Already the user's (an image on a read-only root disk is written so): no lchown, which on an
	 * overlay would copy the file up to the writable disk even when nothing changes. */
	if (st && st->st_uid == chown_uid && st->st_gid == chown_gid)
		return 0;
	if (lchown(path, chown_uid, chown_gid) < 0)
		say("paas-init: chown %s: %s", path, strerror(errno));
	return 0;
}

/* mkdir -p, each new directory 0755. */
static int make_dirs(const char *path)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				return -1;
			if (!(*s = c))
				break;
		}
	}
	return 0;
}

int prepare_user(const struct spec *s, char *err)
{
	if (s->uid == 0)
		return 0;
	chown_uid = s->uid;
	chown_gid = s->gid;
	/* The initramfs is root's (uid 0, reproducible): the app may write its home and /app (the
	 * app's files), nothing else of the image; never the spec's dir, which may be "/". */
	if (make_dirs(s->home) < 0) {
		snprintf(err, ERR_LEN, "cannot make home %s: %s", s->home, strerror(errno));
		return -1;
	}
	/* Not across mounts, except on the overlay over a root disk: there a file of the lower layer
	 * reports the erofs' device, not the overlay's, and FTW_MOUNT would skip it. */
	int walk = FTW_PHYS | (root_disk_present() ? 0 : FTW_MOUNT);
	if (strcmp(s->home, "/") != 0)
		nftw(s->home, chown_one, 16, walk);
	if (access(APP_DIR, F_OK) == 0)
		nftw(APP_DIR, chown_one, 16, walk);
	return 0;
}

int drop_privileges(const struct spec *s)
{
	if (s->uid == 0 && s->gid == 0)
		return 0;
	gid_t g = s->gid;
	if (setgroups(1, &g) < 0 || setgid(s->gid) < 0 || setuid(s->uid) < 0)
		return -1;
	return 0;
}
