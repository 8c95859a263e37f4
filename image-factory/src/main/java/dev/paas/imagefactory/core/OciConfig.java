package dev.paas.imagefactory.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What paas reads from an OCI image config's {@code config} object.
 *
 * @param entrypoint   {@code Entrypoint}, possibly empty
 * @param cmd          {@code Cmd}, possibly empty
 * @param env          {@code Env}: {@code NAME=VALUE} strings, in order
 * @param workingDir   {@code WorkingDir}, empty for {@code /}
 * @param user         {@code User}: empty, {@code name}, {@code uid}, {@code name:group}, {@code uid:gid}
 * @param exposedPorts the keys of {@code ExposedPorts} ({@code 8080/tcp}, {@code 53/udp}, {@code 80})
 * @param os           the image's {@code os}
 * @param architecture the image's {@code architecture}
 */
public record OciConfig(List<String> entrypoint, List<String> cmd, List<String> env, Optional<String> workingDir,
                        Optional<String> user, List<String> exposedPorts, String os, String architecture) {

    public OciConfig {
        entrypoint = List.copyOf(Objects.requireNonNull(entrypoint));
        cmd = List.copyOf(Objects.requireNonNull(cmd));
        env = List.copyOf(Objects.requireNonNull(env));
        exposedPorts = List.copyOf(Objects.requireNonNull(exposedPorts));
        workingDir = workingDir.filter(s -> !s.isBlank());
        user = user.filter(s -> !s.isBlank());
    }
}
