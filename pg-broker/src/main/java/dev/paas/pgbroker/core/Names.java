package dev.paas.pgbroker.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of what the broker makes, derived from the platform's ids so that a retry after a crash
 * finds what the first try made (and finishes or removes it) instead of leaving an orphan:
 * <ul>
 * <li>{@code psi_<24 hex>}: a service instance's database and its owner, a NOLOGIN role of the
 * same name (pg_hba's {@code samerole} then lets only that role's members connect to it);</li>
 * <li>{@code psb_<24 hex>}: a binding's LOGIN role.</li>
 * </ul>
 * Only these names, never a caller's string, reach an SQL identifier.
 */
public final class Names {

    private Names() {
    }

    public static String instance(String instanceId) {
        return "psi_" + hash("instance:" + instanceId);
    }

    public static String binding(String instanceId, String bindingId) {
        return "psb_" + hash("binding:" + instanceId + "/" + bindingId);
    }

    /** Whether {@code name} is one the broker makes (so it may be put in SQL as an identifier). */
    public static boolean isOwn(String name) {
        return name != null && name.matches("ps[ib]_[0-9a-f]{24}");
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
