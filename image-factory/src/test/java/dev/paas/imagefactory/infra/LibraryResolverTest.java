package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.Samples;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Against this host's real loader configuration and libraries. */
class LibraryResolverTest {

    @Test
    void dynamicExecutableGetsItsLoaderAndLibc() throws Exception {
        Path exe = Samples.nativeDynamic();
        LibraryResolver.Closure c = LibraryResolver.forHost().resolve(Map.of(exe, "/app/hello-dynamic"),
                Map.of(exe.getParent(), "/app"));
        assertThat(c.missing()).isEmpty();
        assertThat(c.libraries()).extracting(LibraryResolver.HostLibrary::imagePath)
                .contains("/lib64/ld-linux-x86-64.so.2")
                .anyMatch(p -> p.endsWith("/libc.so.6"));
        assertThat(c.libraries()).allSatisfy(l -> assertThat(ElfFiles.read(l.hostFile())).isPresent());
    }

    @Test
    void staticExecutableNeedsNothing() throws Exception {
        Path exe = Samples.nativeStatic();
        assertThat(LibraryResolver.forHost().resolve(Map.of(exe, "/app/x"), Map.of()).libraries()).isEmpty();
    }

    @Test
    void theJdksLibrariesResolveToZlibAndFriends() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        LibraryResolver.Closure c = LibraryResolver.forHost().resolve(
                Map.of(jdk.resolve("bin/java"), "/paas/jre/bin/java", jdk.resolve("lib/libzip.so"), "/paas/jre/lib/libzip.so",
                        jdk.resolve("lib/server/libjvm.so"), "/paas/jre/lib/server/libjvm.so"),
                Map.of(jdk, "/paas/jre"));
        assertThat(c.libraries()).extracting(LibraryResolver.HostLibrary::imagePath)
                .anyMatch(p -> p.endsWith("/libc.so.6"))
                .anyMatch(p -> p.endsWith("/libz.so.1"))
                .anyMatch(p -> p.endsWith("/libstdc++.so.6"))
                .anyMatch(p -> p.endsWith("/libm.so.6"))
                .noneMatch(p -> p.startsWith("/paas/jre"));
    }
}
