package dev.paas.nodeagent.core;

import java.util.OptionalInt;

/**
 * What the guest's init has said on the console about the app (kernel/README.md, "Console
 * lines"), folded line by line with {@link #seen}:
 *
 * <pre>
 * paas-init: app pid=N watch-port=P uptime_ms=N    started; the init watches port P
 * paas-init: app pid=N uptime_ms=N                 started, by an older init that watches nothing
 * paas-init: app listening port=P uptime_ms=N      a socket listens on P in the guest
 * </pre>
 *
 * Keys it does not know are ignored; a line it cannot read changes nothing (a start line with a
 * bad {@code watch-port} counts as started by an older init). Immutable.
 *
 * @param started     the init has started the app
 * @param watchedPort the guest port the init watches, empty for an older init
 * @param listening   the init saw the app listen on {@code watchedPort}
 */
public record GuestApp(boolean started, OptionalInt watchedPort, boolean listening) {

    public static final GuestApp NOT_STARTED = new GuestApp(false, OptionalInt.empty(), false);
    /** An app that runs although its start line was not read (re-adopted past its start-up window). */
    public static final GuestApp ASSUMED_STARTED = new GuestApp(true, OptionalInt.empty(), false);

    static final String START = "paas-init: app pid=";
    static final String LISTENING = "paas-init: app listening ";

    /** How a port check may prove that the app takes connections. */
    public enum PortCheck {
        /** the init has not started the app: fails */
        NOT_STARTED,
        /** the init watches the port and has not seen it listen: fails without trying */
        NOT_LISTENING,
        /** the init saw the app listen: a plain connect proves the host's forward */
        CONNECT,
        /** an older init (no {@code watch-port=}) while starting: the connection must last a while */
        SETTLE_STARTING,
        /** liveness once RUNNING: the connection must last a short while */
        SETTLE_RUNNING
    }

    /** This state after one console line. */
    public GuestApp seen(String line) {
        if (line.startsWith(START)) {
            OptionalInt port = port(line, "watch-port=");
            return new GuestApp(true, port, false);
        }
        if (line.startsWith(LISTENING)) {
            OptionalInt port = port(line, "port=");
            // Before any start line too: after an agent restart the start line may lie before
            // the part of the console file that was re-read.
            if (port.isPresent() && (!started || watchedPort.equals(port))) {
                return new GuestApp(true, port, true);
            }
        }
        return this;
    }

    /** The port check to run now; {@code starting} while the instance has not passed a check yet. */
    public PortCheck portCheck(boolean starting) {
        if (!started) {
            return PortCheck.NOT_STARTED;
        }
        if (!starting) {
            return PortCheck.SETTLE_RUNNING;
        }
        if (watchedPort.isEmpty()) {
            return PortCheck.SETTLE_STARTING;
        }
        return listening ? PortCheck.CONNECT : PortCheck.NOT_LISTENING;
    }

    /** The value of {@code key} (e.g. "port=") among the line's blank-separated words, if a port. */
    private static OptionalInt port(String line, String key) {
        for (String word : line.split(" ")) {
            if (word.startsWith(key)) {
                String v = word.substring(key.length());
                if (v.isEmpty() || v.length() > 5 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return OptionalInt.empty();
                }
                int p = Integer.parseInt(v);
                return p >= 1 && p <= 65535 ? OptionalInt.of(p) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }
}
