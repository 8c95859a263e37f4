package dev.paas.api.staging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A hand-written stand-in for the image factory in API tests (the real one is exercised by the
 * VM tests): bits starting with {@code FAIL} fail with the rest of the first line as reason;
 * anything else "stages" to an image whose digest is the sha256 of the bits. Docker images: see {@link #pull}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingStager implements Stager {

    public final List<Input> inputs = new CopyOnWriteArrayList<>();

    /** What was staged (through the bean's proxy, which does not pass field reads on). */
    public List<Input> staged() {
        return inputs;
    }
    private static final Map<String, CountDownLatch> HOLDS = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();

    /** Bits {@code "HOLD <key>"} block in {@link #stage} until {@link #release}: a build that runs long. */
    public static void hold(String key) {
        HOLDS.put(key, new CountDownLatch(1));
        STARTED.put(key, new CountDownLatch(1));
    }

    public static void release(String key) {
        HOLDS.get(key).countDown();
    }

    /** Waits until a held build has started staging. */
    public static void awaitStarted(String key) throws InterruptedException {
        if (!STARTED.get(key).await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("build of " + key + " did not start staging within 60 s");
        }
    }

    /** The "registry": a docker image's current content, by reference; a push of a new image under the same tag bumps it. */
    public static final Map<String, Integer> DOCKER_GENERATIONS = new ConcurrentHashMap<>();

    /**
     * A docker image "pulls" to a digest of its reference and {@link #DOCKER_GENERATIONS}; one
     * whose reference contains {@code missing} is not found.
     */
    private Output pull(Docker d, Consumer<String> output) throws Failed {
        output.accept("pulling " + d.image());
        if (d.image().contains("missing")) {
            throw new Failed("image " + d.image() + " not found in registry: check the name and tag");
        }
        try {
            String content = d.image() + "#" + DOCKER_GENERATIONS.getOrDefault(d.image(), 0);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return new Output(digest, 1000, "docker", "6.1.0-test", Map.of("unpack", 1L, "build", 2L, "pack", 3L));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Output stage(Input in, Consumer<String> output) throws Failed {
        inputs.add(in);
        if (in.docker().isPresent()) {
            return pull(in.docker().get(), output);
        }
        try {
            byte[] bits = Files.readAllBytes(in.packageFile());
            String text = new String(bits, java.nio.charset.StandardCharsets.ISO_8859_1);
            output.accept("-----> Detecting buildpack for " + in.packageFile().getFileName());
            if (text.startsWith("HOLD ")) {
                String key = text.substring(5).strip();
                STARTED.get(key).countDown();
                if (!HOLDS.get(key).await(120, TimeUnit.SECONDS)) {
                    throw new Failed("held build " + key + " was never released");
                }
            }
            if (text.startsWith("FAIL")) {
                throw new Failed(text.substring(4).lines().findFirst().orElse("").strip());
            }
            output.accept("-----> static: serving " + bits.length + " bytes");
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits));
            return new Output(digest, bits.length, "static", "6.1.0-test", Map.of("unpack", 1L, "detect", 1L, "build", 2L, "pack", 3L));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
