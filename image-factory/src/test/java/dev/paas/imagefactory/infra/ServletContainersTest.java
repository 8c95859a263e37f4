package dev.paas.imagefactory.infra;

import com.sun.net.httpserver.HttpServer;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.ServletApi;
import dev.paas.imagefactory.core.ServletContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Container jars from the local Maven repository or a (loopback) remote one, pinned by sha256. */
class ServletContainersTest {

    static final byte[] JAR = "not really a jar, but pinned".getBytes(StandardCharsets.UTF_8);
    static final ServletContainer.Artifact ARTIFACT = new ServletContainer.Artifact("org.example", "core", "1.0", sha256(JAR));
    static final ServletContainer CONTAINER = new ServletContainer("Example 1.0", "1.0", ServletApi.JAKARTA,
            List.of(ARTIFACT), java.util.Set.of("java.base"));

    @TempDir
    Path tmp;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> lines = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void fromTheLocalRepositoryThenFromTheCache() throws Exception {
        Path local = tmp.resolve("m2");
        Files.createDirectories(local.resolve(ARTIFACT.repositoryPath()).getParent());
        Files.write(local.resolve(ARTIFACT.repositoryPath()), JAR);
        ServletContainers containers = new ServletContainers(tmp.resolve("cache"), local, Optional.empty());
        Path dir = containers.obtain(CONTAINER, lines::add);
        assertThat(dir).isEqualTo(tmp.resolve("cache/tomcat/1.0"));
        assertThat(Files.readAllBytes(dir.resolve("core-1.0.jar"))).isEqualTo(JAR);
        assertThat(lines).containsExactly("       core-1.0.jar from the local Maven repository (28 B)");
        Files.delete(local.resolve(ARTIFACT.repositoryPath()));
        assertThat(containers.obtain(CONTAINER, lines::add)).isEqualTo(dir);
        assertThat(lines).last().asString().startsWith("       Example 1.0 (cached): ");
    }

    @Test
    void otherBytesInTheLocalRepositoryAreNotUsedAndWithoutARemoteTheBuildFailsSayingWhatToDo() throws Exception {
        Path local = tmp.resolve("m2");
        Files.createDirectories(local.resolve(ARTIFACT.repositoryPath()).getParent());
        Files.writeString(local.resolve(ARTIFACT.repositoryPath()), "tampered");
        ServletContainers containers = new ServletContainers(tmp.resolve("cache"), local, Optional.empty());
        assertThatThrownBy(() -> containers.obtain(CONTAINER, lines::add))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED))
                .hasMessage("org.example:core:1.0 is not in the local Maven repository (" + local + ") and"
                        + " PAAS_MAVEN_REPOSITORY is not set: set it to the URL of Maven Central or a mirror of it,"
                        + " or fetch it with mvn dependency:get -Dartifact=org.example:core:1.0");
        assertThat(lines).singleElement().asString().contains("not the pinned " + ARTIFACT.sha256() + ": not used");
        assertThat(tmp.resolve("cache/tomcat/1.0")).doesNotExist();
    }

    @Test
    void fromTheRemoteRepositoryOnceThenFromTheCache() throws Exception {
        URI remote = serve(200, JAR);
        ServletContainers containers = new ServletContainers(tmp.resolve("cache"), tmp.resolve("empty-m2"),
                Optional.of(remote));
        Path dir = containers.obtain(CONTAINER, lines::add);
        assertThat(Files.readAllBytes(dir.resolve("core-1.0.jar"))).isEqualTo(JAR);
        assertThat(lines).singleElement().asString().startsWith("       core-1.0.jar fetched from " + remote + " (28 B in ");
        containers.obtain(CONTAINER, lines::add);
        assertThat(requests).hasValue(1);
    }

    @Test
    void remoteBytesThatAreNotThePinnedOnesAreRefusedAndNothingIsCached() throws Exception {
        URI remote = serve(200, "evil".getBytes(StandardCharsets.UTF_8));
        ServletContainers containers = new ServletContainers(tmp.resolve("cache"), tmp.resolve("empty-m2"),
                Optional.of(remote));
        assertThatThrownBy(() -> containers.obtain(CONTAINER, lines::add))
                .isInstanceOf(StagingException.class)
                .hasMessageContaining("org.example:core:1.0 from " + remote + "org/example/core/1.0/core-1.0.jar has sha256 "
                        + sha256("evil".getBytes(StandardCharsets.UTF_8)) + ", not the pinned " + ARTIFACT.sha256()
                        + ": refused");
        assertThat(tmp.resolve("cache/tomcat/1.0")).doesNotExist();
    }

    @Test
    void aMissingRemoteArtifactSaysWhatTheRepositoryAnswered() throws Exception {
        URI remote = serve(404, new byte[0]);
        ServletContainers containers = new ServletContainers(tmp.resolve("cache"), tmp.resolve("empty-m2"),
                Optional.of(remote));
        assertThatThrownBy(() -> containers.obtain(CONTAINER, lines::add))
                .hasMessage("cannot fetch org.example:core:1.0: " + remote + "org/example/core/1.0/core-1.0.jar"
                        + " answered HTTP 404");
    }

    private URI serve(int status, byte[] body) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/maven2/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2/");
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
