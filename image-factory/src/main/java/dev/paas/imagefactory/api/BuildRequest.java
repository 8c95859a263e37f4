package dev.paas.imagefactory.api;

import dev.paas.pushrules.Buildpacks;
import dev.paas.pushrules.ByteSize;
import dev.paas.kernel.api.LaunchSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One staging request: the uploaded package and the app's settings. Validated on construction;
 * build one with {@link #of(Path)} and the {@code with...} copies.
 *
 * @param source    the package: a zip (or jar), one executable file, or a directory
 * @param command   the app's own start command (Cloud Foundry's {@code command}); empty means
 *                  the buildpack's default. Split by the guest init without a shell.
 * @param env       the app's environment, in order; {@code PORT} is set by the init. Seen by the build
 *                  only (buildpack settings such as {@code GOPROXY}); never written into the image:
 *                  each instance receives its env at launch (kernel's {@code InstanceEnv})
 * @param memoryMib the instance memory: the VM's RAM, and what the Java heap is sized from
 * @param buildpack an explicit buildpack (manifest {@code buildpacks}); empty means detect
 * @param port      the port the app listens on in the guest (exported as {@code PORT}); a docker
 *                  image's first exposed TCP port wins over it
 * @param dockerImage an image to pull instead of a package ({@link #ofDockerImage}); then
 *                  {@code source} is unused
 */
public record BuildRequest(Path source, Optional<String> command, Map<String, String> env, int memoryMib,
                           Optional<AppRuntime> buildpack, int port, Optional<DockerImage> dockerImage) {

    public static final int DEFAULT_MEMORY_MIB = 256;
    public static final int MIN_MEMORY_MIB = 32;
    public static final int MAX_MEMORY_MIB = 64 * 1024;

    public BuildRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(buildpack, "buildpack");
        Objects.requireNonNull(dockerImage, "dockerImage");
        if (memoryMib < MIN_MEMORY_MIB || memoryMib > MAX_MEMORY_MIB) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, "memory must be between "
                    + MIN_MEMORY_MIB + "M and " + MAX_MEMORY_MIB + "M, got " + memoryMib + "M");
        }
        if (command.isPresent() && command.get().isBlank()) {
            command = Optional.empty();
        }
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        try {
            // The launch spec's own checks (env names, PORT, control characters, size) run now,
            // so a bad request fails before any work is done.
            LaunchSpec.of(command.orElse("true"), LaunchSpec.DEFAULT_DIR, port, LaunchSpec.DEFAULT_GRACE_SECONDS, env);
        } catch (IllegalArgumentException e) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, e.getMessage(), e);
        }
    }

    /** Defaults: detect the buildpack, the buildpack's command, no env, 256 MiB, port 8080. */
    public static BuildRequest of(Path source) {
        return new BuildRequest(source, Optional.empty(), Map.of(), DEFAULT_MEMORY_MIB, Optional.empty(),
                LaunchSpec.DEFAULT_PORT, Optional.empty());
    }

    /**
     * Pull {@code image} instead of staging a package (Cloud Foundry's {@code --docker-image}).
     * Its config gives the command, env, working dir, user and port; {@link #withCommand} and
     * {@link #withEnv} override and extend them. A {@code docker save} or OCI-layout tarball
     * is staged with {@link #of(Path)}: it is recognised by its content.
     */
    public static BuildRequest ofDockerImage(DockerImage image) {
        return of(Path.of("docker-image")).withDockerImage(image);
    }

    public BuildRequest withDockerImage(DockerImage v) {
        return new BuildRequest(source, command, env, memoryMib, buildpack, port, Optional.ofNullable(v));
    }

    public BuildRequest withCommand(String v) {
        return new BuildRequest(source, Optional.ofNullable(v), env, memoryMib, buildpack, port, dockerImage);
    }

    public BuildRequest withEnv(Map<String, String> v) {
        return new BuildRequest(source, command, v, memoryMib, buildpack, port, dockerImage);
    }

    public BuildRequest withMemoryMib(int v) {
        return new BuildRequest(source, command, env, v, buildpack, port, dockerImage);
    }

    /**
     * Memory as Cloud Foundry writes it: {@code 256M}, {@code 1G}, {@code 512MB}, read by the shared
     * push rules; the range is {@link #withMemoryMib}'s.
     */
    public BuildRequest withMemory(String v) {
        ByteSize.Result r = ByteSize.parse(v, 1, Integer.MAX_VALUE / 1024);
        return withMemoryMib(r.size().orElseThrow(() -> new StagingException(StagingException.Reason.INVALID_REQUEST,
                "memory: " + r.error())).megabytes());
    }

    public BuildRequest withBuildpack(AppRuntime v) {
        return new BuildRequest(source, command, env, memoryMib, Optional.ofNullable(v), port, dockerImage);
    }

    /** By manifest name ({@code java}, {@code java_buildpack}, {@code staticfile_buildpack}...). */
    public BuildRequest withBuildpack(String name) {
        if (name == null || name.isBlank()) {
            return withBuildpack((AppRuntime) null);
        }
        Buildpacks.Result r = Buildpacks.resolve(name);
        if (r.error() != null) {
            throw new StagingException(StagingException.Reason.INVALID_REQUEST, "buildpack: " + r.error());
        }
        return withBuildpack(r.runtime().map(id -> AppRuntime.valueOf(id.toUpperCase(java.util.Locale.ROOT))).orElse(null));
    }

    public BuildRequest withPort(int v) {
        return new BuildRequest(source, command, env, memoryMib, buildpack, v, dockerImage);
    }
}
