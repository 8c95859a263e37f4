package dev.paas.imagefactory.core;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes one class file refers to, read where jdeps reads them (its class dependency finder,
 * {@code com.sun.tools.classfile.Dependencies}): every {@code CONSTANT_Class} entry (super class,
 * interfaces, thrown and used classes), the descriptor of every {@code CONSTANT_NameAndType}, the
 * descriptors of the fields and methods, the {@code Signature} of the class, its fields and methods,
 * and the types of their run-time-visible (parameter) annotations. Like jdeps, it does not look at string constants,
 * local-variable tables, invisible or type annotations, annotation element values or inside
 * {@code Code}: a class name that appears only there is not a reference. Reading more than jdeps
 * (say every {@code L<name>;} in every Utf8 entry) would not be a safe over-approximation for a
 * cache key: an app naming {@code java.sql.Connection} only in a string or an unused local and an
 * app really using it would get the same key, but jdeps would answer java.sql for the second only.
 *
 * <p>The constant pool is parsed by hand (JVMS 4.4); a truncated or ill-formed file gives
 * {@link IllegalArgumentException}, never an unchecked exception of another kind.
 *
 * @param name    this class, internal form ({@code com/example/Hello})
 * @param classes the classes referred to, internal form; for a nested generic type
 *                ({@code Outer<T>.Inner}) the outermost class, which is in the same package
 */
public record ClassReferences(String name, Set<String> classes) {

    /** Deeper nesting (arrays, type arguments, annotations) is refused rather than recursed into. */
    private static final int MAX_DEPTH = 255;

    public static ClassReferences parse(byte[] classFile) {
        try {
            return new Reader(classFile).read();
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("ill-formed class file (" + e + ")", e);
        }
    }

    /** The package of a class in internal form: {@code com/example} for {@code com/example/Hello}. */
    public static String packageOf(String className) {
        return className.substring(0, Math.max(0, className.lastIndexOf('/')));
    }

    private static final class Reader {
        private final DataInputStream in;
        private final Set<String> classes = new TreeSet<>();
        private String[] utf8;
        private int[] tag;

        Reader(byte[] classFile) {
            in = new DataInputStream(new ByteArrayInputStream(classFile));
        }

        ClassReferences read() throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file (no 0xCAFEBABE)");
            }
            in.skipNBytes(4);                       // minor and major version
            int count = in.readUnsignedShort();
            utf8 = new String[count];
            tag = new int[count];
            int[] ref = new int[count];             // Class: its name; NameAndType: its descriptor
            for (int i = 1; i < count; i++) {
                tag[i] = in.readUnsignedByte();
                switch (tag[i]) {
                    case 1 -> utf8[i] = in.readUTF();   // u2 length + modified UTF-8, as readUTF reads it
                    case 7 -> ref[i] = in.readUnsignedShort();
                    case 12 -> {
                        in.skipNBytes(2);
                        ref[i] = in.readUnsignedShort();
                    }
                    case 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 3, 4, 9, 10, 11, 17, 18 -> in.skipNBytes(4);
                    case 15 -> in.skipNBytes(3);
                    case 5, 6 -> {                  // long and double take two slots
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag[i] + " at #" + i);
                }
            }
            for (int i = 1; i < count; i++) {
                if (tag[i] == 7) {
                    String name = utf8(ref[i]);
                    if (name.startsWith("[")) {
                        types(name);                // an array class: its descriptor
                    } else {
                        classes.add(name);
                    }
                } else if (tag[i] == 12) {
                    types(utf8(ref[i]));
                }
            }
            in.skipNBytes(2);                       // access flags
            int self = in.readUnsignedShort();
            if (self >= count || tag[self] != 7) {
                throw new IllegalArgumentException("this_class #" + self + " is not a class entry");
            }
            in.skipNBytes(2);                       // super class and interfaces: class entries, seen above
            in.skipNBytes(2L * in.readUnsignedShort());
            for (int members = 0; members < 2; members++) {     // fields, then methods
                for (int n = in.readUnsignedShort(); n > 0; n--) {
                    in.skipNBytes(4);               // access flags, name
                    types(utf8(in.readUnsignedShort()));
                    attributes();
                }
            }
            attributes();
            return new ClassReferences(utf8(ref[self]), Collections.unmodifiableSet(classes));
        }

        private void attributes() throws IOException {
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                String name = utf8(in.readUnsignedShort());
                long length = in.readInt() & 0xffffffffL;
                if (!name.equals("Signature") && !name.equals("RuntimeVisibleAnnotations")
                        && !name.equals("RuntimeVisibleParameterAnnotations")) {
                    in.skipNBytes(length);          // Code and the rest: jdeps does not look inside
                    continue;
                }
                byte[] body = in.readNBytes((int) Math.min(length, Integer.MAX_VALUE - 8));
                if (body.length != length) {
                    throw new IllegalArgumentException("attribute " + name + " runs past the end of the file");
                }
                DataInputStream a = new DataInputStream(new ByteArrayInputStream(body));
                switch (name) {
                    case "Signature" -> types(utf8(a.readUnsignedShort()));
                    case "RuntimeVisibleAnnotations" -> annotations(a);
                    default -> {
                        for (int p = a.readUnsignedByte(); p > 0; p--) {
                            annotations(a);
                        }
                    }
                }
            }
        }

        /** The annotations' own types, as jdeps; their element values are skipped. */
        private void annotations(DataInputStream a) throws IOException {
            for (int n = a.readUnsignedShort(); n > 0; n--) {
                types(utf8(a.readUnsignedShort()));
                skipElementValuePairs(a, 0);
            }
        }

        private static void skipElementValuePairs(DataInputStream a, int depth) throws IOException {
            for (int n = a.readUnsignedShort(); n > 0; n--) {
                a.skipNBytes(2);                    // element name
                skipElementValue(a, depth);
            }
        }

        private static void skipElementValue(DataInputStream a, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("annotation nested too deeply");
            }
            int t = a.readUnsignedByte();
            switch (t) {
                case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 's', 'c' -> a.skipNBytes(2);
                case 'e' -> a.skipNBytes(4);
                case '@' -> {
                    a.skipNBytes(2);
                    skipElementValuePairs(a, depth + 1);
                }
                case '[' -> {
                    for (int n = a.readUnsignedShort(); n > 0; n--) {
                        skipElementValue(a, depth + 1);
                    }
                }
                default -> throw new IllegalArgumentException("unknown annotation element tag " + t);
            }
        }

        private String utf8(int index) {
            if (index <= 0 || index >= utf8.length || utf8[index] == null) {
                throw new IllegalArgumentException("constant #" + index + " is not a Utf8 entry");
            }
            return utf8[index];
        }

        private void types(String descriptorOrSignature) {
            new Signature(descriptorOrSignature, classes).all();
        }
    }

    /**
     * The class names in a field or method descriptor (JVMS 4.3) or a class, method or field
     * signature (JVMS 4.7.9.1), by recursive descent over its grammar.
     */
    private static final class Signature {
        private final String s;
        private final Set<String> out;
        private int at;

        Signature(String s, Set<String> out) {
            this.s = s;
            this.out = out;
        }

        void all() {
            if (peek() == '<') {
                typeParameters();
            }
            if (peek() == '(') {
                at++;
                while (peek() != ')') {
                    type(0);
                }
                at++;
                type(0);                            // the result, V included
                while (at < s.length() && peek() == '^') {
                    at++;
                    type(0);                        // throws
                }
            } else {
                do {
                    type(0);                        // a field type, or a super class and interfaces
                } while (at < s.length());
            }
            if (at != s.length()) {
                throw bad();
            }
        }

        private void typeParameters() {
            at++;
            while (peek() != '>') {
                at = s.indexOf(':', at);            // past the parameter's name
                if (at < 0) {
                    throw bad();
                }
                while (peek() == ':') {
                    at++;
                    if ("LT[".indexOf(peek()) >= 0) {   // the class bound may be empty
                        type(0);
                    }
                }
            }
            at++;
        }

        private void type(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("signature nested too deeply");
            }
            switch (s.charAt(at++)) {
                case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'V' -> { }
                case '[' -> type(depth + 1);
                case 'T' -> {                       // a type variable
                    at = s.indexOf(';', at) + 1;
                    if (at == 0) {
                        throw bad();
                    }
                }
                case 'L' -> classType(depth);
                default -> throw bad();
            }
        }

        private void classType(int depth) {
            int start = at;
            skipName();
            if (at == start) {
                throw bad();
            }
            out.add(s.substring(start, at));
            while (true) {
                char c = s.charAt(at++);
                if (c == ';') {
                    return;
                } else if (c == '<') {
                    while (peek() != '>') {
                        char arg = peek();
                        if (arg == '*') {
                            at++;
                        } else {
                            if (arg == '+' || arg == '-') {
                                at++;
                            }
                            type(depth + 1);
                        }
                    }
                    at++;
                } else if (c == '.') {
                    skipName();                     // a nested class: same package as its outer class
                } else {
                    throw bad();
                }
            }
        }

        private void skipName() {
            while (";<.".indexOf(peek()) < 0) {
                at++;
            }
        }

        private char peek() {
            return s.charAt(at);
        }

        private IllegalArgumentException bad() {
            return new IllegalArgumentException("ill-formed descriptor or signature '" + s + "'");
        }
    }
}
