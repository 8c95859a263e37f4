package dev.paas.imagefactory.oci;

import dev.paas.imagefactory.Newc;
import dev.paas.imagefactory.OciSamples;
import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.DockerImage;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.RegistryCredentials;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.kernel.api.Guests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Docker images pulled from a real registry (Debian's docker-registry, started here) that the
 * test fills with images it builds with umoci and pushes with skopeo; auth through a token or
 * Basic front; bad registries served by a fake one.
 */
class DockerImageBuildTest {

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    static OciSamples.Registry registry;

    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nweb:x:1234:1235:web server:/home/web:/bin/sh\n";
    static final String GROUP = "root:x:0:\nwebgrp:x:1235:\n";

    @BeforeAll
    static void registryWithImages() throws Exception {
        registry = OciSamples.Registry.start(Files.createDirectories(shared.resolve("registry")));
        Path base = OciSamples.busyboxRoot(shared.resolve("root1"), PASSWD, GROUP);
        Path site = Files.createDirectories(shared.resolve("root2/www"));
        Files.writeString(site.resolve("index.html"), "hello from an OCI image\n");
        Path layout = OciSamples.umoci(shared.resolve("layout"), "1", List.of(base, shared.resolve("root2")),
                "--config.entrypoint=/bin/busybox", "--config.cmd=httpd", "--config.cmd=-f", "--config.cmd=-p",
                "--config.cmd=8081", "--config.cmd=-h", "--config.cmd=/www", "--config.user=web",
                "--config.exposedports=8081/tcp", "--config.workingdir=/www", "--config.env=GREETING=hello world");
        OciSamples.push(layout, "1", registry.host() + "/web/httpd:1");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private ImageFactory factory(String store) {
        return ImageFactory.builder().store(ImageFactory.fileStore(tmp.resolve(store))).workDir(tmp.resolve("work"))
                .cacheDir(tmp.resolve("cache"))
                .guest(() -> Guests.obtain(Guests.defaultCacheDir(), line -> { })).build();
    }

    private static String launch(BuildResult r) throws Exception {
        return new String(Newc.file(r.image().initramfs(), "paas/launch").orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void pullsFlattensAndTakesTheLaunchSpecFromTheConfig() throws Exception {
        List<String> lines = new ArrayList<>();
        BuildResult r = factory("s").build(BuildRequest.ofDockerImage(DockerImage.of(registry.host() + "/web/httpd:1"))
                .withEnv(Map.of("EXTRA", "x")), lines::add);
        assertThat(r.image().metadata().runtime()).isEqualTo("docker");
        assertThat(r.image().metadata().launch().port()).isEqualTo(8081);
        assertThat(launch(r)).contains("command /bin/busybox httpd -f -p 8081 -h /www\n", "dir /www\n",
                "user web:1234:1235:/home/web\n", "env GREETING=hello world\n",
                "env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n")
                .as("the image's own Env, never the app's (instances receive it at launch)").doesNotContain("EXTRA");
        List<Newc.Entry> entries = Newc.read(r.image().initramfs());
        assertThat(entries).anyMatch(e -> e.name().equals("bin/busybox") && e.mode() == 0100755)
                .anyMatch(e -> e.name().equals("bin/sh") && (e.mode() & 0170000) == 0120000)
                .anyMatch(e -> e.name().equals("init"))
                .anyMatch(e -> e.name().equals("etc/hosts"))
                .anyMatch(e -> e.name().equals("etc/ssl/certs/ca-certificates.crt"));
        assertThat(new String(Newc.file(r.image().initramfs(), "etc/passwd").orElseThrow())).as("the image's own")
                .isEqualTo(PASSWD);
        assertThat(new String(Newc.file(r.image().initramfs(), "www/index.html").orElseThrow()))
                .isEqualTo("hello from an OCI image\n");
        assertThat(entries.stream().filter(e -> e.name().equals("etc/passwd"))).hasSize(1);
        assertThat(lines).anyMatch(l -> l.startsWith("-----> Pulling 127.0.0.1:"))
                .anyMatch(l -> l.matches("       layer 1/2 sha256:[0-9a-f]{12} .* pulled in \\d+ ms"))
                .anyMatch(l -> l.contains("the image's own /etc/group /etc/passwd kept"));

        List<String> again = new ArrayList<>();
        BuildResult warm = factory("t").build(BuildRequest.ofDockerImage(DockerImage.of(registry.host() + "/web/httpd:1"))
                .withEnv(Map.of("EXTRA", "x")), again::add);
        assertThat(warm.digest()).isEqualTo(r.digest());
        assertThat(again).anyMatch(l -> l.matches("       layer 2/2 .*\\(cached\\)"));
        assertThat(listAll(tmp.resolve("work"))).isEmpty();
    }

    @Test
    void aTarballOfTheLayoutBuildsTheSameImageWithWhiteoutsApplied() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a/data"));
        Files.writeString(a.resolve("one"), "1");
        Files.writeString(a.resolve("two"), "2");
        Files.writeString(Files.createDirectories(tmp.resolve("a/old")).resolve("x"), "x");
        Path c = Files.createDirectories(tmp.resolve("c"));
        Files.writeString(c.resolve("three"), "3");
        Path layout = OciSamples.umoci(tmp.resolve("layout"), "w", List.of(tmp.resolve("a")),
                "--config.cmd=/data/three");
        OciSamples.run(tmp, "umoci", "insert", "--image", layout + ":w", "--whiteout", "/old");
        OciSamples.run(tmp, "umoci", "insert", "--image", layout + ":w", "--opaque", c.toString(), "/data");
        BuildResult r = factory("s").build(BuildRequest.of(OciSamples.tar(layout, tmp.resolve("image.tar"))), line -> { });
        List<String> names = Newc.read(r.image().initramfs()).stream().map(Newc.Entry::name).toList();
        assertThat(names).contains("data/three").doesNotContain("data/one", "data/two", "old", "old/x");
        assertThat(launch(r)).contains("command /data/three\n", "dir /\n", "user root:0:0:/root\n");
        assertThat(r.image().metadata().launch().port()).as("no exposed port: $PORT").isEqualTo(8080);
    }

    @Test
    void aDockerSaveTarballBuilds() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("save"));
        byte[] layer = OciSamples.layer(false, OciSamples.TarItem.dir("app/"), OciSamples.TarItem.file("app/run", "#!x"));
        Files.createDirectories(dir.resolve("abc"));
        Files.write(dir.resolve("abc/layer.tar"), layer);
        Files.writeString(dir.resolve("cfg.json"), OciSamples.config("/app/run", "it's"));
        Files.writeString(dir.resolve("manifest.json"),
                "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"abc/layer.tar\"]}]");
        BuildResult r = factory("s").build(BuildRequest.of(OciSamples.tar(dir, tmp.resolve("save.tar"))), line -> { });
        assertThat(r.image().metadata().launch().command()).isEqualTo("/app/run 'it'\\''s'");
        assertThat(Newc.file(r.image().initramfs(), "app/run")).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("#!x"));
    }

    @Test
    void zstdAndPlainLayers() throws Exception {
        Path plain = tmp.resolve("layer.tar");
        Files.write(plain, OciSamples.layer(false, OciSamples.TarItem.file("z/hello", "from zstd\n")));
        OciSamples.run(tmp, "zstd", "-q", "-19", plain.toString(), "-o", tmp.resolve("layer.tar.zst").toString());
        byte[] zstd = Files.readAllBytes(tmp.resolve("layer.tar.zst"));
        assertThat(zstd[0] & 0xff).isEqualTo(0x28);
        Path dir = OciSamples.ociLayout(Files.createDirectories(tmp.resolve("zl")), OciSamples.config("/z/hello"),
                List.of(OciSamples.layer(false, OciSamples.TarItem.file("p/x", "plain")), zstd));
        BuildResult r = factory("s").build(BuildRequest.of(OciSamples.tar(dir, tmp.resolve("z.tar"))), line -> { });
        assertThat(Newc.file(r.image().initramfs(), "z/hello")).hasValueSatisfying(b ->
                assertThat(new String(b)).isEqualTo("from zstd\n"));
        assertThat(Newc.file(r.image().initramfs(), "p/x")).isPresent();
    }

    @Test
    void anUnknownImageFailsAndStoresNothing() {
        assertFails(BuildRequest.ofDockerImage(DockerImage.of(registry.host() + "/web/nothing:1")),
                "image " + registry.host() + "/web/nothing:1 not found in registry " + registry.host() + ": check the name and tag");
        assertFails(BuildRequest.ofDockerImage(DockerImage.of(registry.host() + "/web/httpd:2")), "not found in registry");
    }

    @Test
    void aBadReferenceIsAnInvalidRequest() {
        assertThatThrownBy(() -> DockerImage.of("Web/HTTPD"))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.INVALID_REQUEST))
                .hasMessageContaining("name components are lower-case");
        for (String user : new String[] {"", " ", "a:b", null}) {
            assertThatThrownBy(() -> new RegistryCredentials(user, "pw"))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.INVALID_REQUEST))
                    .hasMessage("docker username must not be empty and must not contain ':'");
        }
        assertThat(new RegistryCredentials("u", "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void tokenAuth() throws Exception {
        try (FakeRegistry front = FakeRegistry.tokenAuth(registry.host(), "alice", "s3cret")) {
            String ref = front.host() + "/web/httpd:1";
            BuildResult r = factory("s").build(BuildRequest.ofDockerImage(new DockerImage(ref,
                    Optional.of(new RegistryCredentials("alice", "s3cret")))), line -> { });
            assertThat(r.image().metadata().launch().port()).isEqualTo(8081);
            assertFails(BuildRequest.ofDockerImage(new DockerImage(ref, Optional.of(new RegistryCredentials("alice", "wrong")))),
                    "registry " + front.host() + " refused the credentials of 'alice': check the docker username and password");
            assertFails(BuildRequest.ofDockerImage(DockerImage.of(ref)), "needs credentials for web/httpd");
        }
    }

    @Test
    void basicAuth() throws Exception {
        try (FakeRegistry front = FakeRegistry.basicAuth(registry.host(), "bob", "pw")) {
            String ref = front.host() + "/web/httpd:1";
            factory("s").build(BuildRequest.ofDockerImage(new DockerImage(ref,
                    Optional.of(new RegistryCredentials("bob", "pw")))), line -> { });
            assertFails(BuildRequest.ofDockerImage(new DockerImage(ref, Optional.of(new RegistryCredentials("bob", "no")))),
                    "refused the credentials of 'bob' for web/httpd");
        }
    }

    @Test
    void aManifestListWithoutAmd64NamesItsPlatforms() throws Exception {
        try (FakeRegistry fake = FakeRegistry.serving()) {
            fake.documents.put("/v2/multi/app/manifests/1", ("{\"schemaVersion\":2,\"mediaType\":"
                    + "\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                    + "{\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
                    + "{\"digest\":\"sha256:" + "b".repeat(64) + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"ppc64le\"}}]}")
                    .getBytes());
            assertFails(BuildRequest.ofDockerImage(DockerImage.of(fake.host() + "/multi/app:1")),
                    "has no linux/amd64 variant (it has: linux/arm64/v8, linux/ppc64le)");
        }
    }

    @Test
    void aManifestListIsResolvedToAmd64() throws Exception {
        byte[] layer = OciSamples.layer(true, OciSamples.TarItem.file("hello", "amd64"));
        byte[] config = OciSamples.config("/hello").getBytes();
        byte[] manifest = manifest(config, layer).getBytes();
        String md = OciSamples.sha256(manifest);
        try (FakeRegistry fake = FakeRegistry.serving()) {
            fake.documents.put("/v2/multi/app/manifests/1", ("{\"schemaVersion\":2,\"mediaType\":"
                    + "\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":["
                    + "{\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},"
                    + "{\"digest\":\"" + md + "\",\"size\":" + manifest.length
                    + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}").getBytes());
            fake.documents.put("/v2/multi/app/manifests/" + md, manifest);
            fake.documents.put("/v2/multi/app/blobs/" + OciSamples.sha256(config), config);
            fake.documents.put("/v2/multi/app/blobs/" + OciSamples.sha256(layer), layer);
            List<String> lines = new ArrayList<>();
            BuildResult r = factory("s").build(BuildRequest.ofDockerImage(DockerImage.of(fake.host() + "/multi/app:1")),
                    lines::add);
            assertThat(lines).contains("       manifest list: linux/amd64 is " + md);
            assertThat(r.image().metadata().detected()).isEqualTo("docker image " + fake.host() + "/multi/app:1@" + md);
            assertThat(Newc.file(r.image().initramfs(), "hello")).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("amd64"));
        }
    }

    @Test
    void aLayerWhoseDigestDoesNotMatchIsRefusedAndNotCached() throws Exception {
        byte[] layer = OciSamples.layer(true, OciSamples.TarItem.file("hello", "hi"));
        byte[] config = OciSamples.config("/hello").getBytes();
        String layerDigest = OciSamples.sha256(layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\""
                + OciSamples.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}]}";
        byte[] corrupt = layer.clone();
        corrupt[corrupt.length / 2] ^= 1;
        try (FakeRegistry fake = FakeRegistry.serving()) {
            fake.documents.put("/v2/bad/app/manifests/1", manifest.getBytes());
            fake.documents.put("/v2/bad/app/blobs/" + OciSamples.sha256(config), config);
            fake.documents.put("/v2/bad/app/blobs/" + layerDigest, corrupt);
            assertFails(BuildRequest.ofDockerImage(DockerImage.of(fake.host() + "/bad/app:1")),
                    "layer " + layerDigest + " does not match its digest (got sha256:");
            assertThat(tmp.resolve("cache/oci/blobs/sha256/" + layerDigest.substring(7))).doesNotExist();
            assertThat(listAll(tmp.resolve("cache/oci/blobs/sha256"))).hasSize(1);  // the config, which matched
        }
    }

    @Test
    void blobsRedirectedToStorageGetNoCredentials() throws Exception {
        byte[] layer = OciSamples.layer(true, OciSamples.TarItem.file("hello", "hi"));
        byte[] config = OciSamples.config("/hello").getBytes();
        String layerDigest = OciSamples.sha256(layer);
        try (FakeRegistry fake = FakeRegistry.serving(); FakeRegistry storage = FakeRegistry.serving()) {
            fake.tokenAuth = true;
            fake.documents.put("/v2/r/app/manifests/1", manifest(config, layer).getBytes());
            fake.documents.put("/v2/r/app/blobs/" + OciSamples.sha256(config), config);
            fake.redirects.put("/v2/r/app/blobs/" + layerDigest, "http://" + storage.host() + "/storage/blob?sig=x");
            storage.documents.put("/storage/blob", layer);
            BuildResult r = factory("s").build(BuildRequest.ofDockerImage(DockerImage.of(fake.host() + "/r/app:1")), l -> { });
            assertThat(Newc.file(r.image().initramfs(), "hello")).isPresent();
        }
    }

    private static String manifest(byte[] config, byte[] layer) throws Exception {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\""
                + OciSamples.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\"" + OciSamples.sha256(layer)
                + "\",\"size\":" + layer.length + "}]}";
    }

    @Test
    void theAppsShellCommandUsesTheImagesShell() throws Exception {
        BuildResult r = factory("s").build(BuildRequest.ofDockerImage(DockerImage.of(registry.host() + "/web/httpd:1"))
                .withCommand("cd /www && exec busybox httpd -f -p $PORT"), line -> { });
        assertThat(launch(r)).contains("command cd /www && exec busybox httpd -f -p $PORT\n", "shell /bin/sh\n");
        assertThat(r.image().metadata().baseFiles()).noneMatch(f -> f.path().equals("/bin/sh"));
    }

    @Test
    void modesOwnersAndHardLinksAreKept() throws Exception {
        Path dir = OciSamples.ociLayout(Files.createDirectories(tmp.resolve("m")), OciSamples.config("/bin/tool"),
                List.of(OciSamples.layer(true, new OciSamples.TarItem("bin/tool", (byte) '0', "#!", null, 04755),
                        OciSamples.TarItem.hardlink("bin/tool2", "bin/tool"),
                        new OciSamples.TarItem("tmp/", (byte) '5', null, null, 01777))));
        BuildResult r = factory("s").build(BuildRequest.of(OciSamples.tar(dir, tmp.resolve("m.tar"))), line -> { });
        List<Newc.Entry> entries = Newc.read(r.image().initramfs());
        assertThat(entries).anyMatch(e -> e.name().equals("bin/tool") && e.mode() == 0104755)
                .anyMatch(e -> e.name().equals("bin/tool2") && e.mode() == 0104755 && new String(e.data()).equals("#!"))
                .anyMatch(e -> e.name().equals("tmp") && e.mode() == 041777);
    }

    @Test
    void unsafeLayersAreRefused() throws Exception {
        refused("symbolic link to ../../etc/shadow leaves the image's root", OciSamples.TarItem.dir("a/"),
                OciSamples.TarItem.symlink("a/evil", "../../etc/shadow"));
        refused("a whiteout of /", OciSamples.TarItem.file(".wh.", ""));
        refused("path with a '..' segment ../etc/passwd", OciSamples.TarItem.file("../etc/passwd", "x"));
        refused("hard link to ../x leaves the image's root", OciSamples.TarItem.hardlink("y", "../x"));
        refused("hard link to nothing, which is not a file of the image", OciSamples.TarItem.hardlink("y", "nothing"));
        refused("it is below /lib, which is not a directory in the image (a symbolic link to /etc)",
                OciSamples.TarItem.symlink("lib", "/etc"), OciSamples.TarItem.file("lib/passwd", "x"));
    }

    private void refused(String rule, OciSamples.TarItem... items) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "layout");
        OciSamples.ociLayout(dir, OciSamples.config("/bin/x"), List.of(OciSamples.layer(true, items)));
        Path tar = OciSamples.tar(dir, Files.createTempFile(tmp, "image", ".tar"));
        assertThatThrownBy(() -> factory("s").build(BuildRequest.of(tar), line -> { }))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.UNSAFE_PACKAGE))
                .hasMessageContaining(rule);
        assertThat(tmp.resolve("s")).doesNotExist();
        assertThat(listAll(tmp.resolve("work"))).isEmpty();
    }

    private void assertFails(BuildRequest request, String message) {
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> factory("failed").build(request, lines::add)).isInstanceOf(StagingException.class)
                .hasMessageContaining(message);
        assertThat(lines).anyMatch(l -> l.startsWith("-----> Staging failed: ") && l.contains(message));
        assertThat(tmp.resolve("failed")).doesNotExist();
    }

    static List<Path> listAll(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
