package dev.paas.pushrules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Buildpack names as Cloud Foundry spells them, mapped to paas's runtimes ({@code java},
 * {@code native}, {@code static}, {@code node}, {@code python}, {@code go}): the system names
 * ({@code java_buildpack}, {@code staticfile_buildpack}, {@code binary_buildpack},
 * {@code nodejs_buildpack}, {@code python_buildpack}, {@code go_buildpack}), their offline and vendor forks
 * ({@code java_buildpack_offline}, {@code sap_java_buildpack}), their git and zip URLs
 * ({@code https://github.com/cloudfoundry/java-buildpack.git#v4.x},
 * {@code .../releases/download/v4.77.0/java-buildpack-v4.77.0.zip}) and paas's own names. A
 * Cloud Foundry buildpack paas has no runtime for yet (ruby, php, dotnet_core...) is refused with the
 * list of what exists; {@code null}, {@code default} or nothing means: detect from the bits.
 */
public final class Buildpacks {

    /** paas's runtimes, as the build API and the image factory name them. */
    public static final List<String> RUNTIMES = List.of("java", "native", "static", "node", "python", "go");

    /** What a refusal lists: Cloud Foundry's names of what exists here, then ours. */
    public static final String AVAILABLE = "java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, "
            + "python_buildpack, go_buildpack (or paas's java, static, native, node, python, go)";

    /** Cloud Foundry's buildpack families (the word before {@code _buildpack}) and our runtime for each. */
    private static final Map<String, String> FAMILIES = Map.of("java", "java", "staticfile", "static", "binary", "native",
            "nodejs", "node", "python", "python", "go", "go");
    /** Cloud Foundry's system buildpacks that paas has no runtime for yet. */
    private static final Set<String> NOT_YET = Set.of("ruby", "php", "dotnet_core", "nginx", "r", "hwc");
    private static final Set<String> DETECT = Set.of("", "null", "default");
    /** {@code [vendor_]family_buildpack[_suffix]}, e.g. sap_java_buildpack, java_buildpack_offline. */
    private static final Pattern CF_NAME = Pattern.compile("(?:[a-z0-9]+_)*?([a-z]+(?:_core)?)_buildpack(?:_[a-z0-9_.]+)?");
    private static final Pattern URL = Pattern.compile("(?i)(https?|git|ssh)://.*|git@.*");

    private Buildpacks() {
    }

    /**
     * Our runtime for one buildpack name, empty when it means "detect", or the reason it is refused
     * (without the field name).
     */
    public static Result resolve(String name) {
        String n = name == null ? "" : name.strip();
        if (DETECT.contains(n.toLowerCase(Locale.ROOT))) {
            return new Result(Optional.empty(), null);
        }
        String key = URL.matcher(n).matches() ? fromUrl(n) : n.toLowerCase(Locale.ROOT).replace('-', '_');
        if (RUNTIMES.contains(key)) {
            return new Result(Optional.of(key), null);
        }
        if (FAMILIES.containsKey(key)) {
            return new Result(Optional.of(FAMILIES.get(key)), null);
        }
        Matcher m = CF_NAME.matcher(key);
        if (m.matches()) {
            String family = m.group(1);
            if (FAMILIES.containsKey(family)) {
                return new Result(Optional.of(FAMILIES.get(family)), null);
            }
            if (NOT_YET.contains(family) || NOT_YET.contains(family.replaceFirst("^.*_", ""))) {
                return refused("'" + Names.abbreviate(n) + "' has no buildpack on paas yet; paas has " + AVAILABLE
                        + "; or leave it out to detect");
            }
        }
        if (NOT_YET.contains(key)) {
            return refused("'" + Names.abbreviate(n) + "' has no buildpack on paas yet; paas has " + AVAILABLE
                    + "; or leave it out to detect");
        }
        return refused("'" + Names.abbreviate(n) + "' is not a buildpack paas knows; use one of " + AVAILABLE
                + ", or leave it out to detect");
    }

    /**
     * The one runtime of a {@code buildpacks:} list: paas stages with one buildpack, so several
     * different ones are refused (the same one twice is fine).
     */
    public static Result resolveAll(List<String> names) {
        List<String> runtimes = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            Result r = resolve(name);
            if (r.error() != null) {
                return r;
            }
            r.runtime().filter(x -> !runtimes.contains(x)).ifPresent(runtimes::add);
        }
        if (runtimes.size() > 1) {
            return refused("paas stages with one buildpack; list one of " + AVAILABLE);
        }
        return new Result(runtimes.stream().findFirst(), null);
    }

    /** The repository or file name of a git or zip URL: {@code .../java-buildpack.git#v4.x} is java_buildpack. */
    private static String fromUrl(String url) {
        String u = url.replaceFirst("#.*$", "").replaceFirst("\\?.*$", "").replaceAll("/+$", "");
        String[] parts = u.split("/");
        String name = parts[parts.length - 1];
        int releases = u.indexOf("/releases/");
        if (releases > 0) {
            String repo = u.substring(0, releases);
            name = repo.substring(repo.lastIndexOf('/') + 1);
        }
        name = name.replaceFirst("(?i)\\.git$", "").replaceFirst("(?i)\\.zip$", "")
                .replaceFirst("(?i)[-_]v?\\d[\\w.+-]*$", "");
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static Result refused(String why) {
        return new Result(Optional.empty(), why);
    }

    /** Either our runtime (empty: detect) or the reason the name is refused. */
    public record Result(Optional<String> runtime, String error) {
    }
}
