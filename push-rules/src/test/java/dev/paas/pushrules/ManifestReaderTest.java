package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestReaderTest {

    static final java.util.function.Function<String, String> CLI_HINT = v -> "pass --var " + v + "=VALUE or --vars-file FILE";

    private static Manifest parse(String yaml) {
        return ManifestReader.read("manifest.yml", "/src", yaml, Map.of(), CLI_HINT);
    }

    private static Manifest parse(String yaml, Map<String, String> vars) {
        return ManifestReader.read("manifest.yml", "/src", yaml, vars, CLI_HINT);
    }

    private static String problem(String yaml) {
        try {
            parse(yaml);
        } catch (ManifestException e) {
            return String.join(" | ", e.problems());
        }
        throw new AssertionError("expected an ManifestException for:\n" + yaml);
    }

    @Test
    void readsEveryAttribute() {
        Manifest m = parse("""
                ---
                version: 1
                applications:
                - name: hello
                  path: target/hello.jar
                  memory: 512M
                  instances: 2
                  command: java -jar hello.jar --port=$PORT
                  env:
                    GREETING: hi there
                    COUNT: 3
                    DEBUG: true
                  routes:
                  - route: hello.localhost
                  - route: shop.localhost/api
                  random-route: false
                  no-route: false
                  health-check-type: http
                  health-check-http-endpoint: /health
                  timeout: 90
                  buildpacks:
                  - java_buildpack
                """);
        assertThat(m.warnings()).isEmpty();
        assertThat(m.source()).isEqualTo("manifest.yml");
        assertThat(m.dir()).isEqualTo("/src");
        AppManifest a = m.applications().get(0);
        assertThat(a.name()).isEqualTo("hello");
        assertThat(a.path()).isEqualTo("target/hello.jar");
        assertThat(a.memory()).isEqualTo("512M");
        assertThat(a.instances()).isEqualTo(2);
        assertThat(a.command()).isEqualTo("java -jar hello.jar --port=$PORT");
        assertThat(a.env()).containsExactly(Map.entry("GREETING", "hi there"), Map.entry("COUNT", "3"),
                Map.entry("DEBUG", "true"));
        assertThat(a.routes()).containsExactly("hello.localhost", "shop.localhost/api");
        assertThat(a.randomRoute()).isFalse();
        assertThat(a.noRoute()).isFalse();
        assertThat(a.healthCheckType()).isEqualTo("http");
        assertThat(a.healthCheckHttpEndpoint()).isEqualTo("/health");
        assertThat(a.timeout()).isEqualTo(90);
        assertThat(a.buildpacks()).containsExactly("java_buildpack");
        assertThat(a.locationOf("memory", null)).isEqualTo("manifest.yml, line 6, column 11");
        assertThat(a.locationOf("routes[1]", null)).isEqualTo("manifest.yml, line 15, column 12");
    }

    @Test
    void absentAttributesAreNull() {
        AppManifest a = parse("applications:\n- name: bare\n").applications().get(0);
        assertThat(a.path()).isNull();
        assertThat(a.memory()).isNull();
        assertThat(a.instances()).isNull();
        assertThat(a.env()).isNull();
        assertThat(a.routes()).isNull();
        assertThat(a.noRoute()).isNull();
        assertThat(a.buildpacks()).isNull();
    }

    @Test
    void readsSeveralApps() {
        Manifest m = parse("""
                applications:
                - name: web
                  memory: 256M
                - name: worker
                  no-route: true
                """);
        assertThat(m.applications()).extracting(AppManifest::name).containsExactly("web", "worker");
        assertThat(m.find("worker").orElseThrow().noRoute()).isTrue();
        assertThat(m.find("nope")).isEmpty();
    }

    @Test
    void yamlOneOneBooleansAsCloudFoundryReadsThem() {
        AppManifest a = parse("applications:\n- name: x\n  random-route: yes\n  no-route: off\n").applications().get(0);
        assertThat(a.randomRoute()).isTrue();
        assertThat(a.noRoute()).isFalse();
    }

    @Test
    void mergeKeysAndAnchorsWork() {
        Manifest m = parse("""
                defaults: &defaults
                  memory: 1G
                  instances: 2
                applications:
                - name: a
                  <<: *defaults
                - name: b
                  <<: *defaults
                  instances: 5
                """);
        assertThat(m.applications()).extracting(AppManifest::memory).containsExactly("1G", "1G");
        assertThat(m.applications()).extracting(AppManifest::instances).containsExactly(2, 5);
        assertThat(m.warnings()).containsExactly("manifest.yml, line 1, column 1: unknown attribute 'defaults' is ignored");
    }

    @Test
    void unknownAttributesAreWarningsWithTheirPlace() {
        Manifest m = parse("""
                applications:
                - name: hello
                  buildpack-url: x
                  routes:
                  - route: hello.localhost
                    protocol: http2
                """);
        assertThat(m.applications()).hasSize(1);
        assertThat(m.warnings()).containsExactly(
                "manifest.yml, line 3, column 3: unknown attribute 'buildpack-url' of application 'hello' is ignored",
                "manifest.yml, line 6, column 5: unknown attribute 'protocol' of a route is ignored");
    }

    @Test
    void withoutAHintMissingVarsStayAsWritten() {
        Manifest m = ManifestReader.read("manifest.yml", null, "applications:\n- name: a\n  memory: ((mem))\n  env: {X: ((x))}\n",
                Map.of("x", "1"), null);
        assertThat(m.applications().get(0).memory()).isEqualTo("((mem))");
        assertThat(m.applications().get(0).env()).containsEntry("X", "1");
    }

    @Test
    void readsCloudFoundrysOtherSpellings() {
        Manifest m = parse("""
                applications:
                - name: site
                  buildpack: staticfile_buildpack
                  disk_quota: 512MB
                  stack: cflinuxfs4
                  host: www
                  domains: [example.com, example.org]
                - name: api
                  processes:
                  - type: web
                    command: ./api
                    instances: 3
                    memory: 1G
                    disk_quota: 2G
                    health-check-type: http
                    health-check-http-endpoint: /ready
                    timeout: 30
                """);
        AppManifest site = m.applications().get(0);
        assertThat(site.buildpacks()).containsExactly("staticfile_buildpack");
        assertThat(site.diskQuota()).isEqualTo("512MB");
        assertThat(site.stack()).isEqualTo("cflinuxfs4");
        assertThat(site.hosts()).containsExactly("www");
        assertThat(site.domains()).containsExactly("example.com", "example.org");
        assertThat(m.warnings()).containsExactly("manifest.yml, line 7, column 3: " + String.format(
                ManifestReader.ROUTE_COMPONENTS_DEPRECATED, "domains, host"));
        assertThat(m.warnings().get(0)).contains("Deprecation warning: Route component attributes 'domain', 'domains', "
                + "'host', 'hosts' and 'no-hostname' are deprecated. Found: domains, host.");
        AppManifest api = m.applications().get(1);
        assertThat(api.command()).isEqualTo("./api");
        assertThat(api.instances()).isEqualTo(3);
        assertThat(api.memory()).isEqualTo("1G");
        assertThat(api.diskQuota()).isEqualTo("2G");
        assertThat(api.healthCheckType()).isEqualTo("http");
        assertThat(api.healthCheckHttpEndpoint()).isEqualTo("/ready");
        assertThat(api.timeout()).isEqualTo(30);
        assertThat(api.locationOf("memory", null)).isEqualTo("manifest.yml, line 13, column 13");
    }

    @Test
    void aWorkerProcessIsReadWithItsOwnAttributesAndTheWebOneFoldsIntoTheApp() {
        Manifest m = parse("""
                applications:
                - name: shop
                  processes:
                  - type: web
                    instances: 2
                  - type: worker
                    command: ./shop --work
                    instances: 3
                    memory: 128M
                    disk_quota: 256M
                    colour: blue
                  - type: clock
                """);
        AppManifest shop = m.applications().get(0);
        assertThat(shop.instances()).isEqualTo(2);
        assertThat(shop.processes()).extracting(ProcessManifest::type).containsExactly("worker", "clock");
        ProcessManifest worker = shop.processes().get(0);
        assertThat(worker.command()).isEqualTo("./shop --work");
        assertThat(worker.instances()).isEqualTo(3);
        assertThat(worker.memory()).isEqualTo("128M");
        assertThat(worker.diskQuota()).isEqualTo("256M");
        assertThat(worker.healthCheckType()).isNull();
        assertThat(worker.locationOf("memory", null)).isEqualTo("manifest.yml, line 9, column 13");
        assertThat(shop.processes().get(1).command()).isNull();
        assertThat(m.warnings()).containsExactly(
                "manifest.yml, line 11, column 5: unknown attribute 'colour' of process worker is ignored");
    }

    static Stream<Arguments> refusedShapes() {
        return Stream.of(
                Arguments.of("inherit", "inherit: base.yml\napplications:\n- name: a\n",
                        "manifest.yml, line 1, column 1: inherit: is not supported, as in cf CLI v7 (manifest "
                                + "inheritance was removed); copy the attributes in, or share them with a YAML anchor "
                                + "(&defaults, <<: *defaults)"),
                Arguments.of("top-level memory", "memory: 1G\napplications:\n- name: a\n",
                        "manifest.yml, line 1, column 1: top-level attribute 'memory' is not supported, as in cf CLI v7 "
                                + "(global attributes were removed); move it into each application, or share it with a "
                                + "YAML anchor (&defaults, <<: *defaults)"),
                Arguments.of("docker with path", "applications:\n- name: a\n  path: x.jar\n  docker:\n    image: nginx\n",
                        "manifest.yml, line 3, column 3: application 'a' has both docker and path: an app runs either an "
                                + "image or bits staged by a buildpack; remove one of them"),
                Arguments.of("docker with buildpacks", "applications:\n- name: a\n  buildpacks: [java]\n  docker:\n    image: nginx\n",
                        "manifest.yml, line 3, column 3: application 'a' has both docker and buildpacks: an app runs either an "
                                + "image or bits staged by a buildpack; remove one of them"),
                Arguments.of("docker without image", "applications:\n- name: a\n  docker:\n    username: u\n",
                        "manifest.yml, line 4, column 5: docker.image: is required (e.g. docker: {image: "
                                + "registry.example.com/team/app:1.0})"),
                Arguments.of("docker password", "applications:\n- name: a\n  docker:\n    image: nginx\n    password: s3cret\n",
                        "manifest.yml, line 5, column 5: docker.password: a manifest holds no password; set "
                                + "PAAS_DOCKER_PASSWORD (or CF_DOCKER_PASSWORD) in the environment of paas push"),
                Arguments.of("docker a string", "applications:\n- name: a\n  docker: nginx\n",
                        "manifest.yml, line 3, column 11: docker: must be a mapping of 'attribute: value'"),
                Arguments.of("a bad process type", "applications:\n- name: a\n  processes:\n  - type: Work er\n",
                        "manifest.yml, line 4, column 11: processes: type 'Work er' is not a process type; use 1 to 30 "
                                + "lowercase letters, digits, '-' or '_', starting with a letter or digit (e.g. worker)"),
                Arguments.of("a route on a worker", "applications:\n- name: a\n  processes:\n  - type: worker\n    command: ./w\n    routes:\n    - route: w.example.com\n",
                        "manifest.yml, line 6, column 5: processes[worker].routes: only web is routed; a worker process has "
                                + "no route (write routes on the application)"),
                Arguments.of("worker twice", "applications:\n- name: a\n  processes:\n  - type: worker\n  - type: worker\n",
                        "manifest.yml, line 5, column 5: processes: 'type: worker' appears twice"),
                Arguments.of("a process without type", "applications:\n- name: a\n  processes:\n  - command: x\n",
                        "manifest.yml, line 4, column 5: processes: each entry needs a type ('type: web', 'type: worker'...)"),
                Arguments.of("processes not a list", "applications:\n- name: a\n  processes: web\n",
                        "manifest.yml, line 3, column 14: processes: must be a list, each entry starting with '- type: NAME' "
                                + "(web, worker...)"),
                Arguments.of("web twice", "applications:\n- name: a\n  processes:\n  - type: web\n  - type: web\n",
                        "manifest.yml, line 5, column 5: processes: 'type: web' appears twice"),
                Arguments.of("buildpack and buildpacks", "applications:\n- name: a\n  buildpack: java\n  buildpacks: [java]\n",
                        "manifest.yml, line 3, column 3: 'buildpack' and 'buildpacks' are both written; keep one"),
                Arguments.of("routes and host", "applications:\n- name: a\n  host: x\n  routes:\n  - route: a.b.c\n",
                        "manifest.yml, line 3, column 3: application 'a' has both 'routes' and 'host'; write every "
                                + "route under routes"),
                Arguments.of("hosts not a list", "applications:\n- name: a\n  hosts: x\n",
                        "manifest.yml, line 3, column 10: hosts: must be a list, e.g. [host-a, host-b]"),
                Arguments.of("no-hostname not a boolean", "applications:\n- name: a\n  no-hostname: maybe\n",
                        "manifest.yml, line 3, column 16: no-hostname: 'maybe' is not true or false"),
                Arguments.of("stack a list", "applications:\n- name: a\n  stack: [x]\n",
                        "manifest.yml, line 3, column 10: stack: must be a single value, not a list or mapping"),
                Arguments.of("disk_quota a mapping", "applications:\n- name: a\n  disk_quota: {a: 1}\n",
                        "manifest.yml, line 3, column 15: disk_quota: must be a single value, not a list or mapping"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedShapes")
    void refusesWhatPaasCannotDoYetSayingSo(String what, String yaml, String message) {
        assertThat(problem(yaml.replace("\\n", "\n"))).isEqualTo(message);
    }

    @Test
    void readsDockerImageAndUsername() {
        Manifest m = parse("""
                applications:
                - name: web
                  docker:
                    image: ((registry))/team/web:1.0
                    username: robot
                    colour: blue
                - name: plain
                """.replace("((registry))", "registry.example.com"));
        assertThat(m.applications().get(0).docker()).isEqualTo(new DockerManifest("registry.example.com/team/web:1.0", "robot"));
        assertThat(m.applications().get(1).docker()).isNull();
        assertThat(m.warnings()).containsExactly(
                "manifest.yml, line 6, column 5: unknown attribute 'docker.colour' of application 'web' is ignored");
    }

    @Test
    void substitutesVarsAnywhereInAValue() {
        Manifest m = parse("""
                applications:
                - name: ((app))
                  instances: ((count))
                  env:
                    URL: https://((host)):((port))/x
                  routes:
                  - route: ((app)).((domain))
                """, Map.of("app", "shop", "count", "3", "host", "db", "port", "5432", "domain", "localhost"));
        AppManifest a = m.applications().get(0);
        assertThat(a.name()).isEqualTo("shop");
        assertThat(a.instances()).isEqualTo(3);
        assertThat(a.env()).containsEntry("URL", "https://db:5432/x");
        assertThat(a.routes()).containsExactly("shop.localhost");
    }

    @Test
    void missingVarsAreAllNamedWithThePlaceOfTheFirst() {
        assertThatThrownBy(() -> parse("""
                applications:
                - name: web
                  memory: ((mem))
                  env:
                    A: ((secret))
                    B: ((mem))
                """, Map.of()))
                .isInstanceOf(ManifestException.class)
                .hasMessage("manifest.yml, line 3, column 11: no value for ((mem)), ((secret)); pass --var mem=VALUE "
                        + "or --vars-file FILE");
    }

    @Test
    void readsAVarsFile() {
        assertThat(ManifestReader.readVars("vars.yml", "port: 8080\nname: shop\nflag: true\n"))
                .containsExactly(Map.entry("port", "8080"), Map.entry("name", "shop"), Map.entry("flag", "true"));
        assertThat(ManifestReader.readVars("vars.yml", "")).isEmpty();
        assertThatThrownBy(() -> ManifestReader.readVars("vars.yml", "- a\n- b\n"))
                .hasMessageStartingWith("vars.yml, line 1, column 1: a vars file is a mapping");
        assertThatThrownBy(() -> ManifestReader.readVars("vars.yml", "a: [1, 2]\n"))
                .hasMessage("vars.yml, line 1, column 4: a: a var must be a single value (text or number)");
        assertThatThrownBy(() -> ManifestReader.readVars("vars.yml", "a: b: c\n"))
                .hasMessageStartingWith("vars.yml, line 1, column 5: malformed YAML:");
    }

    static Stream<Arguments> badManifests() {
        return Stream.of(
                Arguments.of("malformed YAML: a mapping value where none may be",
                        "applications:\n- name: web\n  memory: 256M\n   instances: 2: 3\n",
                        "manifest.yml, line 4, column 13: malformed YAML: mapping values are not allowed here"),
                Arguments.of("malformed YAML: an unclosed quote",
                        "applications:\n- name: \"web\n",
                        "manifest.yml, line 3, column 1: malformed YAML: found unexpected end of stream"),
                Arguments.of("malformed YAML: a tab for indentation",
                        "applications:\n- name: web\n\tmemory: 1G\n",
                        "manifest.yml, line 3, column 1: malformed YAML:"),
                Arguments.of("empty file", "", "manifest.yml: is empty; a manifest has an 'applications' list"),
                Arguments.of("no applications", "version: 1\n", "manifest.yml, line 1, column 1: has no 'applications' list"),
                Arguments.of("applications not a list", "applications:\n  name: web\n",
                        "manifest.yml, line 2, column 3: applications: must be a list"),
                Arguments.of("empty applications", "applications: []\n",
                        "manifest.yml, line 1, column 15: applications: is empty"),
                Arguments.of("top level is a list", "- name: web\n",
                        "manifest.yml, line 1, column 1: the manifest: must be a mapping"),
                Arguments.of("instances not a number", "applications:\n- name: web\n  instances: two\n",
                        "manifest.yml, line 3, column 14: instances: 'two' is not a whole number"),
                Arguments.of("no-route not a boolean", "applications:\n- name: web\n  no-route: maybe\n",
                        "manifest.yml, line 3, column 13: no-route: 'maybe' is not true or false"),
                Arguments.of("memory as a list", "applications:\n- name: web\n  memory: [1G]\n",
                        "manifest.yml, line 3, column 11: memory: must be a single value"),
                Arguments.of("routes not a list", "applications:\n- name: web\n  routes: web.localhost\n",
                        "manifest.yml, line 3, column 11: routes: must be a list of '- route: HOST[/PATH]'"),
                Arguments.of("route entry without route", "applications:\n- name: web\n  routes:\n  - host: web\n",
                        "manifest.yml, line 4, column 5: routes: each entry needs 'route: HOST[/PATH]'"),
                Arguments.of("env not a mapping", "applications:\n- name: web\n  env: [A]\n",
                        "manifest.yml, line 3, column 8: env: must be a mapping"),
                Arguments.of("env value nested", "applications:\n- name: web\n  env:\n    A:\n      b: c\n",
                        "manifest.yml, line 5, column 7: env.A: must be text, a number or a boolean"),
                Arguments.of("buildpacks not a list", "applications:\n- name: web\n  buildpacks: java\n",
                        "manifest.yml, line 3, column 15: buildpacks: must be a list"),
                Arguments.of("a key twice", "applications:\n- name: web\n  memory: 1G\n  memory: 2G\n",
                        "manifest.yml, line 4, column 3: 'memory' appears twice in applications[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badManifests")
    void badManifestsFailWithLineAndColumn(String name, String yaml, String expected) {
        assertThat(problem(yaml)).startsWith(expected);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ManifestException e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.class, () -> parse("""
                applications:
                - name: a
                  instances: x
                - name: b
                  timeout: y
                """));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(1)).startsWith("manifest.yml, line 5, column 12: timeout:");
        assertThat(List.copyOf(e.problems())).allMatch(p -> p.contains("is not a whole number"));
    }
}
