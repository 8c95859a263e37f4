package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.StagingListener;
import dev.paas.imagefactory.core.AppFile;
import dev.paas.imagefactory.core.Detection;
import dev.paas.kernel.api.GuestArtifacts;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One buildpack's build step: from the unpacked app to a root filesystem and a launch spec. */
interface Buildpack {

    /**
     * Everything a build step may read.
     *
     * @param rootOnDisk the image's files go to a read-only root disk, not into guest RAM (the
     *                   factory's {@code rootDiskAbove(0)}): no check that they fit in memory
     */
    record Context(BuildRequest request, Path appDir, List<AppFile> files, Detection detection,
                   GuestArtifacts guest, GuestBase base, Path cacheDir, Path jdkHome, StagingListener out,
                   boolean rootOnDisk) {

        /** The root filesystem to start from: the init, /etc, and the shell if the command needs one. */
        Rootfs rootfs() throws IOException {
            return base.rootfs(guest.init(), request.command(), out);
        }
    }

    /**
     * @param rootfs      the guest's files, the launch spec included
     * @param spec        the launch spec
     * @param javaModules the JRE's modules (java), else empty
     * @param libraries   host libraries copied in, by image path
     */
    record Built(Rootfs rootfs, LaunchSpec spec, List<String> javaModules, List<String> libraries) {}

    Built build(Context ctx) throws IOException;

    /** The app's directory in the guest. */
    String APP_DIR = LaunchSpec.DEFAULT_DIR;
}
