package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static final String KEY = "first-key-0123456789";
    static final String NEXT = "second-key-0123456789";

    @Test
    void sealsWithoutTheClearTextAndOpensAgain() {
        SecretBox box = new SecretBox(KEY, List.of());
        String sealed = box.seal("{\"password\":\"hunter2\"}");
        assertThat(sealed).startsWith("v1:").doesNotContain("hunter2").doesNotContain("password");
        assertThat(box.seal("{\"password\":\"hunter2\"}")).as("a fresh IV each time").isNotEqualTo(sealed);
        assertThat(box.open(sealed)).isEqualTo("{\"password\":\"hunter2\"}");
        assertThat(box.isCurrent(sealed)).isTrue();
    }

    @Test
    void aRotationOpensValuesOfThePreviousKeyAndTellsWhichToReseal() {
        String old = new SecretBox(KEY, List.of()).seal("x");
        SecretBox rotated = new SecretBox(NEXT, List.of(KEY));
        assertThat(rotated.isCurrent(old)).isFalse();
        assertThat(rotated.open(old)).isEqualTo("x");
        assertThat(rotated.isCurrent(rotated.seal("x"))).isTrue();
        assertThatThrownBy(() -> new SecretBox(NEXT, List.of()).open(old)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("paas.services.previous-keys");
    }

    @Test
    void aTamperedValueOrAShortKeyIsRefused() {
        SecretBox box = new SecretBox(KEY, List.of());
        String sealed = box.seal("secret");
        int at = sealed.lastIndexOf(':') + 1;
        byte[] bytes = java.util.Base64.getDecoder().decode(sealed.substring(at));
        bytes[bytes.length / 2] ^= 1;  // one bit of the ciphertext
        String tampered = sealed.substring(0, at) + java.util.Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(IllegalStateException.class).hasMessageContaining("tampered");
        assertThatThrownBy(() -> box.open("plain")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox("short", List.of())).hasMessageContaining("PAAS_SERVICES_KEY");
    }

    @Test
    void vcapServicesHasCloudFoundrysFieldsForUserProvided() throws Exception {
        String json = VcapServices.of(List.of(
                new VcapServices.Bound("user-provided", "db", null, Map.of("uri", "pg://x"), null, List.of("pg"), "ig", "bg"),
                new VcapServices.Bound("user-provided", "cache", "c1", Map.of(), "syslog://l:514", List.of(), "ig2", "bg2")));
        var tree = new ObjectMapper().readTree(json);
        assertThat(tree.fieldNames()).toIterable().containsExactly("user-provided");
        var first = tree.get("user-provided").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("label", "name", "instance_name", "binding_name",
                "credentials", "syslog_drain_url", "volume_mounts", "tags", "instance_guid", "binding_guid");
        assertThat(first.get("name").asText()).isEqualTo("db");
        assertThat(first.get("binding_name").isNull()).isTrue();
        assertThat(first.get("syslog_drain_url").isNull()).isTrue();
        assertThat(tree.get("user-provided").get(1).get("name").asText()).as("the binding name when given").isEqualTo("c1");
    }
}
