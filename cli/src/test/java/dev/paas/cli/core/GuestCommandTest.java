package dev.paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The same scan as the guest init's (kernel/init/words.c): what it runs, what needs a shell. */
class GuestCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"java -jar app.jar --port=$PORT", "java $JAVA_OPTS -jar app.jar", "./app \"a b\" 'x|y;z'",
        "python3 -m http.server ${PORT}", "./app --flag=a#b", "./app \\| literal", "./app \"quoted \\$HOME\"",
        "./app 'single $(not expanded)'", "./app $ lone", "env", "   "})
    void runsWhatTheInitSplits(String command) {
        assertThat(GuestCommand.problem(command)).isEmpty();
    }

    static Stream<Arguments> needShell() {
        return Stream.of(
                Arguments.of("./app | tee out", "'|' (pipes, lists, redirections)"),
                Arguments.of("./a && ./b", "'&' (pipes, lists, redirections)"),
                Arguments.of("./a; ./b", "';' (pipes, lists, redirections)"),
                Arguments.of("./app > log", "'>' (pipes, lists, redirections)"),
                Arguments.of("./app < in", "'<' (pipes, lists, redirections)"),
                Arguments.of("(./app)", "'(' (pipes, lists, redirections)"),
                Arguments.of("echo $(date)", "command substitution $(...)"),
                Arguments.of("echo \"$(date)\"", "command substitution $(...)"),
                Arguments.of("echo `date`", "backticks"),
                Arguments.of("./app $@", "a special parameter"),
                Arguments.of("PORT=1 ./app", "an assignment before the command"),
                Arguments.of("# nothing", "a '#' comment"),
                Arguments.of("./app ${PORT:-8080}", "has a bad substitution"),
                Arguments.of("./app 'open", "has an unterminated single quote"),
                Arguments.of("./app \"open", "has an unterminated double quote"));
    }

    @ParameterizedTest
    @MethodSource("needShell")
    void refusesWhatNeedsAShell(String command, String says) {
        assertThat(GuestCommand.problem(command)).get().asString().contains(says);
    }
}
