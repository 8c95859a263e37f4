package dev.paas.router.infra;

import dev.paas.router.api.RouterConfig;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar paas-router.jar --control-plane URL --router-key KEY}: runs a router until SIGTERM. */
@Command(name = "paas-router", mixinStandardHelpOptions = true,
        description = "Routes HTTP requests by Host (and path prefix) to app instances, following the "
                + "control plane's route table.")
public final class RouterMain implements Callable<Integer> {

    @Option(names = "--control-plane", defaultValue = "${env:PAAS_CONTROL_PLANE}",
            description = "Control plane base URL, e.g. http://127.0.0.1:8900 (env PAAS_CONTROL_PLANE).")
    String controlPlane;

    @Option(names = "--router-key", defaultValue = "${env:PAAS_ROUTER_KEY}",
            description = "The control plane's router key (env PAAS_ROUTER_KEY; prefer the variable: "
                    + "arguments show in ps).")
    String routerKey;

    @Option(names = "--port", defaultValue = "8080", description = "Proxy port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address the proxy listens on (default "
            + "${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--admin-port", defaultValue = "8081",
            description = "Port of GET /health, never routed to apps; every request needs the router key "
                    + "(default ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-bind", defaultValue = "127.0.0.1",
            description = "Address the admin port listens on (default ${DEFAULT-VALUE}).")
    String adminBind;

    @Option(names = "--instances", description = "Proxy event loops (default: one per core).")
    Integer instances;

    @Option(names = "--name", description = "Name in access-log batches (default: router@<hostname>).")
    String name;

    @Option(names = "--max-held", defaultValue = "100",
            description = "Requests held per app while it wakes from zero; more get a 503 (default ${DEFAULT-VALUE}).")
    int maxHeld;

    @Option(names = "--wake-timeout", defaultValue = "60s",
            description = "How long a held request waits for its app's first instance, e.g. 60s, 2m; then a 503 "
                    + "(default ${DEFAULT-VALUE}).")
    String wakeTimeout;

    @Override
    public Integer call() throws Exception {
        RouterConfig config;
        try {
            config = RouterConfig.validated(controlPlane, routerKey, name != null ? name : defaultName(), bind, port,
                    adminBind, adminPort, instances != null ? instances : Runtime.getRuntime().availableProcessors(),
                    RouterConfig.Tuning.DEFAULT.withHolding(maxHeld, RouterConfig.Tuning.wakeTimeout(wakeTimeout)));
        } catch (IllegalArgumentException e) {
            System.err.println("paas-router: " + e.getMessage());
            return 2;
        }
        Router router = Router.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            router.close();
            stopped.countDown();
        }, "router-shutdown"));
        stopped.await();
        return 0;
    }

    private static String defaultName() {
        try {
            return "router@" + InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "router";
        }
    }

    /**
     * System properties set before their classes load; each can be set otherwise with -D on the
     * command line. (Vert.x's per-task switches no longer matter: no request passes through
     * Vert.x.)
     */
    private static final String[][] DEFAULTS = {
        {"java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n"}, // one line per event
        {"io.netty.leakDetection.level", "disabled"}, // no sampled stack traces of buffers per request
    };

    public static void main(String[] args) {
        for (String[] flag : DEFAULTS) {
            if (System.getProperty(flag[0]) == null) {
                System.setProperty(flag[0], flag[1]);
            }
        }
        System.exit(new CommandLine(new RouterMain()).execute(args));
    }
}
