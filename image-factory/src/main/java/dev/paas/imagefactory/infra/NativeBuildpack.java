package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.ElfInfo;
import dev.paas.imagefactory.core.RootfsRam;
import dev.paas.imagefactory.core.Sizes;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * native: the app directory at {@code /app}; a dynamically linked executable gets its loader and
 * its shared libraries (the closure, resolved like the loader would) from the build host. The
 * command is the executable unless the app sets its own.
 */
final class NativeBuildpack implements Buildpack {

    @Override
    public Built build(Context ctx) throws IOException {
        Rootfs fs = ctx.rootfs();
        fs.tree(ctx.appDir(), APP_DIR, Rootfs.Part.APP);
        String target = ctx.detection().target();
        boolean dynamic;
        if (target.isEmpty()) {
            // binary_buildpack with a start command and no executable to name: the command says what runs.
            dynamic = true;
        } else {
            ElfInfo elf = ElfFiles.read(ctx.appDir().resolve(target)).orElseThrow(() -> new StagingException(
                    StagingException.Reason.BUILD_FAILED, target + " is not a readable x86-64 ELF file"));
            dynamic = elf.isDynamic();
        }
        Map<Path, String> elves = LibraryResolver.elfFilesUnder(ctx.appDir(), APP_DIR);
        List<String> libraries = dynamic && !elves.isEmpty() ? hostLibraries(fs, elves, ctx.appDir(), ctx) : List.of();
        String command = ctx.request().command().orElse(APP_DIR + "/" + target);
        LaunchSpec spec = LaunchSpec.of(command, APP_DIR, ctx.request().port(), LaunchSpec.DEFAULT_GRACE_SECONDS,
                Map.of());  // the app's env reaches each instance at launch, never the image
        spec = fs.launch(spec);
        return new Built(fs, spec, List.of(), libraries);
    }

    /**
     * Adds the host libraries that ELF files of the app need (resolved as the loader would) and
     * returns their image paths; a library missing on the host fails the build. Shared with the
     * buildpacks whose result is a native program (go).
     */
    static List<String> hostLibraries(Rootfs fs, Map<Path, String> roots, Path appDir, Context ctx) throws IOException {
        LibraryResolver.Closure closure = LibraryResolver.forHost().resolve(roots, Map.of(appDir, APP_DIR));
        if (!closure.missing().isEmpty()) {
            throw new StagingException(StagingException.Reason.BUILD_FAILED,
                    "shared libraries not found on the build host: " + String.join(", ", closure.missing())
                            + " (bundle them in the package next to the executable, with RUNPATH $ORIGIN)");
        }
        List<String> libraries = new ArrayList<>();
        for (LibraryResolver.HostLibrary lib : closure.libraries()) {
            fs.library(lib.imagePath(), lib.hostFile());
            libraries.add(lib.imagePath());
        }
        ctx.out().line("       " + libraries.size() + " shared libraries from the host ("
                + Sizes.human(fs.sizes().get(Rootfs.Part.LIBRARIES)) + "): " + String.join(" ", libraries));
        return libraries;
    }

    /**
     * Fails staging when the image's root would not fit in the VM's memory ({@link RootfsRam}):
     * a clear refusal now instead of a guest whose initramfs cannot unpack. Not for an image whose
     * files go to a root disk: they never take guest RAM.
     */
    static void checkRam(String runtime, Rootfs fs, Context ctx) {
        if (ctx.rootOnDisk()) {
            return;
        }
        long files = fs.nodes().values().stream().filter(n -> !(n instanceof Rootfs.Dir)).count();
        RootfsRam.check(runtime, fs.totalBytes(), files, ctx.request().memoryMib());
    }
}
