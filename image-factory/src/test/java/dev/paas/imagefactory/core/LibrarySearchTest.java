package dev.paas.imagefactory.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LibrarySearchTest {

    private static ElfInfo lib(List<String> rpath, List<String> runpath) {
        return new ElfInfo(ElfInfo.Type.SHARED_LIBRARY, Optional.empty(), List.of(), rpath, runpath, Optional.empty());
    }

    @Test
    void rpathThenConfThenDefaults() {
        List<String> c = LibrarySearch.candidates(lib(List.of("$ORIGIN/../lib"), List.of()), "/opt/app/bin",
                List.of("/usr/local/lib"), "libz.so.1");
        assertThat(c).containsExactly("/opt/app/lib/libz.so.1", "/usr/local/lib/libz.so.1",
                "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/libz.so.1",
                "/usr/lib/libz.so.1");
    }

    @Test
    void runpathDisablesRpath() {
        List<String> c = LibrarySearch.candidates(lib(List.of("/rpath"), List.of("${ORIGIN}")), "/jre/lib",
                List.of(), "libjli.so");
        assertThat(c.get(0)).isEqualTo("/jre/lib/libjli.so");
        assertThat(c).doesNotContain("/rpath/libjli.so");
    }

    @Test
    void namesWithASlashAreUsedAsTheyAre() {
        assertThat(LibrarySearch.candidates(lib(List.of(), List.of()), "/x", List.of(), "/opt/libq.so"))
                .containsExactly("/opt/libq.so");
    }

    @Test
    void parsesLdSoConf() {
        assertThat(LibrarySearch.parseLdSoConf("# comment\ninclude /etc/ld.so.conf.d/*.conf\n/usr/local/lib\n\n"
                + "/opt/lib:/opt/lib2 # trailing\ninclude other.d/*.conf\n"))
                .containsExactly("include:/etc/ld.so.conf.d/*.conf", "/usr/local/lib", "/opt/lib", "/opt/lib2",
                        "include:/etc/other.d/*.conf");
    }
}
