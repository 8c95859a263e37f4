package dev.paas.kernel.api;

import dev.paas.model.Accelerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelCmdlineTest {

    @Test
    void defaultsBootTheRecipe() {
        List<String> flags = KernelCmdline.defaults().flags();
        assertThat(flags).contains("console=ttyS0,115200", "reboot=t", "panic=-1", KernelCmdline.USER_NET_IP);
        assertThat(KernelCmdline.defaults().render()).doesNotContain("  ").startsWith("console=ttyS0,115200 ");
    }

    @Test
    void tcgShortcutsOnlyForOneVcpuUnderTcg() {
        assertThat(KernelCmdline.defaults(Accelerator.TCG).flags()).contains("noapictimer", "lpj=700000");
        assertThat(KernelCmdline.defaults(Accelerator.KVM).flags()).doesNotContain("noapictimer");
        assertThat(KernelCmdline.defaults(Accelerator.TCG, 2).flags()).doesNotContain("noapictimer");
    }

    @Test
    void tuningAnImageLineIsIdempotentAndKeepsItsFlags() {
        KernelCmdline image = KernelCmdline.defaults().with("lpj=123");
        KernelCmdline tuned = image.tunedFor(Accelerator.TCG, 1);
        assertThat(tuned.flags()).contains("noapictimer", "lpj=123").doesNotContain("lpj=700000");
        assertThat(tuned.tunedFor(Accelerator.TCG, 1)).isEqualTo(tuned);
        assertThat(image.tunedFor(Accelerator.KVM, 1)).isEqualTo(image);
    }

    @Test
    void withAndWithout() {
        KernelCmdline c = KernelCmdline.defaults().without("quiet").with("initcall_debug");
        assertThat(c.flags()).doesNotContain("quiet").endsWith("initcall_debug");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "init=/bin/sh;reboot", "x=\"y\"", "a\nb", "$(id)"})
    void rejectsFlagsOutsideTheAllowList(String flag) {
        assertThatThrownBy(() -> KernelCmdline.defaults().with(flag)).isInstanceOf(IllegalArgumentException.class);
    }
}
