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
 * <p>Header lines of each file: {@code # files: PATH=KIND ...} (KIND: jar, site, native, busybox, node,
 * python, go; PATH relative to the manifest, {@code .} for its own directory), {@code # vars:
 * k=v,...}, {@code # serves: HOST/PATH BODY} (repeatable), {@code # serves-random: APP BODY},
 * {@code # runs: APP N}, {@code # refused: MESSAGE}; for a process type other than web:
 * {@code # process-runs: APP TYPE N} (N instances RUNNING, process health check),
 * {@code # process-unrouted: APP TYPE HOST} (requests to HOST reach web only, by the logs) and
 * {@code # process-scales: APP TYPE N} ({@code paas scale APP --process TYPE -i N}, then N RUNNING).
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
                    case "process-runs" -> {
                        String[] atn = h[1].split(" ");
                        awaitProcess(atn[0], atn[1], Integer.parseInt(atn[2]));
                    }
                    case "process-unrouted" -> {
                        String[] ath = h[1].split(" ");
                        assertUnrouted(ath[0], ath[1], ath[2]);
                    }
                    case "process-scales" -> {
                        String[] atn = h[1].split(" ");
                        Cli.Run scale = cli.run(dir, "scale", atn[0], "--process", atn[1], "-i", atn[2]);
                        assertThat(scale.code()).as(scale.toString()).isZero();
                        awaitProcess(atn[0], atn[1], Integer.parseInt(atn[2]));
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

    /** {@code n} instances of the process type RUNNING (indexes 0..n-1, its own), checked as Cloud Foundry's workers are: by the process. */
    private void awaitProcess(String app, String type, int n) throws InterruptedException {
        String path = "/v1/spaces/default/apps/" + app + "/processes/" + type;
        platform.await(n + " " + type + " instances of " + app + " RUNNING", Apps.BOOT, () -> {
            try {
                JsonNode p = platform.call("GET", path, null);
                List<JsonNode> list = new ArrayList<>();
                p.path("instanceList").forEach(list::add);
                return p.path("healthCheck").path("type").asText().equals("PROCESS") && list.size() == n
                        && list.stream().allMatch(i -> i.path("state").asText().equals("RUNNING"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The guest init's console line when the instance env's command replaced the image's (kernel/README.md). */
    static final String PROCESS_COMMAND_LINE = "paas-init: command from the instance env (a process type other than web)";

    /**
     * Requests through the app's route all reach web (and the worker runs its own command, as its
     * init says on the console): the process type's instances (which run
     * the same server, on their own PORT) log no request, while web's do ({@code [APP/0]} vs
     * {@code [APP/PROC/WORKER/0]}).
     */
    private void assertUnrouted(String app, String type, String host) throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(platform.viaRouter(host, "/").statusCode()).isEqualTo(200);
        }
        String tag = "[APP/PROC/" + type.toUpperCase(java.util.Locale.ROOT) + "/";
        String[] last = {""};
        platform.await("web's request lines in the logs", Duration.ofSeconds(30), () -> {
            Cli.Run logs;
            try {
                logs = cli.run(work, "logs", app, "--recent");
            } catch (Exception e) {
                last[0] = e.toString();
                return false;
            }
            last[0] = logs.out();
            return logs.out().lines().filter(l -> l.contains("[APP/") && l.contains("native hello: GET /")).count() >= 8
                    && logs.out().contains(tag) && logs.out().contains(PROCESS_COMMAND_LINE);
        });
        assertThat(last[0].lines().filter(l -> l.contains(tag) && l.contains("native hello: GET"))).as(last[0]).isEmpty();
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
            case "busybox" -> {
                // Debian's busybox-static at the top (httpd, sh, sleep) and a page for its httpd.
                copyFile(Apps.BUSYBOX, path.resolve("busybox"));
                Files.setPosixFilePermissions(path.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.writeString(Files.createDirectories(path.resolve("www")).resolve("index.html"), "<h1>corpus site</h1>\n");
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
