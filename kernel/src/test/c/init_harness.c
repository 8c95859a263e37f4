/*
 * Host-side harness for the init's pure parts (words.c, spec.c, listen.c), driven by
 * InitParsingTest.
 *
 *   init_harness split COMMAND [NAME=VALUE...]   one "<word>" per line, or "error: ..."
 *   init_harness spec FILE [ENVFILE]              the parsed fields (ENVFILE: the instance env
 *                                                  read after it), or "error: ..."
 *   init_harness listens PORT LINE                "listening" or "no" (LINE from /proc/net/tcp*)
 *   init_harness restore LINE                     the parsed restore line's fields, or "error: ..."
 */
#include "paas_init.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

/* identity.c's diagnostics (system.c is not linked here). */
void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int main(int argc, char **argv)
{
	char err[ERR_LEN];
	if (argc >= 3 && strcmp(argv[1], "split") == 0) {
		char **words;
		int n = split_command(argv[2], argv + 3, &words, err);
		if (n < 0) {
			printf("error: %s\n", err);
			return 0;
		}
		for (int i = 0; i < n; i++)
			printf("<%s>\n", words[i]);
		return 0;
	}
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "spec") == 0) {
		static char text[SPEC_MAX_BYTES + 1], envtext[SPEC_MAX_BYTES + 1];
		FILE *f = fopen(argv[2], "rb");
		if (!f)
			return 2;
		size_t len = fread(text, 1, SPEC_MAX_BYTES, f);
		fclose(f);
		struct spec s;
		if (spec_parse(text, len, &s, err) < 0) {
			printf("error: %s\n", err);
			return 0;
		}
		if (argc == 4) {
			if (!(f = fopen(argv[3], "rb")))
				return 2;
			len = fread(envtext, 1, SPEC_MAX_BYTES, f);
			fclose(f);
			if (env_file_parse(envtext, len, &s, err) < 0) {
				printf("error: %s\n", err);
				return 0;
			}
		}
		printf("command=<%s>\ndir=<%s>\nport=%d\ngrace=%d\n", s.command, s.dir, s.port, s.grace);
		printf("user=<%s:%u:%u:%s>\nshell=<%s>\n", s.user ? s.user : "root", s.uid, s.gid,
		       s.home ? s.home : "/root", s.shell ? s.shell : "");
		for (int i = 0; i < s.nenv; i++)
			printf("env=<%s>\n", s.env[i]);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "listens") == 0) {
		printf("%s\n", tcp_line_listens(argv[3], atoi(argv[2])) ? "listening" : "no");
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "restore") == 0) {
		struct restore r;
		char json[256];
		if (restore_parse(argv[2], &r, err) < 0) {
			printf("error: %s\n", err);
			return 0;
		}
		printf("seed0=%02x seed31=%02x sec=%lld nsec=%ld\n", r.seed[0], r.seed[31], r.sec, r.nsec);
		identity_json(r.index, r.guid[0] ? r.guid : NULL, r.ip[0] ? r.ip : NULL, r.port, 1, json, sizeof(json));
		printf("%s", json);
		return 0;
	}
	fprintf(stderr, "usage: init_harness split COMMAND [NAME=VALUE...] | spec FILE | listens PORT LINE\n");
	return 64;
}
