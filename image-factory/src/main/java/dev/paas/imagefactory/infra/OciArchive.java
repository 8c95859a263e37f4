package dev.paas.imagefactory.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.api.UnpackLimits;
import dev.paas.imagefactory.core.LayerPaths;
import dev.paas.imagefactory.core.OciConfig;
import dev.paas.imagefactory.core.Sizes;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A {@code docker save} tarball ({@code manifest.json}, the config, {@code <id>/layer.tar}) or
 * an OCI image layout in a tarball ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}),
 * recognised by its content. Its files are extracted to scratch (within the unpack limits); an
 * OCI layout's blobs must match their names; every layer goes to the blob cache by digest.
 */
final class OciArchive {

    private OciArchive() {}

    /** Whether {@code file} is a tar holding {@code manifest.json} or {@code oci-layout} at its top. */
    static boolean isImageArchive(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] head = in.readNBytes(262);
            if (head.length < 262 || !new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String n = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (n.equals("manifest.json") || n.equals("oci-layout")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static OciImage read(Path file, Path scratch, OciBlobs blobs, UnpackLimits limits, StagingListener out) throws IOException {
        Files.createDirectories(scratch);
        Map<String, Path> files = new HashMap<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (!e.isFile()) {
                    continue;
                }
                String name;
                try {
                    name = LayerPaths.normalise(e.getName()).substring(1);
                } catch (IllegalArgumentException x) {
                    throw new StagingException(StagingException.Reason.UNSAFE_PACKAGE, "the image archive is unsafe: entry "
                            + e.getName() + ": " + x.getMessage());
                }
                total += e.getSize();
                if (total > limits.maxTotalBytes() || files.size() >= limits.maxEntries()) {
                    throw new StagingException(StagingException.Reason.UNSAFE_PACKAGE, "the image archive holds over "
                            + (limits.maxTotalBytes() >> 20) + " MiB or " + limits.maxEntries() + " files");
                }
                Path p = scratch.resolve("f" + files.size());
                try (OutputStream o = Files.newOutputStream(p)) {
                    copyEntry(tar, o);  // not transferTo: the JDK's may bypass the entry's bounds
                }
                files.put(name, p);
            }
        }
        out.line("       " + files.size() + " files, " + Sizes.human(total));
        return files.containsKey("oci-layout") ? ociLayout(file, files, blobs) : dockerSave(file, files, blobs);
    }

    private static OciImage dockerSave(Path file, Map<String, Path> files, OciBlobs blobs) throws IOException {
        JsonNode manifest = json(need(files, "manifest.json"));
        if (!manifest.isArray() || manifest.size() != 1) {
            throw bad("manifest.json must describe exactly one image (docker save one image per tarball), it has "
                    + manifest.size());
        }
        JsonNode m = manifest.get(0);
        byte[] configBytes = Files.readAllBytes(need(files, m.path("Config").asText()));
        OciConfig config = OciImage.config(configBytes);
        List<OciImage.Layer> layers = new ArrayList<>();
        for (JsonNode l : m.path("Layers")) {
            Path p = need(files, l.asText());
            String digest = digestOf(p);
            Path cached = blobs.find(digest).orElse(null);
            if (cached == null) {
                try (InputStream in = Files.newInputStream(p)) {
                    cached = blobs.put(digest, Files.size(p), in, "layer");
                }
            }
            layers.add(new OciImage.Layer(digest, Files.size(cached), cached));
        }
        return new OciImage(file.getFileName().toString(), OciBlobs.digestOf(configBytes), config, layers);
    }

    private static OciImage ociLayout(Path file, Map<String, Path> files, OciBlobs blobs) throws IOException {
        JsonNode node = json(need(files, "index.json"));
        String digest = null;
        for (int depth = 0; depth < 4; depth++) {
            JsonNode ms = node.path("manifests");
            if (!node.has("manifests")) {
                break;
            }
            JsonNode picked = ms.size() == 1 ? ms.get(0) : OciImage.pickAmd64(node, file.getFileName().toString());
            digest = picked.path("digest").asText();
            node = json(blob(files, digest, "manifest", blobs));
        }
        if (digest == null || !node.has("layers")) {
            throw bad("index.json names no image manifest");
        }
        byte[] configBytes = Files.readAllBytes(blob(files, node.path("config").path("digest").asText(), "config", blobs));
        OciConfig config = OciImage.config(configBytes);
        List<OciImage.Layer> layers = new ArrayList<>();
        for (JsonNode l : node.path("layers")) {
            String d = l.path("digest").asText();
            Path p = blob(files, d, "layer", blobs);
            layers.add(new OciImage.Layer(d, Files.size(p), p));
        }
        return new OciImage(file.getFileName().toString(), digest, config, layers);
    }

    /** An OCI layout blob, verified against its name into the blob cache. */
    private static Path blob(Map<String, Path> files, String digest, String what, OciBlobs blobs) throws IOException {
        OciBlobs.checkDigest(digest);
        var cached = blobs.find(digest);
        if (cached.isPresent()) {
            return cached.get();
        }
        Path p = need(files, "blobs/sha256/" + digest.substring("sha256:".length()));
        try (InputStream in = Files.newInputStream(p)) {
            return blobs.put(digest, Files.size(p), in, what);
        }
    }

    private static Path need(Map<String, Path> files, String name) {
        Path p = files.get(name.startsWith("./") ? name.substring(2) : name);
        if (p == null) {
            throw bad("the archive has no " + name);
        }
        return p;
    }

    private static JsonNode json(Path p) throws IOException {
        try {
            return OciImage.JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw bad("a metadata file is not JSON: " + e.getMessage());
        }
    }

    private static String digestOf(Path p) throws IOException {
        MessageDigest sha = OciBlobs.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static StagingException bad(String why) {
        return new StagingException(StagingException.Reason.BUILD_FAILED, "not a usable docker save or OCI layout tarball: "
                + why);
    }

    private static void copyEntry(InputStream entry, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = entry.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
    }
}
