/*
 * Native sample app for the image factory's tests and bench/image: answers every HTTP request
 * on $PORT with "hello from native (LINKAGE)". Built static with musl-gcc and dynamic with gcc
 * by build-native.sh.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef LINKAGE
#define LINKAGE "unknown"
#endif

int main(void)
{
	const char *p = getenv("PORT");
	int port = p ? atoi(p) : 8080;
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 16) < 0) {
		perror("hello: listen");
		return 1;
	}
	printf("hello (" LINKAGE ") listening on %d\n", port);
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		char buf[2048];
		(void)!read(c, buf, sizeof(buf));
		const char *body = "hello from native (" LINKAGE ")\n";
		char resp[256];
		int n = snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
				 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body), body);
		(void)!write(c, resp, (size_t)n);
		close(c);
	}
}
