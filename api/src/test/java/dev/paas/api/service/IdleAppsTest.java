package dev.paas.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.infra.AppEntity;
import dev.paas.model.AppState;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The web instances the scheduler sees for an app, idle, waking or awake. */
class IdleAppsTest {

    @ParameterizedTest(name = "{0}, idle {1}, woken {2}, {3} configured -> {4}")
    @CsvSource({
            "STARTED, false, false, 3, 3",
            "STARTED, true,  false, 3, 0",
            "STARTED, false, true,  3, 1",
            "STARTED, false, true,  1, 1",
            "STARTED, false, true,  0, 0",
            "STOPPED, true,  false, 3, 3",
    })
    void idleRunsNoneWakingOneElseTheConfiguredCount(AppState state, boolean idle, boolean woken, int instances, int expected) {
        AppEntity a = new AppEntity();
        a.state = state;
        a.instances = instances;
        a.idleSince = idle ? Instant.EPOCH : null;
        a.wokenAt = woken ? Instant.EPOCH : null;
        assertThat(IdleApps.webInstances(a)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "idle {0}, woken {1}")
    @CsvSource({"true, false", "false, true", "false, false"})
    void aUsersActionEndsIdlingAndWaking(boolean idle, boolean woken) {
        AppEntity a = new AppEntity();
        a.state = AppState.STARTED;
        a.instances = 3;
        a.idleSince = idle ? Instant.EPOCH : null;
        a.wokenAt = woken ? Instant.EPOCH : null;
        IdleApps.userActivity(a);
        assertThat(IdleApps.webInstances(a)).isEqualTo(3);
        assertThat(a.idleSince).isNull();
        assertThat(a.wokenAt).isNull();
    }
}
