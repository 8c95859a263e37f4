package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchEnvironmentTest {

    private static final LaunchEnvironment.App APP = new LaunchEnvironment.App(7, "web", 3, "dev",
            List.of("web.apps.example", "www.example/api"), 256, null, 12);

    @Test
    void vcapApplicationHasCloudFoundrysShape() throws Exception {
        Map<String, String> env = LaunchEnvironment.of(Map.of(), APP, 1, 99);
        JsonNode v = new ObjectMapper().readTree(env.get("VCAP_APPLICATION"));
        List<String> fields = new ArrayList<>();
        v.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("application_id", "application_name", "application_uris", "application_version",
                "host", "instance_id", "instance_index", "limits", "name", "process_id", "process_type", "space_id",
                "space_name", "uris", "users", "version");
        assertThat(v.get("application_id").asText()).isEqualTo(LaunchEnvironment.guid("app", 7)).isEqualTo(v.get("process_id").asText());
        assertThat(v.get("application_name").asText()).isEqualTo("web");
        assertThat(v.get("application_uris")).hasSize(2);
        assertThat(v.get("application_uris").get(1).asText()).isEqualTo("www.example/api");
        assertThat(v.get("instance_id").asText()).isEqualTo(env.get("CF_INSTANCE_GUID"));
        assertThat(v.get("instance_index").asInt()).isEqualTo(1);
        assertThat(v.get("limits").toString()).isEqualTo("{\"disk\":1024,\"fds\":16384,\"mem\":256}");
        assertThat(v.get("space_name").asText()).isEqualTo("dev");
        assertThat(v.get("users").isNull()).isTrue();
        assertThat(v.get("version").asText()).isEqualTo(v.get("application_version").asText()).isEqualTo(LaunchEnvironment.guid("revision", 12));
    }

    @Test
    void thePlatformsVariablesWinOverTheAppsAndTheAppsOthersStay() {
        Map<String, String> env = LaunchEnvironment.of(Map.of("CF_INSTANCE_INDEX", "7", "MEMORY_LIMIT", "1g", "GREETING", "hi"), APP, 0, 5);
        assertThat(env).containsEntry("CF_INSTANCE_INDEX", "0").containsEntry("MEMORY_LIMIT", "256m")
                .containsEntry("GREETING", "hi").containsEntry("VCAP_SERVICES", "{}").doesNotContainKey("PORT");
    }

    @Test
    void guidsAreStableAndDistinctPerKindAndId() {
        assertThat(LaunchEnvironment.guid("instance", 1)).isEqualTo(LaunchEnvironment.guid("instance", 1))
                .isNotEqualTo(LaunchEnvironment.guid("instance", 2)).isNotEqualTo(LaunchEnvironment.guid("app", 1));
        assertThat(LaunchEnvironment.of(Map.of(), APP, 0, 5).get("CF_INSTANCE_GUID"))
                .isNotEqualTo(LaunchEnvironment.of(Map.of(), APP, 1, 6).get("CF_INSTANCE_GUID"));
    }

    @Test
    void aDiskQuotaIsTheDiskLimit() throws Exception {
        LaunchEnvironment.App app = new LaunchEnvironment.App(7, "web", 3, "dev", List.of(), 512, 2048, 1);
        JsonNode v = new ObjectMapper().readTree(LaunchEnvironment.of(Map.of(), app, 0, 1).get("VCAP_APPLICATION"));
        assertThat(v.get("limits").get("disk").asInt()).isEqualTo(2048);
        assertThat(v.get("limits").get("mem").asInt()).isEqualTo(512);
        assertThat(v.get("uris")).isEmpty();
    }
}
