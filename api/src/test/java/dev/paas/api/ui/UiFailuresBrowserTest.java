package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.paas.api.rest.Api;
import dev.paas.api.scheduling.SchedulerRound;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Failures from the browser: a first push that fails leaves nothing behind; a failed build or a
 * start that fails shows one banner on the app page, with the staging log.
 */
@QuarkusTest
class UiFailuresBrowserTest extends BrowserTestBase {

    /** What the RecordingStager refuses: bits starting with FAIL, the rest of the line its reason. */
    static final String REASON = "no index.html or executable in the upload";

    @Inject
    DataSource ds;

    @Inject
    SchedulerRound round;

    static Path failing(String file) throws Exception {
        Path p = Files.createTempDirectory("paas-ui").resolve(file);
        Files.writeString(p, "FAIL " + REASON + "\n", StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void aFailedFirstPushRemovesWhatItMadeAndSaysWhyOnce() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/push?space=" + space);
        page.locator("#bits").setInputFiles(failing("broken.zip"));
        page.locator("#name").fill("broken");
        page.locator("#push-go").click();
        assertThat(page.locator("#push-result")).containsText("broken was new, so it was removed again with its route",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertThat(page.locator("#steps li.failed")).containsText("Staging");
        assertThat(page.locator("#staging-log")).containsText("Staging failed: " + REASON);
        org.assertj.core.api.Assertions.assertThat(occurrences(page.locator("main").innerText(), REASON)).as("the reason, said once").isEqualTo(1);
        assertThat(page.locator("#push-go")).isEnabled();
        assertThat(page.locator("#existing")).isHidden();
        shot(page, "push-failed-1280");

        Api.admin().get("/v1/spaces/" + space + "/apps/broken").then().statusCode(404);
        Api.admin().get("/v1/spaces/" + space + "/routes").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        org.assertj.core.api.Assertions.assertThat(Sql.number(ds, "select count(*) from packages p join apps a on a.id = p.app_id "
                + "join spaces s on s.id = a.space_id where s.name = ?", space)).isZero();
    }

    @Test
    void aFailedBuildOfAnExistingAppShowsABannerWithTheStagingLog() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        push(page, site("good.zip", "good " + space), "steady");
        page.navigate("/push?space=" + space + "&app=steady");
        page.locator("#bits").setInputFiles(failing("bad.zip"));
        page.locator("#push-go").click();
        assertThat(page.locator("#push-result")).containsText("Staging failed; the staging output above says why. steady keeps running",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        Api.admin().get("/v1/spaces/" + space + "/apps/steady").then().statusCode(200);

        page.navigate("/apps/" + space + "/steady");
        assertThat(page.locator("#app-banner")).containsText("failed");
        assertThat(page.locator("#app-banner")).containsText(REASON + ". The app runs its previous revision.");
        org.assertj.core.api.Assertions.assertThat(occurrences(page.locator("#app-header").innerText(), REASON)).isEqualTo(1);
        String log = page.locator("#app-banner a", new Page.LocatorOptions().setHasText("Staging log")).getAttribute("href");
        Object text = page.evaluate("u => fetch(u).then(r => r.text())", log);
        org.assertj.core.api.Assertions.assertThat((String) text).contains("Staging failed: " + REASON);
        shot(page, "app-build-failed-1280");
    }

    @Test
    void anAppThatDoesNotStartShowsABanner() {
        Sql.exec(ds, "update apps set state = 'STOPPED'");
        Sql.exec(ds, "update nodes set state = 'DOWN'");
        Duration timeout = Duration.ofSeconds(15);
        round.run(timeout);
        String pool = Api.unique("pool");
        Api.pool(pool);
        FakeNode node = FakeNode.join(FakeNode.joinToken(pool), Api.unique("node"));
        Api.app(space, "crashy");
        Sql.stage(ds, space, "crashy");
        Api.check(Api.admin().post("/v1/spaces/" + space + "/apps/crashy/start"), 200);
        round.run(timeout);
        node.report("CRASHED", 0.2, "exit status 1: listen tcp :8080: address already in use");
        round.run(timeout);

        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/apps/" + space + "/crashy");
        assertThat(page.locator("#app-banner")).containsText("crashy does not start: instance 0");
        assertThat(page.locator("#app-banner")).containsText("address already in use");
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
