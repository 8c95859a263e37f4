package dev.paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.model.HealthCheck;
import dev.paas.model.HealthCheckType;
import dev.paas.pushrules.Manifest;
import dev.paas.pushrules.ManifestException;
import dev.paas.pushrules.ManifestReader;
import dev.paas.pushrules.RouteAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PushPlannerTest {

    /** Files that exist: relative paths under /work (the working directory) or /src (the manifest's). */
    private static final Set<String> EXISTING = Set.of("/work/app.jar", "/work", "/work/other.jar", "/src/target/hello.jar",
            "/src");

    private static final FileProbe PROBE = (base, path) -> {
        String abs = path.startsWith("/") ? path : (base == null ? "/work" : base) + (path.equals(".") ? "" : "/" + path);
        return EXISTING.contains(abs) ? Optional.of(abs) : Optional.empty();
    };

    private final PushPlanner planner = new PushPlanner(PROBE, "localhost", "brave-otter");
    private final List<String> warnings = new ArrayList<>();

    private static Manifest manifest(String yaml) {
        return ManifestReader.read("manifest.yml", "/src", yaml, Map.of(), v -> "pass --var " + v);
    }

    private static PushFlags flags(String path, String command, String memory, Integer instances) {
        return new PushFlags(path, command, memory, instances, null, null, null, null, null, null, null, null);
    }

    private PushPlan one(Manifest m, String name, PushFlags f) {
        List<PushPlan> plans = planner.plan(m, name, f, warnings);
        assertThat(plans).hasSize(1);
        return plans.get(0);
    }

    private static final String HELLO = """
            applications:
            - name: hello
              path: target/hello.jar
              memory: 512M
              instances: 2
              command: ./run
              env:
                GREETING: hi
              health-check-type: http
              health-check-http-endpoint: /health
              timeout: 90
              buildpacks: [java_buildpack]
            """;

    @Test
    void clonesComeFromTheManifestAndTheFlagWins() {
        assertThat(one(manifest(HELLO), null, PushFlags.none()).clones()).as("not written: left as it is").isNull();
        Manifest off = manifest(HELLO + "  clones: false\n");
        assertThat(one(off, null, PushFlags.none()).clones()).isFalse();
        PushFlags on = new PushFlags(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                false, true);
        assertThat(one(off, null, on).clones()).isTrue();
        assertThat(on.anyAppFlag()).isTrue();
    }

    @Test
    void manifestAloneBecomesAPlan() {
        PushPlan p = one(manifest(HELLO), null, PushFlags.none());
        assertThat(p).isEqualTo(new PushPlan("hello", "/src/target/hello.jar", "512M", 2, "./run", Map.of("GREETING", "hi"),
                new HealthCheck(HealthCheckType.HTTP, "/health", 90),
                List.of(new RouteAddress("hello.localhost", "")), false, List.of("java"), null));
        assertThat(warnings).isEmpty();
    }

    @Test
    void flagsOverrideTheManifest() {
        PushFlags f = new PushFlags("other.jar", "./other", "1g", 3, null, null, "port", null, 30, null, null, null);
        PushPlan p = one(manifest(HELLO), null, f);
        assertThat(p.path()).isEqualTo("/work/other.jar");
        assertThat(p.command()).isEqualTo("./other");
        assertThat(p.memory()).isEqualTo("1G");
        assertThat(p.instances()).isEqualTo(3);
        assertThat(p.healthCheck()).isEqualTo(new HealthCheck(HealthCheckType.PORT, null, 30));
        assertThat(warnings).singleElement().asString()
                .contains("health-check-http-endpoint is ignored: the health check type is port");
    }

    @Test
    void flagsAloneWithoutAManifest() {
        PushPlan p = one(null, "solo", flags("app.jar", null, "256MB", 2));
        assertThat(p).isEqualTo(new PushPlan("solo", "/work/app.jar", "256M", 2, null, null, null,
                List.of(new RouteAddress("solo.localhost", "")), false, List.of(), null));
    }

    @Test
    void withoutPathTheWorkingDirectoryIsPushed() {
        assertThat(one(null, "solo", PushFlags.none()).path()).isEqualTo("/work");
    }

    @Test
    void aNameIsNeededWithoutManifest() {
        assertThatThrownBy(() -> planner.plan(null, null, PushFlags.none(), warnings))
                .hasMessageStartingWith("name the app: paas push NAME");
    }

    @Test
    void aNamePicksOneAppOfSeveral() {
        Manifest m = manifest("applications:\n- name: web\n  path: target/hello.jar\n- name: worker\n  no-route: true\n");
        assertThat(planner.plan(m, null, PushFlags.none(), warnings)).extracting(PushPlan::name)
                .containsExactly("web", "worker");
        PushPlan worker = one(m, "worker", flags("app.jar", null, null, null));
        assertThat(worker.noRoute()).isTrue();
        assertThat(worker.routes()).isEmpty();
        assertThatThrownBy(() -> planner.plan(m, "db", PushFlags.none(), warnings))
                .hasMessage("app 'db' is not in manifest.yml (it has web, worker)");
        assertThatThrownBy(() -> planner.plan(m, null, flags(null, null, "1G", null), warnings))
                .hasMessageStartingWith("manifest.yml has 2 apps; flags such as -p, -m or -i apply to one");
    }

    @Test
    void aNameless_singleAppManifestTakesTheName() {
        PushPlan p = one(manifest("applications:\n- memory: 1G\n"), "named", PushFlags.none());
        assertThat(p.name()).isEqualTo("named");
        assertThat(p.memory()).isEqualTo("1G");
    }

    @Test
    void routesFromTheManifestAreParsed() {
        PushPlan p = one(manifest("applications:\n- name: web\n  routes:\n  - route: Web.Localhost\n"
                + "  - route: shop.localhost/api/v1\n"), null, PushFlags.none());
        assertThat(p.routes()).containsExactly(new RouteAddress("web.localhost", ""),
                new RouteAddress("shop.localhost", "/api/v1"));
    }

    @Test
    void randomRouteAddsWordsToTheDefaultRoute() {
        PushPlan p = one(null, "web", new PushFlags(null, null, null, null, null, true, null, null, null, null, null, null));
        assertThat(p.routes()).containsExactly(new RouteAddress("web-brave-otter.localhost", ""));
        PushPlan fromManifest = one(manifest("applications:\n- name: web\n  random-route: true\n"), null,
                PushFlags.none());
        assertThat(fromManifest.routes()).containsExactly(new RouteAddress("web-brave-otter.localhost", ""));
        String longName = "a".repeat(63);
        assertThat(one(null, longName, new PushFlags(null, null, null, null, null, true, null, null, null, null, null, null)).routes()
                .get(0).host().split("\\.")[0]).hasSize(63).endsWith("a-brave-otter");
    }

    @Test
    void noRouteWinsOverRoutesWithAWarning() {
        PushPlan p = one(manifest("applications:\n- name: web\n  routes:\n  - route: web.localhost\n"), null,
                new PushFlags(null, null, null, null, true, null, null, null, null, null, null, null));
        assertThat(p.noRoute()).isTrue();
        assertThat(p.routes()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("no-route is set");
    }

    @Test
    void healthCheckTypeNoneIsProcess() {
        PushPlan p = one(manifest("applications:\n- name: w\n  health-check-type: none\n"), null, PushFlags.none());
        assertThat(p.healthCheck()).isEqualTo(new HealthCheck(HealthCheckType.PROCESS, null, null));
    }

    /** One of the flags -b, -s, -k, as the command line gives it. */
    static PushFlags extra(String flag, String value) {
        return new PushFlags(null, null, null, null, null, null, null, null, null, flag.equals("-b") ? value : null,
                flag.equals("-s") ? value : null, flag.equals("-k") ? value : null);
    }

    @Test
    void cloudFoundrysSpellingsBecomeOurs() {
        Manifest m = manifest("""
                applications:
                - name: site
                  buildpack: https://github.com/cloudfoundry/staticfile-buildpack.git#v1.6.0
                  disk_quota: 512MB
                  stack: cflinuxfs3
                  hosts: [www, shop]
                  domain: example.com
                """);
        PushPlan p = one(m, null, PushFlags.none());
        assertThat(p.buildpacks()).containsExactly("static");
        assertThat(p.diskQuota()).isEqualTo("512M");
        assertThat(p.routes()).containsExactly(new RouteAddress("www.example.com", ""),
                new RouteAddress("shop.example.com", ""));
        assertThat(m.warnings()).singleElement().asString().contains("Deprecation warning: Route component attributes");

        assertThat(one(manifest("applications:\n- name: api\n  domain: example.org\n"), null, PushFlags.none())
                .routes()).containsExactly(new RouteAddress("api.example.org", ""));
        assertThat(one(manifest("applications:\n- name: api\n  no-hostname: true\n  domain: example.org\n"), null,
                PushFlags.none()).routes()).containsExactly(new RouteAddress("example.org", ""));
        assertThat(one(manifest("applications:\n- name: api\n  host: x\n"), null, PushFlags.none()).routes())
                .containsExactly(new RouteAddress("x.localhost", ""));
        PushPlan flagged = one(manifest("applications:\n- name: api\n  buildpacks: [java_buildpack]\n"), null,
                new PushFlags(null, null, null, null, null, null, null, null, null, "binary_buildpack", "cflinuxfs4", "2GB"));
        assertThat(flagged.buildpacks()).containsExactly("native");
        assertThat(flagged.diskQuota()).isEqualTo("2G");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"512M, 512M", "512MB, 512M", "1G, 1G", "1GB, 1G", "512m, 512M"})
    void everyMemorySpelling(String text, String canonical) {
        assertThat(one(manifest("applications:\n- name: w\n  memory: " + text + "\n"), null, PushFlags.none()).memory())
                .isEqualTo(canonical);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("memory in parsecs (manifest)", "applications:\n- name: web\n  memory: 12 parsecs\n",
                        null, PushFlags.none(),
                        "manifest.yml, line 3, column 11: memory: '12 parsecs' is not a size; write a whole number "
                                + "with M or G, such as 256M or 1G"),
                Arguments.of("memory in parsecs (flag)", null, "web", flags(null, null, "12 parsecs", null),
                        "memory: '12 parsecs' is not a size; write a whole number with M or G, such as 256M or 1G"),
                Arguments.of("memory too large", null, "web", flags(null, null, "16G", null),
                        "memory: '16G' is out of range; choose between 64M and 8G"),
                Arguments.of("name with spaces (manifest)", "applications:\n- name: my app\n", null, PushFlags.none(),
                        "manifest.yml, line 2, column 9: name: 'my app' is not a valid name (no spaces); use lowercase "
                                + "letters, digits and '-' (not at the start or end), e.g. my-app"),
                Arguments.of("name with spaces (argument)", null, "my app", PushFlags.none(),
                        "name: 'my app' is not a valid name (no spaces)"),
                Arguments.of("name missing in manifest", "applications:\n- memory: 1G\n", null, PushFlags.none(),
                        "name: is required"),
                Arguments.of("path missing (manifest)", "applications:\n- name: web\n  path: nowhere/app.jar\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 9: path: 'nowhere/app.jar' does not exist "
                                + "(relative to /src)"),
                Arguments.of("path missing (flag)", null, "web", flags("missing.jar", null, null, null),
                        "path: 'missing.jar' does not exist"),
                Arguments.of("instances negative", null, "web", flags(null, null, null, -1),
                        "instances: -1 is out of range; choose 0 to 100"),
                Arguments.of("instances too many", "applications:\n- name: web\n  instances: 101\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 14: instances: 101 is out of range"),
                Arguments.of("unknown health check", "applications:\n- name: web\n  health-check-type: tcp\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 22: health-check-type: 'tcp' is not one of "
                                + "port, http, process (or none)"),
                Arguments.of("endpoint without slash", "applications:\n- name: web\n  health-check-type: http\n"
                        + "  health-check-http-endpoint: health\n", null, PushFlags.none(),
                        "manifest.yml, line 4, column 31: health-check-http-endpoint: 'health' must be a path"),
                Arguments.of("timeout too long", "applications:\n- name: web\n  timeout: 600\n", null, PushFlags.none(),
                        "manifest.yml, line 3, column 12: timeout: 600 is out of range; choose 1 to 180 seconds"),
                Arguments.of("route without domain", "applications:\n- name: web\n  routes:\n  - route: web\n", null,
                        PushFlags.none(), "manifest.yml, line 4, column 12: route: 'web' needs a domain, e.g. web.localhost"),
                Arguments.of("route with a bad path", "applications:\n- name: web\n  routes:\n  - route: a.localhost/x/\n",
                        null, PushFlags.none(), "manifest.yml, line 4, column 12: route: '/x/' must be a path"),
                Arguments.of("reserved env", "applications:\n- name: web\n  env:\n    PORT: 1\n", null, PushFlags.none(),
                        "manifest.yml, line 4, column 5: env: 'PORT' is set by the platform"),
                Arguments.of("command of two lines", null, "web", flags(null, "a\nb", null, null),
                        "command: must be one line"),
                Arguments.of("disk_quota in parsecs", "applications:\n- name: web\n  disk_quota: 1 parsec\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 15: disk_quota: '1 parsec' is not a size; write "
                                + "a whole number with M or G, such as 256M or 1G"),
                Arguments.of("disk_quota too large", "applications:\n- name: web\n  disk_quota: 64G\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 15: disk_quota: '64G' is out of range; choose "
                                + "between 64M and 32G"),
                Arguments.of("-k without unit", null, "web", extra("-k", "1024"),
                        "disk_quota: '1024' is not a size; write a whole number with M or G, such as 256M or 1G"),
                Arguments.of("-k too small", null, "web", extra("-k", "1M"),
                        "disk_quota: '1M' is out of range; choose between 64M and 32G"),
                Arguments.of("a buildpack not here yet", "applications:\n- name: web\n  buildpack: ruby_buildpack\n",
                        null, PushFlags.none(), "manifest.yml, line 3, column 14: buildpack: 'ruby_buildpack' has no "
                                + "buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it out to detect"),
                Arguments.of("an unknown buildpack", "applications:\n- name: web\n  buildpacks: [cobol]\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 15: buildpacks: 'cobol' is not a buildpack paas "
                                + "knows; use one of java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go), or leave it out to detect"),
                Arguments.of("two buildpacks", "applications:\n- name: web\n  buildpacks: [java_buildpack, binary_buildpack]\n",
                        null, PushFlags.none(), "manifest.yml, line 3, column 15: buildpacks: paas stages with one "
                                + "buildpack; list one of java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go)"),
                Arguments.of("-b not here yet", null, "web", extra("-b", "hwc_buildpack"),
                        "buildpacks: 'hwc_buildpack' has no buildpack on paas yet; paas has java_buildpack, staticfile_buildpack, binary_buildpack, nodejs_buildpack, python_buildpack, go_buildpack (or paas's java, static, native, node, python, go); or leave it "
                                + "out to detect"),
                Arguments.of("a stack paas has not", "applications:\n- name: web\n  stack: windows2016\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 10: stack: 'windows2016' is not a stack paas "
                                + "has; use cflinuxfs4 or cflinuxfs3 (both mean paas's microVM images), or leave it out"),
                Arguments.of("-s cflinuxfs2", null, "web", extra("-s", "cflinuxfs2"),
                        "stack: 'cflinuxfs2' is not a stack paas has; use cflinuxfs4 or cflinuxfs3 (both mean paas's "
                                + "microVM images), or leave it out"),
                Arguments.of("a bad host", "applications:\n- name: web\n  host: my_site\n", null, PushFlags.none(),
                        "manifest.yml, line 3, column 9: host: 'my_site.localhost' is not a host name; use "
                                + "dot-separated labels of letters, digits and '-'"),
                Arguments.of("a bad domain", "applications:\n- name: web\n  domains: [bad..com]\n", null,
                        PushFlags.none(), "manifest.yml, line 3, column 12: domains: 'web.bad..com' is not a host name; "
                                + "use dot-separated labels of letters, digits and '-'"),
                Arguments.of("-b with several apps", "applications:\n- name: a\n- name: b\n", null,
                        extra("-b", "java"), "manifest.yml has 2 apps; flags such as -p, -m or -i apply to one: name it "
                                + "(paas push NAME ...)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputFailsBeforeAnythingIsSent(String name, String yaml, String nameArg, PushFlags f, String expected) {
        Manifest m = yaml == null ? null : manifest(yaml);
        assertThatThrownBy(() -> planner.plan(m, nameArg, f, warnings))
                .isInstanceOf(InputException.class)
                .satisfies(e -> assertThat(((InputException) e).problems()).anySatisfy(p -> assertThat(p).startsWith(expected)));
    }

    @Test
    void everyProblemOfAnAppIsReported() {
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> planner.plan(
                manifest("applications:\n- name: My App\n  memory: 12 parsecs\n  path: nope\n"), null, PushFlags.none(),
                warnings));
        assertThat(e.problems()).hasSize(3);
    }
}
