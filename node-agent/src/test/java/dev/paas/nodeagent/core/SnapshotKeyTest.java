package dev.paas.nodeagent.core;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotKeyTest {

    private static final SnapshotKey BASE = new SnapshotKey("a".repeat(64), 256, 1024, "TCG",
            "QEMU emulator version 7.2.22", "console=ttyS0,115200 quiet", "netns", "e".repeat(64));

    @Test
    void theIdIsStableAndEveryPartChangesIt() {
        assertThat(BASE.id()).matches("[0-9a-f]{24}").isEqualTo(new SnapshotKey("a".repeat(64), 256, 1024, "TCG",
                "QEMU emulator version 7.2.22", "console=ttyS0,115200 quiet", "netns", "e".repeat(64)).id());
        List<SnapshotKey> others = List.of(
                new SnapshotKey("b".repeat(64), 256, 1024, "TCG", BASE.qemuVersion(), BASE.kernel(), "netns", BASE.envDigest()),
                new SnapshotKey(BASE.imageDigest(), 512, 1024, "TCG", BASE.qemuVersion(), BASE.kernel(), "netns", BASE.envDigest()),
                new SnapshotKey(BASE.imageDigest(), 256, 64, "TCG", BASE.qemuVersion(), BASE.kernel(), "netns", BASE.envDigest()),
                new SnapshotKey(BASE.imageDigest(), 256, 1024, "KVM", BASE.qemuVersion(), BASE.kernel(), "netns", BASE.envDigest()),
                new SnapshotKey(BASE.imageDigest(), 256, 1024, "TCG", "QEMU emulator version 8.2.0", BASE.kernel(), "netns", BASE.envDigest()),
                new SnapshotKey(BASE.imageDigest(), 256, 1024, "TCG", BASE.qemuVersion(), "console=ttyS0", "netns", BASE.envDigest()),
                new SnapshotKey(BASE.imageDigest(), 256, 1024, "TCG", BASE.qemuVersion(), BASE.kernel(), "user", BASE.envDigest()),
                new SnapshotKey(BASE.imageDigest(), 256, 1024, "TCG", BASE.qemuVersion(), BASE.kernel(), "netns", "f".repeat(64)));
        Set<String> ids = new HashSet<>();
        ids.add(BASE.id());
        others.forEach(k -> ids.add(k.id()));
        assertThat(ids).hasSize(others.size() + 1);
        assertThat(BASE.describe()).contains("recipe=" + SnapshotKey.RECIPE).contains("memoryMib=256").contains("qemu=QEMU emulator");
    }

    @Test
    void theEnvDigestIgnoresOnlyWhatDiffersPerInstance() {
        Map<String, String> one = Map.of("CF_INSTANCE_INDEX", "0", "CF_INSTANCE_GUID", "g-1", "CF_INSTANCE_PORT", "20001",
                "PAAS_INSTANCE_INDEX", "0", "GREETING", "hi",
                "VCAP_APPLICATION", "{\"application_id\":\"a\",\"instance_id\":\"g-1\",\"instance_index\":0,\"limits\":{}}");
        Map<String, String> two = Map.of("CF_INSTANCE_INDEX", "1", "CF_INSTANCE_GUID", "g-2", "CF_INSTANCE_PORT", "20002",
                "PAAS_INSTANCE_INDEX", "1", "GREETING", "hi",
                "VCAP_APPLICATION", "{\"application_id\":\"a\",\"instance_id\":\"g-2\",\"instance_index\":1,\"limits\":{}}");
        assertThat(SnapshotKey.envDigest(one)).isEqualTo(SnapshotKey.envDigest(two)).hasSize(64);
        Map<String, String> otherGreeting = new java.util.HashMap<>(two);
        otherGreeting.put("GREETING", "hello");
        assertThat(SnapshotKey.envDigest(otherGreeting)).as("a new env is a new key").isNotEqualTo(SnapshotKey.envDigest(one));
        Map<String, String> otherApp = new java.util.HashMap<>(two);
        otherApp.put("VCAP_APPLICATION", "{\"application_id\":\"b\",\"instance_id\":\"g-2\",\"instance_index\":1,\"limits\":{}}");
        assertThat(SnapshotKey.envDigest(otherApp)).isNotEqualTo(SnapshotKey.envDigest(one));
        assertThat(SnapshotKey.envDigest(null)).isEqualTo(SnapshotKey.envDigest(Map.of()));
        // names and values are kept apart: moving a character across them is another env
        assertThat(SnapshotKey.envDigest(Map.of("AB", "C"))).isNotEqualTo(SnapshotKey.envDigest(Map.of("A", "BC")));
    }

    @Test
    void idsAreCheckedBeforeTheyNameAPath() {
        assertThat(SnapshotKey.isId(BASE.id())).isTrue();
        assertThat(SnapshotKey.isId("../" + BASE.id().substring(3))).isFalse();
        assertThat(SnapshotKey.isId(BASE.id().toUpperCase())).isFalse();
        assertThat(SnapshotKey.isId(null)).isFalse();
        assertThat(SnapshotKey.isId("")).isFalse();
        assertThatThrownBy(() -> new SnapshotKey(null, 1, 1, "TCG", "q", "k", "netns", "e"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("imageDigest");
    }

    @Test
    void theDescriptionReadsBackPartByPart() {
        Map<String, String> parts = SnapshotKey.parts(BASE.describe());
        assertThat(parts).containsEntry("recipe", Integer.toString(SnapshotKey.RECIPE)).containsEntry("memoryMib", "256")
                .containsEntry("diskMib", "1024").containsEntry("accelerator", "TCG")
                .containsEntry("qemu", "QEMU emulator version 7.2.22")
                .containsEntry("kernel", "console=ttyS0,115200 quiet").containsEntry("network", "netns");
        assertThat(SnapshotKey.parts("kernel=a=b c=d\nno equals sign\n=x\n")).containsExactly(Map.entry("kernel", "a=b c=d"));
        assertThat(SnapshotKey.parts(null)).isEmpty();
    }
}
