package dev.paas.nodeagent.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's state directory (layout in node-agent/README.md):
 * <pre>
 * credential          the node credential (0600)
 * node.json           the join answer without the credential
 * vms/&lt;id&gt;/vm.json    one record per VM, plus its console/stdout/stderr files and sockets
 * images/             the image cache
 * </pre>
 * Files are replaced atomically (write to a temporary file, then rename).
 */
public final class StateDir {

    private final Path root;

    public StateDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
            setMode(this.root, "rwx------");
            Files.createDirectories(vms());
            Files.createDirectories(images());
            Files.createDirectories(snapshots());
            setMode(snapshots(), "rwx------");  // guest memory: the instances' env, secrets included
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + this.root, e);
        }
    }

    public Path root() { return root; }
    public Path vms() { return root.resolve("vms"); }
    public Path images() { return root.resolve("images"); }
    /** Snapshot clones' files (node-agent/README.md, "Snapshot clones"): the agent's only, never served. */
    public Path snapshots() { return root.resolve("snapshots"); }
    public Path vmDir(long instanceId) { return vms().resolve(Long.toString(instanceId)); }

    public Optional<String> credential() throws IOException {
        Path p = root.resolve("credential");
        return Files.exists(p) ? Optional.of(Files.readString(p).strip()) : Optional.empty();
    }

    /** Stores the credential readable by the agent's user only (0600 from creation on). */
    public void storeCredential(String credential) throws IOException {
        Path tmp = root.resolve(".credential.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, credential + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, root.resolve("credential"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void deleteCredential() throws IOException {
        Files.deleteIfExists(root.resolve("credential"));
    }

    public Path nodeFile() {
        return root.resolve("node.json");
    }

    /** Owner-only (0600): state files may hold an instance's env, whose values may be secrets. */
    public static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void writeAtomically(Path target, String text) throws IOException {
        writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void setMode(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing to tighten
        }
    }
}
