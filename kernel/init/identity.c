/*
 * paas guest init: the instance's identity and what a snapshot clone must change after a restore
 * (kernel/README.md, "Snapshot clones"). The host writes one line on the control port after it
 * restored a VM from a snapshot:
 *
 *   restore seed=<64 hex> time=<seconds>.<9 digits> index=<N> guid=<id> ip=<IPv4> port=<N>
 *
 * The init then mixes the seed into the kernel's entropy pool and reseeds its RNG (every clone of
 * one snapshot would otherwise draw the same numbers), sets the wall clock (it stood still in the
 * file), and rewrites /paas/instance.json. A cold boot writes that file from the instance env.
 * restore_parse and identity_json are pure (the host-side harness tests them).
 */
#include "paas_init.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* linux/random.h, which musl does not ship. */
#define PAAS_RNDADDENTROPY _IOW('R', 0x03, int[2])
#define PAAS_RNDRESEEDCRNG _IO('R', 0x07)

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A decimal number of at most max_digits digits, whole value. */
static int decimal(const char *v, size_t len, size_t max_digits, long long *out)
{
	if (len == 0 || len > max_digits)
		return -1;
	long long n = 0;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	*out = n;
	return 0;
}

/* Letters, digits, '-', '.', ':' only: what a GUID or an address holds, and safe in JSON. */
static int plain(const char *v, size_t len, size_t max)
{
	if (len == 0 || len > max)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = v[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':'))
			return 0;
	}
	return 1;
}

int restore_parse(const char *line, struct restore *r, char *err)
{
	memset(r, 0, sizeof(*r));
	r->index = -1;
	if (strncmp(line, "restore ", 8) != 0) {
		snprintf(err, ERR_LEN, "not a restore line");
		return -1;
	}
	int have_seed = 0, have_time = 0;
	const char *p = line + 8;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (!eq) {
			snprintf(err, ERR_LEN, "restore: '%.40s' is not key=value", p);
			return -1;
		}
		size_t klen = (size_t)(eq - p), vlen = len - klen - 1;
		const char *v = eq + 1;
		long long n;
		if (klen == 4 && !strncmp(p, "seed", 4)) {
			if (vlen != 2 * sizeof(r->seed)) {
				snprintf(err, ERR_LEN, "restore: seed must be %d hex digits", (int)(2 * sizeof(r->seed)));
				return -1;
			}
			for (size_t i = 0; i < sizeof(r->seed); i++) {
				int hi = hexval(v[2 * i]), lo = hexval(v[2 * i + 1]);
				if (hi < 0 || lo < 0) {
					snprintf(err, ERR_LEN, "restore: seed must be hex");
					return -1;
				}
				r->seed[i] = (unsigned char)(hi << 4 | lo);
			}
			have_seed = 1;
		} else if (klen == 4 && !strncmp(p, "time", 4)) {
			const char *dot = memchr(v, '.', vlen);
			long long ns;
			if (!dot || decimal(v, (size_t)(dot - v), 12, &n) < 0
			    || decimal(dot + 1, vlen - (size_t)(dot - v) - 1, 9, &ns) < 0 || vlen - (size_t)(dot - v) - 1 != 9) {
				snprintf(err, ERR_LEN, "restore: time must be SECONDS.NNNNNNNNN");
				return -1;
			}
			r->sec = n;
			r->nsec = (long)ns;
			have_time = 1;
		} else if (klen == 5 && !strncmp(p, "index", 5)) {
			if (decimal(v, vlen, 6, &n) < 0) {
				snprintf(err, ERR_LEN, "restore: index must be a number");
				return -1;
			}
			r->index = (int)n;
		} else if (klen == 4 && !strncmp(p, "guid", 4)) {
			if (!plain(v, vlen, sizeof(r->guid) - 1)) {
				snprintf(err, ERR_LEN, "restore: guid must be letters, digits and '-'");
				return -1;
			}
			memcpy(r->guid, v, vlen);
		} else if (klen == 2 && !strncmp(p, "ip", 2)) {
			if (!plain(v, vlen, sizeof(r->ip) - 1)) {
				snprintf(err, ERR_LEN, "restore: ip must be an address");
				return -1;
			}
			memcpy(r->ip, v, vlen);
		} else if (klen == 4 && !strncmp(p, "port", 4)) {
			if (decimal(v, vlen, 5, &n) < 0 || n < 1 || n > 65535) {
				snprintf(err, ERR_LEN, "restore: port must be 1-65535");
				return -1;
			}
			r->port = (int)n;
		}
		/* unknown keys are ignored: a newer host may say more */
		p += len;
	}
	if (!have_seed || !have_time) {
		snprintf(err, ERR_LEN, "restore: %s missing", have_seed ? "time" : "seed");
		return -1;
	}
	return 0;
}

int identity_json(int index, const char *guid, const char *ip, int port, int restored, char *out, size_t len)
{
	char idx[16] = "null", prt[16] = "null", g[80] = "null", a[40] = "null";
	if (index >= 0) snprintf(idx, sizeof(idx), "%d", index);
	if (port > 0) snprintf(prt, sizeof(prt), "%d", port);
	if (guid && plain(guid, strlen(guid), 63)) snprintf(g, sizeof(g), "\"%s\"", guid);
	if (ip && plain(ip, strlen(ip), 15)) snprintf(a, sizeof(a), "\"%s\"", ip);
	int n = snprintf(out, len, "{\"index\":%s,\"guid\":%s,\"ip\":%s,\"port\":%s,\"restored\":%s}\n",
			 idx, g, a, prt, restored ? "true" : "false");
	return n < 0 || (size_t)n >= len ? -1 : n;
}

/* /paas/instance.json, replaced atomically (readers never see half a file), readable by the app. */
static void identity_write(int index, const char *guid, const char *ip, int port, int restored)
{
	char json[256];
	int n = identity_json(index, guid, ip, port, restored, json, sizeof(json));
	if (n < 0)
		return;
	int fd = open(IDENTITY_PATH ".tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, json, (size_t)n) != n || fchmod(fd, 0644) < 0 || close(fd) < 0
	    || rename(IDENTITY_PATH ".tmp", IDENTITY_PATH) < 0)
		say("paas-init: cannot write %s: %s", IDENTITY_PATH, strerror(errno));
}

void identity_from_env(char *const *env)
{
	const char *idx = env_get(env, "CF_INSTANCE_INDEX", 17), *port = env_get(env, "CF_INSTANCE_PORT", 16);
	long long i = -1, p = 0;
	if (!idx || decimal(idx, strlen(idx), 6, &i) < 0)
		i = -1;
	if (!port || decimal(port, strlen(port), 5, &p) < 0 || p > 65535)
		p = 0;
	identity_write((int)i, env_get(env, "CF_INSTANCE_GUID", 16), env_get(env, "CF_INSTANCE_IP", 14), (int)p, 0);
}

void restore_apply(const struct restore *r)
{
	/* Entropy: the host's seed (credited: it comes from the host's CSPRNG) and, when virtio-rng is
	 * there, 32 bytes of it too; then a forced reseed, so the next read differs from every other
	 * clone's even within the kernel's reseed interval. */
	int fd = open("/dev/urandom", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		struct { int entropy_count, buf_size; unsigned char buf[64]; } e;
		memcpy(e.buf, r->seed, sizeof(r->seed));
		e.buf_size = (int)sizeof(r->seed);
		e.entropy_count = 8 * (int)sizeof(r->seed);
		int hw = open("/dev/hwrng", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (hw >= 0) {
			ssize_t got = read(hw, e.buf + sizeof(r->seed), 32);
			if (got > 0)
				e.buf_size += (int)got;
			close(hw);
		}
		if (ioctl(fd, PAAS_RNDADDENTROPY, &e) < 0 || ioctl(fd, PAAS_RNDRESEEDCRNG) < 0)
			say("paas-init: reseeding the RNG failed: %s", strerror(errno));
		close(fd);
	} else {
		say("paas-init: cannot open /dev/urandom: %s", strerror(errno));
	}
	struct timespec ts = { .tv_sec = (time_t)r->sec, .tv_nsec = r->nsec };
	if (clock_settime(CLOCK_REALTIME, &ts) < 0)
		say("paas-init: cannot set the clock: %s", strerror(errno));
	identity_write(r->index, r->guid[0] ? r->guid : NULL, r->ip[0] ? r->ip : NULL, r->port, 1);
}
