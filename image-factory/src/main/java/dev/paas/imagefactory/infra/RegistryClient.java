package dev.paas.imagefactory.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.imagefactory.api.DockerImage;
import dev.paas.imagefactory.api.RegistryCredentials;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.core.AuthChallenge;
import dev.paas.imagefactory.core.ImageReference;
import dev.paas.imagefactory.core.OciConfig;
import dev.paas.imagefactory.core.Sizes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.Optional;

/**
 * Pulls one image through the OCI distribution API ({@code /v2/}): anonymous, Bearer token
 * ({@code WWW-Authenticate: Bearer realm=,service=,scope=}, credentials sent to the token server
 * as Basic) or Basic auth; manifest lists and OCI indexes resolved to linux/amd64; Docker v2
 * schema 2 and OCI manifests; every blob verified against its digest while it streams into the
 * blob cache, and taken from the cache when it is there already. Not thread-safe (one per pull).
 */
final class RegistryClient {

    private static final String ACCEPT = String.join(", ", OciImage.OCI_INDEX, OciImage.DOCKER_LIST,
            OciImage.OCI_MANIFEST, OciImage.DOCKER_MANIFEST);
    private static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final HttpClient http;
    private final OciBlobs blobs;
    private final ImageReference ref;
    private final Optional<RegistryCredentials> credentials;
    private final StagingListener out;
    private final String base;
    private final long maxBytes;
    private String authorization;
    private long declared;

    RegistryClient(HttpClient http, OciBlobs blobs, DockerImage image, long maxBytes, StagingListener out) {
        this.http = http;
        this.maxBytes = maxBytes;
        this.blobs = blobs;
        this.ref = image.parsed();
        this.credentials = image.credentials();
        this.out = out;
        this.base = (ref.loopback() ? "http://" : "https://") + ref.registry() + "/v2/" + ref.repository();
    }

    static HttpClient defaultHttp() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    OciImage pull() throws IOException {
        out.line("-----> Pulling " + ref);
        byte[] body;
        String type;
        String digest;
        HttpResponse<InputStream> r = get(base + "/manifests/" + ref.manifestReference(), ACCEPT, "image " + ref);
        body = readLimited(r.body());
        type = mediaType(r, body);
        digest = OciBlobs.digestOf(body);
        if (ref.digest().isPresent()) {
            verify(ref.digest().get(), digest, "manifest");
        }
        JsonNode manifest = json(body);
        if (type.equals(OciImage.OCI_INDEX) || type.equals(OciImage.DOCKER_LIST)) {
            JsonNode picked = OciImage.pickAmd64(manifest, ref.toString());
            String d = picked.path("digest").asText();
            OciBlobs.checkDigest(d);
            out.line("       manifest list: linux/amd64 is " + d);
            r = get(base + "/manifests/" + d, ACCEPT, "image " + ref + "@" + d);
            body = readLimited(r.body());
            type = mediaType(r, body);
            digest = OciBlobs.digestOf(body);
            verify(d, digest, "manifest");
            manifest = json(body);
        }
        if (!type.equals(OciImage.OCI_MANIFEST) && !type.equals(OciImage.DOCKER_MANIFEST)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "image " + ref + ": unsupported manifest type '"
                    + type + "' (supported: Docker v2 schema 2 and OCI image manifests)");
        }
        JsonNode cfg = manifest.path("config");
        Path configFile = blob(cfg.path("digest").asText(), cfg.path("size").asLong(-1), "config");
        OciConfig config = OciImage.config(Files.readAllBytes(configFile));
        if (!config.os().isEmpty() && (!config.os().equals("linux") || !config.architecture().equals("amd64"))) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "image " + ref + " is for "
                    + config.os() + "/" + config.architecture() + "; paas runs linux/amd64 guests");
        }
        List<OciImage.Layer> layers = new ArrayList<>();
        int i = 0;
        JsonNode ls = manifest.path("layers");
        for (JsonNode l : ls) {
            i++;
            String d = l.path("digest").asText();
            long size = l.path("size").asLong(-1);
            declared += Math.max(size, 0);
            if (declared > maxBytes) {
                throw new StagingException(StagingException.Reason.UNSAFE_PACKAGE, "image " + ref + ": its layers are over "
                        + (maxBytes >> 20) + " MiB compressed");
            }
            long t = System.nanoTime();
            boolean cached = blobs.find(d).isPresent();
            Path file = blob(d, size, "layer");
            out.line("       layer " + i + "/" + ls.size() + " " + d.substring(0, 19) + " " + Sizes.human(Files.size(file))
                    + (cached ? " (cached)" : " pulled in " + (System.nanoTime() - t) / 1_000_000 + " ms"));
            layers.add(new OciImage.Layer(d, Files.size(file), file));
        }
        return new OciImage(ref.toString(), digest, config, layers);
    }

    private Path blob(String digest, long size, String what) throws IOException {
        OciBlobs.checkDigest(digest);
        Optional<Path> cached = blobs.find(digest);
        if (cached.isPresent()) {
            return cached.get();
        }
        HttpResponse<InputStream> r = get(base + "/blobs/" + digest, "*/*", what + " " + digest + " of " + ref);
        try (InputStream in = new Progress(r.body(), what + " " + digest.substring(0, 19), size, out)) {
            return blobs.put(digest, size, in, what);
        }
    }

    private HttpResponse<InputStream> get(String url, String accept, String what) throws IOException {
        HttpResponse<InputStream> r = sendFollowing(url, accept);
        if (r.statusCode() == 401) {
            String header = r.headers().firstValue("WWW-Authenticate").orElse("");
            r.body().close();
            authorization = authenticate(AuthChallenge.parse(header).orElseThrow(() -> new StagingException(
                    StagingException.Reason.BUILD_FAILED, "registry " + ref.registry() + " refused the pull (401) and"
                    + " asked for an unsupported authentication: " + header)));
            r = sendFollowing(url, accept);
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                r.body().close();
                throw new StagingException(StagingException.Reason.BUILD_FAILED, credentials.isPresent()
                        ? "registry " + ref.registry() + " refused the credentials of '" + credentials.get().username()
                        + "' for " + ref.repository() + ": check the docker username and password"
                        : "registry " + ref.registry() + " needs credentials for " + ref.repository()
                        + ": give a docker username and password");
            }
        }
        if (r.statusCode() == 404) {
            r.body().close();
            throw new StagingException(StagingException.Reason.BUILD_FAILED, what + " not found in registry "
                    + ref.registry() + ": check the name and tag");
        }
        if (r.statusCode() == 403) {
            r.body().close();
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "registry " + ref.registry()
                    + " denied access to " + ref.repository() + " (403): check the docker username and its rights");
        }
        if (r.statusCode() != 200) {
            r.body().close();
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "registry " + ref.registry() + " answered "
                    + r.statusCode() + " for " + what);
        }
        return r;
    }

    /**
     * Follows up to 5 redirects itself: registries send blobs to storage (S3, a CDN) with
     * pre-signed URLs, which must not get the registry's credentials (S3 refuses a request with
     * both), so Authorization goes only to the registry's own host.
     */
    private HttpResponse<InputStream> sendFollowing(String url, String accept) throws IOException {
        URI uri = URI.create(url);
        URI registry = URI.create(base);
        for (int hops = 0; ; hops++) {
            boolean own = uri.getScheme().equals(registry.getScheme()) && uri.getHost().equals(registry.getHost())
                    && uri.getPort() == registry.getPort();
            HttpResponse<InputStream> r = send(uri, accept, own);
            int status = r.statusCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return r;
            }
            r.body().close();
            String location = r.headers().firstValue("Location").orElseThrow(() -> new StagingException(
                    StagingException.Reason.BUILD_FAILED, "registry " + ref.registry() + " redirected without a Location"));
            if (hops >= 5) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "registry " + ref.registry()
                        + " redirected more than 5 times for " + url);
            }
            URI next = uri.resolve(location);
            if (!next.getScheme().equals("https") && !(next.getScheme().equals("http") && !base.startsWith("https:"))) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "registry " + ref.registry()
                        + " redirected to " + next.getScheme() + ": only https (http for a loopback registry) is followed");
            }
            uri = next;
        }
    }

    private HttpResponse<InputStream> send(URI url, String accept, boolean withAuth) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10))
                .header("Accept", accept).GET();
        if (authorization != null && withAuth) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pulling " + ref, e);
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "cannot reach registry " + ref.registry()
                    + " (" + e + "): check the image's registry host and port", e);
        }
    }

    private String authenticate(AuthChallenge c) throws IOException {
        Optional<String> basic = credentials.map(cr -> "Basic " + Base64.getEncoder().encodeToString(
                (cr.username() + ":" + cr.password()).getBytes(StandardCharsets.UTF_8)));
        if (c.scheme().equals("basic")) {
            return basic.orElseThrow(() -> new StagingException(StagingException.Reason.BUILD_FAILED,
                    "registry " + ref.registry() + " needs credentials for " + ref.repository()
                            + ": give a docker username and password"));
        }
        String realm = c.param("realm").orElseThrow(() -> new StagingException(StagingException.Reason.BUILD_FAILED,
                "registry " + ref.registry() + " asked for a Bearer token without a realm"));
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        c.param("service").ifPresent(s -> url.append("service=").append(enc(s)).append('&'));
        url.append("scope=").append(enc(c.param("scope").orElse("repository:" + ref.repository() + ":pull")));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(30)).GET();
        basic.ifPresent(v -> b.header("Authorization", v));
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "cannot reach the token server " + realm
                    + " of registry " + ref.registry() + " (" + e + ")", e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, credentials.isPresent()
                    ? "registry " + ref.registry() + " refused the credentials of '" + credentials.get().username()
                    + "': check the docker username and password"
                    : "registry " + ref.registry() + " needs credentials for " + ref.repository()
                    + ": give a docker username and password");
        }
        if (r.statusCode() != 200) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the token server " + realm + " answered "
                    + r.statusCode());
        }
        JsonNode t = json(r.body());
        String token = t.path("token").asText(t.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the token server " + realm + " sent no token");
        }
        return "Bearer " + token;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void verify(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the " + what + " of " + ref
                    + " does not match its digest " + expected + " (got " + actual + ")");
        }
    }

    private static String mediaType(HttpResponse<?> r, byte[] body) {
        JsonNode n = json(body);
        String t = n.path("mediaType").asText("");
        if (t.isEmpty()) {
            t = r.headers().firstValue("Content-Type").orElse("");
            int semi = t.indexOf(';');
            t = semi >= 0 ? t.substring(0, semi).strip() : t;
        }
        if (t.isEmpty() || t.equals("application/json")) {
            t = n.has("manifests") ? OciImage.OCI_INDEX : OciImage.OCI_MANIFEST;
        }
        return t;
    }

    private static JsonNode json(byte[] body) {
        try {
            return OciImage.JSON.readTree(body);
        } catch (IOException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "the registry sent a manifest that is not JSON", e);
        }
    }

    private byte[] readLimited(InputStream in) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (b.length > MAX_MANIFEST_BYTES) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "the manifest of " + ref + " is over 4 MiB");
            }
            return b;
        }
    }

    /** A staging line every {@value #PROGRESS_SECONDS} s while a blob downloads: bytes so far of the declared size. */
    static final int PROGRESS_SECONDS = 5;

    private static final class Progress extends java.io.FilterInputStream {
        private final String what;
        private final long size;
        private final StagingListener out;
        private long bytes;
        private long next = System.nanoTime() + PROGRESS_SECONDS * 1_000_000_000L;

        Progress(InputStream in, String what, long size, StagingListener out) {
            super(in);
            this.what = what;
            this.size = size;
            this.out = out;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                bytes += n;
                long now = System.nanoTime();
                if (now >= next) {
                    next = now + PROGRESS_SECONDS * 1_000_000_000L;
                    out.line("       " + what + ": " + Sizes.human(bytes) + (size > 0 ? " of " + Sizes.human(size)
                            + " (" + bytes * 100 / size + " %)" : ""));
                }
            }
            return n;
        }
    }
}
