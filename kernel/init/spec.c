/*
 * The launch spec reader: /paas/launch, one "KEY VALUE" directive per line,
 * '#' lines and blank lines ignored, escapes \\ \n \t in VALUE.
 */
#include "paas_init.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_name(const char *s, size_t len)
{
	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

/* Unescapes in place; returns -1 on an unknown or dangling escape. */
static int unescape(char *s)
{
	char *out = s;
	for (; *s; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\': *out++ = '\\'; break;
		case 'n': *out++ = '\n'; break;
		case 't': *out++ = '\t'; break;
		default: return -1;
		}
	}
	*out = '\0';
	return 0;
}

static int number(const char *s, int min, int max, int *out)
{
	long v = 0;
	if (!*s || strlen(s) > 6)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
		|| c == '.';
}

int parse_user(char *value, struct spec *s)
{
	char *f[4];
	int n = 0;
	f[n++] = value;
	for (char *p = value; *p && n < 4; p++)
		if (*p == ':')
			*p = '\0', f[n++] = p + 1;
	if (n != 4 || !*f[0] || strchr(f[3], ':') || f[3][0] != '/')
		return -1;
	for (char *p = f[0]; *p; p++)
		if (!name_char(*p))
			return -1;
	int uid, gid;
	if (number(f[1], 0, 999999, &uid) < 0 || number(f[2], 0, 999999, &gid) < 0)
		return -1;
	s->user = f[0];
	s->uid = (unsigned)uid;
	s->gid = (unsigned)gid;
	s->home = f[3];
	return 0;
}

/* One "env NAME=VALUE" line into s->env: a later NAME replaces an earlier one. */
static int add_env(struct spec *s, char *value, const char *what, int lineno, char *err)
{
	char *eq = strchr(value, '=');
	if (!eq || !valid_name(value, (size_t)(eq - value))) {
		snprintf(err, ERR_LEN, "%s line %d: env needs NAME=VALUE", what, lineno);
		return -1;
	}
	if (eq - value == 4 && strncmp(value, "PORT", 4) == 0) {
		snprintf(err, ERR_LEN, "%s line %d: env must not set PORT (use port)", what, lineno);
		return -1;
	}
	int i;
	for (i = 0; i < s->nenv; i++)  /* a later value replaces an earlier one */
		if (strncmp(s->env[i], value, (size_t)(eq - value) + 1) == 0)
			break;
	if (i == s->nenv) {
		if (s->nenv == SPEC_MAX_ENV) {
			snprintf(err, ERR_LEN, "%s: more than %d env entries", what, SPEC_MAX_ENV);
			return -1;
		}
		s->nenv++;
	}
	s->env[i] = value;
	return 0;
}

/* Ends text with a NUL for reading line by line, refusing NUL bytes inside (what: for the message). */
static int text_begin(char *text, size_t len, const char *what, char *err)
{
	if (memchr(text, '\0', len)) {
		snprintf(err, ERR_LEN, "%s contains a NUL byte", what);
		return -1;
	}
	text[len] = '\0';
	return 0;
}

/* The next line that is neither blank nor a '#' comment, cut in place; NULL at the end. */
static char *next_line(char **cursor, int *lineno)
{
	while (*cursor) {
		char *line = *cursor, *nl = strchr(line, '\n');
		(*lineno)++;
		if (nl) {
			*nl = '\0';
			*cursor = nl + 1;
		} else {
			*cursor = NULL;
		}
		if (*line != '\0' && *line != '#')
			return line;
	}
	return NULL;
}

int spec_parse(char *text, size_t len, struct spec *s, char *err)
{
	int seen_dir = 0, seen_port = 0, seen_grace = 0, lineno = 0;

	memset(s, 0, sizeof(*s));
	s->dir = "/app";
	s->port = 8080;
	s->grace = 10;
	if (text_begin(text, len, "launch spec", err) < 0)
		return -1;

	char *cursor = text;
	for (char *line; (line = next_line(&cursor, &lineno));) {
		char *value = strchr(line, ' ');
		if (!value || value == line) {
			snprintf(err, ERR_LEN, "launch spec line %d: expected 'KEY VALUE'", lineno);
			return -1;
		}
		*value++ = '\0';
		if (unescape(value) < 0) {
			snprintf(err, ERR_LEN, "launch spec line %d: bad escape (only \\\\ \\n \\t)", lineno);
			return -1;
		}
		if (strcmp(line, "command") == 0) {
			if (s->command) goto duplicate;
			s->command = value;
		} else if (strcmp(line, "dir") == 0) {
			if (seen_dir++) goto duplicate;
			if (value[0] != '/') {
				snprintf(err, ERR_LEN, "launch spec line %d: dir must be absolute", lineno);
				return -1;
			}
			s->dir = value;
		} else if (strcmp(line, "port") == 0) {
			if (seen_port++) goto duplicate;
			if (number(value, 1, 65535, &s->port) < 0) {
				snprintf(err, ERR_LEN, "launch spec line %d: port must be 1-65535", lineno);
				return -1;
			}
		} else if (strcmp(line, "grace") == 0) {
			if (seen_grace++) goto duplicate;
			if (number(value, 0, SPEC_MAX_GRACE, &s->grace) < 0) {
				snprintf(err, ERR_LEN, "launch spec line %d: grace must be 0-%d seconds",
					 lineno, SPEC_MAX_GRACE);
				return -1;
			}
		} else if (strcmp(line, "user") == 0) {
			if (s->user) goto duplicate;
			if (parse_user(value, s) < 0) {
				snprintf(err, ERR_LEN, "launch spec line %d: user must be NAME:UID:GID:HOME", lineno);
				return -1;
			}
		} else if (strcmp(line, "shell") == 0) {
			if (s->shell) goto duplicate;
			if (value[0] != '/') {
				snprintf(err, ERR_LEN, "launch spec line %d: shell must be an absolute path", lineno);
				return -1;
			}
			s->shell = value;
		} else if (strcmp(line, "env") == 0) {
			if (add_env(s, value, "launch spec", lineno, err) < 0)
				return -1;
		} else {
			snprintf(err, ERR_LEN, "launch spec line %d: unknown directive '%.40s'", lineno, line);
			return -1;
		}
		continue;
duplicate:
		snprintf(err, ERR_LEN, "launch spec line %d: duplicate '%s'", lineno, line);
		return -1;
	}
	if (!s->command) {
		snprintf(err, ERR_LEN, "launch spec has no 'command' line");
		return -1;
	}
	return 0;
}

int env_file_parse(char *text, size_t len, struct spec *s, char *err)
{
	int lineno = 0;
	if (text_begin(text, len, "instance env", err) < 0)
		return -1;
	char *cursor = text;
	for (char *line; (line = next_line(&cursor, &lineno));) {
		if (strncmp(line, "env ", 4) != 0) {
			snprintf(err, ERR_LEN, "instance env line %d: expected 'env NAME=VALUE'", lineno);
			return -1;
		}
		char *value = line + 4;
		if (unescape(value) < 0) {
			snprintf(err, ERR_LEN, "instance env line %d: bad escape (only \\\\ \\n \\t)", lineno);
			return -1;
		}
		/* A process type other than web (a worker) runs the image with its own command: the
		 * platform sends it as this variable, which replaces the launch spec's command and is
		 * not passed on to the app. */
		if (strncmp(value, PROCESS_COMMAND_VAR "=", sizeof(PROCESS_COMMAND_VAR)) == 0) {
			char *command = value + sizeof(PROCESS_COMMAND_VAR);
			if (*command == '\0') {
				snprintf(err, ERR_LEN, "instance env line %d: %s is empty", lineno, PROCESS_COMMAND_VAR);
				return -1;
			}
			s->command = command;
			s->process_command = 1;
			continue;
		}
		if (add_env(s, value, "instance env", lineno, err) < 0)
			return -1;
	}
	return 0;
}
