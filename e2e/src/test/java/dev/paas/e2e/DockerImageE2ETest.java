package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Docker images (issue 17) through the CLI, the control plane and the router, from a real
 * registry the test starts (Debian's {@code docker-registry} with htpasswd auth) with images it
 * builds with Debian's {@code umoci} and pushes with {@code skopeo}: a multi-process image (a
 * shell script starting busybox httpd and a second long-running process) declaring {@code User}
 * serves as that user; six bad inputs each fail staging with the factory's message and store no
 * revision or image while the running revision keeps serving; an OCI-layout tarball given as
 * {@code -p FILE.tar} is staged; a restage pulls the tag again. Two boots in all.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerImageE2ETest extends CliPlatformTest {

    static final String APP = "dock";
    static final String HOST = APP + ".localhost";
    static final String PASSWORD = "registry-s3cret-" + ProcessHandle.current().pid();
    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nweb:x:1234:1235:web server:/home/web:/bin/sh\n";
    static final String GROUP = "root:x:0:\nwebgrp:x:1235:\n";
    static final String ID = "uid=1234(web) gid=1235(webgrp) groups=1235(webgrp)\n";

    OciRegistry registry;
    Path images;

    @Override
    String platformName() {
        return "docker-images";
    }

    @BeforeAll
    void registry() throws Exception {
        assertThat(Apps.BUSYBOX).as("Debian's busybox-static (PAAS_PACKAGES)").isExecutable();
        images = Files.createDirectories(platform.dir.resolve("images"));
        registry = OciRegistry.start(Files.createDirectories(platform.dir.resolve("registry")), "robot", PASSWORD);
    }

    @AfterAll
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    Cli.Run push(String password, String... args) throws Exception {
        return cli.run(password == null ? Map.of() : Map.of("PAAS_DOCKER_PASSWORD", password), work, args);
    }

    String ref(String name) {
        return registry.host() + "/" + name;
    }

    @Test
    @Order(1)
    void aMultiProcessImageRunsAsItsUserAndServesThroughTheRouter() throws Exception {
        Path layout = webImage("hello from a docker image\n");
        registry.push(layout, "1", "web/multi:1");
        Cli.Run push = push(PASSWORD, "push", APP, "--docker-image", ref("web/multi:1"), "--docker-username", "robot",
                "-m", "64M");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).contains("Staging build").contains("(docker image " + ref("web/multi:1") + " as robot, 64M)")
                .containsPattern("layer 1/1 sha256:[0-9a-f]{12}");
        assertThat(serve("/index.html")).isEqualTo("hello from a docker image\n");
        assertThat(serve("/id.txt")).as("the image's User, from its own /etc/passwd").isEqualTo(ID);
        platform.await("the start script's line about its 2 processes", Apps.BOOT, () -> {
            try {
                return cli.run(work, "logs", APP, "--recent").out().contains("started 2 processes");
            } catch (Exception e) {
                return false;
            }
        });
        Cli.Run revisions = cli.run(work, "revisions", APP);
        assertThat(revisions.out()).contains("docker");
        assertThat(cli.run(work, "app", APP).out()).contains("docker:    " + ref("web/multi:1") + "\n")
                .contains("command:   (the image's)");
    }

    @Test
    @Order(2)
    void badImagesFailStagingStoreNoRevisionAndTheRunningOneKeepsServing() throws Exception {
        Path base = Files.createDirectories(images.resolve("base"));
        root(base);
        // A manifest list whose only image is for linux/arm64/v8.
        registry.putIndex("web/multi", "armonly", "1", "linux/arm64/v8");
        // A layer whose bytes the registry serves do not hash to its digest (one byte changed on disk).
        Path corrupt = layout("corrupt", base, unique("corrupt"));
        registry.push(corrupt, "1", "web/corrupt:1");
        List<String> layers = OciRegistry.layers(corrupt, "1");
        Path blob = registry.blobFile(layers.get(layers.size() - 1));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        // A symbolic link climbing above the root, and a whiteout of / (layers no tool writes: tar + umoci raw add-layer).
        Path evil = Files.createDirectories(images.resolve("evil-layer"));
        Files.createSymbolicLink(evil.resolve("leak"), Path.of("../../../etc/shadow"));
        registry.push(rawLayer("evil", base, evil, "leak"), "1", "web/evil:1");
        Path whiteout = Files.createDirectories(images.resolve("whiteout-layer"));
        Files.writeString(whiteout.resolve(".wh."), "");
        registry.push(rawLayer("whiteout", base, whiteout, ".wh."), "1", "web/whiteout:1");

        Map<String, Long> before = Database.of(platform).rowCounts();
        record Case(String what, String image, String password, String message) {
        }
        List<Case> cases = List.of(
                new Case("an unknown image", "web/nope:1", PASSWORD, "image " + ref("web/nope:1") + " not found in registry "
                        + registry.host() + ": check the name and tag"),
                new Case("wrong credentials", "web/multi:1", "not-the-password", "registry " + registry.host()
                        + " refused the credentials of 'robot' for web/multi: check the docker username and password"),
                new Case("a manifest list without amd64", "web/multi:armonly", PASSWORD, "has no linux/amd64 variant (it has: "
                        + "linux/arm64/v8)"),
                new Case("a layer whose digest does not match", "web/corrupt:1", PASSWORD, "does not match its digest"),
                new Case("a symlink escaping the root", "web/evil:1", PASSWORD, "symbolic link to ../../../etc/shadow leaves "
                        + "the image's root"),
                new Case("a whiteout of /", "web/whiteout:1", PASSWORD, "a whiteout of / (it would delete the whole root)"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Cli.Run run = push(c.password(), "push", APP, "--docker-image", ref(c.image()), "--docker-username", "robot",
                    "-m", "64M");
            if (run.code() != 1 || !run.out().contains(c.message()) || !run.err().contains("paas: staging failed: ")) {
                failures.add(c.what() + ": " + run);
            }
            assertThat(serve("/index.html")).as("after " + c.what()).isEqualTo("hello from a docker image\n");
        }
        assertThat(failures).isEmpty();
        Map<String, Long> after = Database.of(platform).rowCounts();
        assertThat(after.get("revisions")).as("revisions").isEqualTo(before.get("revisions"));
        assertThat(after.get("images")).as("images").isEqualTo(before.get("images"));
        assertThat(cli.run(work, "revisions", APP).out().lines().filter(l -> l.contains("docker")).count()).isEqualTo(1);

        // A new app whose image cannot be pulled is taken back by the CLI.
        Cli.Run ghost = push(null, "push", "ghost", "--docker-image", ref("web/ghost:1"));
        assertThat(ghost.code()).as(ghost.toString()).isEqualTo(1);
        assertThat(ghost.out()).contains("registry " + registry.host() + " needs credentials");
        assertThat(ghost.err()).contains("removed app ghost, which this push created");
        assertThat(Database.of(platform).rowCounts().get("apps")).isEqualTo(before.get("apps"));
    }

    @Test
    @Order(3)
    void anOciLayoutTarballGivenWithPIsStagedAsAnImage() throws Exception {
        Path layout = images.resolve("web");  // the image of the first push, as a tarball of its OCI layout
        Path tar = work.resolve("web-image.tar");
        OciRegistry.run(images, "tar", "-cf", tar.toString(), "-C", layout.toString(), "oci-layout", "index.json", "blobs");
        Cli.Run push = cli.run(work, "push", "tarball", "-p", tar.toString(), "-i", "0", "--no-route");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(cli.run(work, "revisions", "tarball").out()).contains("docker");
        assertThat(cli.run(work, "delete", "tarball", "-f").code()).isZero();
    }

    @Test
    @Order(4)
    void aRestagePullsTheTagAgain() throws Exception {
        Path layout = webImage("a new image under the same tag\n");
        registry.push(layout, "1", "web/multi:1");
        Cli.Run restage = cli.run(work, "restage", APP);  // the password sealed at the push is used again
        assertThat(restage.code()).as(restage.toString()).isZero();
        platform.await("the new image serves", Apps.BOOT, () -> {
            try {
                return serve("/index.html").equals("a new image under the same tag\n");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(serve("/id.txt")).isEqualTo(ID);
    }

    @Test
    @Order(5)
    void theRegistryPasswordIsInNoLogEventOrImage() throws Exception {
        assertSecretNowhere(APP, PASSWORD);
        assertThat(Files.readString(platform.dir.resolve("control-plane.log"))).doesNotContain(PASSWORD);
    }

    /** GET through the router, 200 expected. */
    @Test
    @Order(7)
    void anImageOf200MiBAndMoreBootsWithin128M() throws Exception {
        // 4 x 52 MiB of random bytes (no compression shrinks them) beside busybox httpd: unpacked
        // into guest RAM it could never fit 128M; its root goes to a read-only erofs disk.
        Path root = Files.createDirectories(images.resolve("large-root"));
        root(root);
        Files.createDirectories(root.resolve("www"));
        Files.writeString(root.resolve("www/index.html"), "served from a read-only root disk\n");
        Path data = Files.createDirectories(root.resolve("data"));
        java.util.Random random = new java.util.Random(17);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < 4; i++) {
            try (var out = Files.newOutputStream(data.resolve("blob" + i))) {
                for (int m = 0; m < 52; m++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
        Path layout = images.resolve("large");
        OciRegistry.run(images, "umoci", "init", "--layout", layout.toString());
        OciRegistry.run(images, "umoci", "new", "--image", layout + ":1");
        OciRegistry.run(images, "umoci", "insert", "--image", layout + ":1", root.toString(), "/");
        OciRegistry.run(images, "umoci", "config", "--image", layout + ":1",
                "--config.cmd=/bin/busybox", "--config.cmd=httpd", "--config.cmd=-f", "--config.cmd=-p",
                "--config.cmd=8080", "--config.cmd=-h", "--config.cmd=/www", "--config.exposedports=8080/tcp");
        registry.push(layout, "1", "web/large:1");

        Cli.Run push = push(PASSWORD, "push", "large", "--docker-image", ref("web/large:1"), "--docker-username", "robot",
                "-m", "128M", "-t", "180");
        assertThat(push.code()).as(push.toString()).isZero();
        HttpResponse<String> r = platform.viaRouter("large.localhost", "/index.html");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("served from a read-only root disk\n");
        Cli.Run app = cli.run(work, "app", "large", "--json");
        assertThat(app.code()).as(app.toString()).isZero();
        assertThat(app.out()).contains("128M");
    }

    private String serve(String path) throws Exception {
        String[] body = {null};
        platform.await(HOST + path + " answers 200", Apps.BOOT, () -> {
            try {
                HttpResponse<String> r = platform.viaRouter(HOST, path);
                body[0] = r.body();
                return r.statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return body[0];
    }

    /**
     * The multi-process image: busybox, an /etc/passwd naming user web, and /start.sh (the
     * Entrypoint) writing {@code id} to a page, starting a sleeper and httpd, and waiting; User web.
     */
    private Path webImage(String index) throws Exception {
        Path root = images.resolve("web-root");
        if (!Files.exists(root)) {
            root(root);
            Files.writeString(root.resolve("start.sh"), """
                    #!/bin/sh
                    id > /www/id.txt
                    busybox sleep 100000 &
                    s=$!
                    busybox httpd -f -p "$PORT" -h /www &
                    h=$!
                    kill -0 "$s" "$h" && echo "started 2 processes" >&2
                    wait
                    """);
            Files.setPosixFilePermissions(root.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(root.resolve("www"));
        }
        Files.writeString(root.resolve("www/index.html"), index);
        OciRegistry.run(images, "chown", "-R", "1234:1235", root.resolve("www").toString());
        Path layout = images.resolve("web");
        OciRegistry.run(images, "rm", "-rf", layout.toString());
        OciRegistry.run(images, "umoci", "init", "--layout", layout.toString());
        OciRegistry.run(images, "umoci", "new", "--image", layout + ":1");
        OciRegistry.run(images, "umoci", "insert", "--image", layout + ":1", root.toString(), "/");
        OciRegistry.run(images, "umoci", "config", "--image", layout + ":1", "--config.entrypoint=/start.sh",
                "--config.user=web", "--config.workingdir=/www");
        return layout;
    }

    /** busybox as /bin/busybox and /bin/sh, with /etc/passwd and /etc/group naming web. */
    private static void root(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("etc"));
        Files.copy(Apps.BUSYBOX, dir.resolve("bin/busybox"));
        Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("busybox"));
        Files.writeString(dir.resolve("etc/passwd"), PASSWD);
        Files.writeString(dir.resolve("etc/group"), GROUP);
    }

    /** A directory with one file of content no other image has (its layer is in no cache). */
    private Path unique(String name) throws Exception {
        Path dir = Files.createDirectories(images.resolve(name + "-extra"));
        Files.writeString(dir.resolve(name + ".txt"), name + " " + System.nanoTime() + "\n");
        return dir;
    }

    /** An OCI layout {@code name} (tag 1) with one layer per directory. */
    private Path layout(String name, Path... roots) throws Exception {
        Path layout = images.resolve(name);
        OciRegistry.run(images, "umoci", "init", "--layout", layout.toString());
        OciRegistry.run(images, "umoci", "new", "--image", layout + ":1");
        for (Path r : roots) {
            OciRegistry.run(images, "umoci", "insert", "--image", layout + ":1", r.toString(), "/");
        }
        OciRegistry.run(images, "umoci", "config", "--image", layout + ":1", "--config.cmd=/bin/sh");
        return layout;
    }

    /** {@code base} and then a layer that is GNU tar's archive of {@code entry} in {@code dir}, as it is. */
    private Path rawLayer(String name, Path base, Path dir, String entry) throws Exception {
        Path layout = layout(name, base);
        Path tar = images.resolve(name + ".tar");
        OciRegistry.run(images, "tar", "-cf", tar.toString(), "-C", dir.toString(), entry);
        OciRegistry.run(images, "umoci", "raw", "add-layer", "--image", layout + ":1", tar.toString());
        return layout;
    }
}
