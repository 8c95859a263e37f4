package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.api.StagingException;
import dev.paas.imagefactory.core.Detector;
import dev.paas.kernel.api.LaunchSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * static: the app directory at {@code /app}, served by paas-httpd ({@code /paas/bin/paas-httpd},
 * static, built once per host) from {@code /app} or the Staticfile's {@code root:}.
 */
final class StaticBuildpack implements Buildpack {

    static final String SERVER = "/paas/bin/paas-httpd";

    @Override
    public Built build(Context ctx) throws IOException {
        Optional<String> root = Optional.empty();
        Path staticfile = ctx.appDir().resolve("Staticfile");
        if (Files.isRegularFile(staticfile)) {
            root = Detector.staticRoot(Files.readString(staticfile));
            if (root.isPresent() && !Files.isDirectory(ctx.appDir().resolve(root.get()))) {
                throw new StagingException(StagingException.Reason.BUILD_FAILED,
                        "Staticfile root '" + root.get() + "' is not a directory of the package");
            }
        }
        Path server = StaticServer.obtain(ctx.cacheDir());
        Rootfs fs = ctx.rootfs();
        fs.hostFile(SERVER, server, true, Rootfs.Part.RUNTIME);
        fs.tree(ctx.appDir(), APP_DIR, Rootfs.Part.APP);
        String docroot = APP_DIR + root.map(r -> "/" + r).orElse("");
        ctx.out().line("       serving " + docroot + " with paas-httpd (" + Files.size(server) + " bytes, static)");
        String command = ctx.request().command().orElse(SERVER + " " + docroot);
        LaunchSpec spec = LaunchSpec.of(command, APP_DIR, ctx.request().port(), LaunchSpec.DEFAULT_GRACE_SECONDS,
                Map.of());  // the app's env reaches each instance at launch, never the image
        spec = fs.launch(spec);
        return new Built(fs, spec, List.of(), List.of());
    }
}
