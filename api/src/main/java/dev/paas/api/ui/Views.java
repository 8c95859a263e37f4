package dev.paas.api.ui;

import java.util.List;

/** What the templates show: already formatted, so templates hold no logic beyond loops and ifs. */
public final class Views {

    private Views() {
    }

    /** A row of the apps list. {@code health} is ok, warn, bad or idle (the badge colour). */
    public record AppRow(String space, String name, String state, int running, int desired, String memory, String route,
                  String lastPush, String health, String note) {
        public String href() {
            return "/apps/" + space + "/" + name;
        }
    }

    /**
     * One instance: state with the reason when it is not running, usage with a CPU sparkline.
     * {@code memory}: the guest's own use ("–" when its agent does not report it), {@code memoryPercent}
     * of the limit ("" when unknown), {@code rss}: the VM's host RSS (QEMU included).
     */
    public record InstanceRow(int index, String state, String health, String node, String uptime, String memory,
                              String memoryPercent, String rss, String cpu, String sparkline, String why, String endpoint,
                              String revision) {
    }

    public record EventRow(String at, String ago, String actor, String action, String target, String details) {
    }

    public record RevisionRow(int number, String digest, String runtime, String size, String description, String createdBy,
                       String ago, boolean current) {
    }

    /** An environment variable; {@code value} is empty unless the user revealed the values. */
    public record EnvRow(String name, String value) {
    }

    /** A node with its capacity: memory used in percent for the bar; {@code othersReady}: READY nodes besides it. */
    public record NodeRow(String name, String pool, String address, String state, String accelerator, int memoryPct,
                   String memory, int instances, int vcpus, String heartbeat, boolean stale, String agentVersion, int othersReady) {
        /**
         * What draining does to this node's instances, for the confirmation: a replacement starts
         * on another ready node before an instance stops (the scheduler's evacuation), so without one
         * the instances stay where they are.
         */
        public String drainQuestion() {
            boolean one = instances == 1;
            String what = instances == 0 ? "It runs no instances." : othersReady == 0
                    ? "No other node is ready to take " + (one ? "its instance: it keeps" : "its " + instances
                      + " instances: they keep") + " running here and the drain does not finish until a node joins or is uncordoned."
                    : (one ? "Its instance moves" : "Its " + instances + " instances move") + " to the " + othersReady
                      + " other ready node" + (othersReady == 1 ? "" : "s") + ".";
            return "Drain " + name + "? " + what;
        }

        public boolean cordoned() {
            return "CORDONED".equals(state) || "DRAINING".equals(state);
        }

        public boolean down() {
            return "DOWN".equals(state);
        }
    }

    /** An instance on a node's page: whose it is and how it runs. */
    public record PlacedRow(String space, String app, int index, String state, String uptime, String memory) {
        public String href() {
            return "/apps/" + space + "/" + app;
        }
    }

    public record PoolRow(String name, String labels, String created, long nodes, long tokens) {
    }

    /** A join token: {@code state} is active, expired or revoked; {@code expires} a time or "never". */
    public record TokenRow(long id, String pool, String description, String created, String expires, String state) {
        public boolean active() {
            return "active".equals(state);
        }
    }

    public record SpaceOption(String name, boolean selected) {
    }

    /** A route: as written ({@code host/path}) and where a browser reaches it. */
    public record RouteLink(long id, String name, String url) {
    }

    /** A page of the app: what the header and the settings forms need. */
    public record AppHeader(String space, String name, String state, boolean started, int instances, String memory,
                     long version, List<RouteLink> routes, String created, String command) {
        /** Where "Open app" leads: the first mapped route; null without one. */
        public String openUrl() {
            return routes.isEmpty() ? null : routes.get(0).url();
        }

        public String base() {
            return "/apps/" + space + "/" + name;
        }

        public String logs() {
            return "/v1/spaces/" + space + "/apps/" + name + "/logs";
        }
    }

    /**
     * A service instance on the services page: {@code kind} is {@code user-provided} or
     * {@code offering · plan}; {@code operation} its last one ("create in progress"), empty for
     * user-provided, {@code health} the badge colour.
     */
    public record ServiceRow(String space, String name, String kind, String broker, String operation, String health,
                             String description, List<String> apps) {
        public String appHref(String app) {
            return "/apps/" + space + "/" + app;
        }
    }

    /** A service bound to the app on its page: {@code bindingName} empty when none was given. */
    public record BoundRow(String service, String kind, String bindingName, String operation, String health, String description) {
    }

    /** The app page's Services card: what is bound and what could be; {@code base} is the app page's path. */
    public record ServicesCard(String base, String app, List<BoundRow> bound, List<String> bindable) {
    }

    /** A task of the app: {@code exitCode} empty until it ends; {@code cancellable} while it has not. */
    public record TaskRow(int id, String name, String state, String health, String exitCode, String command, String reason,
                          String ago, boolean cancellable) {
    }

    /** The app page's Tasks card; {@code available} false on a control plane without tasks. */
    public record TasksCard(String base, String app, boolean available, List<TaskRow> tasks) {
    }

    /** An offering of the marketplace with its plans; {@code tags} comma-separated. */
    public record OfferingRow(String offering, String description, String broker, String tags, boolean bindable, List<PlanRow> plans) {
    }

    /** A plan: {@code cost} is {@code free} or {@code paid}, as cf marketplace says. */
    public record PlanRow(String name, String description, String cost) {
    }
}
