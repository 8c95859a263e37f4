package dev.paas.kernel.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Talks to a guest's init through its control port ({@code paas.control}, a virtio-serial port
 * whose host side is the Unix socket QEMU listens on, see {@link VmConfig#controlSocket()}).
 */
public final class GuestControl {

    private GuestControl() {}

    /**
     * Asks the init to stop the app: it sends SIGTERM, waits the launch spec's grace period,
     * then SIGKILL, writes the exit record and resets the VM (QEMU exits). Idempotent: a second
     * request while stopping changes nothing. Returns once the request is written.
     *
     * @throws IOException if QEMU is not listening (the VM is gone or has no control port)
     */
    public static void requestStop(Path controlSocket) throws IOException {
        send(controlSocket, "stop\n");
    }

    /**
     * Tells the init of a VM just restored from a snapshot who it is now: it reseeds the kernel's
     * RNG with the message's seed, sets the wall clock and rewrites {@code /paas/instance.json}
     * (kernel/README.md, "Snapshot clones"). Stays connected until {@code done} says the guest
     * took it (its console line), at most {@code timeout}; returns whether it did.
     *
     * @throws IOException if QEMU is not listening
     */
    public static boolean restored(Path controlSocket, RestoreMessage message, java.util.function.BooleanSupplier done,
                                   java.time.Duration timeout) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(controlSocket));
            ByteBuffer buf = ByteBuffer.wrap(message.render().getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            // Connected until the guest took it (QEMU hands the bytes over before it sees a hang-up).
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void send(Path controlSocket, String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(controlSocket));
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            // Stay connected a moment: QEMU hands the bytes to the guest before it sees the hang-up.
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
