package dev.paas.nodeagent.core;

import dev.paas.model.EgressRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NftScriptsTest {

    static final Ipv4.Cidr TRANSFER = Ipv4.Cidr.parse("--vm-network", "10.254.0.0/16");

    @Test
    void namesAndAddressesFollowFromTheHostPort() {
        InstanceNet n = new InstanceNet("3f9a", 42, 20001, 8080, TRANSFER);
        assertThat(n.netns()).isEqualTo("paas-3f9a-42");
        assertThat(n.hostVeth()).isEqualTo("pv3f9a20001").hasSizeLessThanOrEqualTo(15);
        assertThat(n.slot()).isEqualTo(20001 % 16384);
        assertThat(n.transferNet()).hasToString("10.254.56.132/30");
        assertThat(n.hostSide()).isEqualTo("10.254.56.133");
        assertThat(n.netnsSide()).isEqualTo("10.254.56.134");
        assertThat(new InstanceNet("3f9a", 42, 65535, 8080, TRANSFER).hostVeth()).hasSize(11);
        assertThat(InstanceNet.instanceOfNetns("3f9a", "paas-3f9a-42")).hasValue(42L);
        assertThat(InstanceNet.instanceOfNetns("3f9a", "paas-0000-42")).isEmpty();
        assertThat(InstanceNet.instanceOfNetns("3f9a", "paas-3f9a-x")).isEmpty();
        assertThat(InstanceNet.portOfVeth("3f9a", "pv3f9a20001")).hasValue(20001);
        assertThat(InstanceNet.portOfVeth("3f9a", "pv3f9b20001")).isEmpty();
    }

    @Test
    void smallTransferRangesWrap() {
        Ipv4.Cidr small = Ipv4.Cidr.parse("--vm-network", "10.9.0.0/28");  // 4 slots
        assertThat(new InstanceNet("0001", 1, 20001, 80, small).transferNet()).hasToString("10.9.0.4/30");
        assertThatThrownBy(() -> new InstanceNet("0001", 1, 20001, 80, Ipv4.Cidr.parse("v", "10.9.0.0/31")))
                .hasMessageContaining("--vm-network");
        assertThatThrownBy(() -> new InstanceNet("XYZ!", 1, 20001, 80, TRANSFER)).hasMessageContaining("tag");
        assertThatThrownBy(() -> Ipv4.Cidr.parse("--vm-network", "10.254.0.0")).hasMessageContaining("--vm-network");
    }

    @Test
    void hostTableForwardsEachEndpointAndKeepsGuestsOffTheHost() {
        String s = NftScripts.host("3f9a", TRANSFER, "127.0.0.1", List.of(
                new InstanceNet("3f9a", 7, 20002, 8080, TRANSFER), new InstanceNet("3f9a", 5, 20001, 8080, TRANSFER)));
        assertThat(s).startsWith("add table ip paas-3f9a\ndelete table ip paas-3f9a\ntable ip paas-3f9a {\n");
        String five = "ip daddr 127.0.0.1 tcp dport 20001 dnat to 10.254.56.134:20001 comment \"instance 5\"";
        String seven = "ip daddr 127.0.0.1 tcp dport 20002 dnat to 10.254.56.138:20002 comment \"instance 7\"";
        // prerouting (other hosts' routers) and output (this host's) both forward; sorted by instance
        assertThat(s.indexOf(five)).isLessThan(s.indexOf(seven));
        assertThat(s.split(java.util.regex.Pattern.quote(five), -1)).hasSize(3);
        assertThat(s).contains("iifname \"pv*\" return\n    " + five)
                .contains("oifname \"pv3f9a*\" ip saddr 127.0.0.0/8 masquerade")
                .contains("ip saddr 10.254.0.0/16 oifname != \"pv*\" masquerade")
                .contains("iifname \"pv3f9a*\" ct state established,related accept\n    iifname \"pv3f9a*\" drop")
                .contains("iifname \"pv*\" oifname \"pv*\" drop");
        assertThatThrownBy(() -> NftScripts.host("3f9a", TRANSFER, "127.0.0.1; flush ruleset", List.of()))
                .hasMessageContaining("address");
    }

    @Test
    void netnsTableDeniesThePlatformBeforeTheRules() {
        InstanceNet n = new InstanceNet("3f9a", 5, 20001, 8080, TRANSFER);
        EgressPolicy p = EgressPolicy.parse(List.of(new EgressRule("udp", "0.0.0.0/0", "53"),
                new EgressRule("tcp", "10.77.0.2", "8000")));
        String s = NftScripts.netns(n, p, List.of("192.0.2.2", "127.0.0.1", "192.0.2.0/24"), Optional.of("10.255.255.53"));
        assertThat(s).startsWith("add table inet paas\ndelete table inet paas\ntable inet paas {\n")
                .contains("iifname \"veth0\" ip daddr 10.254.56.134 tcp dport 20001 dnat ip to 10.0.2.15:8080")
                .contains("iifname \"tap0\" ip daddr 10.0.2.3 udp dport 53 dnat ip to 10.255.255.53:53")
                .contains("iifname \"tap0\" ip daddr 10.0.2.3 tcp dport 53 dnat ip to 10.255.255.53:53")
                .contains("oifname \"veth0\" masquerade")
                .contains("iifname \"veth0\" oifname \"tap0\" ip daddr 10.0.2.15 tcp dport 8080 ct status dnat accept")
                .contains("iifname \"tap0\" oifname \"veth0\" jump egress");
        int deny = s.indexOf("ip daddr { 0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 192.0.2.0/24, 10.254.0.0/16 } jump refuse");
        int dns = s.indexOf("ip daddr 0.0.0.0/0 udp dport 53 accept");
        int probe = s.indexOf("ip daddr 10.77.0.2 tcp dport 8000 accept");
        int last = s.lastIndexOf("    jump refuse\n  }");
        assertThat(deny).isPositive();
        assertThat(dns).isGreaterThan(deny);
        assertThat(probe).isGreaterThan(dns);
        assertThat(last).isGreaterThan(probe);
    }

    @Test
    void anEndedInstanceAnswersEveryPacketWithAReset() {
        String s = NftScripts.ended(new InstanceNet("3f9a", 5, 20001, 8080, TRANSFER));
        assertThat(s).startsWith("add table inet paas\ndelete table inet paas\ntable inet paas {\n")
                .contains("iifname \"veth0\" ip daddr 10.254.56.134 tcp dport 20001 dnat ip to 10.0.2.15:8080")
                .contains("policy drop;\n    meta l4proto tcp reject with tcp reset\n")
                .doesNotContain("established").doesNotContain("egress").doesNotContain("masquerade");
    }

    @Test
    void deniedEntriesInsideOthersAreDropped() {
        assertThat(NftScripts.disjoint(List.of("10.0.0.0/8", "10.1.2.3", "10.0.0.0/8", "192.0.2.2", "192.0.2.2", "127.0.0.1")))
                .containsExactly("10.0.0.0/8", "192.0.2.2", "127.0.0.1");
    }

    @Test
    void withoutAResolverNothingAnswersDnsAndNoRulesRefuseAll() {
        InstanceNet n = new InstanceNet("3f9a", 5, 20001, 8080, TRANSFER);
        String s = NftScripts.netns(n, EgressPolicy.DENY_ALL, List.of(), Optional.empty());
        assertThat(s).doesNotContain("dport 53").doesNotContain("accept\n  }\n  chain egress")
                .contains("chain egress {\n    ip daddr { 0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 10.254.0.0/16 } jump refuse\n    jump refuse\n  }");
        assertThatThrownBy(() -> NftScripts.netns(n, EgressPolicy.DENY_ALL, List.of("10.0.0.1 }"), Optional.empty()))
                .hasMessageContaining("denied");
    }

    @Test
    void aServiceEndpointIsAcceptedBeforeTheAlwaysDeniedSetInTheNetns() {
        InstanceNet n = new InstanceNet("3f9a", 5, 20001, 8080, TRANSFER);
        EgressPolicy p = EgressPolicy.parse(List.of(new EgressRule("tcp", "10.77.0.2", "8000")),
                List.of(new EgressRule("tcp", "10.253.0.1", "5432")));
        // The services address is one of the host's: in the denied set, and still reached.
        String s = NftScripts.netns(n, p, List.of("10.253.0.1", "192.0.2.2"), Optional.empty());
        int service = s.indexOf("chain egress {\n    ip daddr 10.253.0.1 tcp dport 5432 accept\n");
        int deny = s.indexOf("ip daddr { 0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 10.253.0.1, 192.0.2.2, 10.254.0.0/16 } jump refuse");
        assertThat(service).isPositive();
        assertThat(deny).isGreaterThan(service);
        assertThat(s.indexOf("ip daddr 10.77.0.2 tcp dport 8000 accept")).isGreaterThan(deny);
        assertThat(s).as("only that port").doesNotContain("ip daddr 10.253.0.1 accept").doesNotContain("10.253.0.1 ip protocol");
        assertThat(NftScripts.netns(n, EgressPolicy.parse(List.of()), List.of("10.253.0.1"), Optional.empty()))
                .as("without the binding: refused").doesNotContain("tcp dport 5432");
    }

    @Test
    void theHostAcceptsAServiceEndpointOnlyFromTheInstanceWhoseBindingOpenedIt() {
        InstanceNet five = new InstanceNet("3f9a", 5, 20001, 8080, TRANSFER);
        InstanceNet seven = new InstanceNet("3f9a", 7, 20002, 8080, TRANSFER);
        String s = NftScripts.host("3f9a", TRANSFER, "127.0.0.1", List.of(five, seven),
                java.util.Map.of(5L, EgressPolicy.parse(List.of(), List.of(new EgressRule("tcp", "10.253.0.1", "5432"),
                        new EgressRule("tcp", "10.253.0.1", "6379"))).services()));
        assertThat(s).contains("iifname \"pv3f9a*\" ct state established,related accept\n"
                + "    iifname \"pv3f9a20001\" ip daddr 10.253.0.1 tcp dport 5432 ct state new accept comment \"instance 5 service\"\n"
                + "    iifname \"pv3f9a20001\" ip daddr 10.253.0.1 tcp dport 6379 ct state new accept comment \"instance 5 service\"\n"
                + "    iifname \"pv3f9a*\" drop\n");
        assertThat(s).doesNotContain("pv3f9a20002\" ip daddr");
        assertThat(NftScripts.host("3f9a", TRANSFER, "127.0.0.1", List.of(five, seven)))
                .contains("iifname \"pv3f9a*\" ct state established,related accept\n    iifname \"pv3f9a*\" drop");
    }
}
