package dev.paas.imagefactory.core;

import dev.paas.imagefactory.Samples;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against real files: the samples built by build-native.sh and the host's libc. */
class ElfParserTest {

    private static ElfInfo parse(Path p) throws Exception {
        return ElfParser.parse(ByteBuffer.wrap(Files.readAllBytes(p)));
    }

    @Test
    void staticExecutable() throws Exception {
        ElfInfo e = parse(Samples.nativeStatic());
        assertThat(e.type()).isEqualTo(ElfInfo.Type.STATIC_EXECUTABLE);
        assertThat(e.interpreter()).isEmpty();
        assertThat(e.needed()).isEmpty();
        assertThat(e.isDynamic()).isFalse();
    }

    @Test
    void dynamicPieExecutable() throws Exception {
        ElfInfo e = parse(Samples.nativeDynamic());
        assertThat(e.type()).isEqualTo(ElfInfo.Type.DYNAMIC_EXECUTABLE);
        assertThat(e.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(e.needed()).contains("libc.so.6");
    }

    @Test
    void sharedLibraryHasASoname() throws Exception {
        ElfInfo e = parse(Path.of("/lib/x86_64-linux-gnu/libm.so.6"));
        assertThat(e.soname()).contains("libm.so.6");
        assertThat(e.needed()).contains("libc.so.6");
    }

    @Test
    void hostileInputIsRefusedNotCrashed() throws Exception {
        byte[] real = Files.readAllBytes(Samples.nativeDynamic());
        assertThatThrownBy(() -> ElfParser.parse(ByteBuffer.wrap(Arrays.copyOf(real, 100))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ElfParser.parse(ByteBuffer.wrap("#!/bin/sh\necho hi\n".repeat(10).getBytes())))
                .hasMessageContaining("not an ELF file");
        byte[] bad = real.clone();
        bad[32] = (byte) 0xff;  // e_phoff far outside the file
        bad[39] = 0x7f;
        assertThatThrownBy(() -> ElfParser.parse(ByteBuffer.wrap(bad))).isInstanceOf(IllegalArgumentException.class);
    }
}
