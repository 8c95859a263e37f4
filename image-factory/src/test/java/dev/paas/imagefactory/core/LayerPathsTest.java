package dev.paas.imagefactory.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerPathsTest {

    @Test
    void namesAreTakenFromTheRoot() {
        assertThat(LayerPaths.normalise("./usr/bin/")).isEqualTo("/usr/bin");
        assertThat(LayerPaths.normalise("/etc//passwd")).isEqualTo("/etc/passwd");
        assertThat(LayerPaths.normalise("./")).isEqualTo("/");
        assertThatThrownBy(() -> LayerPaths.normalise("a/../../etc")).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> LayerPaths.normalise("a\nb")).hasMessageContaining("control character");
    }

    @Test
    void whiteouts() {
        assertThat(LayerPaths.isWhiteout("/etc/.wh.passwd")).isTrue();
        assertThat(LayerPaths.whitedOut("/etc/.wh.passwd")).isEqualTo("/etc/passwd");
        assertThat(LayerPaths.whitedOut("/.wh.old")).isEqualTo("/old");
        assertThat(LayerPaths.isOpaque("/data/.wh..wh..opq")).isTrue();
        assertThat(LayerPaths.isWhiteout("/data/.wh..wh..opq")).isFalse();
        assertThat(LayerPaths.isWhiteout("/data/x.wh.y")).isFalse();
    }

    @Test
    void symlinkTargets() {
        assertThat(LayerPaths.symlinkStaysInside("/usr/bin/sh", "busybox")).isTrue();
        assertThat(LayerPaths.symlinkStaysInside("/usr/bin/sh", "/bin/busybox")).as("absolute: the image's root").isTrue();
        assertThat(LayerPaths.symlinkStaysInside("/usr/lib/x", "../../etc/passwd")).isTrue();
        assertThat(LayerPaths.symlinkStaysInside("/usr/lib/x", "../../../etc/passwd")).isFalse();
        assertThat(LayerPaths.symlinkStaysInside("/a", "..")).isFalse();
        assertThat(LayerPaths.symlinkStaysInside("/a", "")).isFalse();
    }
}
