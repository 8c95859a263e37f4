package dev.paas.imagefactory.infra;

import dev.paas.imagefactory.core.ElfInfo;
import dev.paas.imagefactory.core.ElfParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Reads ELF headers from files (memory-mapped, read-only). */
final class ElfFiles {

    private ElfFiles() {}

    /** True when the file starts with the ELF magic. */
    static boolean isElf(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return ElfParser.isElf(in.readNBytes(4));
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's ELF facts, or empty when it is not an x86-64 ELF file we can read. */
    static Optional<ElfInfo> read(Path file) {
        if (!isElf(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            return Optional.of(ElfParser.parse(map));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
