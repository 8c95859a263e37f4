/*
 * Command splitting without a shell, for Cloud Foundry style commands such as
 * "java -jar app.jar --port $PORT". Supported: blanks between words, '...'
 * (literal), "..." (with $ expansion and \" \\ \$ \` escapes), backslash
 * escapes outside quotes, $NAME and ${NAME} (unset means empty; unquoted
 * values are split on blanks as a shell would). Everything that needs a shell
 * (pipes, lists, redirections, subshells, command substitution, special
 * parameters, assignments before the command, comments) is refused with a
 * message that says so.
 */
#include "paas_init.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	char *s;
	size_t len, cap;
};

struct split {
	struct buf word;
	int in_word;        /* the current word exists, even if empty ("" or '') */
	char **argv;
	int argc;
	char *err;
};

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }
static int is_name_start(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

static void put(struct split *sp, char c)
{
	struct buf *b = &sp->word;
	if (b->len + 1 >= b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	b->s[b->len++] = c;
	sp->in_word = 1;
}

static void end_word(struct split *sp)
{
	if (!sp->in_word)
		return;
	sp->argv = realloc(sp->argv, sizeof(char *) * (size_t)(sp->argc + 2));
	char *w = malloc(sp->word.len + 1);
	if (!sp->argv || !w)
		abort();
	memcpy(w, sp->word.s, sp->word.len);
	w[sp->word.len] = '\0';
	sp->argv[sp->argc++] = w;
	sp->argv[sp->argc] = NULL;
	sp->word.len = 0;
	sp->in_word = 0;
}

static int refuse(struct split *sp, const char *what)
{
	snprintf(sp->err, ERR_LEN, "command uses %s, which needs a shell; this image has none (no shell line in the launch spec)", what);
	return -1;
}

const char *env_get(char *const *env, const char *name, size_t len)
{
	for (; env && *env; env++)
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return *env + len + 1;
	return NULL;
}

/* Expands the parameter after the '$' at *p; advances *p past it. */
static int expand(struct split *sp, const char **p, char *const *env, int quoted)
{
	const char *s = *p + 1, *name;
	size_t len;

	if (*s == '(')
		return refuse(sp, "command substitution $(...)");
	if (*s == '{') {
		name = ++s;
		while (is_name_char(*s))
			s++;
		len = (size_t)(s - name);
		if (*s != '}' || len == 0 || !is_name_start(*name)) {
			snprintf(sp->err, ERR_LEN, "command has a bad substitution: only ${NAME} is supported");
			return -1;
		}
		*p = s + 1;
	} else if (is_name_start(*s)) {
		name = s;
		while (is_name_char(*s))
			s++;
		len = (size_t)(s - name);
		*p = s;
	} else if (*s && strchr("0123456789@*#?$!-", *s)) {
		return refuse(sp, "a special parameter like $1, $@ or $?");
	} else {
		put(sp, '$');  /* a lone dollar is literal, as in a shell */
		*p = s;
		return 0;
	}

	const char *v = env_get(env, name, len);
	for (; v && *v; v++) {
		if (!quoted && is_blank(*v))
			end_word(sp);
		else
			put(sp, *v);
	}
	return 0;
}

int split_command(const char *cmd, char *const *env, char ***argv_out, char *err)
{
	struct split sp = { .err = err };
	const char *p = cmd;
	int rc = -1;

	while (*p) {
		char c = *p;
		if (is_blank(c)) {
			end_word(&sp);
			p++;
		} else if (c == '\'') {
			sp.in_word = 1;
			for (p++; *p && *p != '\''; p++)
				put(&sp, *p);
			if (!*p) {
				snprintf(err, ERR_LEN, "command has an unterminated single quote");
				goto out;
			}
			p++;
		} else if (c == '"') {
			sp.in_word = 1;
			for (p++; *p && *p != '"';) {
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1])) {
					put(&sp, p[1]);
					p += 2;
				} else if (*p == '`') {
					refuse(&sp, "backticks");
					goto out;
				} else if (*p == '$') {
					if (expand(&sp, &p, env, 1) < 0)
						goto out;
				} else {
					put(&sp, *p++);
				}
			}
			if (!*p) {
				snprintf(err, ERR_LEN, "command has an unterminated double quote");
				goto out;
			}
			p++;
		} else if (c == '\\') {
			if (!p[1]) {
				snprintf(err, ERR_LEN, "command ends with a lone backslash");
				goto out;
			}
			put(&sp, p[1]);
			p += 2;
		} else if (c == '$') {
			if (expand(&sp, &p, env, 0) < 0)
				goto out;
		} else if (c == '`') {
			refuse(&sp, "backticks");
			goto out;
		} else if (strchr("|&;<>()", c)) {
			char what[48];
			snprintf(what, sizeof(what), "'%c' (pipes, lists, redirections)", c);
			refuse(&sp, what);
			goto out;
		} else if (c == '#' && !sp.in_word) {
			refuse(&sp, "a '#' comment");
			goto out;
		} else {
			put(&sp, c);
			p++;
		}
	}
	end_word(&sp);
	if (sp.argc == 0) {
		snprintf(err, ERR_LEN, "command is empty");
		goto out;
	}
	const char *eq = strchr(sp.argv[0], '=');
	if (eq && eq != sp.argv[0] && is_name_start(sp.argv[0][0])) {
		const char *q = sp.argv[0];
		while (q < eq && is_name_char(*q))
			q++;
		if (q == eq) {
			refuse(&sp, "an assignment before the command (set it with an 'env' line)");
			goto out;
		}
	}
	*argv_out = sp.argv;
	rc = sp.argc;
	sp.argv = NULL;
out:
	free(sp.word.s);
	if (sp.argv) {
		for (int i = 0; i < sp.argc; i++)
			free(sp.argv[i]);
		free(sp.argv);
	}
	return rc;
}
