/*
 * paas-httpd: the static buildpack's file server. Serves one directory over HTTP/1.0-style
 * connections (one request per connection, Connection: close) on $PORT (default 8080).
 * GET and HEAD only; "/" and directories serve their index.html; paths with a ".." segment,
 * NUL or a backslash are refused; symbolic links are followed only inside the root. One child
 * process per connection, reaped automatically. Built static with musl, a few tens of KB.
 *
 *   paas-httpd ROOT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static char root[PATH_MAX];

static const char *mime(const char *path)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" }, { ".htm", "text/html; charset=utf-8" },
		{ ".css", "text/css" }, { ".js", "text/javascript" }, { ".mjs", "text/javascript" },
		{ ".json", "application/json" }, { ".txt", "text/plain; charset=utf-8" },
		{ ".svg", "image/svg+xml" }, { ".png", "image/png" }, { ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" }, { ".gif", "image/gif" }, { ".ico", "image/x-icon" },
		{ ".webp", "image/webp" }, { ".wasm", "application/wasm" }, { ".xml", "application/xml" },
		{ ".pdf", "application/pdf" }, { ".woff2", "font/woff2" }, { ".woff", "font/woff" },
	};
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot, types[i][0]) == 0)
				return types[i][1];
	return "application/octet-stream";
}

static void reply(int fd, int code, const char *status)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s\n", code, status,
			 strlen(status) + 1, status);
	(void)!write(fd, buf, (size_t)n);
}

static int hex(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes %XX in place, cuts the query; returns -1 for anything unsafe. */
static int clean(char *p)
{
	char *q = strchr(p, '?');
	if (q) *q = '\0';
	char *w = p;
	for (char *r = p; *r; r++) {
		if (*r == '%' && hex(r[1]) >= 0 && hex(r[2]) >= 0) {
			*w++ = (char)(hex(r[1]) * 16 + hex(r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	if (p[0] != '/' || strchr(p, '\\') || (size_t)(w - p) != strlen(p))
		return -1;
	for (char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '/' || s[2] == '\0'))
			return -1;
	return 0;
}

static void serve(int fd)
{
	char req[4096], path[PATH_MAX], real[PATH_MAX];
	size_t len = 0;
	struct timeval tv = { 10, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (len < sizeof(req) - 1) {
		ssize_t n = read(fd, req + len, sizeof(req) - 1 - len);
		if (n <= 0) return;
		len += (size_t)n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n")) break;
	}
	char method[8], target[2048];
	if (sscanf(req, "%7s %2047s", method, target) != 2) { reply(fd, 400, "Bad Request"); return; }
	int head = strcmp(method, "HEAD") == 0;
	if (!head && strcmp(method, "GET") != 0) { reply(fd, 405, "Method Not Allowed"); return; }
	if (clean(target) < 0) { reply(fd, 400, "Bad Request"); return; }
	if (strlen(root) + strlen(target) + sizeof("/index.html") > sizeof(path)) { reply(fd, 414, "URI Too Long"); return; }
	memcpy(path, root, strlen(root));
	memcpy(path + strlen(root), target, strlen(target) + 1);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		strncat(path, path[strlen(path) - 1] == '/' ? "index.html" : "/index.html",
			sizeof(path) - strlen(path) - 1);
	}
	if (!realpath(path, real) || strncmp(real, root, strlen(root)) != 0
	    || (real[strlen(root)] != '/' && real[strlen(root)] != '\0')) {
		reply(fd, 404, "Not Found");
		return;
	}
	int file = open(real, O_RDONLY | O_CLOEXEC);
	if (file < 0 || fstat(file, &st) < 0 || !S_ISREG(st.st_mode)) { reply(fd, 404, "Not Found"); return; }
	char hdr[512];
	int n = snprintf(hdr, sizeof(hdr), "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %lld\r\n"
			 "Connection: close\r\n\r\n", mime(real), (long long)st.st_size);
	if (write(fd, hdr, (size_t)n) != n || head) return;
	off_t off = 0;
	while (off < st.st_size)
		if (sendfile(fd, file, &off, (size_t)(st.st_size - off)) <= 0) break;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	const char *port_env = getenv("PORT");
	int port = port_env ? atoi(port_env) : 8080;
	if (!realpath(dir, root) || port < 1 || port > 65535) {
		fprintf(stderr, "paas-httpd: usage: PORT=8080 paas-httpd ROOT (root %s: %s)\n", dir, strerror(errno));
		return 2;
	}
	if (strcmp(root, "/") == 0) root[0] = '\0';
	signal(SIGCHLD, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	int s = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int v4 = s < 0;
	if (v4) s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1, zero = 0;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	int rc;
	if (v4) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
		rc = bind(s, (struct sockaddr *)&a, sizeof(a));
	} else {
		setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((unsigned short)port) };
		rc = bind(s, (struct sockaddr *)&a, sizeof(a));
	}
	if (rc < 0 || listen(s, 64) < 0) {
		fprintf(stderr, "paas-httpd: cannot listen on port %d: %s\n", port, strerror(errno));
		return 1;
	}
	printf("paas-httpd: serving %s on port %d\n", root[0] ? root : "/", port);
	fflush(stdout);
	for (;;) {
		int c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0) continue;
		pid_t pid = fork();
		if (pid == 0) {
			close(s);
			serve(c);
			shutdown(c, SHUT_WR);
			close(c);
			_exit(0);
		}
		close(c);
	}
}
