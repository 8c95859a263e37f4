package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeAppTest {

    static final Set<String> TOP = Set.of("package.json", "server.js", "index.js", "app.js");
    static final Set<String> ALL = Set.of("package.json", "server.js", "index.js", "app.js", "lib/main.js");

    private static NodeApp app(String start, String main) {
        return new NodeApp(Optional.empty(), Optional.ofNullable(start), Optional.ofNullable(main));
    }

    @Test
    void startCommandOrder() {
        assertThat(app("node app.js", "lib/main.js").start(Optional.of("node web.js"), TOP, ALL))
                .contains(new NodeApp.Start("node web.js", "Procfile"));
        assertThat(app("node app.js", "lib/main.js").start(Optional.empty(), TOP, ALL))
                .contains(new NodeApp.Start("node app.js", "scripts.start"));
        assertThat(app(null, "lib/main.js").start(Optional.empty(), TOP, ALL))
                .contains(new NodeApp.Start("node lib/main.js", "main"));
        assertThat(app(null, "./lib/main").start(Optional.empty(), TOP, ALL))
                .as("main without .js, as require() finds it").contains(new NodeApp.Start("node lib/main.js", "main"));
        assertThat(app(null, null).start(Optional.empty(), TOP, ALL)).contains(new NodeApp.Start("node server.js", "server.js"));
        assertThat(app(null, null).start(Optional.empty(), Set.of("index.js"), ALL))
                .contains(new NodeApp.Start("node index.js", "index.js"));
        assertThat(app(" ", null).start(Optional.empty(), Set.of("package.json"), Set.of())).isEmpty();
    }

    @Test
    void aMainLeavingTheAppIsRefused() {
        assertThatThrownBy(() -> app(null, "../../etc/x.js").start(Optional.empty(), TOP, ALL))
                .isInstanceOf(StagingException.class).hasMessageContaining("package.json main '../../etc/x.js'");
    }

    @Test
    void procfileWebLine() {
        assertThat(Procfile.web("# c\nworker: node w.js\nweb: node server.js --port $PORT\n"))
                .contains("node server.js --port $PORT");
        assertThat(Procfile.web("worker: x\n")).isEmpty();
        assertThat(Procfile.web("web:\n")).isEmpty();
        assertThat(Procfile.web("web : python app.py\r\n")).contains("python app.py");
    }

    @Test
    void enginesMetOrRefusedClearly() {
        new NodeApp(Optional.of(">=18 <23"), Optional.empty(), Optional.empty()).checkEngines("20.20.2");
        new NodeApp(Optional.empty(), Optional.empty(), Optional.empty()).checkEngines("20.20.2");
        assertThatThrownBy(() -> new NodeApp(Optional.of(">=22"), Optional.empty(), Optional.empty()).checkEngines("20.20.2"))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.BUILD_FAILED))
                .hasMessage("package.json engines.node '>=22' cannot be met: this platform's node is 20.20.2;"
                        + " widen the range (e.g. >=20) or remove it");
        assertThatThrownBy(() -> new NodeApp(Optional.of("lts"), Optional.empty(), Optional.empty()).checkEngines("20.20.2"))
                .hasMessageContaining("package.json engines.node: 'lts' is not a version range");
    }

    @Test
    void npmSettingsPassExceptThoseReachingTheHost() {
        assertThat(NodeApp.npmEnv(Map.of("npm_config_registry", "http://127.0.0.1:1/", "NPM_CONFIG_LOGLEVEL", "warn",
                "npm_config_userconfig", "/root/.npmrc", "NPM_CONFIG_SCRIPT_SHELL", "/bin/evil",
                "npm_config_ignore-scripts", "false", "SECRET", "x")))
                .isEqualTo(Map.of("npm_config_registry", "http://127.0.0.1:1/", "NPM_CONFIG_LOGLEVEL", "warn"));
    }

    @Test
    void localDependenciesAreRefused() {
        NodeApp.checkDependencySpecs(Map.of("express", "4.21.2", "x", "^1.0", "gh", "github:user/repo",
                "t", "https://example.com/x.tgz", "a", "npm:b@1"));
        for (String spec : new String[] {"file:../../etc", "link:/root", "/etc/x", "./lib", "../up", "~/x"}) {
            assertThatThrownBy(() -> NodeApp.checkDependencySpecs(Map.of("dep", spec)))
                    .hasMessageStartingWith("package.json: dependency dep is the local path '" + spec + "'");
        }
        NodeApp.checkLockfileEntries("package-lock.json", Map.of("", Map.entry("", false),
                "node_modules/express", Map.entry("https://registry.npmjs.org/express/-/express-4.21.2.tgz", false)));
        assertThatThrownBy(() -> NodeApp.checkLockfileEntries("package-lock.json",
                Map.of("node_modules/x", Map.entry("file:/etc", false)))).hasMessageContaining("'node_modules/x' is a local path");
        assertThatThrownBy(() -> NodeApp.checkLockfileEntries("package-lock.json",
                Map.of("node_modules/x", Map.entry("../x", true)))).hasMessageContaining("is a local path");
        assertThatThrownBy(() -> NodeApp.checkLockfileEntries("package-lock.json",
                Map.of("../../etc", Map.entry("", false)))).hasMessageContaining("'../../etc' is a local path");
    }
}
