package dev.paas.nodeagent.core;

import dev.paas.model.EgressRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EgressPolicyTest {

    static Stream<Arguments> good() {
        return Stream.of(
                arguments("one address, one port", new EgressRule("tcp", "10.0.0.5", "443"), "ip daddr 10.0.0.5 tcp dport 443 accept"),
                arguments("CIDR, port range", new EgressRule("udp", "10.1.0.0/16", "8000-9000"), "ip daddr 10.1.0.0/16 udp dport 8000-9000 accept"),
                arguments("range, port list", new EgressRule("tcp", "10.0.0.1-10.0.0.9", "80,443,8000-8100"),
                        "ip daddr 10.0.0.1-10.0.0.9 tcp dport { 80, 443, 8000-8100 } accept"),
                arguments("tcp without ports: all ports", new EgressRule("tcp", "0.0.0.0/0", null), "ip daddr 0.0.0.0/0 ip protocol tcp accept"),
                arguments("icmp", new EgressRule("icmp", "192.0.2.0/24", null), "ip daddr 192.0.2.0/24 ip protocol icmp accept"),
                arguments("all", new EgressRule("all", "198.51.100.7", null), "ip daddr 198.51.100.7 accept"),
                arguments("everything", new EgressRule("all", "0.0.0.0/0", null), "ip daddr 0.0.0.0/0 accept"),
                arguments("port 1 and 65535", new EgressRule("udp", "10.0.0.1", "1,65535"), "ip daddr 10.0.0.1 udp dport { 1, 65535 } accept"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parsesAndRendersCanonically(String name, EgressRule rule, String nft) {
        EgressPolicy p = EgressPolicy.parse(List.of(rule));
        assertThat(NftScripts.rule(p.rules().get(0))).isEqualTo(nft);
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                arguments("unknown protocol", new EgressRule("sctp", "10.0.0.1", "1"), "egress[0].protocol"),
                arguments("upper-case protocol", new EgressRule("TCP", "10.0.0.1", "1"), "egress[0].protocol"),
                arguments("no protocol", new EgressRule(null, "10.0.0.1", "1"), "egress[0].protocol"),
                arguments("no destination", new EgressRule("tcp", null, "1"), "egress[0].destination"),
                arguments("host name", new EgressRule("tcp", "example.com", "443"), "egress[0].destination"),
                arguments("octet 256", new EgressRule("tcp", "10.0.0.256", "443"), "egress[0].destination"),
                arguments("leading zero", new EgressRule("tcp", "10.0.0.01", "443"), "egress[0].destination"),
                arguments("IPv6", new EgressRule("tcp", "::1", "443"), "egress[0].destination"),
                arguments("prefix 33", new EgressRule("tcp", "10.0.0.0/33", "443"), "egress[0].destination"),
                arguments("host bits", new EgressRule("tcp", "10.0.0.1/24", "443"), "host bits"),
                arguments("backwards range", new EgressRule("tcp", "10.0.0.9-10.0.0.1", "443"), "low to high"),
                arguments("nft injection in destination", new EgressRule("all", "10.0.0.1 accept; flush ruleset", null), "egress[0].destination"),
                arguments("port 0", new EgressRule("tcp", "10.0.0.1", "0"), "egress[0].ports"),
                arguments("port 65536", new EgressRule("tcp", "10.0.0.1", "65536"), "egress[0].ports"),
                arguments("backwards ports", new EgressRule("tcp", "10.0.0.1", "9000-8000"), "egress[0].ports"),
                arguments("blank in ports", new EgressRule("tcp", "10.0.0.1", "80, 443"), "egress[0].ports"),
                arguments("nft injection in ports", new EgressRule("tcp", "10.0.0.1", "80 accept"), "egress[0].ports"),
                arguments("empty ports", new EgressRule("tcp", "10.0.0.1", ""), "egress[0].ports"),
                arguments("ports on icmp", new EgressRule("icmp", "10.0.0.1", "80"), "egress[0].ports"),
                arguments("ports on all", new EgressRule("all", "10.0.0.1", "80"), "egress[0].ports"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusesBadRulesNamingTheField(String name, EgressRule rule, String field) {
        assertThatThrownBy(() -> EgressPolicy.parse(List.of(rule)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    void namesTheRuleThatIsBad() {
        assertThatThrownBy(() -> EgressPolicy.parse(List.of(new EgressRule("tcp", "10.0.0.1", "80"),
                new EgressRule("tcp", "10.0.0.1", "x"))))
                .hasMessageStartingWith("egress[1].ports");
        assertThatThrownBy(() -> EgressPolicy.parse(java.util.Arrays.asList((EgressRule) null)))
                .hasMessageContaining("egress[0] must not be null");
    }

    @Test
    void noRulesDenyEverything() {
        assertThat(EgressPolicy.parse(null)).isEqualTo(EgressPolicy.DENY_ALL);
        assertThat(EgressPolicy.parse(List.of())).isEqualTo(EgressPolicy.DENY_ALL);
    }

    @Test
    void serviceEndpointsAreExactTcpAddressAndPort() {
        EgressPolicy p = EgressPolicy.parse(List.of(), List.of(new EgressRule("tcp", "10.253.0.1", "5432"),
                new EgressRule("tcp", "10.253.0.1", "5432"), new EgressRule("tcp", "192.0.2.7", "6379")));
        assertThat(p.rules()).isEmpty();
        assertThat(p.services()).as("duplicates once").containsExactly(new EgressPolicy.Service("10.253.0.1", 5432),
                new EgressPolicy.Service("192.0.2.7", 6379));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServices")
    void refusesServiceEndpointsThatAreNotExact(String name, EgressRule rule, String says) {
        assertThatThrownBy(() -> EgressPolicy.parse(List.of(new EgressRule("tcp", "10.0.0.1", "80")),
                java.util.Arrays.asList(new EgressRule("tcp", "10.253.0.1", "5432"), rule)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("serviceEgress[1]").hasMessageContaining(says);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badServices() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("udp", new EgressRule("udp", "10.253.0.1", "5432"), "protocol must be tcp"),
                org.junit.jupiter.params.provider.Arguments.of("all", new EgressRule("all", "10.253.0.1", null), "protocol must be tcp"),
                org.junit.jupiter.params.provider.Arguments.of("cidr", new EgressRule("tcp", "10.253.0.0/24", "5432"), "one IPv4 address"),
                org.junit.jupiter.params.provider.Arguments.of("range", new EgressRule("tcp", "10.253.0.1-10.253.0.9", "5432"), "one IPv4 address"),
                org.junit.jupiter.params.provider.Arguments.of("name", new EgressRule("tcp", "db.example", "5432"), "destination"),
                org.junit.jupiter.params.provider.Arguments.of("leading zero", new EgressRule("tcp", "10.253.0.01", "5432"), "destination"),
                org.junit.jupiter.params.provider.Arguments.of("injection", new EgressRule("tcp", "10.253.0.1 accept", "5432"), "destination"),
                org.junit.jupiter.params.provider.Arguments.of("loopback", new EgressRule("tcp", "127.0.0.1", "5432"), "127.0.0.0/8"),
                org.junit.jupiter.params.provider.Arguments.of("metadata", new EgressRule("tcp", "169.254.169.254", "80"), "169.254.0.0/16"),
                org.junit.jupiter.params.provider.Arguments.of("port range", new EgressRule("tcp", "10.253.0.1", "5432-5433"), "one port"),
                org.junit.jupiter.params.provider.Arguments.of("port list", new EgressRule("tcp", "10.253.0.1", "80,443"), "one port"),
                org.junit.jupiter.params.provider.Arguments.of("no port", new EgressRule("tcp", "10.253.0.1", null), "one port"),
                org.junit.jupiter.params.provider.Arguments.of("port 0", new EgressRule("tcp", "10.253.0.1", "0"), "one port"),
                org.junit.jupiter.params.provider.Arguments.of("port too big", new EgressRule("tcp", "10.253.0.1", "65536"), "one port"),
                org.junit.jupiter.params.provider.Arguments.of("null", null, "must not be null"));
    }
}
