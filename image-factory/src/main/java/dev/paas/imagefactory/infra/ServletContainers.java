package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.core.ServletContainer;
import dev.paas.imagefactory.core.Sizes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The jars of a {@link ServletContainer}, cached by version under {@code <cache>/tomcat/<version>/}
 * (each jar by its file name). A missing jar is taken from the local Maven repository (where
 * building the image factory put the pinned versions: {@code ~/.m2/repository}), else downloaded
 * from the Maven repository named by {@code PAAS_MAVEN_REPOSITORY} (Maven Central or a mirror of
 * it); either way its sha256 must be the pinned one, or nothing is cached and the build fails.
 * Thread-safe: filling the cache locks ({@link Trees#cached}).
 */
final class ServletContainers {

    /** The operator's Maven repository (a URL), for hosts whose local repository lacks the jars. */
    static final String REPOSITORY_ENV = "PAAS_MAVEN_REPOSITORY";
    /** A jar larger than this is not a servlet container's. */
    static final long MAX_JAR_BYTES = 64L << 20;
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path cacheDir;
    private final Path localRepository;
    private final Optional<URI> remote;

    ServletContainers(Path cacheDir, Path localRepository, Optional<URI> remote) {
        this.cacheDir = cacheDir;
        this.localRepository = localRepository;
        this.remote = remote;
    }

    /** The build host's: {@code ~/.m2/repository} and {@code $PAAS_MAVEN_REPOSITORY}. */
    static ServletContainers forHost(Path cacheDir) {
        String url = System.getenv(REPOSITORY_ENV);
        Optional<URI> remote = url == null || url.isBlank() ? Optional.empty()
                : Optional.of(URI.create(url.endsWith("/") ? url : url + "/"));
        return new ServletContainers(cacheDir, Path.of(System.getProperty("user.home"), ".m2", "repository"), remote);
    }

    /** The directory holding the container's jars (by {@link ServletContainer.Artifact#fileName()}). */
    Path obtain(ServletContainer container, StagingListener out) throws IOException {
        Path dir = cacheDir.resolve("tomcat").resolve(container.version());
        if (Files.isDirectory(dir)) {
            out.line("       " + container.name() + " (cached): " + dir);
            return dir;
        }
        return Trees.cached(dir, tmp -> {
            for (ServletContainer.Artifact a : container.artifacts()) {
                fetch(a, tmp.resolve(a.fileName()), out);
            }
        });
    }

    private void fetch(ServletContainer.Artifact a, Path to, StagingListener out) throws IOException {
        Path local = localRepository.resolve(a.repositoryPath());
        if (Files.isRegularFile(local)) {
            String got = copyHashing(Files.newInputStream(local), to);
            if (got.equals(a.sha256())) {
                out.line("       " + a.fileName() + " from the local Maven repository (" + Sizes.human(Files.size(to)) + ")");
                return;
            }
            out.line("       warning: " + local + " has sha256 " + got + ", not the pinned " + a.sha256() + ": not used");
            Files.delete(to);
        }
        if (remote.isEmpty()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, a.coordinates() + " is not in the local"
                    + " Maven repository (" + localRepository + ") and " + REPOSITORY_ENV + " is not set: set it to"
                    + " the URL of Maven Central or a mirror of it, or fetch it with mvn dependency:get -Dartifact="
                    + a.coordinates());
        }
        URI uri = remote.get().resolve(a.repositoryPath());
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + uri, e);
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "cannot fetch " + a.coordinates()
                    + " from " + uri + ": " + e, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "cannot fetch " + a.coordinates()
                    + ": " + uri + " answered HTTP " + response.statusCode());
        }
        String got = copyHashing(response.body(), to);
        if (!got.equals(a.sha256())) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, a.coordinates() + " from " + uri
                    + " has sha256 " + got + ", not the pinned " + a.sha256() + ": refused");
        }
        out.line("       " + a.fileName() + " fetched from " + remote.get() + " (" + Sizes.human(Files.size(to)) + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    }

    /** Copies at most {@link #MAX_JAR_BYTES}, returning the sha256 of what was copied. */
    private static String copyHashing(InputStream source, Path to) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(source, sha);
             var os = Files.newOutputStream(to)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > MAX_JAR_BYTES) {
                    throw new StagingException(StagingException.Reason.BUILD_FAILED, to.getFileName()
                            + " is over " + Sizes.human(MAX_JAR_BYTES) + ": refused");
                }
                os.write(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
