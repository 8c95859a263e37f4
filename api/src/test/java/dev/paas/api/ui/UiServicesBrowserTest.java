package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.paas.api.rest.Api;
import dev.paas.model.MarketplaceView;
import dev.paas.model.TaskState;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Services and tasks in the browser: the app page's Services card binds (a bad parameter is a
 * message and nothing is bound) and unbinds, its Tasks card lists tasks, runs one (a blank command
 * is a message) and cancels one; the services page lists instances with their bound apps; the
 * marketplace page lists offerings and plans, and says when there is none. At 1280 and 390 px,
 * nothing scrolls sideways.
 */
@QuarkusTest
class UiServicesBrowserTest extends BrowserTestBase {

    @AfterEach
    void noFakes() {
        TestPorts.reset();
    }

    @Test
    void theServicesCardBindsAndUnbindsAndShowsNoCredentials() {
        String app = Api.unique("web");
        Api.app(space, app);
        String token = Api.login(dev, Api.PASSWORD);
        for (String name : new String[] {"db", "cache"}) {
            Api.check(Api.as(token).body(Map.of("name", name, "credentials", Map.of("password", "s3cret-" + name)))
                    .post("/v1/spaces/" + space + "/service-instances"), 201);
        }
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.onDialog(d -> d.accept());
        page.navigate("/apps/" + space + "/" + app);
        Locator card = page.locator("#services");
        assertThat(card.locator("#no-service")).isVisible();

        // Parameters that are not JSON: the message names the field; nothing is bound.
        card.getByLabel("Service instance").selectOption("db");
        card.getByLabel("Parameters").fill("{role: ro");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bind")).click();
        assertThat(page.locator("#flash.error")).containsText("parameters: is not valid JSON");
        org.assertj.core.api.Assertions.assertThat(bindings(app)).isEmpty();

        card.getByLabel("Parameters").fill("");
        card.getByLabel("Binding name").fill("primary");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bind")).click();
        assertThat(page.locator("#flash")).containsText("Bound db to " + app + ". Restart " + app);
        Locator row = card.locator("tr[data-service=db]");
        assertThat(row).containsText("user-provided");
        assertThat(row).containsText("primary");
        org.assertj.core.api.Assertions.assertThat(bindings(app)).containsExactly("db");
        org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain("s3cret");
        shot(page, "app-services-1280");

        // The services page: both instances, db bound to the app (a link to its page).
        page.navigate("/services");
        Locator db = page.locator("#services tr[data-service=db]");
        assertThat(db).containsText("user-provided");
        assertThat(db.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(app))).hasAttribute("href", "/apps/" + space + "/" + app);
        assertThat(page.locator("#services tr[data-service=cache]")).containsText("none");
        org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain("s3cret");

        // Unbind asks first, then the card is empty again.
        page.navigate("/apps/" + space + "/" + app);
        page.locator("#services tr[data-service=db]").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unbind")).click();
        assertThat(page.locator("#flash")).containsText("Unbound db from " + app);
        assertThat(page.locator("#services #no-service")).isVisible();
        org.assertj.core.api.Assertions.assertThat(bindings(app)).isEmpty();
    }

    @Test
    void theTasksCardListsRunsAndCancelsTasks() {
        FakeTasks fake = new FakeTasks();
        fake.tasks.add(FakeTasks.task(1, "migrate", "bin/migrate --all", TaskState.SUCCEEDED, 0, null));
        fake.tasks.add(FakeTasks.task(2, "report", "bin/report", TaskState.FAILED, 3, "APP/TASK/report exited with status 3"));
        fake.tasks.add(FakeTasks.task(3, "long", "sleep 600", TaskState.RUNNING, null, null));
        TestPorts.tasks(fake);
        String app = Api.unique("web");
        Api.app(space, app);
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.onDialog(d -> d.accept());
        page.navigate("/apps/" + space + "/" + app);
        Locator card = page.locator("#tasks");
        assertThat(card.locator("tbody tr")).hasCount(3);
        assertThat(card.locator("tbody tr").first()).hasAttribute("data-task", "3");
        assertThat(card.locator("tr[data-task='2']")).containsText("FAILED");
        assertThat(card.locator("tr[data-task='2']")).containsText("exited with status 3");
        assertThat(card.locator("tr[data-task='2'] td[data-label='Exit code']")).hasText("3");
        assertThat(card.locator("tr[data-task='1']")).containsText("bin/migrate --all");
        assertThat(card.locator("tr[data-task='1'] button")).hasCount(0);

        // A blank command is a message; the tasks never see it.
        Locator form = page.locator("#task-run");
        form.getByLabel("Command").fill("   ");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Run task")).click();
        assertThat(page.locator("#flash.error")).containsText("command: is required");
        org.assertj.core.api.Assertions.assertThat(fake.calls).noneMatch(c -> c.startsWith("run"));
        // A refusal of the tasks themselves is shown as they say it, and nothing runs.
        form.getByLabel("Command").fill("bin/seed");
        form.getByLabel("Memory").fill("12Q");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Run task")).click();
        assertThat(page.locator("#flash.error")).containsText("memory: '12Q'");
        org.assertj.core.api.Assertions.assertThat(fake.tasks).hasSize(3);
        // A refused form keeps what was typed, to be corrected; the table's refreshes never touch it.
        page.waitForResponse(r -> r.url().endsWith("/apps/" + space + "/" + app + "/tasks") && "GET".equals(r.request().method()), () -> { });
        assertThat(form.getByLabel("Command")).hasValue("bin/seed");

        form.getByLabel("Name").fill("seed");
        form.getByLabel("Memory").fill("");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Run task")).click();
        assertThat(page.locator("#flash")).containsText("Task 4 (seed) of " + app + " is pending");
        assertThat(form.getByLabel("Command")).hasValue("");
        assertThat(card.locator("tr[data-task='4']")).containsText("PENDING");
        org.assertj.core.api.Assertions.assertThat(fake.calls).contains("run " + space + "/" + app
                + " CreateTaskRequest[command=bin/seed, name=seed, memory=null, disk=null]");

        card.locator("tr[data-task='3']").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(card.locator("tr[data-task='3']")).containsText("task was cancelled");
        assertThat(card.locator("tr[data-task='3'] button")).hasCount(0);
        shot(page, "app-tasks-1280");

        Page phone = login(PHONE, dev, Api.PASSWORD);
        phone.navigate("/apps/" + space + "/" + app);
        assertThat(phone.locator("#tasks tbody tr")).hasCount(4);
        assertThat(phone.locator("#services")).containsText("No service bound");
        noSidewaysScroll(phone, "app page");
        shot(phone, "app-tasks-390");
    }

    @Test
    void theMarketplaceListsOfferingsAndPlansOrSaysWhyItIsEmpty() {
        TestPorts.marketplace(new NoMarketplace());
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/marketplace");
        assertThat(page.locator("#no-marketplace")).containsText("No marketplace on this control plane");

        TestPorts.marketplace(caller -> Optional.of(new MarketplaceView(List.of(new MarketplaceView.Offering("postgresql",
                "PostgreSQL databases on a shared server", "pg", List.of("postgresql", "relational"), true,
                List.of(new MarketplaceView.Plan("small", "one database, 1 GB", true),
                        new MarketplaceView.Plan("large", "one database, 20 GB", false)))))));
        for (int width : new int[] {DESKTOP, PHONE}) {
            page = login(width, dev, Api.PASSWORD);
            page.navigate("/marketplace");
            Locator pg = page.locator("section[data-offering=postgresql]");
            assertThat(pg).containsText("broker pg");
            assertThat(pg).containsText("PostgreSQL databases on a shared server");
            assertThat(pg.locator("tr[data-plan=small]")).containsText("free");
            assertThat(pg.locator("tr[data-plan=large]")).containsText("paid");
            assertThat(pg.locator("tr[data-plan=large]")).containsText("paas create-service postgresql large NAME");
            noSidewaysScroll(page, "marketplace");
            shot(page, "marketplace-" + width);
        }
        TestPorts.marketplace(caller -> Optional.of(new MarketplaceView(List.of())));
        page.navigate("/marketplace");
        assertThat(page.locator("main")).containsText("No service offerings yet");
    }

    List<String> bindings(String app) {
        return Api.admin().get("/v1/spaces/" + space + "/apps/" + app + "/service-bindings").then().statusCode(200).extract()
                .jsonPath().getList("serviceInstance");
    }

    static void noSidewaysScroll(Page page, String what) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth");
        org.assertj.core.api.Assertions.assertThat(overflow).as(what + " scrolls sideways").isEqualTo(false);
    }
}
