/*
 * A tiny HTTP server for the end-to-end tests: answers every request with a fixed body on $PORT.
 * It prints one line per request (its request line), so tests can see an app's output continue,
 * and handles SIGTERM by saying so and exiting 0, so tests can tell a graceful stop from a kill.
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_term(int sig) {
    (void) sig;
    static const char said[] = "native hello: SIGTERM, exiting\n";
    (void) write(1, said, sizeof said - 1);  /* write and _exit: all a handler may call */
    _exit(0);
}

int main(void) {
    struct sigaction term = {.sa_handler = on_term};
    sigaction(SIGTERM, &term, NULL);
    const char *port = getenv("PORT");
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port ? atoi(port) : 8080)};
    if (bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(fd, 64) < 0) {
        perror("bind/listen");
        return 1;
    }
    printf("native hello listening on %s\n", port ? port : "8080");
    fflush(stdout);
    const char *reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\nhello from native!\n";
    for (;;) {
        int c = accept(fd, NULL, NULL);
        if (c < 0) {
            continue;
        }
        char buf[2048];
        ssize_t n = read(c, buf, sizeof buf - 1);
        if (n > 0) {  /* a health check connects and sends nothing: no line for it */
            buf[n] = '\0';
            buf[strcspn(buf, "\r\n")] = '\0';
            printf("native hello: %s\n", buf);
            fflush(stdout);
        }
        (void) write(c, reply, strlen(reply));
        close(c);
    }
}
