package dev.paas.api.ui;

import dev.paas.api.core.Caller;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.MarketplaceView;
import dev.paas.model.TaskView;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's ports in tests: what a test hands to {@link #tasks(TaskPort)} or
 * {@link #marketplace(MarketplacePort)} (a fake, or {@link NoTasks} / {@link NoMarketplace} for a
 * control plane without them) answers until {@link #reset()}; otherwise the real adapters
 * ({@link TaskServicePort}, {@link BrokerMarketplacePort}). As {@code RecordingStager},
 * an alternative of the whole test application.
 */
final class TestPorts {

    private static volatile TaskPort tasks = null;
    private static volatile MarketplacePort marketplace = null;

    private TestPorts() {
    }

    static void tasks(TaskPort port) {
        tasks = port;
    }

    static void marketplace(MarketplacePort port) {
        marketplace = port;
    }

    static void reset() {
        tasks = null;
        marketplace = null;
    }

    @Alternative
    @Priority(1)
    @ApplicationScoped
    public static class Tasks implements TaskPort {
        private static TaskPort t() {
            return tasks != null ? tasks : io.quarkus.arc.Arc.container().instance(TaskServicePort.class).get();
        }

        @Override
        public Optional<List<TaskView>> list(Caller caller, String space, String app) {
            return t().list(caller, space, app);
        }

        @Override
        public TaskView run(Caller caller, String space, String app, CreateTaskRequest request) {
            return t().run(caller, space, app, request);
        }

        @Override
        public TaskView cancel(Caller caller, String space, String app, String id) {
            return t().cancel(caller, space, app, id);
        }
    }

    @Alternative
    @Priority(1)
    @ApplicationScoped
    public static class Marketplace implements MarketplacePort {
        @Override
        public Optional<MarketplaceView> offerings(Caller caller) {
            return marketplace != null ? marketplace.offerings(caller) : io.quarkus.arc.Arc.container().instance(BrokerMarketplacePort.class).get().offerings(caller);
        }
    }
}
