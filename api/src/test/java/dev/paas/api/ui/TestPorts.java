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
 * {@link #marketplace(MarketplacePort)} answers until {@link #reset()}; otherwise the control plane
 * without tasks or brokers ({@link NoTasks}, {@link NoMarketplace}). As {@code RecordingStager},
 * an alternative of the whole test application.
 */
final class TestPorts {

    private static volatile TaskPort tasks = new NoTasks();
    private static volatile MarketplacePort marketplace = new NoMarketplace();

    private TestPorts() {
    }

    static void tasks(TaskPort port) {
        tasks = port;
    }

    static void marketplace(MarketplacePort port) {
        marketplace = port;
    }

    static void reset() {
        tasks = new NoTasks();
        marketplace = new NoMarketplace();
    }

    @Alternative
    @Priority(1)
    @ApplicationScoped
    public static class Tasks implements TaskPort {
        @Override
        public Optional<List<TaskView>> list(Caller caller, String space, String app) {
            return tasks.list(caller, space, app);
        }

        @Override
        public TaskView run(Caller caller, String space, String app, CreateTaskRequest request) {
            return tasks.run(caller, space, app, request);
        }

        @Override
        public TaskView cancel(Caller caller, String space, String app, String id) {
            return tasks.cancel(caller, space, app, id);
        }
    }

    @Alternative
    @Priority(1)
    @ApplicationScoped
    public static class Marketplace implements MarketplacePort {
        @Override
        public Optional<MarketplaceView> offerings(Caller caller) {
            return marketplace.offerings(caller);
        }
    }
}
