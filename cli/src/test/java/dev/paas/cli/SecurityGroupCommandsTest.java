package dev.paas.cli;

import static dev.paas.cli.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.cli.infra.Json;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityGroupCommandsTest extends LoggedInCliTest {

    static final String RULES = "[{\"protocol\":\"tcp\",\"destination\":\"10.0.0.0/24\",\"ports\":\"443\",\"description\":\"proxy\"}]";

    static String group(String name, boolean platform, String spaces, String rules) {
        return """
                {"id":1,"name":"%s","rules":%s,"platform":%s,"spaces":[%s],
                 "createdAt":"2026-11-27T08:00:00Z","updatedAt":"2026-11-27T08:00:00Z"}""".formatted(name, rules, platform, spaces);
    }

    @Test
    void listsAndShowsGroups() {
        cp.on("GET", "/v1/security-groups", 200, page(
                group("dns", true, "", "[{\"protocol\":\"tcp\",\"destination\":\"0.0.0.0/0\",\"ports\":\"53\"},"
                        + "{\"protocol\":\"udp\",\"destination\":\"0.0.0.0/0\",\"ports\":\"53\"}]"),
                group("proxy", false, "\"dev\",\"prod\"", RULES),
                group("spare", false, "", "[]")));
        assertThat(paas.run("security-groups").out()).isEqualTo("""
                name   rules  bound to
                dns    2      platform-wide
                proxy  1      spaces dev, prod
                spare  0      (not bound)
                """);
        cp.on("GET", "/v1/security-groups/public_networks", 200, group("public_networks", true, "\"dev\"",
                "[{\"protocol\":\"all\",\"destination\":\"1.0.0.0-9.255.255.255\"}]"));
        assertThat(paas.run("security-group", "public_networks").out()).isEqualTo("""
                name:     public_networks
                bound to: platform-wide; spaces dev

                protocol  destination            ports  description
                all       1.0.0.0-9.255.255.255  -
                """);
        assertThat(Json.tree(paas.run("security-group", "public_networks", "--json").out()).get("platform").asBoolean()).isTrue();
        assertThat(Json.tree(paas.run("security-groups", "--json").out()).get("items")).hasSize(3);
    }

    @Test
    void createSendsTheFilesRulesAsTheyAre() throws Exception {
        Files.writeString(paas.workDir.resolve("rules.json"), RULES);
        cp.on("POST", "/v1/security-groups", 201, group("proxy", false, "", RULES));
        Harness.Result r = paas.run("create-security-group", "proxy", "rules.json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("created security group proxy with 1 rule; bind it with "
                + "'paas bind-security-group proxy [--space SPACE]'\n");
        assertThat(cp.requests("POST", "/v1/security-groups").get(0).body()).isEqualTo("{\"name\":\"proxy\",\"rules\":" + RULES + "}");
        assertThat(Json.tree(paas.run("create-security-group", "proxy", "rules.json", "--json").out()).get("name").asText())
                .isEqualTo("proxy");
    }

    @Test
    void theServersRefusalIsOneLine() throws Exception {
        Files.writeString(paas.workDir.resolve("rules.json"), "[{\"protocol\":\"tcp\",\"destination\":\"10.0.0.0/33\",\"ports\":\"1\"}]");
        cp.error("POST", "/v1/security-groups", 400, "INVALID_FIELD", "rules[0].destination: '10.0.0.0/33' has a prefix length '33'");
        Harness.Result r = paas.run("create-security-group", "proxy", "rules.json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("paas: rules[0].destination: '10.0.0.0/33' has a prefix length '33'\n");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "NONE          | paas: missing.json: no such file",
            "{\"a\": 1}    | paas: rules.json must hold a JSON array of rules, e.g. [{\"protocol\": \"tcp\", \"destination\": \"10.0.0.0/24\", \"ports\": \"443\"}]",
            "[{\"protocol\": | paas: rules.json is not valid JSON (line 1, column 14)",
    })
    void badRulesFilesAreRefusedBeforeAnythingIsSent(String content, String error) throws Exception {
        String file = "missing.json";
        if (!content.equals("NONE")) {
            file = "rules.json";
            Files.writeString(paas.workDir.resolve(file), content);
        }
        for (String command : new String[] {"create-security-group", "update-security-group"}) {
            Harness.Result r = paas.run(command, "proxy", file);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith(error).doesNotContain("\tat ").hasLineCount(1);
        }
        assertThat(cp.requests()).isEmpty();
    }

    @Test
    void updateReplacesRulesOrRenames() throws Exception {
        Files.writeString(paas.workDir.resolve("rules.json"), RULES);
        cp.on("PATCH", "/v1/security-groups/proxy", 200, group("proxy", false, "\"prod\"", RULES));
        Harness.Result r = paas.run("update-security-group", "proxy", "rules.json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("updated security group proxy (1 rule, bound to spaces prod); running instances follow "
                + "within one desired-state watch of their node agents\n");
        assertThat(cp.requests("PATCH", "/v1/security-groups/proxy").get(0).body()).isEqualTo("{\"rules\":" + RULES + "}");
        cp.on("PATCH", "/v1/security-groups/old", 200, group("proxy", false, "", RULES));
        assertThat(paas.run("update-security-group", "old", "--name", "proxy").code()).isZero();
        assertThat(cp.requests("PATCH", "/v1/security-groups/old").get(0).body()).isEqualTo("{\"name\":\"proxy\"}");
        Harness.Result nothing = paas.run("update-security-group", "proxy");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("paas: give RULES.json, --name NEW_NAME, or both");
    }

    @Test
    void deleteAsksUnlessForced() {
        cp.on("DELETE", "/v1/security-groups/proxy", 204, null);
        paas.stdin = "n\n";
        Harness.Result no = paas.run("delete-security-group", "proxy");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err()).endsWith("paas: not deleted (answer y, or pass -f)\n");
        assertThat(cp.writes()).isEmpty();
        paas.stdin = "y\n";
        assertThat(paas.run("delete-security-group", "proxy").out()).startsWith("deleted security group proxy;");
        assertThat(Json.tree(paas.run("delete-security-group", "proxy", "-f", "--json").out()).get("deleted").asText()).isEqualTo("proxy");
        assertThat(cp.requests("DELETE", "/v1/security-groups/proxy")).hasSize(2);
    }

    @Test
    void bindAndUnbindPlatformWideOrToASpace() {
        cp.on("PUT", "/v1/security-groups/proxy/spaces/prod", 200, group("proxy", false, "\"prod\"", RULES));
        cp.on("DELETE", "/v1/security-groups/proxy/spaces/prod", 200, group("proxy", false, "", RULES));
        cp.on("PUT", "/v1/security-groups/dns/platform", 200, group("dns", true, "", "[]"));
        cp.on("DELETE", "/v1/security-groups/dns/platform", 200, group("dns", false, "", "[]"));
        assertThat(paas.run("bind-security-group", "proxy", "--space", "prod").out())
                .isEqualTo("bound security group proxy to space prod; running instances follow within one desired-state watch "
                        + "of their node agents\n");
        assertThat(paas.run("unbind-security-group", "proxy", "--space", "prod").out())
                .startsWith("unbound security group proxy from space prod;");
        assertThat(paas.run("bind-security-group", "dns").out()).startsWith("bound security group dns platform-wide (every space);");
        assertThat(paas.run("bind-running-security-group", "dns").code()).isZero();
        assertThat(paas.run("unbind-security-group", "dns").out()).startsWith("unbound security group dns from the platform");
        assertThat(paas.run("unbind-running-security-group", "dns").code()).isZero();
        assertThat(cp.requests("PUT", "/v1/security-groups/dns/platform")).hasSize(2);
        assertThat(cp.requests("DELETE", "/v1/security-groups/dns/platform")).hasSize(2);
        assertThat(Json.tree(paas.run("bind-security-group", "dns", "--json").out()).get("name").asText()).isEqualTo("dns");
        cp.error("PUT", "/v1/security-groups/proxy/spaces/nope", 404, "NOT_FOUND", "space 'nope' not found");
        Harness.Result missing = paas.run("bind-security-group", "proxy", "--space", "nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("paas: space 'nope' not found\n");
    }
}
