package dev.paas.imagefactory.infra;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The kernel release, read from the bzImage's setup header (x86 boot protocol: "HdrS" at 0x202,
 * {@code kernel_version} at 0x20E points at the version string, offset by 0x200).
 */
final class KernelVersion {

    private KernelVersion() {}

    /** E.g. {@code 6.1.0}, or {@code unknown} when the file is not a bzImage. */
    static String of(Path bzImage) {
        if (bzImage == null || !Files.isRegularFile(bzImage)) {
            return "unknown";
        }
        try (FileChannel ch = FileChannel.open(bzImage, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(0x210).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            if (head.position() < 0x210 || head.getInt(0x202) != 0x53726448) {
                return "unknown";
            }
            int ptr = Short.toUnsignedInt(head.getShort(0x20E));
            ByteBuffer s = ByteBuffer.allocate(128);
            ch.read(s, ptr + 0x200L);
            String text = new String(s.array(), 0, s.position(), StandardCharsets.US_ASCII);
            int end = text.indexOf(' ');
            return end > 0 ? text.substring(0, end) : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
