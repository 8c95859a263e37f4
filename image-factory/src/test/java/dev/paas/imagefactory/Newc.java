package dev.paas.imagefactory;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads an initramfs as the kernel does: concatenated cpio "newc" archives (each ending in
 * {@code TRAILER!!!}, zero padding between them), gzip members concatenated too. Enough for
 * tests to look inside an image; not a general cpio reader.
 */
public final class Newc {

    private static final int HEADER = 110;

    /** One archive entry, trailers included. */
    public record Entry(String name, int mode, byte[] data) {}

    private Newc() {}

    /** Every entry of the file at {@code initramfs}, gzip'd (by its magic) or plain. */
    public static List<Entry> read(Path initramfs) throws IOException {
        byte[] raw = Files.readAllBytes(initramfs);
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(initramfs), true)) {
                return entries(in.readAllBytes());
            }
        }
        return entries(raw);
    }

    /** The data of the last entry named {@code name} (no leading slash), as the kernel would leave it. */
    public static Optional<byte[]> file(Path initramfs, String name) throws IOException {
        List<Entry> all = read(initramfs);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).name().equals(name)) {
                return Optional.of(all.get(i).data());
            }
        }
        return Optional.empty();
    }

    /** Every entry of concatenated, uncompressed newc archives. */
    public static List<Entry> entries(byte[] b) {
        List<Entry> entries = new ArrayList<>();
        int at = 0;
        while (at + HEADER <= b.length) {
            if (b[at] == 0) {
                at++;
                continue;
            }
            String header = new String(b, at, HEADER, StandardCharsets.US_ASCII);
            if (!header.startsWith("070701")) {
                throw new IllegalStateException("no newc header at offset " + at + ": " + header.substring(0, 6));
            }
            int mode = Integer.parseInt(header.substring(14, 22), 16);
            int fileSize = Integer.parseInt(header.substring(54, 62), 16);
            int nameSize = Integer.parseInt(header.substring(94, 102), 16);
            String name = new String(b, at + HEADER, nameSize - 1, StandardCharsets.UTF_8);
            at = align(at + HEADER + nameSize);
            entries.add(new Entry(name, mode, Arrays.copyOfRange(b, at, at + fileSize)));
            at = align(at + fileSize);
        }
        return entries;
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }
}
