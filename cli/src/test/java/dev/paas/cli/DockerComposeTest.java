package dev.paas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The repository's {@code docker-compose.yml}, checked without a Docker engine: it parses, its
 * Dockerfiles exist and copy only what the build produces (or sources that exist), its ports are
 * the platform's defaults, and the settings and flags it passes are ones the programs know.
 * This module builds after api, router and node-agent, so built artifacts are checked too
 * when they are there.
 */
class DockerComposeTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = new java.util.LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) ((Map<String, Object>) doc).get("services")).forEach((name, service) -> {
            // YAML 1.1 merge keys (<<: *node-agent), which Compose resolves and YAML 1.2 leaves as a key.
            Map<String, Object> merged = new java.util.LinkedHashMap<>();
            if (service.get("<<") instanceof Map<?, ?> base) {
                merged.putAll((Map<String, Object>) base);
            }
            service.forEach((k, v) -> {
                if (!k.equals("<<")) {
                    merged.put(k, v);
                }
            });
            services.put(name, merged);
        });
    }

    @Test
    void hasPostgresOneControlPlaneOneRouterAndTwoNodeAgents() {
        assertThat(services).containsOnlyKeys("postgres", "control-plane", "router", "node-1", "node-2");
        assertThat(services.get("postgres").get("image")).isEqualTo("postgres:15");
        for (String node : List.of("node-1", "node-2")) {
            assertThat(strings(services.get(node).get("devices"))).as(node).containsExactly("/dev/kvm:/dev/kvm");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDockerfileExistsAndCopiesOnlyWhatTheBuildProducesOrTheRepositoryHolds() throws IOException {
        List<String> modules = modules();
        int checked = 0;
        for (var e : services.entrySet()) {
            Object build = e.getValue().get("build");
            if (build == null) {
                continue;
            }
            Map<String, Object> b = (Map<String, Object>) build;
            Path context = ROOT.resolve((String) b.get("context")).normalize();
            Path dockerfile = context.resolve((String) b.get("dockerfile"));
            assertThat(dockerfile).as(e.getKey() + ": build.dockerfile").isRegularFile();
            for (String source : copySources(dockerfile)) {
                checkSource(e.getKey(), context, source, modules);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    @Test
    void publishedPortsAreThePlatformDefaults() throws IOException {
        String api = Files.readString(ROOT.resolve("api/src/main/resources/application.properties"));
        String router = Files.readString(ROOT.resolve("router/src/main/java/dev/paas/router/infra/RouterMain.java"));
        String agent = Files.readString(ROOT.resolve("node-agent/src/main/java/dev/paas/nodeagent/infra/Main.java"));
        assertThat(api).containsPattern("(?m)^quarkus\\.http\\.port=8900$");
        assertThat(router).containsPattern("names = \"--port\", defaultValue = \"8080\"");
        assertThat(agent).containsPattern("names = \"--agent-port\", defaultValue = \"8901\"");
        assertThat(ports("control-plane")).containsExactly("8900:8900");
        assertThat(ports("router")).containsExactly("8080:8080");
        assertThat(ports("node-1")).containsExactly("8901:8901");
        assertThat(ports("node-2")).allMatch(p -> p.endsWith(":8901"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theControlPlanesSettingsAreRealConfigKeys() throws IOException {
        Map<String, Object> env = (Map<String, Object>) services.get("control-plane").get("environment");
        assertThat(env).containsKeys("PAAS_DB_URL", "PAAS_DB_USER", "PAAS_DB_PASSWORD", "PAAS_ROUTER_KEY", "PAAS_ADMIN_PASSWORD");
        assertThat(String.valueOf(env.get("PAAS_DB_URL"))).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(ports("router")).as("route URLs carry the router's published port")
                .allMatch(p -> p.startsWith(env.get("PAAS_ROUTER_PUBLIC_PORT") + ":"));
        String config = Files.readString(ROOT.resolve("api/src/main/java/dev/paas/api/infra/PaasConfig.java"));
        String properties = Files.readString(ROOT.resolve("api/src/main/resources/application.properties"));
        for (String name : env.keySet()) {
            if (name.startsWith("QUARKUS_")) {
                // Quarkus' own settings: the one we set must be one application.properties sets too.
                String key = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                assertThat(properties).as(name + " is a setting of application.properties").containsPattern("(?m)^" + java.util.regex.Pattern.quote(key) + "=");
                continue;
            }
            assertThat(isConfigKey(config, name)).as(name + " is a paas.* setting of PaasConfig").isTrue();
        }
    }

    @Test
    void theFlagsGivenToRouterAndAgentsExist() throws IOException {
        String router = Files.readString(ROOT.resolve("router/src/main/java/dev/paas/router/infra/RouterMain.java"));
        String agent = Files.readString(ROOT.resolve("node-agent/src/main/java/dev/paas/nodeagent/infra/Main.java"));
        for (String flag : flags(String.join(" ", strings(services.get("router").get("command"))))) {
            assertThat(router).as("router flag " + flag).contains("names = \"" + flag + "\"");
        }
        for (String node : List.of("node-1", "node-2")) {
            List<String> flags = flags(String.join(" ", strings(services.get(node).get("entrypoint"))));
            assertThat(flags).contains("--control-plane", "--address", "--join-token");
            for (String flag : flags) {
                assertThat(agent).as(node + " flag " + flag).contains("names = \"" + flag + "\"");
            }
        }
    }

    /** {@code PAAS_DB_URL}: a group {@code db()} whose interface {@code Db} has {@code url()}. */
    static boolean isConfigKey(String config, String env) {
        if (!env.startsWith("PAAS_")) {
            return false;
        }
        String[] parts = env.substring(5).toLowerCase().split("_");
        String group = parts[0];
        StringBuilder leaf = new StringBuilder(parts.length > 1 ? parts[1] : "");
        for (int i = 2; i < parts.length; i++) {
            leaf.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        String iface = Character.toUpperCase(group.charAt(0)) + group.substring(1);
        Matcher body = Pattern.compile("interface " + iface + " \\{(.*?)\\n    }", Pattern.DOTALL).matcher(config);
        return config.contains(" " + group + "();") && body.find() && body.group(1).contains(" " + leaf + "();");
    }

    static void checkSource(String service, Path context, String source, List<String> modules) throws IOException {
        String s = source.replaceAll("/+$", "");
        Matcher m = Pattern.compile("([a-z-]+)/target/([^/]+)").matcher(s);
        if (!m.matches()) {
            assertThat(context.resolve(s)).as(service + ": COPY " + source + " (a source in the repository)").exists();
            return;
        }
        String module = m.group(1);
        String output = m.group(2);
        assertThat(modules).as(service + ": COPY " + source + ": a module of the root pom").contains(module);
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        Path built = ROOT.resolve(s);
        if (output.equals("quarkus-app")) {
            assertThat(pom).as(service + ": " + module + " builds target/quarkus-app").contains("quarkus-maven-plugin");
            if (Files.exists(built)) {
                assertThat(built.resolve("quarkus-run.jar")).isRegularFile();
            }
        } else {
            assertThat(output).endsWith(".jar");
            String name = output.substring(0, output.length() - 4);
            assertThat(pom.contains("<finalName>" + name + "</finalName>") || pom.contains("/" + output + "</outputFile>"))
                    .as(service + ": " + module + "/pom.xml produces target/" + output).isTrue();
            if (Files.exists(built)) {
                assertThat(built).isRegularFile();
            }
        }
    }

    /** The sources of every COPY without {@code --from} (those come from an earlier stage). */
    static List<String> copySources(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dockerfile)) {
            String l = line.strip();
            if (!l.startsWith("COPY ") || l.contains("--from=")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(l.substring(5).strip().split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            out.addAll(words.subList(0, words.size() - 1));
        }
        return out;
    }

    static List<String> modules() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<String> ports(String service) {
        return strings(services.get(service).get("ports"));
    }

    static List<String> flags(String command) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?<=[\\s+\"]|^)(--[a-z][a-z-]*)").matcher(command);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object list) {
        return list == null ? List.of() : ((List<Object>) list).stream().map(String::valueOf).toList();
    }
}
