package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The node buildpack's runtime: the build host's {@code /usr/bin/node} (package {@code nodejs}),
 * stripped of its symbols and debug information ({@code strip --strip-all}: the guest holds its
 * whole root in RAM) into {@code <cache>/node/runtime/<key>/node}, key = its real path, size and
 * modification time; its version ({@code node --version}) is kept beside it.
 */
final class NodeRuntime {

    static final Path HOST_NODE = Path.of("/usr/bin/node");

    record Node(Path binary, String version) {}

    private NodeRuntime() {}

    static Node obtain(Path cacheDir) throws IOException {
        if (!Files.isRegularFile(HOST_NODE)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    "node not found on the build host: apt-get install nodejs");
        }
        Path real = HOST_NODE.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        String key;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((real + "\0" + a.size() + "\0" + a.lastModifiedTime().toMillis()).getBytes(StandardCharsets.UTF_8));
            key = HexFormat.of().formatHex(sha.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Trees.cached(cacheDir.resolve("node/runtime").resolve(key), tmp -> {
            Path out = tmp.resolve("node");
            Tools.run("strip", "binutils", List.of("strip", "--strip-all", "-o", out.toString(), real.toString()),
                    tmp, Map.of(), Duration.ofMinutes(2), line -> { });
            Tools.Result v = Tools.run("node --version", "nodejs", List.of(out.toString(), "--version"), tmp,
                    Map.of(), Duration.ofSeconds(60), line -> { });
            Files.writeString(tmp.resolve("version"), String.join("", v.lines()).strip().replaceFirst("^v", ""));
        });
        return new Node(dir.resolve("node"), Files.readString(dir.resolve("version")).strip());
    }
}
