package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.model.EgressRule;
import dev.paas.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityRulesTest {

    static SecurityRules.Rule one(String protocol, String destination, String ports) {
        return SecurityRules.rules(List.of(new SecurityGroupRule(protocol, destination, ports, null))).get(0);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> ports {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "tcp  | 10.0.0.5                     | 443                 | 443",
            "TCP  | 10.0.0.0/24                  | 80, 443             | 80,443",
            "udp  | 0.0.0.0/0                    | 53                  | 53",
            "tcp  | 10.0.0.1-10.0.0.1            | 1-65535             | 1-65535",
            "tcp  | 255.255.255.255/32           | 8000-9000,9443      | 8000-9000,9443",
            "all  | 1.0.0.0-9.255.255.255        | NULL                | NULL",
            "icmp | 192.0.2.0/31                 | NULL                | NULL",
    })
    void goodRulesAreNormalised(String protocol, String destination, String ports, String normalised) {
        SecurityRules.Rule r = one(protocol, destination, ports);
        assertThat(r.toEgress()).isEqualTo(new EgressRule(protocol.toLowerCase(), destination, normalised));
        // The stored form reads back as the same rule.
        assertThat(SecurityRules.Rule.fromStored(r.toStored())).isEqualTo(r);
    }

    @ParameterizedTest(name = "{0} is not a destination")
    @ValueSource(strings = {"10.0.0.0/33", "300.1.1.1", "10.0.0.1-10.0.0.0", "10.0.0.5/24", "10.0.0", "10.0.0.0.1", "010.0.0.1",
            "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "::1", "10.0.0.1,10.0.0.2", "10.0.0.1 ", "a.b.c.d", "10.0.0.1-", "-10.0.0.1",
            "1.2.3.4/24/8"})
    void badDestinationsNameTheField(String destination) {
        assertThatThrownBy(() -> one("all", destination, null)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("rules[0].destination: ");
    }

    @ParameterizedTest(name = "{0} are not ports")
    @ValueSource(strings = {"0", "70000", "65536", "80-", "-80", "a", "90-80", "80,,443", "80,", "1-2-3", "", " ", "+80", "080x"})
    void badPortsNameTheField(String ports) {
        assertThatThrownBy(() -> one("tcp", "10.0.0.1", ports)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("rules[0].ports: ");
    }

    @Test
    void theReversedRangeMessageSaysHowToWriteIt() {
        assertThatThrownBy(() -> one("all", "10.0.0.9-10.0.0.1", null)).hasMessageContaining("10.0.0.1-10.0.0.9");
        assertThatThrownBy(() -> one("all", "10.0.0.5/24", null)).hasMessageContaining("10.0.0.0/24");
    }

    @Test
    void theIndexOfTheBadRuleIsNamed() {
        List<SecurityGroupRule> rules = new ArrayList<>(Collections.nCopies(3, new SecurityGroupRule("all", "10.0.0.1", null, null)));
        rules.set(2, new SecurityGroupRule("tcp", "10.0.0.1", "80-", null));
        assertThatThrownBy(() -> SecurityRules.rules(rules)).hasMessageStartingWith("rules[2].ports: ");
        rules.set(2, null);
        assertThatThrownBy(() -> SecurityRules.rules(rules)).hasMessageStartingWith("rules[2]: ");
        assertThatThrownBy(() -> SecurityRules.rules(null)).hasMessageStartingWith("rules: ");
        assertThatThrownBy(() -> SecurityRules.rules(Collections.nCopies(1001, rules.get(0)))).hasMessageStartingWith("rules: ");
    }

    @Test
    void icmpTakesOnlyTheWildcardTypeAndCode() {
        assertThat(SecurityRules.rules(List.of(new SecurityGroupRule("icmp", "10.0.0.1", null, null, -1, -1)))).hasSize(1);
        assertThatThrownBy(() -> SecurityRules.rules(List.of(new SecurityGroupRule("icmp", "10.0.0.1", null, null, 8, null))))
                .hasMessageStartingWith("rules[0].type: ");
        assertThatThrownBy(() -> SecurityRules.rules(List.of(new SecurityGroupRule("udp", "10.0.0.1", "53", null, null, -1))))
                .hasMessageStartingWith("rules[0].code: ");
        assertThatThrownBy(() -> one("icmp", "10.0.0.1", "80")).hasMessageStartingWith("rules[0].ports: ");
        assertThatThrownBy(() -> one("all", "10.0.0.1", "80")).hasMessageStartingWith("rules[0].ports: ");
    }

    @ParameterizedTest(name = "name ''{0}'' is refused")
    @ValueSource(strings = {"", "Bad", "a b", "-x", "x-", "_x", "a234567890123456789012345678901234567890123456789012345678901234"})
    void badNames(String name) {
        assertThatThrownBy(() -> SecurityRules.name("name", name)).hasMessageStartingWith("name: ");
    }

    @ParameterizedTest(name = "name ''{0}'' is accepted")
    @ValueSource(strings = {"public_networks", "dns", "a", "corp.proxy-1"})
    void goodNames(String name) {
        assertThat(SecurityRules.name("name", name)).isEqualTo(name);
    }
}
