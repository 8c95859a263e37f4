package dev.paas.imagefactory.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the parts of an x86-64 ELF file that the dynamic loader uses: the file type, the
 * program headers ({@code PT_INTERP}, {@code PT_DYNAMIC}, {@code PT_LOAD}) and the dynamic
 * section ({@code DT_NEEDED}, {@code DT_RPATH}, {@code DT_RUNPATH}, {@code DT_SONAME},
 * {@code DT_FLAGS_1}), with strings from {@code DT_STRTAB} mapped from its virtual address
 * through the {@code PT_LOAD} segments. Bounds are checked everywhere: a truncated or hostile
 * file gives {@link IllegalArgumentException}, never an out-of-bounds read.
 */
public final class ElfParser {

    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;
    private static final int EM_X86_64 = 62;
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final long DT_FLAGS_1 = 0x6ffffffbL;
    private static final long DF_1_PIE = 0x08000000L;

    private ElfParser() {}

    /** True when the first bytes are the ELF magic. */
    public static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /**
     * @param file the whole file (a mapped buffer is fine)
     * @throws IllegalArgumentException if it is not a well-formed 64-bit little-endian x86-64 ELF
     */
    public static ElfInfo parse(ByteBuffer file) {
        ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position(0);
        if (b.limit() < 64) {
            throw new IllegalArgumentException("too short for an ELF header");
        }
        byte[] ident = new byte[16];
        b.get(0, ident);
        if (!isElf(ident)) {
            throw new IllegalArgumentException("not an ELF file");
        }
        if (ident[4] != 2 || ident[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        int type = Short.toUnsignedInt(b.getShort(16));
        int machine = Short.toUnsignedInt(b.getShort(18));
        if (machine != EM_X86_64) {
            throw new IllegalArgumentException("built for ELF machine " + machine + ", not x86-64");
        }
        long phoff = b.getLong(32);
        int phentsize = Short.toUnsignedInt(b.getShort(54));
        int phnum = Short.toUnsignedInt(b.getShort(56));
        if (phnum > 0 && (phentsize < 56 || phoff < 0 || phoff + (long) phnum * phentsize > b.limit())) {
            throw new IllegalArgumentException("program headers outside the file");
        }
        Optional<String> interp = Optional.empty();
        long dynOff = -1;
        long dynSize = 0;
        List<long[]> loads = new ArrayList<>();  // {vaddr, offset, filesz}
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * phentsize);
            int ptype = b.getInt(at);
            long offset = b.getLong(at + 8);
            long vaddr = b.getLong(at + 16);
            long filesz = b.getLong(at + 32);
            switch (ptype) {
                case PT_INTERP -> interp = Optional.of(cString(b, offset, Math.min(filesz, 4096)));
                case PT_DYNAMIC -> {
                    dynOff = offset;
                    dynSize = filesz;
                }
                case PT_LOAD -> loads.add(new long[] {vaddr, offset, filesz});
                default -> { }
            }
        }
        List<String> needed = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        Optional<String> soname = Optional.empty();
        long flags1 = 0;
        if (dynOff >= 0) {
            if (dynOff + dynSize > b.limit() || dynSize < 0) {
                throw new IllegalArgumentException("dynamic section outside the file");
            }
            long strtabAddr = -1;
            List<long[]> entries = new ArrayList<>();
            for (long at = dynOff; at + 16 <= dynOff + dynSize; at += 16) {
                long tag = b.getLong((int) at);
                long val = b.getLong((int) at + 8);
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_STRTAB) {
                    strtabAddr = val;
                } else if (tag == DT_FLAGS_1) {
                    flags1 = val;
                }
                entries.add(new long[] {tag, val});
            }
            long strtab = strtabAddr < 0 ? -1 : toOffset(loads, strtabAddr);
            for (long[] e : entries) {
                if (e[0] == DT_NEEDED || e[0] == DT_RPATH || e[0] == DT_RUNPATH || e[0] == DT_SONAME) {
                    if (strtab < 0) {
                        throw new IllegalArgumentException("dynamic section without a string table");
                    }
                    String s = cString(b, strtab + e[1], 4096);
                    if (e[0] == DT_NEEDED) {
                        needed.add(s);
                    } else if (e[0] == DT_RPATH) {
                        rpath.addAll(splitPath(s));
                    } else if (e[0] == DT_RUNPATH) {
                        runpath.addAll(splitPath(s));
                    } else {
                        soname = Optional.of(s);
                    }
                }
            }
        }
        ElfInfo.Type kind;
        if (type == ET_EXEC) {
            kind = interp.isPresent() ? ElfInfo.Type.DYNAMIC_EXECUTABLE : ElfInfo.Type.STATIC_EXECUTABLE;
        } else if (type == ET_DYN) {
            if (interp.isPresent()) {
                kind = ElfInfo.Type.DYNAMIC_EXECUTABLE;
            } else if ((flags1 & DF_1_PIE) != 0) {
                kind = ElfInfo.Type.STATIC_EXECUTABLE;
            } else {
                kind = ElfInfo.Type.SHARED_LIBRARY;
            }
        } else {
            kind = ElfInfo.Type.OTHER;
        }
        return new ElfInfo(kind, interp, needed, rpath, runpath, soname);
    }

    private static long toOffset(List<long[]> loads, long vaddr) {
        for (long[] l : loads) {
            if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                return vaddr - l[0] + l[1];
            }
        }
        throw new IllegalArgumentException("string table address 0x" + Long.toHexString(vaddr) + " not in a loaded segment");
    }

    private static String cString(ByteBuffer b, long offset, long max) {
        if (offset < 0 || offset >= b.limit()) {
            throw new IllegalArgumentException("string outside the file");
        }
        int start = (int) offset;
        int end = start;
        long stop = Math.min(b.limit(), offset + max);
        while (end < stop && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        b.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> splitPath(String s) {
        return Arrays.stream(s.split(":")).filter(p -> !p.isEmpty()).toList();
    }
}
