package dev.paas.imagefactory.cli;

import dev.paas.imagefactory.api.BuildRequest;
import dev.paas.imagefactory.api.BuildResult;
import dev.paas.imagefactory.api.DockerImage;
import dev.paas.imagefactory.api.ImageFactory;
import dev.paas.imagefactory.api.ImageMetadata;
import dev.paas.imagefactory.api.InitramfsCompression;
import dev.paas.imagefactory.api.KernelFormat;
import dev.paas.imagefactory.api.Phase;
import dev.paas.imagefactory.api.RegistryCredentials;
import dev.paas.imagefactory.api.StagingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code image-factory build PATH --out DIR [--memory 256M] [--command ...]}. */
@Command(name = "image-factory", mixinStandardHelpOptions = true, subcommands = Main.Build.class,
        description = "Turns an app package into a bootable paas image (kernel + initramfs).")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: build");
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Stage PATH (zip, jar, executable or directory) into an image stored under --out by digest.")
    static final class Build implements Callable<Integer> {

        @Parameters(paramLabel = "PATH", arity = "0..1",
                description = "the package: zip, jar, one executable, a directory, or a docker save / OCI-layout tarball")
        Path path;

        @Option(names = "--docker-image", paramLabel = "REF", description = "pull [registry/]name[:tag][@digest] instead of PATH")
        String dockerImage;

        @Option(names = "--docker-username", paramLabel = "USER",
                description = "registry user; the password is read from $PAAS_DOCKER_PASSWORD")
        String dockerUsername;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "image store directory")
        Path out;

        @Option(names = "--memory", defaultValue = "256M", description = "instance memory (default ${DEFAULT-VALUE})")
        String memory;

        @Option(names = "--command", description = "the app's own start command")
        String command;

        @Option(names = {"-b", "--buildpack"}, description = "java, native, static, go, node or python (default: detect)")
        String buildpack;

        @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "environment variable (repeatable)")
        Map<String, String> env = new LinkedHashMap<>();

        @Option(names = "--kernel", defaultValue = "BZIMAGE",
                description = "kernel form in the image: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        KernelFormat kernel;

        @Option(names = "--compression", defaultValue = "GZIP",
                description = "initramfs: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        InitramfsCompression compression;

        @Option(names = "--cache", paramLabel = "DIR", description = "cache root (default ~/.cache/paas)")
        Path cache;

        /** 1 TiB: far above any image (the unpack limit is 1 GiB of files). */
        static final long MAX_ROOT_DISK_ABOVE_MIB = 1L << 20;

        @Option(names = "--root-disk-above", paramLabel = "MIB",
                description = "a docker image with more MiB of files gets a read-only root disk (erofs) instead of "
                        + "an initramfs; 0: every image (default 64)")
        Long rootDiskAboveMib;

        @Override
        public Integer call() {
            ImageFactory.Builder b = ImageFactory.builder().store(ImageFactory.fileStore(out)).kernelFormat(kernel)
                    .compression(compression);
            if (cache != null) {
                b.cacheDir(cache);
            }
            try {
                if (rootDiskAboveMib != null) {
                    if (rootDiskAboveMib < 0 || rootDiskAboveMib > MAX_ROOT_DISK_ABOVE_MIB) {
                        throw new StagingException(StagingException.Reason.INVALID_REQUEST, "--root-disk-above must be between 0 and "
                                + MAX_ROOT_DISK_ABOVE_MIB + " MiB, got " + rootDiskAboveMib);
                    }
                    b.rootDiskAbove(rootDiskAboveMib << 20);
                }
                if ((path == null) == (dockerImage == null)) {
                    throw new StagingException(StagingException.Reason.INVALID_REQUEST,
                            "give either PATH or --docker-image, not both and not neither");
                }
                BuildRequest req = (dockerImage != null
                        ? BuildRequest.ofDockerImage(new DockerImage(dockerImage, Optional.ofNullable(dockerUsername)
                                .map(u -> new RegistryCredentials(u, Optional.ofNullable(System.getenv("PAAS_DOCKER_PASSWORD"))
                                        .orElseThrow(() -> new StagingException(StagingException.Reason.INVALID_REQUEST,
                                                "--docker-username needs the password in $PAAS_DOCKER_PASSWORD"))))))
                        : BuildRequest.of(path.toAbsolutePath()))
                        .withMemory(memory).withCommand(command).withEnv(env).withBuildpack(buildpack);
                BuildResult r = b.build().build(req, line -> System.err.println(line));
                ImageMetadata m = r.image().metadata();
                System.out.println("digest     " + r.digest());
                System.out.println("runtime    " + m.runtime());
                System.out.println("kernel     " + r.image().kernel() + " " + m.kernel().bytes());
                System.out.println("initramfs  " + r.image().initramfs() + " " + m.initramfs().bytes());
                r.image().rootDisk().ifPresent(d -> System.out.println("rootdisk   " + d + " " + m.rootDisk().bytes()));
                System.out.println("total      " + m.totalBytes());
                System.out.println("rootfs     " + m.sizes().rootfs() + " (app " + m.sizes().app() + ", runtime "
                        + m.sizes().runtime() + ", libraries " + m.sizes().libraries() + ")");
                StringBuilder phases = new StringBuilder();
                for (Phase p : Phase.values()) {
                    if (r.phases().containsKey(p)) {
                        phases.append(p.name().toLowerCase()).append('=').append(r.phases().get(p).toMillis()).append("ms ");
                    }
                }
                System.out.println("phases     " + phases.toString().strip());
                return 0;
            } catch (StagingException e) {
                System.err.println("image-factory: " + e.reason().name().toLowerCase().replace('_', '-') + ": "
                        + e.getMessage());
                return e.reason() == StagingException.Reason.INVALID_REQUEST ? 2 : 1;
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
