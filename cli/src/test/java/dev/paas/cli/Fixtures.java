package dev.paas.cli;

/** JSON bodies as the control plane writes them. */
final class Fixtures {

    private Fixtures() {
    }

    static String app(String name, long version, int instances, String memory, String state, String env) {
        return """
                {"name":"%s","space":"default","state":"%s","instances":%d,"memory":"%s","env":%s,
                 "healthCheck":{"type":"PORT","timeout":60},"version":%d,
                 "createdAt":"2026-11-27T09:00:00Z","updatedAt":"2026-11-27T09:58:00Z"}
                """.formatted(name, state, instances, memory, env, version);
    }

    static String app(String name, long version) {
        return app(name, version, 1, "256M", "STOPPED", "{}");
    }

    static String page(String... items) {
        return "{\"items\":[" + String.join(",", items) + "],\"page\":1,\"perPage\":200,\"total\":" + items.length + "}";
    }

    static String route(long id, String host, String path, String app) {
        return """
                {"id":%d,"host":"%s","path":"%s","space":"default","app":%s,"createdAt":"2026-11-27T09:00:00Z",
                 "url":"http://%s:8080%s"}
                """.formatted(id, host, path, app == null ? "null" : "\"" + app + "\"", host, path.isEmpty() ? "/" : path);
    }

    static String instance(int index, String state, String node, int crashes, String lastExit, String pending,
                           Long revision) {
        return """
                {"index":%d,"state":"%s","since":"2026-11-27T09:59:00Z","node":%s,"endpoint":null,"healthy":null,
                 "crashCount":%d,"lastExit":%s,"placementError":%s,"revision":%s}
                """.formatted(index, state, q(node), crashes, q(lastExit), q(pending),
                revision == null ? "null" : revision.toString());
    }

    static String node(String name, String state) {
        return """
                {"id":1,"name":"%s","pool":"default","address":"10.0.0.5","state":"%s","accelerator":"TCG",
                 "memoryMb":4096,"allocatedMb":512,"vcpus":2,"instances":2,"lastHeartbeatAt":"2026-11-27T09:59:55Z",
                 "agentVersion":"0.1.0","joinedAt":"2026-11-27T08:00:00Z"}
                """.formatted(name, state);
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
