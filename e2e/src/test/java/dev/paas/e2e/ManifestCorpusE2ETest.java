package dev.paas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manifests in the shapes found in public repositories ({@code src/test/resources/manifest-corpus}),
 * each pushed end to end with {@code paas push -f manifest.yml} in a directory laid out as its
 * paths say, then served through the router; or refused before anything is created, word for
 * word, with the database's rows unchanged. The apps of a manifest are deleted before the next.
 *
 * <p>Header lines of each file: {@code # files: PATH=KIND ...} (KIND: jar, site, native, node,
 * python, go; PATH relative to the manifest, {@code .} for its own directory), {@code # vars:
 * k=v,...}, {@code # serves: HOST/PATH BODY} (repeatable), {@code # serves-random: APP BODY},
 * {@code # runs: APP N}, {@code # refused: MESSAGE}.
 */
@Tag("vm")
class ManifestCorpusE2ETest extends CliPlatformTest {

    static final Path CORPUS = Platform.ROOT.resolve("e2e/src/test/resources/manifest-corpus");
    static final Path IMAGE_FACTORY_SAMPLES = Platform.ROOT.resolve("image-factory/src/test/samples");
    private Path jar;
    private Path nativeHello;
    private final List<String> timings = new ArrayList<>();

    @Override
    String platformName() {
        return "manifest-corpus";
    }

    @BeforeAll
    void bits() throws Exception {
        Path build = Files.createDirectories(work.resolve("bits"));
        jar = CliPushE2ETest.javaJar(build);
        nativeHello = Apps.nativeHello(build);
    }

    /** Every manifest of the corpus; {@code -Dcorpus.only=REGEX} picks some (while working on them). */
    static Stream<String> manifests() throws IOException {
        String only = System.getProperty("corpus.only", ".*");
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yml") && n.matches(only))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void eachIsPushedAndServesOrIsRefusedBeforeAnythingIsCreated(String name) throws Exception {
        String text = Files.readString(CORPUS.resolve(name), StandardCharsets.UTF_8);
        List<String[]> header = text.lines().takeWhile(l -> l.startsWith("# ")).map(l -> {
            int colon = l.indexOf(':');
            return new String[] {l.substring(2, colon), l.substring(colon + 1).strip()};
        }).toList();
        Path dir = Files.createDirectories(work.resolve(name.replace(".yml", "")));
        Files.writeString(dir.resolve("manifest.yml"), text);
        List<String> args = new ArrayList<>(List.of("push", "-f", "manifest.yml"));
        for (String[] h : header) {
            switch (h[0]) {
                case "files" -> {
                    for (String spec : h[1].split(" ")) {
                        String[] pk = spec.split("=", 2);
                        layOut(dir.resolve(pk[0]).normalize(), pk[1]);
                    }
                }
                case "vars" -> {
                    for (String kv : h[1].split(",")) {
                        args.add("--var");
                        args.add(kv);
                    }
                }
                default -> { }
            }
        }

        String refused = value(header, "refused");
        if (refused != null) {
            Map<String, Long> before = Database.of(platform).rowCounts();
            Cli.Run push = cli.run(dir, args.toArray(String[]::new));
            assertThat(push.code()).as(push.toString()).isNotZero();
            assertThat(push.err()).as(push.toString()).contains(refused).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(Database.of(platform).rowCounts()).as("rows after a refused push").isEqualTo(before);
            return;
        }

        long start = System.nanoTime();
        Cli.Run push = cli.run(dir, args.toArray(String[]::new));
        assertThat(push.code()).as(push.toString()).isZero();
        try {
            for (String[] h : header) {
                switch (h[0]) {
                    case "serves" -> {
                        String[] hb = h[1].split(" ", 2);
                        int slash = hb[0].indexOf('/');
                        assertServes(hb[0].substring(0, slash), hb[0].substring(slash), hb[1]);
                    }
                    case "serves-random" -> {
                        String[] ab = h[1].split(" ", 2);
                        String host = routesOf(ab[0]).get(0).path("host").asText();
                        assertThat(host).startsWith(ab[0] + "-").endsWith(".localhost");
                        assertServes(host, "/", ab[1]);
                    }
                    case "runs" -> {
                        String[] an = h[1].split(" ");
                        new Apps(platform).awaitRunning(an[0], Integer.parseInt(an[1]), 0);
                        assertThat(routesOf(an[0])).as("routes of " + an[0]).isEmpty();
                    }
                    default -> { }
                }
            }
            timings.add(String.format("%-40s %6.1f s", name, (System.nanoTime() - start) / 1e9));
            System.out.println("[corpus] " + timings.get(timings.size() - 1));
        } finally {
            deleteAllApps();
        }
    }

    private void assertServes(String host, String path, String body) throws InterruptedException {
        String[] last = {""};
        platform.await(host + path + " answers 200 with '" + body + "'", Duration.ofSeconds(60), () -> {
            try {
                HttpResponse<String> r = platform.viaRouter(host, path);
                last[0] = r.statusCode() + " " + r.body();
                return r.statusCode() == 200 && r.body().contains(body);
            } catch (Exception e) {
                last[0] = e.toString();
                return false;
            }
        });
    }

    private List<JsonNode> routesOf(String app) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : platform.call("GET", "/v1/spaces/default/routes?perPage=100", null).path("items")) {
            if (app.equals(r.path("app").asText())) {
                out.add(r);
            }
        }
        return out;
    }

    private void deleteAllApps() throws Exception {
        for (JsonNode a : platform.call("GET", "/v1/spaces/default/apps?perPage=100", null).path("items")) {
            Cli.Run delete = cli.run(work, "delete", a.path("name").asText(), "-f");
            assertThat(delete.code()).as(delete.toString()).isZero();
        }
        platform.await("no VM left", Apps.BOOT, () -> platform.vms().isEmpty());
    }

    /** Puts bits of {@code kind} at {@code path}: a file for jar and native, a directory otherwise. */
    private void layOut(Path path, String kind) throws IOException {
        switch (kind) {
            case "jar" -> copyFile(jar, path);
            case "native" -> {
                copyFile(nativeHello, path);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            case "site" -> Files.writeString(Files.createDirectories(path).resolve("index.html"), "<h1>corpus site</h1>\n");
            case "node" -> copyTree(IMAGE_FACTORY_SAMPLES.resolve("node/hello"), path);
            case "go" -> copyTree(IMAGE_FACTORY_SAMPLES.resolve("go/hello"), path);
            case "python" -> {
                Files.createDirectories(path);
                Files.writeString(path.resolve("requirements.txt"), "");
                Files.writeString(path.resolve("app.py"), """
                        import os
                        from http.server import BaseHTTPRequestHandler, HTTPServer

                        class Hello(BaseHTTPRequestHandler):
                            def do_GET(self):
                                body = b"hello from python corpus\\n"
                                self.send_response(200)
                                self.send_header("Content-Length", str(len(body)))
                                self.end_headers()
                                self.wfile.write(body)

                        HTTPServer(("", int(os.environ["PORT"])), Hello).serve_forever()
                        """);
            }
            default -> throw new IllegalArgumentException("unknown kind of bits in a corpus header: " + kind);
        }
    }

    private static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String value(List<String[]> header, String key) {
        return header.stream().filter(h -> h[0].equals(key)).map(h -> h[1]).findFirst().orElse(null);
    }
}
