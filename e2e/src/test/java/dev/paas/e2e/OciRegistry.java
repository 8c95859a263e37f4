package dev.paas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on a free loopback port with its storage in
 * the test's directory and htpasswd basic auth (bcrypt, from {@code apache2-utils}' htpasswd; the
 * package has no token server), and images built with Debian's {@code umoci} and pushed with
 * {@code skopeo}: the tools a user of {@code --docker-image} has.
 */
final class OciRegistry implements AutoCloseable {

    final String user;
    final String password;
    final Path dir;
    final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    private OciRegistry(Path dir, int port, String user, String password, Process process) {
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.password = password;
        this.process = process;
    }

    static OciRegistry start(Path dir, String user, String password) throws Exception {
        Files.createDirectories(dir.resolve("storage"));
        run(dir, "htpasswd", "-bBc", dir.resolve("htpasswd").toString(), user, password);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: paas-e2e
                    path: %s
                """.formatted(dir.resolve("storage"), port, dir.resolve("htpasswd")));
        Process p = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        OciRegistry r = new OciRegistry(dir, port, user, password, p);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (r.get("/v2/", "application/json").statusCode() == 200) {
                    return r;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                r.close();
                throw new IllegalStateException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(50);
        }
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code skopeo copy oci:LAYOUT:TAG docker://HOST/NAME} over plain HTTP, with the registry's credentials. */
    void push(Path layout, String tag, String name) throws Exception {
        run(layout.getParent(), "skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", user + ":" + password,
                "oci:" + layout + ":" + tag, "docker://" + host() + "/" + name);
    }

    /** The blob file the registry serves for {@code digest} ({@code sha256:...}), to corrupt it. */
    Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return dir.resolve("storage/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    /**
     * Tags {@code repo:tag} as an OCI index holding only {@code manifestOf}'s manifest, declared
     * for {@code platforms} ({@code linux/arm64/v8}): a manifest list without linux/amd64.
     */
    void putIndex(String repo, String tag, String manifestOf, String... platforms) throws Exception {
        HttpResponse<byte[]> m = http.send(request("/v2/" + repo + "/manifests/" + manifestOf)
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (m.statusCode() != 200) {
            throw new IllegalStateException("GET manifest " + repo + ":" + manifestOf + " -> " + m.statusCode());
        }
        String digest = m.headers().firstValue("Docker-Content-Digest").orElseThrow();
        List<String> entries = new ArrayList<>();
        for (String p : platforms) {
            String[] parts = p.split("/");
            entries.add("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
                    + m.body().length + ",\"platform\":{\"os\":\"" + parts[0] + "\",\"architecture\":\"" + parts[1] + "\""
                    + (parts.length > 2 ? ",\"variant\":\"" + parts[2] + "\"" : "") + "}}");
        }
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + String.join(",", entries) + "]}";
        HttpResponse<String> put = http.send(request("/v2/" + repo + "/manifests/" + tag)
                .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(index)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 201) {
            throw new IllegalStateException("PUT index " + repo + ":" + tag + " -> " + put.statusCode() + ": " + put.body());
        }
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return http.send(request(path).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + host() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** The layer digests of {@code tag}'s manifest in an OCI layout, in order. */
    static List<String> layers(Path layout, String tag) throws IOException {
        JsonNode index = Platform.JSON.readTree(layout.resolve("index.json").toFile());
        for (JsonNode m : index.path("manifests")) {
            if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                JsonNode manifest = Platform.JSON.readTree(layout.resolve("blobs/sha256/"
                        + m.path("digest").asText().substring("sha256:".length())).toFile());
                List<String> out = new ArrayList<>();
                manifest.path("layers").forEach(l -> out.add(l.path("digest").asText()));
                return out;
            }
        }
        throw new IllegalStateException("no tag " + tag + " in " + layout);
    }

    /** Runs a command in {@code dir}; fails with its output when it exits non-zero. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
