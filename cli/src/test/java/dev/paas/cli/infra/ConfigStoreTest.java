package dev.paas.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.cli.core.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @TempDir
    Path tmp;

    @Test
    void missingFileIsAnEmptyConfigWithTheDefaultApi() {
        Config c = new ConfigStore(tmp.resolve("none")).load();
        assertThat(c).isEqualTo(Config.empty());
        assertThat(c.apiOrDefault()).isEqualTo("http://localhost:8900");
    }

    @Test
    void savesAndLoadsOwnerOnly() throws Exception {
        ConfigStore store = new ConfigStore(tmp.resolve("paas"));
        Config c = new Config("http://cp:8900", "secret-token", "alice", "default");
        store.save(c);
        assertThat(store.load()).isEqualTo(c);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("paas")))).isEqualTo("rwx------");
        assertThat(Files.readString(store.file())).contains("\"token\" : \"secret-token\"");
        try (var files = Files.list(tmp.resolve("paas"))) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void saveReplacesAndKeepsMode() throws Exception {
        ConfigStore store = new ConfigStore(tmp.resolve("paas"));
        store.save(new Config("http://a", "t1", "alice", "default"));
        store.save(new Config("http://a", "t1", "alice", "default").withSpace("staging").loggedOut());
        assertThat(store.load()).isEqualTo(new Config("http://a", null, "alice", "staging"));
        assertThat(Files.readString(store.file())).doesNotContain("t1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void unknownFieldsAreTolerated() throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{\"api\":\"http://x\",\"future\":1}");
        assertThat(new ConfigStore(tmp).load().api()).isEqualTo("http://x");
    }

    @Test
    void aBrokenFileSaysWhatToDo() throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{not json");
        assertThatThrownBy(() -> new ConfigStore(tmp).load()).isInstanceOf(CliException.class)
                .hasMessageContaining("config.json is not valid JSON")
                .hasMessageEndingWith("fix it, or delete it and run 'paas login'");
    }

    @Test
    void theDirectoryComesFromTheEnvironment() {
        assertThat(ConfigStore.fromEnv(Map.of("PAAS_HOME", "/x/y")).file()).isEqualTo(Path.of("/x/y/config.json"));
        assertThat(ConfigStore.fromEnv(Map.of("XDG_CONFIG_HOME", "/cfg")).file())
                .isEqualTo(Path.of("/cfg/paas/config.json"));
        assertThat(ConfigStore.fromEnv(Map.of()).file())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "paas", "config.json"));
    }
}
