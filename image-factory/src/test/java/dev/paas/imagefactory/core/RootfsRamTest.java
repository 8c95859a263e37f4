package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootfsRamTest {

    @Test
    void measuredImagesFitWhereTheyBooted() {
        // node hello: 90 MiB in about 2,300 files failed at 192M and booted at 256M
        assertThat(RootfsRam.minimumMib(90L << 20, 2300)).isBetween(193, 256);
        // python hello: 33 MiB booted at 128M; go hello: 4.6 MiB at 64M
        assertThat(RootfsRam.minimumMib(33L << 20, 1500)).isLessThanOrEqualTo(128);
        assertThat(RootfsRam.minimumMib(5L << 20, 20)).isLessThanOrEqualTo(64);
        assertThat(RootfsRam.minimumMib(0, 0)).isEqualTo(32);
    }

    @Test
    void tooLittleMemorySaysHowMuchToAskFor() {
        assertThatThrownBy(() -> RootfsRam.check("node", 90L << 20, 2300, 128))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.INVALID_REQUEST))
                .hasMessage("this node image's root takes 90.0 MiB in 2300 files, unpacked into a tmpfs of half the"
                        + " VM's memory: 128M is too little, push with at least -m 224M");
        RootfsRam.check("node", 90L << 20, 2300, 256);
    }
}
