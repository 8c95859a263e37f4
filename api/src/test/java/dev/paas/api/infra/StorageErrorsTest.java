package dev.paas.api.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageErrorsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("immutable or not ours", new FileSystemException("/s/p/x", null, "Operation not permitted"),
                        "/s/p/x: operation not permitted (EPERM)"),
                Arguments.of("mode bits", new AccessDeniedException("/s/p/x"), "/s/p/x: permission denied (EACCES)"),
                Arguments.of("gone", new NoSuchFileException("/s/p"), "/s/p: no such file or directory (ENOENT)"),
                Arguments.of("full, from a write", new IOException("No space left on device"), "no space left on device (ENOSPC)"),
                Arguments.of("read-only mount", new FileSystemException("/s", null, "Read-only file system"), "/s: read-only file system (EROFS)"),
                Arguments.of("unknown reason", new IOException("strange"), "strange"),
                Arguments.of("no message", new IOException(), "ioexception"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesThePathAndTheErrno(String name, IOException e, String expected) {
        assertThat(StorageErrors.describe(e)).isEqualTo(expected);
    }
}
