/*
 * paas guest init: the writable disk (the app's disk_quota). When the host attached a virtio-blk
 * disk with serial "paas.disk" (an empty ext4 file system of exactly the quota), the root
 * becomes an overlay: the initramfs (in RAM) is its read-only lower layer and an upper directory
 * on the disk takes every write, anyone's, anywhere. So the guest's writable space is the disk,
 * and a write past it fails with ENOSPC inside the guest. Without such a disk the root stays the
 * initramfs in RAM, as before. Contracts: kernel/README.md ("The writable disk").
 *
 * Large images keep their files on a second, read-only virtio-blk disk (serial "paas.root", an
 * erofs file system) and say so with a marker in the initramfs; then that disk, not the
 * initramfs, is the overlay's lower layer (kernel/README.md, "Large images: the root on a disk").
 */
#include "paas_init.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#define DISK_SERIAL "paas.disk"
#define DISK_MNT "/paas/disk"         /* the ext4, hidden below the new root once it is in place */
#define NEW_ROOT "/paas/root"
#define ROOT_DISK_SERIAL "paas.root"
#define ROOT_MNT "/paas/lower"         /* the image's erofs, the overlay's lower layer */

static unsigned long long disk_bytes;  /* 0: no disk */
static int root_disk;                  /* 1 once the root is the overlay over the root disk */
static int disk_full;

/* Reads a short sysfs file into buf (trailing newline removed); -1 when absent. */
static int read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

/* The virtio-blk disk whose serial is `want`: its name (vda) in name; -1 when there is none.
 * By serial, not by position: the writable disk and a read-only root disk sit side by side. */
static int find_disk(const char *want, char *name, size_t len, unsigned long long *bytes)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	int found = -1;
	if (!d)
		return -1;
	while (found < 0 && (e = readdir(d))) {
		char path[300], serial[64], sectors[32];
		if (strncmp(e->d_name, "vd", 2) != 0 || strlen(e->d_name) > 15)
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/serial", e->d_name);
		if (read_small(path, serial, sizeof(serial)) < 0 || strcmp(serial, want) != 0)
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/size", e->d_name);
		if (read_small(path, sectors, sizeof(sectors)) < 0)
			continue;
		*bytes = strtoull(sectors, NULL, 10) * 512ULL;
		snprintf(name, len, "%.15s", e->d_name);
		found = 0;
	}
	closedir(d);
	return found;
}

static int move_into_root(const char *dir, char *err)
{
	char to[64];
	snprintf(to, sizeof(to), NEW_ROOT "%s", dir);
	mkdir(to, 0755);
	if (mount(dir, to, NULL, MS_MOVE, NULL) < 0) {
		snprintf(err, ERR_LEN, "cannot move %s into the new root: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* The overlay root over `lower` ("/": the initramfs; ROOT_MNT: the image's erofs), its upper
 * layer on the writable disk. Without a writable disk: nothing changes for the initramfs; over a
 * root disk the upper layer is a tmpfs (RAM), since the root must become the overlay anyway. */
static int overlay_root(const char *lower, char *err)
{
	char name[32], dev[48], opts[160];
	unsigned long long bytes = 0;
	mkdir(DISK_MNT, 0700);
	if (find_disk(DISK_SERIAL, name, sizeof(name), &bytes) < 0) {
		if (strcmp(lower, "/") == 0)
			return 0;
		snprintf(dev, sizeof(dev), "tmpfs");
		if (mount("tmpfs", DISK_MNT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0) {
			snprintf(err, ERR_LEN, "cannot mount a tmpfs for the root's upper layer: %s", strerror(errno));
			return -1;
		}
	} else {
		snprintf(dev, sizeof(dev), "/dev/%s", name);
		/* discard: a deleted file's blocks are punched out of the host's file, so the host holds
		 * what the guest holds. noatime: reads never write. */
		if (mount(dev, DISK_MNT, "ext4", MS_NOATIME | MS_NOSUID | MS_NODEV, "discard") < 0) {
			snprintf(err, ERR_LEN, "cannot mount the disk %s (ext4): %s", dev, strerror(errno));
			return -1;
		}
	}
	if ((mkdir(DISK_MNT "/upper", 0755) < 0 && errno != EEXIST) ||
	    (mkdir(DISK_MNT "/work", 0700) < 0 && errno != EEXIST)) {
		snprintf(err, ERR_LEN, "cannot make the overlay's directories on %s: %s", dev, strerror(errno));
		return -1;
	}
	mkdir(NEW_ROOT, 0755);
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=" DISK_MNT "/upper,workdir=" DISK_MNT "/work", lower);
	if (mount("overlay", NEW_ROOT, "overlay", 0, opts) < 0) {
		snprintf(err, ERR_LEN, "cannot mount the overlay root on %s: %s", dev, strerror(errno));
		return -1;
	}
	/* /tmp is the disk's (as in Cloud Foundry, where it counts against disk_quota), not RAM. */
	umount2("/tmp", MNT_DETACH);
	if (move_into_root("/proc", err) < 0 || move_into_root("/sys", err) < 0 || move_into_root("/dev", err) < 0)
		return -1;
	/* switch_root: the overlay replaces "/" (rootfs cannot be pivoted away, only covered). */
	if (chdir(NEW_ROOT) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0) {
		snprintf(err, ERR_LEN, "cannot make the overlay the root: %s", strerror(errno));
		return -1;
	}
	mkdir("/tmp", 01777);
	chmod("/tmp", 01777);
	if (!bytes) {
		say("paas-init: no writable disk: the root's writes go to RAM (tmpfs) uptime_ms=%ld", uptime_ms());
		return 0;
	}
	disk_bytes = bytes;
	char size[32];
	size_text(bytes, size, sizeof(size));
	say("paas-init: disk %s quota=%s mounted as the writable root uptime_ms=%ld", dev, size, uptime_ms());
	return 0;
}

int disk_up(char *err)
{
	return overlay_root("/", err);
}

int root_on_disk(void)
{
	return access(ROOT_MARKER, F_OK) == 0;
}

int root_disk_up(char *err)
{
	char name[32], dev[48];
	unsigned long long bytes = 0;
	if (find_disk(ROOT_DISK_SERIAL, name, sizeof(name), &bytes) < 0) {
		snprintf(err, ERR_LEN, "the image's root is on a read-only disk (virtio-blk serial " ROOT_DISK_SERIAL
			 "), which the host did not attach");
		return -1;
	}
	snprintf(dev, sizeof(dev), "/dev/%s", name);
	mkdir(ROOT_MNT, 0755);
	if (mount(dev, ROOT_MNT, "erofs", MS_RDONLY | MS_NOATIME, NULL) < 0) {
		snprintf(err, ERR_LEN, "cannot mount the root disk %s (erofs): %s", dev, strerror(errno));
		return -1;
	}
	char size[32];
	size_text(bytes, size, sizeof(size));
	say("paas-init: root disk %s (erofs, %s) mounted read-only uptime_ms=%ld", dev, size, uptime_ms());
	if (overlay_root(ROOT_MNT, err) < 0)
		return -1;
	root_disk = 1;
	return 0;
}

int root_disk_present(void)
{
	return root_disk;
}

int disk_present(void)
{
	return disk_bytes > 0;
}

void disk_watch(void)
{
	struct statfs st;
	if (!disk_bytes || statfs("/", &st) < 0)
		return;
	unsigned long long avail = (unsigned long long)st.f_bavail * (unsigned long long)st.f_bsize;
	int full = disk_full_next(disk_full, avail, disk_bytes);
	if (full == disk_full)
		return;
	disk_full = full;
	char size[32], free_text[32];
	size_text(disk_bytes, size, sizeof(size));
	size_text(avail, free_text, sizeof(free_text));
	if (full)
		say("paas-init: disk quota %s reached: writes fail with \"No space left on device\" uptime_ms=%ld",
		    size, uptime_ms());
	else
		say("paas-init: disk below quota %s again: %s free uptime_ms=%ld", size, free_text, uptime_ms());
}

/* Pure parts (tested on the host by disk_harness.c). */

void size_text(unsigned long long bytes, char *out, size_t len)
{
	const unsigned long long mib = 1024ULL * 1024ULL;
	if (bytes >= mib * 1024ULL && bytes % (mib * 1024ULL) == 0)
		snprintf(out, len, "%lluG", bytes / (mib * 1024ULL));
	else if (bytes >= mib)
		snprintf(out, len, "%lluM", (bytes + mib / 2) / mib);
	else
		snprintf(out, len, "%lluK", (bytes + 512) / 1024);
}

int disk_full_next(int full, unsigned long long avail, unsigned long long total)
{
	/* Full: less than DISK_FULL_BELOW free (ext4 refuses a new block well before the last byte
	 * is used: its reserved clusters never show as available). Room again only with a margin,
	 * so a disk hovering at its limit does not fill the log. */
	if (!full)
		return avail < DISK_FULL_BELOW;
	return avail < DISK_FULL_BELOW + total / 20;
}
