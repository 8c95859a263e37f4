package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pushing with the CLI, as a developer would: a static site, a native binary and a Java jar
 * (with a manifest, vars and two instances), each answering through the router; logs; scaling;
 * delete.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliPushE2ETest extends CliPlatformTest {

    static final Path APPS = Path.of("src/test/resources/apps").toAbsolutePath();

    @Override
    String platformName() {
        return "cli-push";
    }

    @Test
    @Order(1)
    void aStaticSiteFromAManifest() throws Exception {
        Path dir = Files.createDirectories(work.resolve("site"));
        Files.copy(APPS.resolve("site/index.html"), Files.createDirectories(dir.resolve("public")).resolve("index.html"));
        Files.writeString(dir.resolve("manifest.yml"), """
                applications:
                - name: site
                  path: public
                  memory: 64M
                  routes:
                  - route: site.e2e.localhost
                """);
        Cli.Run push = cli.run(dir, "push");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).contains("1 of 1 running")
                .contains("url: http://site.e2e.localhost:" + platform.routerPort + "/");
        assertThat(routed("site.e2e.localhost")).contains("static site from the CLI");
    }

    @Test
    @Order(2)
    void aNativeBinaryFromFlags() throws Exception {
        Path bin = Apps.nativeHello(work);
        Cli.Run push = cli.run(work, "push", "native", "-p", bin.toString(), "-m", "64M");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(routed("native.localhost")).isEqualTo("hello from native!\n");
    }

    @Test
    @Order(3)
    void aJavaJarWithVarsAndTwoInstances() throws Exception {
        Path dir = Files.createDirectories(work.resolve("java"));
        Path jar = javaJar(dir);
        Files.writeString(dir.resolve("manifest.yml"), """
                applications:
                - name: hello-java
                  path: %s
                  memory: 256M
                  instances: 2
                  env:
                    GREETING: ((greeting))
                  routes:
                  - route: java.e2e.localhost
                """.formatted(jar.getFileName()));
        Cli.Run push = cli.run(dir, "push", "--var", "greeting=hi-from-e2e");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).contains("2 of 2 running");
        String body = routed("java.e2e.localhost");
        assertThat(body).contains("greeting=hi-from-e2e");
        // The heap follows the instance memory (no -Xmx anywhere): well under 256M.
        long max = Long.parseLong(body.replaceAll("(?s).*maxMemory=(\\d+).*", "$1"));
        assertThat(max).isBetween(64L << 20, 200L << 20);
    }

    @Test
    @Order(4)
    void logsShowTheAppsOwnLinesCellAndRouter() throws Exception {
        routed("java.e2e.localhost");
        // The router ships its access-log lines in batches: wait for the batch, not a fixed time.
        Cli.Run[] logs = new Cli.Run[1];
        platform.await("an [RTR] line in 'paas logs hello-java --recent'", Duration.ofSeconds(30), () -> {
            logs[0] = run(work, "logs", "hello-java", "--recent");
            return logs[0].code() == 0 && logs[0].out().contains("[RTR]");
        });
        assertThat(logs[0].out()).contains("[APP/0] OUT java hello listening on 8080").contains("[CELL/");
    }

    @Test
    @Order(5)
    void scaleToThreeAndBack() throws Exception {
        assertThat(cli.run(work, "scale", "site", "-i", "3").code()).isZero();
        new Apps(platform).awaitRunning("site", 3, 0);
        assertThat(cli.run(work, "scale", "site", "-i", "1").code()).isZero();
        new Apps(platform).awaitRunning("site", 1, 0);
        Cli.Run app = cli.run(work, "app", "site");
        assertThat(app.out()).contains("1 of 1 running");
    }

    @Test
    @Order(6)
    void deleteRemovesRoutesAndVms() throws Exception {
        long before = platform.vms().size();
        Cli.Run delete = cli.run(work, "delete", "native", "-f");
        assertThat(delete.code()).as(delete.toString()).isZero();
        platform.await("its VM gone", Duration.ofSeconds(30), () -> platform.vms().size() == before - 1);
        assertThat(cli.run(work, "routes").out()).doesNotContain("native.localhost ");
        platform.await("the router forgot it", Duration.ofSeconds(20), () -> status("native.localhost") == 404);
    }

    @Test
    @Order(7)
    void logsFollowsTheLinesOfNewInstancesLive() throws Exception {
        Path out = platform.dir.resolve("logs-follow.out");
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", Platform.ROOT.resolve("cli/target/paas-cli.jar").toString(), "logs", "site")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PAAS_HOME", platform.dir.resolve("cli").toString());
        Process follow = pb.start();
        try {
            // Following has begun once a line made after the start shows up: an access-log line.
            platform.await("'paas logs site' follows (an [RTR] line of a request made since)", Duration.ofSeconds(30), () -> {
                status("site.e2e.localhost");
                return read(out).contains("[RTR]");
            });
            // Clones off: a clone restored from the first instance's snapshot resumes an app that
            // printed its start-up line before the snapshot; a cold boot prints it again.
            assertThat(cli.run(work, "scale", "site", "-i", "2", "--no-clones").code()).isZero();
            // The new instance's own output, relayed live from its node agent.
            platform.await("the new instance's line in 'paas logs'", Apps.BOOT,
                    () -> read(out).contains("[APP/1] OUT paas-httpd: serving /app"));
            assertThat(read(out)).contains("[API] OUT app.update by admin");
        } finally {
            follow.destroy();
            follow.waitFor();
        }
    }

    @Test
    @Order(8)
    void pushingANewVersionUnderConstantTrafficFailsNoRequest() throws Exception {
        Path dir = work.resolve("site");
        Files.writeString(dir.resolve("public/index.html"), "<h1>site version 2</h1>\n");
        int vms = platform.vms().size();
        Traffic traffic = Traffic.start(platform, "site.e2e.localhost", r -> r.statusCode() == 200);
        try (traffic) {
            Cli.Run push = cli.run(dir, "push");
            assertThat(push.code()).as(push.toString()).isZero();
            // Traffic runs until the rollout has ended: the new instances RUNNING and the old
            // ones drained and their VMs gone (the stops are where a request could fail).
            new Apps(platform).awaitRunning("site", 2, 2);
            platform.await("the old instances' VMs gone", Duration.ofSeconds(60), () -> platform.vms().size() == vms);
            assertThat(routed("site.e2e.localhost")).contains("version 2");
        }
        assertThat(traffic.ok()).as("requests served during the push").isGreaterThan(30);
        assertThat(traffic.failed()).as("failed requests (first: %s)", traffic.firstFailure()).isZero();
    }

    @Test
    @Order(9)
    void setEnvThenRestartRollsTheNewValueOutWithoutFailingARequest() throws Exception {
        assertThat(cli.run(work, "set-env", "hello-java", "GREETING", "changed-by-set-env").code()).isZero();
        Traffic traffic = Traffic.start(platform, "java.e2e.localhost", r -> r.statusCode() == 200);
        try (traffic) {
            Cli.Run restart = cli.run(work, "restart", "hello-java");
            assertThat(restart.code()).as(restart.toString()).isZero();
            assertThat(restart.out()).contains("restarted hello-java (revision 2, 2 instances)");
        }
        assertThat(routed("java.e2e.localhost")).contains("greeting=changed-by-set-env");
        assertThat(traffic.ok()).as("requests served during the restart").isGreaterThan(20);
        assertThat(traffic.failed()).as("failed requests (first: %s)", traffic.firstFailure()).isZero();
    }

    /** A CLI run whose failure to start counts as a failed run (for polls). */
    Cli.Run run(Path dir, String... args) {
        try {
            return cli.run(dir, args);
        } catch (Exception e) {
            throw new AssertionError("paas " + String.join(" ", args) + " did not run", e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    int status(String host) {
        try {
            return platform.viaRouter(host, "/").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Compiles the Java sample and packs it as an executable jar. */
    static Path javaJar(Path dir) throws Exception {
        return javaJar(dir, "java", "Hello", "hello.jar");
    }

    /**
     * Compiles {@code apps/<app>/<mainClass>.java} (Java 17, the JDK's own compiler) into an
     * executable jar {@code dir/<jarName>} with its nested classes.
     */
    static Path javaJar(Path dir, String app, String mainClass, String jarName) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
                APPS.resolve(app + "/" + mainClass + ".java").toString());
        assertThat(rc).isZero();
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            for (Path c : List.of(classes.resolve(mainClass + ".class"))) {
                out.putNextEntry(new JarEntry(c.getFileName().toString()));
                Files.copy(c, out);
                out.closeEntry();
            }
            try (var more = Files.list(classes)) {
                for (Path c : more.filter(p -> p.getFileName().toString().startsWith(mainClass + "$")).toList()) {
                    out.putNextEntry(new JarEntry(c.getFileName().toString()));
                    Files.copy(c, out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
