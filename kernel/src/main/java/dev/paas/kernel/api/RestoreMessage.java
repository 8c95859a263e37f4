package dev.paas.kernel.api;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The line the host writes on a restored VM's control port (kernel/README.md, "Snapshot clones"):
 * {@code restore seed=<64 hex> time=<s>.<9 digits> index=N guid=G ip=A port=P}. Checked here as
 * strictly as the init checks it, so a value the init would refuse never leaves the host.
 *
 * @param seed  32 bytes from the host's CSPRNG, mixed into the guest kernel's entropy pool
 * @param now   the host's wall clock, which the guest's clock is set to
 * @param index the instance index ({@code CF_INSTANCE_INDEX}); empty when unknown
 * @param guid  the instance GUID ({@code CF_INSTANCE_GUID}), null when unknown
 * @param ip    where the instance is reached ({@code CF_INSTANCE_IP}), null when unknown
 * @param port  the host port ({@code CF_INSTANCE_PORT}), empty when unknown
 */
public record RestoreMessage(byte[] seed, Instant now, OptionalInt index, String guid, String ip, OptionalInt port) {

    public static final int SEED_BYTES = 32;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9.:-]{1,63}");
    private static final Pattern IPV4 = Pattern.compile("[0-9.]{7,15}");

    public RestoreMessage {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("seed must be " + SEED_BYTES + " bytes, got: " + seed.length);
        }
        seed = seed.clone();
        Objects.requireNonNull(now, "now");
        if (now.getEpochSecond() < 0) {
            throw new IllegalArgumentException("now must not be before 1970, got: " + now);
        }
        if (index.isPresent() && (index.getAsInt() < 0 || index.getAsInt() > 999_999)) {
            throw new IllegalArgumentException("index must be between 0 and 999999, got: " + index.getAsInt());
        }
        if (guid != null && !PLAIN.matcher(guid).matches()) {
            throw new IllegalArgumentException("guid must be 1-63 letters, digits, '.', ':' or '-'");
        }
        if (ip != null && !IPV4.matcher(ip).matches()) {
            throw new IllegalArgumentException("ip must be an IPv4 address, got: " + ip);
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got: " + port.getAsInt());
        }
    }

    /** The line, with its newline. */
    public String render() {
        StringBuilder b = new StringBuilder("restore seed=").append(HexFormat.of().formatHex(seed))
                .append(" time=").append(now.getEpochSecond()).append('.').append(String.format("%09d", now.getNano()));
        index.ifPresent(i -> b.append(" index=").append(i));
        if (guid != null) {
            b.append(" guid=").append(guid);
        }
        if (ip != null) {
            b.append(" ip=").append(ip);
        }
        port.ifPresent(p -> b.append(" port=").append(p));
        return b.append('\n').toString();
    }

    /** Names what it carries, never the seed. */
    @Override
    public String toString() {
        return "RestoreMessage[now=" + now + ", index=" + index + ", guid=" + guid + ", ip=" + ip + ", port=" + port + "]";
    }
}
