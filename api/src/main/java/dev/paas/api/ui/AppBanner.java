package dev.paas.api.ui;

import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.BuildState;
import dev.paas.model.BuildView;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The line at the top of an app page that says a build or a start failed (or a build is under
 * way), with a link to the staging log. Said once, here: the rest of the page does not repeat it.
 *
 * @param level   {@code bad} for a failure, {@code warn} for a build under way (the notice colour)
 * @param text    what happened, in words
 * @param logUrl  the staging log of the build concerned ({@code GET /v1/.../builds/{id}/log}); null without a build
 */
public record AppBanner(String level, String text, String logUrl) {

    /**
     * The banner for {@code app} given its builds (newest first) and instances; empty when all is well.
     */
    static Optional<AppBanner> of(AppView app, List<BuildView> builds, List<InstanceView> instances, Instant now) {
        Optional<BuildView> last = builds.stream().findFirst();
        String base = "/v1/spaces/" + app.space() + "/apps/" + app.name() + "/builds/";
        if (last.isPresent() && last.get().state() == BuildState.STAGING) {
            BuildView b = last.get();
            return Optional.of(new AppBanner("warn", "Staging build " + b.id() + " (started " + Format.ago(b.createdAt(), now)
                    + "); instances move to it once it is staged.", base + b.id() + "/log"));
        }
        if (last.isPresent() && last.get().state() == BuildState.FAILED) {
            BuildView b = last.get();
            return Optional.of(new AppBanner("bad", "Build " + b.id() + " failed " + Format.ago(b.finishedAt() == null ? b.createdAt()
                    : b.finishedAt(), now) + (b.error() == null || b.error().isBlank() ? "" : ": " + b.error())
                    + (b.revision() == null && hasRevision(builds) ? ". The app runs its previous revision." : "."),
                    base + b.id() + "/log"));
        }
        if (app.state() == AppState.STARTED && !instances.isEmpty()
                && instances.stream().noneMatch(i -> i.state() == InstanceState.RUNNING)) {
            Optional<InstanceView> crashed = instances.stream()
                    .filter(i -> i.state() == InstanceState.CRASHED || i.crashCount() > 0).findFirst();
            if (crashed.isPresent()) {
                return Optional.of(new AppBanner("bad", app.name() + " does not start: instance " + crashed.get().index() + ": "
                        + AppPage.why(crashed.get()) + ".", last.map(b -> base + b.id() + "/log").orElse(null)));
            }
        }
        return Optional.empty();
    }

    private static boolean hasRevision(List<BuildView> builds) {
        return builds.stream().anyMatch(b -> b.revision() != null);
    }
}
