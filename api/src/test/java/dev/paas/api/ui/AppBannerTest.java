package dev.paas.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.model.AppState;
import dev.paas.model.AppView;
import dev.paas.model.BuildState;
import dev.paas.model.BuildView;
import dev.paas.model.InstanceState;
import dev.paas.model.InstanceView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppBannerTest {

    static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
    static final String LOG = "/v1/spaces/sp/apps/web/builds/";

    static AppView app(AppState state) {
        return new AppView("web", "sp", state, 1, "256M", null, Map.of(), null, 1, NOW, NOW);
    }

    static BuildView build(long id, BuildState state, String error, Integer revision) {
        return new BuildView(id, "web", 1, state, null, error, null, revision, Map.of(), NOW.minusSeconds(60),
                state == BuildState.STAGING ? null : NOW.minusSeconds(30));
    }

    static InstanceView instance(InstanceState state, int crashes, String exit) {
        return new InstanceView(0, state, NOW.minusSeconds(5), "n1", null, null, crashes, exit, null, null, null, 1L);
    }

    @Test
    void aFailedBuildAfterAGoodOneSaysTheAppKeepsItsRevision() {
        AppBanner b = AppBanner.of(app(AppState.STARTED), List.of(build(2, BuildState.FAILED, "no index.html", null),
                build(1, BuildState.STAGED, null, 1)), List.of(instance(InstanceState.RUNNING, 0, null)), NOW).orElseThrow();
        assertThat(b.level()).isEqualTo("bad");
        assertThat(b.text()).isEqualTo("Build 2 failed 30s ago: no index.html. The app runs its previous revision.");
        assertThat(b.logUrl()).isEqualTo(LOG + "2/log");
    }

    @Test
    void aFailedFirstBuildSaysNothingAboutAPreviousRevision() {
        AppBanner b = AppBanner.of(app(AppState.STOPPED), List.of(build(1, BuildState.FAILED, null, null)), List.of(), NOW).orElseThrow();
        assertThat(b.text()).isEqualTo("Build 1 failed 30s ago.");
    }

    @Test
    void aBuildUnderWayIsAWarning() {
        AppBanner b = AppBanner.of(app(AppState.STARTED), List.of(build(3, BuildState.STAGING, null, null)), List.of(), NOW).orElseThrow();
        assertThat(b.level()).isEqualTo("warn");
        assertThat(b.text()).startsWith("Staging build 3 (started 1m");
        assertThat(b.logUrl()).isEqualTo(LOG + "3/log");
    }

    @Test
    void aStartedAppWithNoRunningAndACrashedInstanceDoesNotStart() {
        AppBanner b = AppBanner.of(app(AppState.STARTED), List.of(build(1, BuildState.STAGED, null, 1)),
                List.of(instance(InstanceState.CRASHED, 2, "exit status 1")), NOW).orElseThrow();
        assertThat(b.text()).isEqualTo("web does not start: instance 0: Crashed 2 times; last exit: exit status 1.");
        assertThat(b.logUrl()).isEqualTo(LOG + "1/log");
    }

    @Test
    void allWellOrStillBootingOrStoppedIsNoBanner() {
        List<BuildView> staged = List.of(build(1, BuildState.STAGED, null, 1));
        assertThat(AppBanner.of(app(AppState.STARTED), staged, List.of(instance(InstanceState.RUNNING, 0, null)), NOW)).isEmpty();
        assertThat(AppBanner.of(app(AppState.STARTED), staged, List.of(instance(InstanceState.STARTING, 0, null)), NOW)).isEmpty();
        assertThat(AppBanner.of(app(AppState.STOPPED), staged, List.of(instance(InstanceState.CRASHED, 3, null)), NOW)).isEmpty();
        assertThat(AppBanner.of(app(AppState.STARTED), List.of(), List.of(), NOW)).isEmpty();
    }
}
