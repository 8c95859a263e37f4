package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * paas-httpd, the static buildpack's server: its C source travels in this jar and is built on
 * first use with {@code musl-gcc -Os -static}, stripped, into
 * {@code <cache>/httpd/<key>/paas-httpd}, key = sha256 of source, flags and musl-gcc version.
 */
final class StaticServer {

    static final String RESOURCE = "/dev/paas/imagefactory/httpd/paas-httpd.c";
    static final List<String> FLAGS = List.of("-Os", "-static", "-std=c11", "-Wall", "-Wextra", "-Werror",
            "-Wl,--build-id=none", "-s");

    private StaticServer() {}

    static Path obtain(Path cacheDir) throws IOException {
        byte[] source;
        try (InputStream in = StaticServer.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("paas-httpd.c missing from the image factory jar");
            }
            source = in.readAllBytes();
        }
        String musl = muslVersion();
        String key;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source);
            sha.update(String.join(" ", FLAGS).getBytes(StandardCharsets.UTF_8));
            sha.update(musl.getBytes(StandardCharsets.UTF_8));
            key = HexFormat.of().formatHex(sha.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Trees.cached(cacheDir.resolve("httpd").resolve(key), tmp -> {
            Path src = tmp.resolve("paas-httpd.c");
            Files.write(src, source);
            List<String> cmd = new java.util.ArrayList<>(List.of("musl-gcc"));
            cmd.addAll(FLAGS);
            cmd.addAll(List.of("-o", tmp.resolve("paas-httpd").toString(), src.toString()));
            run(cmd, tmp);
            Files.delete(src);
        });
        return dir.resolve("paas-httpd");
    }

    private static volatile String muslVersion;

    /** Asked once per JVM: a warm build should not spawn a process for it. */
    private static String muslVersion() throws IOException {
        String v = muslVersion;
        if (v == null) {
            v = run(List.of("musl-gcc", "--version"), null).lines().findFirst().orElse("");
            muslVersion = v;
        }
        return v;
    }

    private static String run(List<String> cmd, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    cmd.get(0) + " not found: apt-get install musl-tools");
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new StagingException(StagingException.Reason.BUILD_FAILED,
                        "building paas-httpd failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }
}
