package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.paas.api.rest.Api;
import dev.paas.api.service.LogHub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The log pane shows lines in time order, whatever order they arrive in. */
@QuarkusTest
class UiLogsBrowserTest extends BrowserTestBase {

    @Inject
    DataSource ds;

    @Inject
    LogHub hub;

    @Test
    void aLateLineLandsWhereItsTimeSays() {
        Api.app(space, "ordered");
        long app = Sql.appId(ds, space, "ordered");
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/apps/" + space + "/ordered");
        assertThat(page.locator("#log-state")).hasAttribute("data-state", "live");
        Instant now = Instant.now();
        hub.add(app, "APP", 0, "OUT", "second: the app's line", now);
        Locator lines = page.locator("#log-lines .log-line");
        assertThat(lines.last()).containsText("second: the app's line");
        // A router ships its access lines in batches: this one was written before the app's line.
        hub.add(app, "RTR", 0, "OUT", "first: the router's line", now.minusMillis(1500));
        hub.add(app, "APP", 0, "OUT", "third: the app again", now.plusMillis(10));
        assertThat(lines.last()).containsText("third: the app again");
        org.assertj.core.api.Assertions.assertThat(lines.allInnerTexts()).filteredOn(t -> t.contains(": the "))
                .extracting(t -> t.substring(t.indexOf("] ") + 2))
                .containsExactly("first: the router's line", "second: the app's line", "third: the app again");
    }
}
