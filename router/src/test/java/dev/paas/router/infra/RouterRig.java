package dev.paas.router.infra;

import dev.paas.router.api.RouterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What router tests stand on: a stub control plane, real test apps and (once started) a real
 * router following the stub, all on 127.0.0.1; closed in the reverse order.
 */
final class RouterRig implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong version = new AtomicLong(100);
    private final StubControlPlane controlPlane;
    private final TestApps apps;
    private Router router;

    RouterRig() throws Exception {
        controlPlane = new StubControlPlane(vertx).start();
        apps = new TestApps(vertx);
    }

    /** Starts (or restarts) the router with this key and tuning. */
    Router startRouter(String key, RouterConfig.Tuning tuning) throws Exception {
        if (router != null) {
            router.close();
        }
        router = Router.start(RouterConfig.local(controlPlane.url(), key, tuning));
        return router;
    }

    /** Publishes these routes as the next table version and waits until the router serves it. */
    void serve(JsonObject... routes) throws InterruptedException {
        serve(version.incrementAndGet(), routes);
    }

    void serve(long tableVersion, JsonObject... routes) throws InterruptedException {
        controlPlane.publish(tableVersion, new JsonArray(List.of((Object[]) routes)));
        TestApps.until("table version " + tableVersion, Duration.ofSeconds(5),
                () -> router.tableVersion() == tableVersion);
    }

    StubControlPlane controlPlane() {
        return controlPlane;
    }

    TestApps apps() {
        return apps;
    }

    @Override
    public void close() throws Exception {
        if (router != null) {
            router.close();
        }
        apps.close();
        controlPlane.close();
        TestApps.await(vertx.close());
    }
}
