package dev.paas.cli.infra;

import dev.paas.cli.core.CliException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stages through the control plane: queues a build of the package, then follows its output
 * ({@code GET .../builds/{id}/log?offset=N}) until it is STAGED or FAILED.
 */
public final class HttpStager implements Stager {

    /** Longest staging we wait for (a cold Java build with jlink takes tens of seconds). */
    static final Duration TIMEOUT = Duration.ofMinutes(15);
    static final long POLL_MILLIS = 300;
    private final ApiClient api;

    public HttpStager(ApiClient api) {
        this.api = api;
    }

    @Override
    public Revision stage(String space, String app, Uploader.PackageRef pkg, List<String> buildpacks, Consumer<String> log) {
        Map<String, Object> body = new HashMap<>();
        body.put("packageId", Long.parseLong(pkg.id()));
        if (!buildpacks.isEmpty()) {
            body.put("buildpack", buildpacks.get(0));
        }
        long id = api.post(builds(space, app), body).tree().get("id").asLong();
        return follow(space, app, id, log);
    }

    /**
     * A restage ({@code POST .../restage}): the control plane stages the current revision's
     * package again with the app's current settings; follows that build like a push's.
     */
    public Revision restage(String space, String app, Consumer<String> log) {
        long id = api.post(ApiClient.appPath(space, app) + "/restage", null).tree().get("id").asLong();
        return follow(space, app, id, log);
    }

    private static String builds(String space, String app) {
        return ApiClient.appPath(space, app) + "/builds";
    }

    /** Streams build {@code id}'s output to {@code log} until it is STAGED (its revision) or FAILED (an error). */
    private Revision follow(String space, String app, long id, Consumer<String> log) {
        String base = builds(space, app);
        int offset = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String text = api.getText(base + "/" + id + "/log?offset=" + offset);
            if (!text.isEmpty()) {
                offset += text.length();
                for (String line : text.split("\n")) {
                    log.accept(line);
                }
            }
            var build = api.get(base + "/" + id).tree();
            String state = build.get("state").asText();
            if ("STAGED".equals(state)) {
                // Output written between the last read and the end.
                String rest = api.getText(base + "/" + id + "/log?offset=" + offset);
                rest.lines().forEach(log);
                return new Revision(build.get("revision").asLong(), build.get("imageDigest").asText());
            }
            if ("FAILED".equals(state)) {
                api.getText(base + "/" + id + "/log?offset=" + offset).lines().forEach(log);
                throw new CliException("staging failed: " + build.path("error").asText("unknown reason"));
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("staging did not finish within " + TIMEOUT.toMinutes() + " minutes (build " + id + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while staging");
            }
        }
    }
}
