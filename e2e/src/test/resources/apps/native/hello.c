/* A tiny HTTP server for the end-to-end tests: answers every request with a fixed body on $PORT. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
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
        (void) read(c, buf, sizeof buf);
        (void) write(c, reply, strlen(reply));
        close(c);
    }
}
