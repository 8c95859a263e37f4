package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.paas.api.rest.Api;
import dev.paas.api.scheduling.SchedulerRound;
import dev.paas.api.service.LogHub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The dashboard in a real browser against the real control plane: the RecordingStager stands in
 * for the image factory and the test plays the node agent (join, heartbeats) — the VM path is
 * the e2e module's.
 */
@QuarkusTest
class UiBrowserTest extends BrowserTestBase {

    static final Duration HEARTBEAT_TIMEOUT = FakeNode.HEARTBEAT_TIMEOUT;

    @Inject
    DataSource ds;

    @Inject
    SchedulerRound round;

    @Inject
    LogHub hub;

    void quietCluster() {
        FakeNode.quietCluster(ds, round);
    }

    @Test
    void pushAStaticSiteWatchItRunTailItsLogsAndScaleIt() throws Exception {
        quietCluster();
        String pool = Api.unique("pool");
        Api.pool(pool);
        FakeNode node = FakeNode.join(FakeNode.joinToken(pool), Api.unique("node"));

        Page page = login(DESKTOP, dev, Api.PASSWORD);
        assertThat(page.locator(".empty")).containsText("No apps yet");
        shot(page, "apps-empty-1280");

        // The file picker is answered by the test (registered early: enabling the interception takes a round trip).
        Path site = site();
        page.onFileChooser(chooser -> chooser.setFiles(site));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Push your first app")).click();
        page.waitForURL("**/push"); // and its load event: the page's scripts are ready for keys
        // Keyboard only: the drop zone is focusable and Enter opens the file picker.
        page.locator("#drop").focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("#drop-name")).containsText("site.zip");
        page.locator("#name").fill("site");
        shot(page, "push-form-1280");
        page.locator("#push-go").click();
        page.waitForURL("**/apps/" + space + "/site", new Page.WaitForURLOptions().setTimeout(20_000));
        assertThat(page.locator("#revisions")).containsText("r1");
        assertThat(page.locator("#events")).containsText("app.staged");
        // The staging output streamed during the push is in the app's log too.
        assertThat(page.locator("#log-lines")).containsText("[STG] -----> static: serving");

        // The scheduler places the instance; the node reports it running.
        round.run(HEARTBEAT_TIMEOUT);
        node.reportRunning(1.0);
        round.run(HEARTBEAT_TIMEOUT);
        Locator instances = page.locator("#instances tbody tr");
        assertThat(instances).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(5000));
        assertThat(instances.first()).containsText("RUNNING", new LocatorAssertions.ContainsTextOptions().setTimeout(5000));
        assertThat(instances.first()).containsText(node.name);
        assertThat(instances.first().locator("td[data-label=Memory]")).hasText("40 MiB of 256M (16%)");

        // A line the app prints reaches the open log pane within 2 s.
        assertThat(page.locator("#log-state")).hasAttribute("data-state", "live");
        hub.add(Sql.appId(ds, space, "site"), "APP", 0, "OUT", "GET /index.html 200 from the browser test");
        hub.add(Sql.appId(ds, space, "site"), "APP", 0, "ERR", "warning: favicon.ico not found");
        assertThat(page.locator("#log-lines")).containsText("GET /index.html 200 from the browser test",
                new LocatorAssertions.ContainsTextOptions().setTimeout(2000));
        assertThat(page.locator("#log-lines .log-line.err")).containsText("favicon.ico");
        node.reportRunning(1.6);
        shot(page, "app-running-1280");

        // Scale to 2 from the form; the second instance is placed and reported running.
        page.locator("form.scale input[name=instances]").fill("2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Scale")).click();
        assertThat(page.locator("#flash")).containsText("Scaled site to 2 instances");
        round.run(HEARTBEAT_TIMEOUT);
        node.reportRunning(2.0);
        round.run(HEARTBEAT_TIMEOUT);
        assertThat(instances).hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(5000));
        assertThat(page.locator("#instances")).not().containsText("CLAIMED", new LocatorAssertions.ContainsTextOptions().setTimeout(5000));
        assertThat(page.locator("#app-header")).containsText("2 × 256M");

        // Filtering the log pane by text and by source; pausing holds lines back; download has them all.
        page.locator("#log-filter").fill("favicon");
        assertThat(page.locator("#log-lines .log-line:visible")).hasCount(1);
        page.locator("#log-filter").fill("");
        page.locator("#log-source").selectOption("STG");
        assertThat(page.locator("#log-lines .log-line:visible").first()).containsText("[STG]");
        assertThat(page.locator("#log-lines .log-line.APP:visible")).hasCount(0);
        page.locator("#log-source").selectOption("");
        page.locator("#log-pause").click();
        hub.add(Sql.appId(ds, space, "site"), "APP", 1, "OUT", "held while paused");
        assertThat(page.locator("#log-pause")).containsText("Resume (1 new)");
        assertThat(page.locator("#log-lines")).not().containsText("held while paused");
        page.locator("#log-pause").click();
        assertThat(page.locator("#log-lines")).containsText("held while paused");
        com.microsoft.playwright.Download download = page.waitForDownload(() -> page.locator("#log-download").click());
        org.assertj.core.api.Assertions.assertThat(Files.readString(download.path()))
                .contains("[APP/0] OUT GET /index.html 200 from the browser test", "[APP/1] OUT held while paused");
        shot(page, "app-scaled-1280");

        page.navigate("/");
        assertThat(page.locator("tr[data-app=site]")).containsText("2/2");
        shot(page, "apps-1280");

        Page phone = login(PHONE, dev, Api.PASSWORD);
        phone.navigate("/apps/" + space + "/site");
        assertThat(phone.locator("#instances tbody tr")).hasCount(2);
        assertThat(phone.locator("#log-lines")).containsText("GET /index.html 200");
        shot(phone, "app-390");
        phone.navigate("/");
        shot(phone, "apps-390");
        phone.navigate("/push");
        shot(phone, "push-390");
    }

    @Test
    void aCrashedInstanceSaysWhy() {
        quietCluster();
        String pool = Api.unique("pool");
        Api.pool(pool);
        FakeNode node = FakeNode.join(FakeNode.joinToken(pool), Api.unique("node"));
        Api.app(space, "crashy");
        Sql.stage(ds, space, "crashy");
        Api.check(Api.admin().post("/v1/spaces/" + space + "/apps/crashy/start"), 200);
        round.run(HEARTBEAT_TIMEOUT);
        node.report("CRASHED", 0.2, "exit status 1: java.lang.OutOfMemoryError: Java heap space");
        round.run(HEARTBEAT_TIMEOUT);

        Page page = login(DESKTOP, dev, Api.PASSWORD);
        assertThat(page.locator("tr[data-app=crashy]")).containsText("crashing");
        page.locator("tr[data-app=crashy] a").click();
        Locator row = page.locator("#instances tbody tr").first();
        assertThat(row.locator(".why")).containsText("OutOfMemoryError");
        shot(page, "app-crashed-1280");
    }

    @Test
    void envValuesReachThePageOnlyWhenRevealedAndARollbackGoesBack() {
        Api.check(Api.admin().body(Map.of("name", "api", "env", Map.of("DB_PASSWORD", "s3cret", "API_KEY", "k3y-0")))
                .post("/v1/spaces/" + space + "/apps"), 201);
        Sql.stage(ds, space, "api");
        Sql.stage(ds, space, "api");
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.onDialog(d -> d.accept());
        com.microsoft.playwright.Response served = page.navigate("/apps/" + space + "/api");

        // Masked: names only. The values are nowhere in what the server sent, not even in an attribute.
        Locator value = page.getByLabel("Value of DB_PASSWORD");
        assertThat(value).hasAttribute("type", "password");
        assertThat(value).hasValue("");
        org.assertj.core.api.Assertions.assertThat(served.text()).contains("DB_PASSWORD", "API_KEY")
                .doesNotContain("s3cret", "k3y-0");
        org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain("s3cret", "k3y-0");
        // A variable added without revealing leaves the hidden ones as they are.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add variable")).click();
        page.locator(".env-row").last().locator(".env-name").fill("GREETING");
        page.locator(".env-row").last().locator(".env-value").fill("hello");
        saveEnv(page);
        assertThat(page.locator("#flash")).containsText("Saved 3 environment variables");
        Api.admin().get("/v1/spaces/" + space + "/apps/api").then().body("env", org.hamcrest.Matchers.equalTo(
                Map.of("DB_PASSWORD", "s3cret", "API_KEY", "k3y-0", "GREETING", "hello")));

        // Reveal fetches the values; changing one keeps the others.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reveal values")).click();
        assertThat(value).hasAttribute("type", "text");
        assertThat(value).hasValue("s3cret");
        assertThat(page.getByLabel("Value of API_KEY")).hasValue("k3y-0");
        shot(page, "app-env-revealed-1280");
        value.fill("n3w-s3cret");
        saveEnv(page);
        Api.admin().get("/v1/spaces/" + space + "/apps/api").then().body("env", org.hamcrest.Matchers.equalTo(
                Map.of("DB_PASSWORD", "n3w-s3cret", "API_KEY", "k3y-0", "GREETING", "hello")));
        // Saved, the editor is masked again: the values have left the page.
        assertThat(page.getByLabel("Value of DB_PASSWORD")).hasAttribute("type", "password");
        org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain("n3w-s3cret", "k3y-0");

        assertThat(page.locator(".revisions li.current")).containsText("r2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back to r1")).click();
        assertThat(page.locator(".revisions li.current")).containsText("r1");
        assertThat(page.locator("#events")).containsText("app.rollback");
        shot(page, "app-env-rollback-1280");

        // The apps list follows changes made elsewhere (here: the API) without a reload.
        page.navigate("/");
        assertThat(page.locator("tr[data-app=api]")).isVisible();
        Api.app(space, "late");
        assertThat(page.locator("tr[data-app=late]")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(6000));
    }

    @Test
    void anAdminCreatesAPoolAndCordonsANode() {
        Page page = login(DESKTOP, "admin", Api.ADMIN_PASSWORD);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Node pools")).first().click();
        page.waitForURL("**/ops/pools");
        String pool = Api.unique("pool");
        page.getByLabel("Name").fill(pool);
        page.getByLabel("Labels").fill("zone=a, disk=ssd");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create pool")).click();
        Locator token = page.locator("#join-token");
        assertThat(token).containsText("paas_");
        shot(page, "pool-created-1280");

        FakeNode node = FakeNode.join(token.innerText().strip(), Api.unique("node"));
        node.reportRunning(0);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Nodes").setExact(true)).click();
        page.waitForURL("**/ops/nodes");
        Locator row = page.locator("tr[data-node='" + node.name + "']");
        assertThat(row).containsText("READY");
        assertThat(row).containsText("kvm");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cordon")).click();
        assertThat(row).containsText("CORDONED");
        assertThat(page.locator("#flash")).containsText("cordoned");
        Api.admin().get("/v1/nodes/" + node.name).then().body("state", org.hamcrest.Matchers.equalTo("CORDONED"));
        shot(page, "nodes-1280");
        Page phone = login(PHONE, "admin", Api.ADMIN_PASSWORD);
        phone.navigate("/ops/nodes");
        shot(phone, "nodes-390");
    }

    @Test
    void aDeveloperSeesNoOpsPagesAndNoneOfAnotherSpacesApps() {
        Api.app(space, "mine");
        String other = Api.unique("sp");
        Api.space(other);
        Api.app(other, "theirs");
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        assertThat(page.locator("tr[data-app=mine]")).isVisible();
        assertThat(page.locator("tr[data-app=theirs]")).hasCount(0);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Nodes"))).hasCount(0);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Node pools"))).hasCount(0);
        page.navigate("/ops/nodes");
        assertThat(page.locator("h1")).containsText("Not for your role");
        shot(page, "developer-ops-refused-1280");
        page.navigate("/apps/" + other + "/theirs");
        assertThat(page.locator("h1")).containsText("Not found");
    }

    @Test
    void wrongPasswordExpiredSessionAndMissingCsrfAreRefused() {
        Page page = open(DESKTOP);
        page.navigate("/");
        page.waitForURL("**/login?next=%2F");
        page.getByLabel("Username").fill(dev);
        page.getByLabel("Password").fill("not-the-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Wrong username or password.");
        shot(page, "login-wrong-password-1280");

        page = login(DESKTOP, dev, Api.PASSWORD);
        Api.app(space, "web");
        page.navigate("/apps/" + space + "/web");
        // A forged request without the page's CSRF token (what another site's form would send).
        Object status = page.evaluate("() => fetch('/apps/" + space + "/web/start', {method: 'POST', credentials: 'same-origin'})"
                + ".then(r => r.status)");
        org.assertj.core.api.Assertions.assertThat(status).isEqualTo(403);
        Api.admin().get("/v1/spaces/" + space + "/apps/web").then().body("state", org.hamcrest.Matchers.equalTo("STOPPED"));

        // The session expires while the page is open: the next refresh lands on the login page.
        Sql.exec(ds, "update api_tokens set expires_at = now() - interval '1 second' where user_id = "
                + "(select id from users where username = ?)", dev);
        page.waitForURL("**/login?**expired=1**", new Page.WaitForURLOptions().setTimeout(10_000));
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Your session has expired");
        shot(page, "login-expired-1280");
    }

    /** The extension, fed a failure by hand (a real one would fail the build): the page as it was is saved. */
    @Test
    void aFailingBrowserTestLeavesAScreenshotOfItsPage() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        assertThat(page.locator(".empty")).containsText("No apps yet");
        java.lang.reflect.Method test = getClass().getDeclaredMethod("aFailingBrowserTestLeavesAScreenshotOfItsPage");
        Path shot = SHOTS.resolve("FAILED-" + test.getName() + ".png");
        Files.deleteIfExists(shot);

        new ScreenshotOnFailure().afterTestExecution(ended(test, null));
        org.assertj.core.api.Assertions.assertThat(shot).as("no screenshot for a passing test").doesNotExist();
        new ScreenshotOnFailure().afterTestExecution(ended(test, new AssertionError("as if an assertion failed")));
        org.assertj.core.api.Assertions.assertThat(shot).exists();
        org.assertj.core.api.Assertions.assertThat(Files.readAllBytes(shot)).startsWith(0x89, 'P', 'N', 'G');
        Files.delete(shot); // FAILED-*.png in target/screenshots then always means a real failure
    }

    /** Saves the env form and waits for the server's answer. */
    private static void saveEnv(Page page) {
        com.microsoft.playwright.Response r = page.waitForResponse(x -> x.url().endsWith("/env") && "POST".equals(x.request().method()),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save environment")).click());
        org.assertj.core.api.Assertions.assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    /** What JUnit tells an extension after this test's method ran: {@code failure} null when it passed. */
    private ExtensionContext ended(java.lang.reflect.Method method, Throwable failure) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(), new Class<?>[] {ExtensionContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getExecutionException" -> Optional.ofNullable(failure);
                    case "getRequiredTestInstance" -> this;
                    case "getRequiredTestMethod" -> method;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
