package dev.paas.api.service;

import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.ServiceBindingEntity;
import dev.paas.api.infra.ServiceInstanceEntity;
import dev.paas.logdrain.api.DrainLine;
import dev.paas.logdrain.api.LogDrains;
import dev.paas.model.LogLine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Ships the control plane's own lines of each app ({@code STG}, {@code API}, {@code CELL},
 * {@code RTR}: what {@link LogHub} records) to the syslog drains of the app's bindings to
 * user-provided services, as Cloud Foundry's loggregator does; the node agents ship the {@code APP}
 * lines ({@code DesiredInstance.logDrains}, filled from {@link #byApp}). Drains follow the
 * bindings as they are now (binding a drain needs no restart, as in CF): the map is read again
 * every {@value #REFRESH_MS} ms and after a bind, unbind or drain change on this control plane.
 * Shipping never blocks the line's writer (see {@link LogDrains}).
 */
@ApplicationScoped
public class ControlPlaneDrains {

    private static final Logger LOG = Logger.getLogger(ControlPlaneDrains.class);
    static final long REFRESH_MS = 5000;

    /** An app's drains: APP-NAME {@code space/app} and the distinct URLs, in binding order. */
    public record Target(String appName, List<String> drains) {}

    private final LogHub hub;
    private final TransactionSynchronizationRegistry transactions;
    private final MeterRegistry meters;
    private volatile Map<Long, Target> targets = Map.of();
    private LogDrains drains;
    private ScheduledExecutorService timer;

    private final boolean allowLoopback;

    public ControlPlaneDrains(LogHub hub, TransactionSynchronizationRegistry transactions, MeterRegistry meters,
                              dev.paas.api.infra.PaasConfig config) {
        this.allowLoopback = config.logDrains().allowLoopback();
        this.meters = meters;
        this.hub = hub;
        this.transactions = transactions;
    }

    void onStart(@Observes StartupEvent ev) {
        drains = new LogDrains(hostname(), LogDrains.Settings.DEFAULTS.withLoopback(allowLoopback));
        hub.tap(this::accept);
        FunctionCounter.builder("paas.drain.lines.sent", drains, LogDrains::sentTotal)
                .description("the control plane's lines (STG, API, CELL, RTR) shipped to syslog drains").register(meters);
        FunctionCounter.builder("paas.drain.lines.dropped", drains, LogDrains::droppedTotal)
                .description("the control plane's lines lost for syslog drains (queue full: drain slow or down; send failed)")
                .register(meters);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-drains-refresh");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (drains != null) {
            drains.close();
        }
    }

    /**
     * The drains of {@code app} change (a bind, unbind or drain URL change, in the caller's
     * transaction): its nodes are sent a new desired list, and this control plane reads the
     * bindings again once the change committed (others within {@value #REFRESH_MS} ms).
     */
    void changed(AppEntity app) {
        ManagedBindings.nudgeNodesOf(app);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (timer != null) {
                    timer.execute(ControlPlaneDrains.this::refreshQuietly);
                }
            }
        });
    }

    /** Reads the bindings again now (the refresh loop; tests). */
    public void refresh() {
        Map<Long, Target> next = QuarkusTransaction.requiringNew().call(() -> byApp(null));
        targets = next;
        Set<String> used = new LinkedHashSet<>();
        next.values().forEach(t -> used.addAll(t.drains()));
        drains.retain(used);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("drains.refresh-failed error=%s; trying again in %d ms", e.getMessage(), REFRESH_MS);
        }
    }

    private void accept(long appId, LogLine line) {
        Target t = targets.get(appId);
        if (t == null || drains == null) {
            return;
        }
        drains.ship(t.drains(), new DrainLine(line.at(), t.appName(), line.source(),
                line.instance() == null ? null : line.instance().toString(), "ERR".equals(line.stream()), line.text()));
    }


    /**
     * The drains of each app bound to a user-provided service with a drain URL; {@code appIds}
     * null for every app. Call inside a transaction.
     */
    static Map<Long, Target> byApp(Collection<Long> appIds) {
        if (appIds != null && appIds.isEmpty()) {
            return Map.of();
        }
        String q = "instance.type = ?1 and instance.syslogDrainUrl is not null" + (appIds == null ? "" : " and app.id in ?2")
                + " order by id";
        List<ServiceBindingEntity> bound = appIds == null ? ServiceBindingEntity.list(q, ServiceInstanceEntity.USER_PROVIDED)
                : ServiceBindingEntity.list(q, ServiceInstanceEntity.USER_PROVIDED, appIds);
        Map<Long, String> names = new HashMap<>();
        Map<Long, Set<String>> urls = new TreeMap<>();
        for (ServiceBindingEntity b : bound) {
            names.putIfAbsent(b.app.id, b.app.space.name + "/" + b.app.name);
            urls.computeIfAbsent(b.app.id, k -> new LinkedHashSet<>()).add(b.instance.syslogDrainUrl);
        }
        Map<Long, Target> out = new HashMap<>();
        urls.forEach((id, u) -> out.put(id, new Target(names.get(id), List.copyOf(u))));
        return Map.copyOf(out);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "paas-api";
        }
    }
}
