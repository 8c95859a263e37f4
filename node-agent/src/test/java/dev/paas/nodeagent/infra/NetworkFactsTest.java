package dev.paas.nodeagent.infra;

import dev.paas.nodeagent.core.HealthPolicy;
import dev.paas.nodeagent.core.Ipv4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the netns data path reads from the host and the flags that shape it. */
class NetworkFactsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "first IPv4 nameserver       | 'nameserver 10.255.255.53\\nnameserver 10.0.0.1' | 10.255.255.53",
            "loopback resolver skipped   | 'nameserver 127.0.0.53\\nnameserver 192.0.2.53' | 192.0.2.53",
            "IPv6 and junk skipped       | 'search x\\nnameserver ::1\\nnameserver 10.0.0.01\\nnameserver 10.0.0.9' | 10.0.0.9",
            "tabs and comments           | '# nameserver 10.1.1.1\\n\\tnameserver\\t10.2.2.2' | 10.2.2.2",
            "only loopback: none         | 'nameserver 127.0.0.53' | ''",
            "empty file: none            | '' | ''"})
    void nameserverIsTheFirstOneAGuestCouldUse(String name, String content, String expected) throws IOException {
        Path f = dir.resolve("resolv.conf");
        Files.writeString(f, content.replace("\\n", "\n").replace("\\t", "\t"));
        assertThat(NetworkFacts.nameserver(f).orElse("")).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void missingResolvConfMeansNoDns() {
        assertThat(NetworkFacts.nameserver(dir.resolve("nope"))).isEmpty();
    }

    @Test
    void theTagDependsOnTheStateDirectoryOnly() {
        assertThat(NetworkFacts.tag(Path.of("/var/lib/paas/node-agent"))).matches("[0-9a-f]{4}")
                .isEqualTo(NetworkFacts.tag(Path.of("/var/lib/paas/./node-agent")))
                .isNotEqualTo(NetworkFacts.tag(Path.of("/var/lib/paas/node-agent-2")));
    }

    @Test
    void theTransferRangeIsCheckedAtStart() {
        assertThat(config("10.254.0.0/16").vmNetwork()).hasToString("10.254.0.0/16");
        assertThatThrownBy(() -> config("10.254.0.0/31")).hasMessageContaining("--vm-network");
        assertThatThrownBy(() -> config("8.0.0.0/7")).hasMessageContaining("--vm-network");
        assertThatThrownBy(() -> config("127.0.0.0/8")).hasMessageContaining("must not contain --address 127.0.0.1");
        assertThatThrownBy(() -> Ipv4.Cidr.parse("--vm-network", "10.254.0.1/16")).hasMessageContaining("host bits");
    }

    private static AgentConfig config(String vmNetwork) {
        return new AgentConfig(URI.create("http://127.0.0.1:1"), null, "n", "127.0.0.1", Path.of("/tmp/x"), 1024, 20000,
                20010, 0, "127.0.0.1", Path.of("/usr/bin/qemu-system-x86_64"), QemuDriver.AcceleratorMode.TCG, 1L << 30,
                HealthPolicy.defaults(), AgentConfig.NetworkMode.NETNS, Ipv4.Cidr.parse("--vm-network", vmNetwork));
    }
}
