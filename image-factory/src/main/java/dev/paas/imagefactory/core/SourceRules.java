package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.AppRuntime;

import java.util.List;
import java.util.Optional;

/**
 * Detection of the runtimes built from source, by the marker files Cloud Foundry's buildpacks
 * look for at the top of the app: {@code go.mod} (go), {@code package.json} (nodejs),
 * {@code requirements.txt}, {@code Pipfile.lock} or {@code pyproject.toml} (python).
 */
public final class SourceRules {

    public static final String GO_LOOKS_FOR = "go.mod at the top of the package (a Go module)";
    public static final String NODE_LOOKS_FOR = "package.json at the top of the package";
    public static final String PYTHON_LOOKS_FOR = "requirements.txt, Pipfile.lock or pyproject.toml at the top of the package";

    static final List<String> PYTHON_MARKERS = List.of("requirements.txt", "Pipfile.lock", "pyproject.toml");

    private SourceRules() {}

    static Optional<Detection> go(List<AppFile> files) {
        return marker(files, "go.mod", AppRuntime.GO);
    }

    static Optional<Detection> node(List<AppFile> files) {
        return marker(files, "package.json", AppRuntime.NODE);
    }

    static Optional<Detection> python(List<AppFile> files) {
        for (String m : PYTHON_MARKERS) {
            Optional<Detection> d = marker(files, m, AppRuntime.PYTHON);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static Optional<Detection> marker(List<AppFile> files, String name, AppRuntime runtime) {
        return files.stream()
                .filter(f -> f.kind() == AppFile.Kind.FILE && f.path().equals(name))
                .findFirst()
                .map(f -> new Detection(runtime, "", name + " found"));
    }
}
