/*
 * Host-side harness for the pure parts of the init's disk.c, driven by InitDiskTest.
 *
 *   disk_harness size BYTES                  the size as the init writes it ("64M", "1G")
 *   disk_harness full WAS AVAIL TOTAL        1 when the disk counts as full now, else 0
 */
#include "paas_init.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* disk.c's I/O parts call these; the harness never runs them. */
void say(const char *fmt, ...) { (void)fmt; }
long uptime_ms(void) { return 0; }

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "size") == 0) {
		char out[32];
		size_text(strtoull(argv[2], NULL, 10), out, sizeof(out));
		printf("%s\n", out);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "full") == 0) {
		printf("%d\n", disk_full_next(atoi(argv[2]), strtoull(argv[3], NULL, 10), strtoull(argv[4], NULL, 10)));
		return 0;
	}
	fprintf(stderr, "usage: disk_harness size BYTES | full WAS AVAIL TOTAL\n");
	return 64;
}
