package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.paas.api.rest.Api;
import dev.paas.api.rest.BrokerApiTest;
import dev.paas.api.rest.BrokerDouble;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The dashboard against the real control-plane services (not the "none yet" ports): a managed
 * instance bound with parameters and unbound through a broker double, an instance still being
 * created shown as such, the marketplace's plans, and a task run, refused and cancelled.
 */
@QuarkusTest
class UiManagedServicesBrowserTest extends BrowserTestBase {

    @Inject
    DataSource ds;

    @Test
    void theServicesCardBindsThroughTheBrokerAndTheTasksCardRunsAndCancels() {
        BrokerDouble broker = BrokerDouble.start();
        BrokerApiTest.register(Api.unique("broker"), broker);
        String token = Api.login(dev, Api.PASSWORD);
        Api.check(Api.as(token).body(Map.of("name", "pg-db", "offering", broker.offering, "plan", "small"))
                .post("/v1/spaces/" + space + "/service-instances"), 201);
        broker.script(BrokerDouble.Op.PROVISION, BrokerDouble.Reply.json(202, Map.of("operation", "op-1")));
        for (int i = 0; i < 200; i++) {
            broker.script(BrokerDouble.Op.LAST_OPERATION, BrokerDouble.Reply.json(200, Map.of("state", "in progress", "description", "creating database")));
        }
        Api.check(Api.as(token).body(Map.of("name", "slow", "offering", broker.offering, "plan", "small"))
                .post("/v1/spaces/" + space + "/service-instances"), 202);
        String app = Api.unique("web");
        Api.app(space, app);
        Sql.stage(ds, space, app);

        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.onDialog(d -> d.accept());
        page.navigate("/apps/" + space + "/" + app);
        Locator card = page.locator("#services");
        assertThat(card.getByLabel("Service instance").locator("option")).hasCount(1);
        card.getByLabel("Service instance").selectOption("pg-db");
        card.getByLabel("Parameters").fill("{\"role\": \"ro\"}");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bind")).click();
        assertThat(page.locator("#flash")).containsText("Bound pg-db");
        assertThat(card.locator("tr[data-service=pg-db]")).containsText(broker.offering + " · small");
        assertThat(card.locator("tr[data-service=pg-db]")).containsText("create succeeded");
        org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain("s3cret-from-broker");

        Locator tasks = page.locator("#tasks");
        Locator form = page.locator("#task-run");
        form.getByLabel("Command").fill("echo hi");
        form.getByLabel("Name").fill("hello");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Run task")).click();
        assertThat(page.locator("#flash")).containsText("Task 1 (hello)");
        assertThat(tasks.locator("tr[data-task='1']")).containsText("PENDING");
        form.getByLabel("Command").fill("echo x");
        form.getByLabel("Memory").fill("12Q");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Run task")).click();
        assertThat(page.locator("#flash.error")).containsText("memory");
        tasks.locator("tr[data-task='1']").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(tasks.locator("tr[data-task='1']")).containsText("FAILED");
        assertThat(tasks.locator("tr[data-task='1']")).containsText("task was cancelled");
        shot(page, "scratch-app-1280");

        // Unbind goes through the broker too.
        card.locator("tr[data-service=pg-db]").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unbind")).click();
        assertThat(page.locator("#flash")).containsText("Unbound pg-db");
        org.assertj.core.api.Assertions.assertThat(broker.requests(BrokerDouble.Op.UNBIND)).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(broker.requests(BrokerDouble.Op.BIND).get(0).body()).contains("\"role\":\"ro\"");
        card.getByLabel("Service instance").selectOption("pg-db");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bind")).click();
        assertThat(card.locator("tr[data-service=pg-db]")).isVisible();
        page.navigate("/services");
        assertThat(page.locator("tr[data-service=slow]")).containsText("create in progress");
        assertThat(page.locator("tr[data-service=pg-db]")).containsText(app);
        shot(page, "scratch-services-1280");
        page.navigate("/marketplace");
        Locator o = page.locator("section[data-offering=" + broker.offering + "]");
        assertThat(o.locator("tr[data-plan=small]")).containsText("free");
        assertThat(o.locator("tr[data-plan=large]")).containsText("paid");
        shot(page, "scratch-marketplace-1280");
    }
}
