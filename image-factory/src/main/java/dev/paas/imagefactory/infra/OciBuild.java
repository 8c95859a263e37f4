package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.api.UnpackLimits;
import dev.paas.imagefactory.core.OciLaunch;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI image to the guest's root filesystem and launch spec: the layers flattened
 * ({@link LayerFlattener}), the image's files with their modes and owners, paas's init and the
 * standard base only where the image lacks it ({@link GuestBase#under}), and the launch spec from
 * the image config ({@link OciLaunch}).
 */
final class OciBuild {

    private OciBuild() {}

    static Buildpack.Built build(OciImage image, BuildRequest request, Path init, GuestBase base, UnpackLimits limits,
                                 Path scratch, StagingListener out) throws IOException {
        out.line("-----> Flattening " + image.layers().size() + " layers");
        LayerFlattener.Flattened flat = new LayerFlattener(limits, scratch).flatten(image.layers());
        out.line("       " + flat.entries().size() + " paths, " + Sizes.human(flat.bytes()) + " of files in the layers"
                + (flat.skippedSpecial() > 0 ? ", " + flat.skippedSpecial() + " device files skipped (devtmpfs provides /dev)" : ""));
        Rootfs fs = new Rootfs();
        for (Map.Entry<String, LayerFlattener.Entry> e : flat.entries().entrySet()) {
            LayerFlattener.Entry x = e.getValue();
            fs.image(e.getKey(), new Rootfs.ImageEntry(x.mode(), (int) Math.min(x.uid(), Integer.MAX_VALUE),
                    (int) Math.min(x.gid(), Integer.MAX_VALUE), x.content(), x.size(), x.link(), x.origin()));
        }
        List<String> kept = base.under(fs, init, request.command(), out);
        if (!kept.isEmpty()) {
            out.line("       the image's own " + String.join(" ", kept) + " kept");
        }
        LaunchSpec spec;
        try {
            spec = OciLaunch.spec(image.config(), request.command(), Map.of(), request.port(),
                    text(flat, "/etc/passwd"), text(flat, "/etc/group"));
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED, "image " + image.name() + ": " + e.getMessage(), e);
        }
        out.line("       user " + spec.user().name() + " (" + spec.user().uid() + ":" + spec.user().gid() + "), dir "
                + spec.dir() + ", port " + spec.port()
                + (OciLaunch.port(image.config().exposedPorts()).isPresent() ? " (exposed by the image)" : " ($PORT)"));
        spec = fs.launch(spec);
        return new Buildpack.Built(fs, spec, List.of(), List.of());
    }

    private static Optional<String> text(LayerFlattener.Flattened flat, String path) throws IOException {
        LayerFlattener.Entry e = flat.entries().get(path);
        if (e == null || e.content() == null || e.size() > (1 << 20)) {
            return Optional.empty();
        }
        return Optional.of(new String(Files.readAllBytes(e.content()), StandardCharsets.UTF_8));
    }
}
