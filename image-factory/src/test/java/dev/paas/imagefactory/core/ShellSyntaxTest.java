package dev.paas.imagefactory.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ShellSyntaxTest {

    /** Commands the init runs itself: the image stays shell-free. */
    static Stream<Arguments> simple() {
        return Stream.of(
                arguments("an executable", "/app/server"),
                arguments("relative with arguments", "./server --port $PORT"),
                arguments("java with options", "java -XX:MaxRAMPercentage=48.4 $JAVA_OPTS -jar /app/app.jar"),
                arguments("braced variable", "./server --port=${PORT}"),
                arguments("quoted operators", "./server --motd 'a | b && c; d > e'"),
                arguments("double-quoted text", "./server --name \"my app $NAME\""),
                arguments("escaped operator", "./server a\\&b"),
                arguments("lone dollar", "./server cost=$"),
                arguments("hash inside a word", "./server --color=#fff"),
                arguments("tilde inside a word", "./server a~b"),
                arguments("equals in an argument", "./server --x=1"),
                arguments("trailing newline", "./server\n"),
                arguments("unterminated quote (the init says so)", "./server 'oops"),
                arguments("a program named like a builtin, by path", "/usr/bin/test -f x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simple")
    void noShellFor(String name, String command) {
        assertThat(ShellSyntax.needsShell(command)).isEmpty();
    }

    /** Commands only a shell can run, and what the staging log says about them. */
    static Stream<Arguments> shell() {
        return Stream.of(
                arguments("cd and run", "cd x && ./run", "the shell builtin 'cd'"),
                arguments("and-list", "./migrate && ./server", "'&&'"),
                arguments("or-list", "./a || ./b", "'||'"),
                arguments("sequence", "./a; ./b", "';'"),
                arguments("pipe", "./server | tee log", "'|'"),
                arguments("background", "./worker & ./server", "'&'"),
                arguments("redirection", "./server > out.log", "'>'"),
                arguments("stderr to stdout", "./server 2>&1", "'>'"),
                arguments("input", "./server < in", "'<'"),
                arguments("append", "./server >> log", "'>>'"),
                arguments("subshell", "(cd x; ./run)", "'('"),
                arguments("command substitution", "./server --host $(hostname)", "$(...)"),
                arguments("substitution in quotes", "./server \"$(cat port)\"", "$(...)"),
                arguments("arithmetic", "./server --port $((PORT + 1))", "arithmetic $((...))"),
                arguments("backticks", "./server `cat args`", "backticks"),
                arguments("backticks in quotes", "./server \"`cat args`\"", "backticks"),
                arguments("special parameter", "./server $1", "the special parameter $1"),
                arguments("exit status", "./server $?", "the special parameter $?"),
                arguments("default value", "./server ${PORT:-8080}", "a parameter expansion other than ${NAME}"),
                arguments("export", "export A=1", "the shell builtin 'export'"),
                arguments("exec", "exec ./server", "the shell builtin 'exec'"),
                arguments("source", ". ./env.sh", "the shell builtin '.'"),
                arguments("echo", "echo hi", "the shell builtin 'echo'"),
                arguments("if", "if [ -x a ]; then ./a; fi", "the shell builtin 'if'"),
                arguments("assignment first", "JAVA_OPTS=-Xmx1g java -jar app.jar", "an assignment before the command (JAVA_OPTS=...)"),
                arguments("glob", "java -jar build/libs/*.jar", "a glob ('*')"),
                arguments("question glob", "./server a?b", "a glob ('?')"),
                arguments("tilde", "~/bin/server", "'~' (the home directory)"),
                arguments("comment", "./server # the server", "a '#' comment"),
                arguments("two lines", "./migrate\n./server", "a newline between commands"),
                arguments("negation", "! ./check", "'!'"),
                arguments("group", "{ ./a; }", "'{'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shell")
    void aShellFor(String name, String command, String why) {
        assertThat(ShellSyntax.needsShell(command)).contains(why);
    }
}
