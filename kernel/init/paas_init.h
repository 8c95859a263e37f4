/*
 * paas guest init: shared declarations. See kernel/README.md for the contracts
 * (launch spec, log channels, exit record). The parsing parts (spec.c, words.c,
 * listen.c) do no I/O so that a host-side harness can test them.
 */
#ifndef PAAS_INIT_H
#define PAAS_INIT_H

#include <stddef.h>

#define SPEC_PATH "/paas/launch"
/* The instance's env: a cpio the node agent appends to the image's initramfs (absent: none). */
#define ENV_PATH "/paas/env"
/* In the instance env: the command of a process type other than web, replacing the spec's. */
#define PROCESS_COMMAND_VAR "PAAS_PROCESS_COMMAND"
#define APP_DIR "/app"                /* the app's files: made the app user's */
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"
#define SPEC_MAX_BYTES (64 * 1024)
#define SPEC_MAX_ENV 512            /* the image's env and the instance's together */
#define SPEC_MAX_GRACE 600
#define ERR_LEN 256

struct spec {
	char *command;             /* required */
	char *dir;                 /* default /app */
	int port;                  /* default 8080 */
	int grace;                 /* seconds, default 10 */
	char *env[SPEC_MAX_ENV + 1]; /* "NAME=VALUE", NULL-terminated, in file order */
	int nenv;
	char *user;                /* "user NAME:UID:GID:HOME"; default root (uid 0) */
	unsigned uid, gid;
	char *home;                /* HOME of the user; NULL for the default */
	char *shell;               /* absolute path of a POSIX shell: run "shell -c command"; NULL: split */
	int process_command;       /* 1 when the instance env's PAAS_PROCESS_COMMAND replaced command */
};

/* Parses the launch spec text (modified in place; the spec points into it).
 * Returns 0, or -1 with a message in err. */
int spec_parse(char *text, size_t len, struct spec *s, char *err);

/* Parses the instance env file (ENV_PATH: only "env NAME=VALUE" lines, same escapes) into
 * s->env after the spec's own entries; a NAME the image's spec set is replaced, and
 * PAAS_PROCESS_COMMAND replaces s->command instead. The text is modified in place.
 * Returns 0, or -1 with a message in err. */
int env_file_parse(char *text, size_t len, struct spec *s, char *err);

/* Splits a command line into words: quotes honoured, $VAR and ${VAR} expanded
 * from env (a NULL-terminated "NAME=VALUE" array), unquoted expansions split on
 * blanks. Refuses shell syntax it cannot honour without a shell.
 * Returns the number of words (argv is malloc'd, NULL-terminated), or -1 with
 * a message in err. */
int split_command(const char *cmd, char *const *env, char ***argv, char *err);

/* Parses "NAME:UID:GID:HOME" (modified in place). Returns 0, or -1. */
int parse_user(char *value, struct spec *s);

/* Value of NAME (len bytes) in env, or NULL. */
const char *env_get(char *const *env, const char *name, size_t len);

/* 1 if a /proc/net/tcp or /proc/net/tcp6 line is a socket in LISTEN state on port that
 * connections from outside the guest can reach (any local address but loopback); 0 for
 * anything else, the header and garbage included. */
int tcp_line_listens(const char *line, int port);

/* system.c: the system around the app. */
long uptime_ms(void);                  /* CLOCK_BOOTTIME, i.e. since the kernel started */
long monotonic_ms(void);
void say(const char *fmt, ...);        /* one diagnostic line on the console */
void mount_basics(void);               /* /proc /sys /dev /dev/shm /tmp, /dev/fd links */
void console_stdio(void);              /* fds 0-2 on /dev/console */
void network_up(void);                 /* lo and eth0 up, /etc/resolv.conf and /etc/hosts */
/* Opens the virtio-serial ports paas.stdout, paas.stderr, paas.control (-1 when absent). */
void open_ports(int *out, int *err, int *ctl);
/* Finds prog on path (or as given when it has a '/'); -1 with errno when it cannot run. */
int resolve(const char *prog, const char *path, char *out, size_t outlen);
/* 1 if the guest listens on TCP port (IPv4 or IPv6, see tcp_line_listens), else 0. */
int port_listening(int port);
/* Prepares the app's user: its home directory and the app's dir owned by it, recursively.
 * Returns 0, or -1 with a message in err. */
int prepare_user(const struct spec *s, char *err);
/* In the app's child, before execve: supplementary groups, gid, uid. -1 with errno on failure. */
int drop_privileges(const struct spec *s);
/* Reads a file of at most SPEC_MAX_BYTES into a new buffer (one spare byte); NULL with errno on failure. */
char *read_small_file(const char *path, size_t *len);

/* identity.c: the instance's identity file and the restore of a snapshot clone. */
#define IDENTITY_PATH "/paas/instance.json"
struct restore {
	unsigned char seed[32];    /* from the host's CSPRNG */
	long long sec;             /* the host's wall clock */
	long nsec;
	int index;                 /* -1: not given */
	char guid[64];             /* "": not given */
	char ip[16];
	int port;                  /* 0: not given */
};
/* Parses "restore seed=HEX time=S.N index=N guid=G ip=A port=P" (pure; unknown keys ignored;
 * seed and time required). Returns 0, or -1 with a message in err. */
int restore_parse(const char *line, struct restore *r, char *err);
/* The identity file's JSON (pure): null for what is not known. Returns its length, or -1. */
int identity_json(int index, const char *guid, const char *ip, int port, int restored, char *out, size_t len);
/* Cold boot: /paas/instance.json from CF_INSTANCE_INDEX, _GUID, _IP and _PORT. */
void identity_from_env(char *const *env);
/* After a restore: reseed the kernel's RNG, set the wall clock, rewrite /paas/instance.json. */
void restore_apply(const struct restore *r);

/* disk.c: the writable disk (disk_quota). */
#define DISK_FULL_BELOW (128 * 1024ULL)   /* free bytes under which the disk counts as full */
#define DISK_WATCH_MS 1000                /* how often the init looks at the disk's free space */
/* When the host attached the disk (serial "paas.disk"): mounts it and makes an overlay with its
 * upper layer there the root (the initramfs below, read-only). 0 also without a disk; -1 with
 * a message in err. */
int disk_up(char *err);
int disk_present(void);
/* Marker in the initramfs of an image whose files are on a read-only root disk (erofs, serial
 * "paas.root"); the initramfs then holds little more than the init and the launch spec. */
#define ROOT_MARKER "/paas/rootdisk"
/* 1 when the initramfs holds ROOT_MARKER. */
int root_on_disk(void);
/* Mounts the root disk (erofs, read-only) and makes the overlay over it the root, its upper layer
 * on the writable disk (a tmpfs without one). -1 with a message in err (no such disk, no erofs). */
int root_disk_up(char *err);
/* 1 once root_disk_up made the overlay over the root disk the root. */
int root_disk_present(void);
/* Says once on the console when the disk became full, and when it has room again. */
void disk_watch(void);
/* "64M", "1G", "512K": a size as disk_quota is written (pure). */
void size_text(unsigned long long bytes, char *out, size_t len);
/* Whether the disk counts as full now, given whether it did and its free bytes (pure). */
int disk_full_next(int full, unsigned long long avail, unsigned long long total);

#endif
