package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.core.BaseFiles;
import dev.paas.imagefactory.core.ShellSyntax;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The standard base of every image, built here and nowhere else: {@code /etc} (users, groups,
 * name service, DNS, MIME types, CA certificates, UTC time zone: {@link BaseFiles}) and, when the
 * start command needs one ({@link ShellSyntax}), a POSIX shell at {@value #SHELL} (Debian's
 * static busybox). Host files are read once per build into memory, so what is packed is what is
 * hashed; their digests go to {@code image.json}. Same host files, same bytes, same digest.
 */
final class GuestBase {

    /** Where the shell goes when the command needs one; busybox runs its {@code sh} applet by this name. */
    static final String SHELL = "/bin/sh";

    private final Map<String, byte[]> files;
    private final Map<String, String> origins;
    private final Path busybox;

    private GuestBase(Map<String, byte[]> files, Map<String, String> origins, Path busybox) {
        this.files = files;
        this.origins = origins;
        this.busybox = busybox;
    }

    /** Reads the build host's files ({@link BaseFiles#HOST_FILES}); a missing one is left out with a warning. */
    static GuestBase fromHost(StagingListener out) throws IOException {
        return from(Path.of("/"), out);
    }

    /** As {@link #fromHost} with the host's files under {@code root} (tests). */
    static GuestBase from(Path root, StagingListener out) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        BaseFiles.generated().forEach((path, text) -> {
            files.put(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            origins.put(path, "generated");
        });
        for (BaseFiles.HostFile f : BaseFiles.HOST_FILES) {
            Path source = root.resolve(f.hostPath().substring(1));
            if (Files.isRegularFile(source)) {
                files.put(f.imagePath(), Files.readAllBytes(source));
                origins.put(f.imagePath(), f.debianPackage());
            } else {
                out.line("       warning: " + f.hostPath() + " not found on the build host, the image has no "
                        + f.imagePath() + " (apt-get install " + f.debianPackage() + ")");
            }
        }
        return new GuestBase(files, origins, root.resolve(BaseFiles.BUSYBOX.substring(1)));
    }

    /**
     * The root filesystem every buildpack starts from: {@link Rootfs#base}, the {@code /etc}
     * files, the app user's home, and the shell when {@code userCommand} needs one.
     */
    Rootfs rootfs(Path init, Optional<String> userCommand, StagingListener out) throws IOException {
        Rootfs fs = Rootfs.base(init);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            fs.bytes(f.getKey(), f.getValue(), false, Rootfs.Part.BASE);
        }
        fs.dir("/root");
        fs.dir(BaseFiles.APP_USER.home());
        Optional<String> why = userCommand.flatMap(ShellSyntax::needsShell);
        if (why.isPresent()) {
            if (!Files.isRegularFile(busybox)) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED, "the command needs a shell (it uses "
                        + why.get() + ") and " + BaseFiles.BUSYBOX + " is missing on the build host: apt-get install "
                        + BaseFiles.BUSYBOX_PACKAGE);
            }
            fs.bytes(SHELL, Files.readAllBytes(busybox), true, Rootfs.Part.BASE);
            out.line("       the command uses " + why.get() + ": " + SHELL + " (busybox, "
                    + Sizes.human(Files.size(busybox)) + ") runs it as sh -c");
        }
        return fs;
    }

    /**
     * The base under an OCI image's own files ({@code fs}): the init always (an image's
     * {@code /init} is replaced), everything else of {@link #rootfs} only where the image has
     * nothing at that path and no non-directory above it, so the image's {@code /etc/passwd},
     * certificates or shell win.
     *
     * @return the base paths the image already had (staging output)
     */
    List<String> under(Rootfs fs, Path init, Optional<String> userCommand, StagingListener out) throws IOException {
        Rootfs base = rootfs(init, userCommand, out);
        List<String> kept = new ArrayList<>();
        fs.remove(LaunchSpec.INIT_PATH_IN_INITRAMFS);
        for (Map.Entry<String, Rootfs.Node> e : base.nodes().entrySet()) {
            String path = e.getKey();
            Rootfs.Node node = e.getValue();
            if (fs.contains(path)) {
                if (!(node instanceof Rootfs.Dir)) {
                    kept.add(path);
                }
                continue;
            }
            if (blockedByImage(fs, path)) {
                kept.add(path);
                continue;
            }
            if (node instanceof Rootfs.Dir) {
                fs.dir(path);
            } else if (node instanceof Rootfs.Bytes b) {
                fs.bytes(path, b.data(), b.executable(), b.part());
            } else if (node instanceof Rootfs.HostFile h) {
                fs.hostFile(path, h.source(), h.executable(), h.part());
            } else if (node instanceof Rootfs.Symlink l) {
                fs.symlink(path, l.target(), l.part());
            } else if (node instanceof Rootfs.CharDevice c) {
                fs.charDevice(path, c);
            }
        }
        return kept;
    }

    private static boolean blockedByImage(Rootfs fs, String path) {
        for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
            Rootfs.Node n = fs.node(path.substring(0, i));
            if (n != null && !Rootfs.isDir(n)) {
                return true;
            }
        }
        return false;
    }

    /** The spec the init gets: {@code shell} when the image holds the shell and the command needs it. */
    static LaunchSpec finish(Rootfs fs, LaunchSpec spec) {
        if (fs.contains(SHELL) && ShellSyntax.needsShell(spec.command()).isPresent()) {
            return spec.withShell(SHELL);
        }
        return spec;
    }

    /** What {@code image.json} records: every base file in {@code fs}, sorted by path. */
    static List<ImageMetadata.BaseFile> recorded(Rootfs fs, Map<String, String> origins) {
        List<ImageMetadata.BaseFile> out = new ArrayList<>();
        fs.nodes().forEach((path, node) -> {
            if (node instanceof Rootfs.Bytes b && b.part() == Rootfs.Part.BASE) {
                out.add(new ImageMetadata.BaseFile(path, HexFormat.of().formatHex(sha256(b.data())), b.data().length,
                        path.equals(SHELL) ? BaseFiles.BUSYBOX_PACKAGE : origins.getOrDefault(path, "generated")));
            }
        });
        return out;
    }

    Map<String, String> origins() {
        return origins;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
