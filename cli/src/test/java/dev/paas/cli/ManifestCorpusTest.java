package dev.paas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.cli.core.InputException;
import dev.paas.cli.core.PushFlags;
import dev.paas.cli.core.PushPlan;
import dev.paas.cli.core.PushPlanner;
import dev.paas.pushrules.Manifest;
import dev.paas.pushrules.ManifestException;
import dev.paas.pushrules.ManifestReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manifests in the shapes found in public repositories ({@code src/test/resources/manifest-corpus}),
 * each planned as {@code paas push -f} plans it, with nothing sent: either the plan its first line
 * expects ({@code # expect: NAME RUNTIME MEMORY/DISK xINSTANCES ROUTES [+TYPE MEMORY/DISK xINSTANCES HEALTH...] | next app ...}) or the
 * refusal, word for word ({@code # refused: ...}). {@code # vars: k=v,...} gives {@code ((vars))}.
 * e2e's {@code ManifestCorpusE2ETest} pushes a corpus of the same shapes end to end in VMs.
 */
class ManifestCorpusTest {

    static Stream<Path> manifests() throws Exception {
        Path dir = Path.of(ManifestCorpusTest.class.getResource("/manifest-corpus").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void eachIsPlannedOrRefusedBeforeAnythingIsSent(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, String> header = new LinkedHashMap<>();
        text.lines().takeWhile(l -> l.startsWith("# ")).forEach(l -> {
            int colon = l.indexOf(':');
            header.put(l.substring(2, colon), l.substring(colon + 1).strip());
        });
        Map<String, String> vars = new LinkedHashMap<>();
        if (header.containsKey("vars")) {
            Arrays.stream(header.get("vars").split(",")).map(kv -> kv.split("=", 2)).forEach(kv -> vars.put(kv[0], kv[1]));
        }
        // Every path exists: the corpus is about the manifest's rules, not the files next to it.
        PushPlanner planner = new PushPlanner((base, p) -> Optional.of("/src/" + p), "localhost", "brave-otter");
        List<String> warnings = new ArrayList<>();
        if (header.containsKey("refused")) {
            assertThatThrownBy(() -> plan(planner, text, vars, warnings)).as(file.getFileName().toString())
                    .satisfies(e -> assertThat(problems(e)).containsExactly(header.get("refused")));
            return;
        }
        List<PushPlan> plans = plan(planner, text, vars, warnings);
        assertThat(plans.stream().map(ManifestCorpusTest::summary).collect(Collectors.joining(" | ")))
                .as(file.getFileName().toString()).isEqualTo(header.get("expect"));
    }

    private static List<PushPlan> plan(PushPlanner planner, String text, Map<String, String> vars, List<String> warnings) {
        Manifest m = ManifestReader.read("manifest.yml", "/src", text, vars, v -> "pass --var " + v + "=VALUE");
        return planner.plan(m, null, PushFlags.none(), warnings);
    }

    private static List<String> problems(Throwable e) {
        if (e instanceof ManifestException me) {
            return me.problems();
        }
        return ((InputException) e).problems();
    }

    /** {@code NAME RUNTIME MEMORY/DISK xINSTANCES ROUTES} (RUNTIME {@code docker:IMAGE} for an image), with the API's defaults for what is not set. */
    private static String summary(PushPlan p) {
        String routes = p.routes().isEmpty() ? "-" : p.routes().stream().map(Object::toString).collect(Collectors.joining(" "));
        String runtime = p.docker() != null ? "docker:" + p.docker().image() + (p.docker().username() == null ? "" : " as " + p.docker().username())
                : p.buildpacks().isEmpty() ? "detect" : p.buildpacks().get(0);
        return p.name() + " " + runtime + " "
                + (p.memory() == null ? "256M" : p.memory()) + "/" + (p.diskQuota() == null ? "-" : p.diskQuota())
                + " x" + (p.instances() == null ? 1 : p.instances()) + " " + routes
                + p.processes().stream().map(ManifestCorpusTest::summary).collect(Collectors.joining());
    }

    /** {@code +TYPE MEMORY/DISK xINSTANCES HEALTH}: a process type other than web (no routes). */
    private static String summary(PushPlan.ProcessPlan p) {
        var r = p.request();
        return " +" + p.type() + " " + (r.memory() == null ? "256M" : r.memory()) + "/" + (r.disk() == null ? "-" : r.disk())
                + " x" + (r.instances() == null ? 1 : r.instances()) + " "
                + (r.healthCheck() == null || r.healthCheck().type() == null ? "process"
                        : r.healthCheck().type().name().toLowerCase(java.util.Locale.ROOT));
    }
}
