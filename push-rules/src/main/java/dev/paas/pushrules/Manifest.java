package dev.paas.pushrules;

import java.util.List;
import java.util.Optional;

/**
 * A Cloud Foundry {@code manifest.yml}, read.
 *
 * @param source   the name used in messages, e.g. {@code manifest.yml}
 * @param dir      the directory the manifest is in: relative {@code path}s start there (null: none)
 * @param warnings attributes that were ignored (unknown or unsupported) or are deprecated, each with its location
 */
public record Manifest(String source, String dir, List<AppManifest> applications, List<String> warnings) {

    public Manifest {
        applications = List.copyOf(applications);
        warnings = List.copyOf(warnings);
    }

    public Optional<AppManifest> find(String name) {
        return applications.stream().filter(a -> name.equals(a.name())).findFirst();
    }
}
