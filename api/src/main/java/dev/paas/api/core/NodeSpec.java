package dev.paas.api.core;

import dev.paas.pushrules.Names;
import dev.paas.pushrules.ByteSize;
import dev.paas.model.Accelerator;
import dev.paas.model.NodeJoinRequest;
import java.util.regex.Pattern;

/** A validated join request: what a node says about itself. */
public record NodeSpec(String name, String address, int agentPort, int memoryMb, int vcpus, Accelerator accelerator,
                       String agentVersion) {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    public static NodeSpec of(NodeJoinRequest req) {
        if (req == null) {
            throw ApiException.invalid("body", "is required");
        }
        String name = ApiException.checked("name", req.name(), Names::dnsLabelProblem);
        String address = address(req.address());
        int port = range("agentPort", req.agentPort(), 1, 65535);
        return new NodeSpec(name, address, port, capacity(req.memoryMb(), req.vcpus()).memoryMb(),
                capacity(req.memoryMb(), req.vcpus()).vcpus(), accelerator(req.accelerator()), version(req.agentVersion()));
    }

    /** Validated capacity figures, shared by join and heartbeat. */
    public record Capacity(int memoryMb, int vcpus) {
    }

    public static Capacity capacity(Integer memoryMb, Integer vcpus) {
        return new Capacity(range("memoryMb", memoryMb, ByteSize.MEMORY_MIN_MB, 16 * 1024 * 1024), range("vcpus", vcpus, 1, 1024));
    }

    public static Accelerator accelerator(Accelerator a) {
        if (a == null) {
            throw ApiException.invalid("accelerator", "is required: KVM or TCG");
        }
        return a;
    }

    static String address(String a) {
        if (a == null || a.isBlank()) {
            throw ApiException.invalid("address", "is required: the host name or IP where instances are reachable");
        }
        if (!(IPV4.matcher(a).matches() || HOST.matcher(a).matches() || (a.contains(":") && IPV6.matcher(a).matches()))) {
            throw ApiException.invalid("address", "'" + Names.abbreviate(a) + "' is not a host name or IP address");
        }
        return a;
    }

    static String version(String v) {
        if (v == null) {
            return null;
        }
        if (!VERSION.matcher(v).matches()) {
            throw ApiException.invalid("agentVersion", "must be 1-64 of letters, digits, '.', '_', '+', '-'");
        }
        return v;
    }

    static int range(String field, Integer value, int min, int max) {
        if (value == null) {
            throw ApiException.invalid(field, "is required");
        }
        if (value < min || value > max) {
            throw ApiException.invalid(field, value + " is out of range; choose " + min + " to " + max);
        }
        return value;
    }
}
