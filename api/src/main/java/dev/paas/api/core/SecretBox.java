package dev.paas.api.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts service credentials at rest: AES-256-GCM under a key derived (SHA-256) from the
 * configured services key, written {@code v1:<key id>:<base64(iv | ciphertext+tag)>}. The key id
 * (8 hex digits of the derived key's own hash) says which key sealed a value, so values sealed
 * with a previous key still open while {@link #isCurrent} tells the rotation which to re-seal.
 * Thread-safe.
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Key current;
    private final List<Key> all;

    private record Key(String id, SecretKeySpec spec) {
    }

    /**
     * @param key      the current key (any text of 16 characters or more)
     * @param previous keys values may still be sealed with (rotation)
     */
    public SecretBox(String key, List<String> previous) {
        if (key == null || key.strip().length() < 16) {
            throw new IllegalArgumentException("paas.services.key (PAAS_SERVICES_KEY) must be at least 16 characters");
        }
        current = derive(key.strip());
        all = new ArrayList<>();
        all.add(current);
        for (String p : previous) {
            if (p != null && !p.isBlank()) {
                all.add(derive(p.strip()));
            }
        }
    }

    public String seal(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(current.id().getBytes(StandardCharsets.US_ASCII));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
            return PREFIX + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The plain text; throws {@link IllegalStateException} when no configured key opens it. */
    public String open(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new IllegalStateException("not a sealed value");
        }
        Key key = all.stream().filter(k -> k.id().equals(parts[1])).findFirst()
                .orElseThrow(() -> new IllegalStateException("sealed with key " + parts[1]
                        + ", which is neither paas.services.key nor one of paas.services.previous-keys"));
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            c.updateAAD(key.id().getBytes(StandardCharsets.US_ASCII));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed value does not open with key " + key.id() + " (tampered or corrupt)", e);
        }
    }

    /** Whether {@code sealed} was sealed with the current key (else a rotation re-seals it). */
    public boolean isCurrent(String sealed) {
        return sealed != null && sealed.startsWith(PREFIX + current.id() + ":");
    }

    private static Key derive(String key) {
        try {
            byte[] k = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            byte[] id = MessageDigest.getInstance("SHA-256").digest(k);
            return new Key(HexFormat.of().formatHex(id, 0, 4), new SecretKeySpec(k, "AES"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
