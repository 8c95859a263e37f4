package dev.paas.imagefactory.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.OciConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pulled (or unpacked) image: its config and its layers in order, each a verified file in the
 * blob cache.
 *
 * @param name   what the image is called in staging output
 * @param digest the manifest's digest (what {@code image.json} records), or the archive's config digest
 */
record OciImage(String name, String digest, OciConfig config, List<Layer> layers) {

    record Layer(String digest, long size, Path file) {}

    static final ObjectMapper JSON = new ObjectMapper();

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** Reads the image config JSON ({@code config} object, {@code os}, {@code architecture}). */
    static OciConfig config(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the image config is not JSON: " + e.getMessage(), e);
        }
        JsonNode c = root.path("config");
        List<String> ports = new ArrayList<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        return new OciConfig(strings(c.path("Entrypoint")), strings(c.path("Cmd")), strings(c.path("Env")),
                text(c.path("WorkingDir")), text(c.path("User")), ports,
                root.path("os").asText(""), root.path("architecture").asText(""));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The platform-specific manifest out of an index or list: linux/amd64, else a clear error. */
    static JsonNode pickAmd64(JsonNode index, String name) {
        List<String> platforms = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode p = m.path("platform");
            String os = p.path("os").asText("");
            String arch = p.path("architecture").asText("");
            if (os.equals("linux") && arch.equals("amd64")) {
                return m;
            }
            if (!os.isEmpty() || !arch.isEmpty()) {
                platforms.add(os + "/" + arch + (p.has("variant") ? "/" + p.path("variant").asText() : ""));
            }
        }
        throw new StagingException(StagingException.Reason.BUILD_FAILED, "image " + name
                + " has no linux/amd64 variant (it has: " + (platforms.isEmpty() ? "none" : String.join(", ", platforms))
                + "); paas runs x86-64 guests: push an amd64 build of the image");
    }
}
