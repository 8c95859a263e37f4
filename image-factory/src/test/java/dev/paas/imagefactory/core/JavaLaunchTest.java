package dev.paas.imagefactory.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JavaLaunchTest {

    private static final String FLAG = "-XX:MaxRAMPercentage=50.0";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'' | app.jar | java -XX:MaxRAMPercentage=50.0 $JAVA_OPTS -jar /app/app.jar",
            "'' | '' | java -XX:MaxRAMPercentage=50.0 $JAVA_OPTS -cp /app Hello",
            "java -Dx=1 -jar app.jar --port $PORT | app.jar | java -XX:MaxRAMPercentage=50.0 -Dx=1 -jar app.jar --port $PORT",
            "/paas/jre/bin/java -jar app.jar | app.jar | /paas/jre/bin/java -XX:MaxRAMPercentage=50.0 -jar app.jar",
            "java -Xmx100m -jar app.jar | app.jar | java -Xmx100m -jar app.jar",
            "./start | app.jar | ./start",
    })
    void command(String user, String target, String expected) {
        JavaLaunch.Launch l = JavaLaunch.assemble(Optional.of(user).filter(s -> !s.isEmpty()), "/app", target,
                "Hello", FLAG, Map.of());
        assertThat(l.command()).isEqualTo(expected);
    }

    @Test
    void otherCommandsGetTheFlagThroughJdkJavaOptions() {
        JavaLaunch.Launch l = JavaLaunch.assemble(Optional.of("./start"), "/app", "app.jar", "Hello", FLAG,
                Map.of("JDK_JAVA_OPTIONS", "-Dy=2"));
        assertThat(l.env()).containsEntry("JDK_JAVA_OPTIONS", FLAG + " -Dy=2");
    }

    @Test
    void envHasTheJreFirstOnPathAndKeepsTheUsers() {
        JavaLaunch.Launch l = JavaLaunch.assemble(Optional.empty(), "/app", "app.jar", "Hello", FLAG,
                Map.of("JAVA_OPTS", "-Dfoo=bar", "PATH", "/app/bin"));
        assertThat(l.env()).containsEntry("PATH", "/paas/jre/bin:/app/bin").containsEntry("JAVA_HOME", "/paas/jre")
                .containsEntry("JAVA_OPTS", "-Dfoo=bar");
        assertThat(l.env().keySet()).startsWith("PATH", "JAVA_HOME");
    }
}
