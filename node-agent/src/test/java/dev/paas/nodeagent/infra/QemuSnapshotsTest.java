package dev.paas.nodeagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a snapshot's migration socket goes: a deep state directory must still give a bindable path. */
class QemuSnapshotsTest {

    @TempDir
    Path tmp;

    @Test
    void besideTheMemoryFileWhenThatPathFits() throws Exception {
        Path memory = tmp.resolve("snapshots/.tmp-0123456789abcdef01234567-1a2b3c4d/memory");
        assertThat(QemuSnapshots.socketFor(memory)).isEqualTo(memory.resolveSibling("in.sock"));
    }

    @Test
    void aDeepStateDirectoryGetsAShortPrivateDirectoryThatBinds() throws Exception {
        Path deep = tmp.resolve("work/wt-clones/e2e/target/e2e/snapshot-clones/agent/snapshots"
                + "/.tmp-0123456789abcdef01234567-1a2b3c4d");
        Files.createDirectories(deep);
        Path sock = QemuSnapshots.socketFor(deep.resolve("memory"));
        try {
            assertThat(deep.resolve("in.sock").toString().length()).isGreaterThan(QemuSnapshots.MAX_SOCKET_PATH);
            assertThat(sock.toString().length()).isLessThanOrEqualTo(QemuSnapshots.MAX_SOCKET_PATH);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent()))).isEqualTo("rwx------");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(sock));
                assertThat(sock).exists();
            }
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(sock.getParent());
        }
    }
}
