package dev.paas.logdrain.infra;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Which addresses a drain may reach. Drains are shipped from the platform's hosts with lines an app
 * writes, so a drain URL must not make them talk to the host itself or to the link-local range
 * (a cloud's metadata service, 169.254.169.254): loopback (unless allowed, for tests and one-host
 * setups), the wildcard, link-local and multicast addresses are refused, as operators of Cloud
 * Foundry refuse them with the syslog agents' blacklisted ranges.
 */
final class Destinations {

    private Destinations() {
    }

    /** The host's addresses, the first one allowed; an IOException naming why when none is. */
    static InetAddress resolve(String host, boolean allowLoopback) throws IOException {
        InetAddress[] all = InetAddress.getAllByName(host);
        for (InetAddress a : all) {
            if (allowed(a, allowLoopback)) {
                return a;
            }
        }
        throw new IOException("refused: " + host + " resolves to " + all[0].getHostAddress()
                + " (loopback, wildcard, link-local and multicast addresses are not drains)");
    }

    static boolean allowed(InetAddress a, boolean allowLoopback) {
        if (a.isLoopbackAddress()) {
            return allowLoopback;
        }
        boolean broadcast = a instanceof Inet4Address && (a.getAddress()[0] & 0xff) == 255;  // 255.0.0.0/8, reserved
        return !(a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress() || broadcast);
    }
}
