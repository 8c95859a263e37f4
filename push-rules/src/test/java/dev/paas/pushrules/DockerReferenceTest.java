package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerReferenceTest {

    @Test
    void readsAsDockerPullDoes() {
        assertThat(DockerReference.parse("busybox")).isEqualTo(new DockerReference(DockerReference.DOCKER_HUB,
                "library/busybox", Optional.of("latest"), Optional.empty()));
        assertThat(DockerReference.parse("docker.io/team/app:1.2").toString()).isEqualTo("registry-1.docker.io/team/app:1.2");
        assertThat(DockerReference.parse("127.0.0.1:5000/a/b:v1").registry()).isEqualTo("127.0.0.1:5000");
        String d = "sha256:" + "ab".repeat(32);
        assertThat(DockerReference.parse("registry.example.com/x@" + d).tag()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\" \"|must not be empty (e.g. registry.example.com/team/app:1.0)",
            "Team/App|'Team/App': name components are lower-case letters, digits and . _ - separators, got: 'Team'",
            "app:bad tag|'app:bad tag': tag must match",
            "app@sha256:xyz|'app@sha256:xyz': digest must be sha256:<64 lower-case hex>, got: sha256:xyz",
            "host.example.com/|'host.example.com/': the name is missing",
            "a//b|'a//b': name components are lower-case letters, digits and . _ - separators, got: ''",
            "bad_host!.com/x|'bad_host!.com/x': bad registry host: bad_host!.com"})
    void badReferencesNameThePartWithoutTheField(String ref, String message) {
        assertThat(DockerReference.problem(ref)).hasValueSatisfying(p -> assertThat(p).startsWith(message));
    }

    @Test
    void overlongReferenceIsRefusedShortly() {
        String ref = "a".repeat(600);
        assertThat(DockerReference.problem(ref)).hasValueSatisfying(p -> assertThat(p)
                .endsWith("is 600 characters; a reference has at most 512").hasSizeLessThan(150));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"robot|", "robot$ci@example.com|",
            "\"\"|must not be empty", "a:b|'a:b' must be 1-255 characters without ':', spaces or control characters",
            "a b|'a b' must be"})
    void usernames(String name, String problem) {
        if (problem == null) {
            assertThat(DockerReference.usernameProblem(name)).isEmpty();
        } else {
            assertThat(DockerReference.usernameProblem(name)).hasValueSatisfying(p -> assertThat(p).startsWith(problem));
        }
    }
}
