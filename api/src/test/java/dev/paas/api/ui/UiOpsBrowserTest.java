package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.paas.api.rest.Api;
import dev.paas.api.scheduling.SchedulerRound;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Operators: join tokens listed with their expiry and revocable; a drain says when no other node can take over. */
@QuarkusTest
class UiOpsBrowserTest extends BrowserTestBase {

    @Inject
    DataSource ds;

    @Inject
    SchedulerRound round;

    @Test
    void joinTokensAreListedWithTheirExpiryAndRevocable() {
        Page page = login(DESKTOP, "admin", Api.ADMIN_PASSWORD);
        page.onDialog(d -> d.accept());
        page.navigate("/ops/pools");
        String pool = Api.unique("pool");
        page.getByLabel("Name").fill(pool);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create pool")).click();
        String secret = page.locator("#join-token").innerText().strip();
        assertThat(page.locator(".token")).containsText("expires");

        Map<String, Object> token = Api.admin().get("/v1/node-pools/" + pool + "/join-tokens").then().statusCode(200)
                .extract().jsonPath().getMap("[0]");
        Instant expires = Instant.parse((String) token.get("expiresAt"));
        org.assertj.core.api.Assertions.assertThat(Duration.between(Instant.parse((String) token.get("createdAt")), expires))
                .isEqualTo(Duration.ofHours(OpsPage.DASHBOARD_TOKEN_TTL_HOURS));
        Locator row = page.locator("tr[data-token='" + token.get("id") + "']");
        assertThat(row).containsText(pool);
        assertThat(row).containsText("active");
        assertThat(row).containsText(Format.stamp(expires));
        shot(page, "pools-tokens-1280");

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
        assertThat(row).containsText("revoked");
        assertThat(row.getByRole(AriaRole.BUTTON)).hasCount(0);
        Api.admin().get("/v1/node-pools/" + pool + "/join-tokens").then().body("[0].revokedAt", org.hamcrest.Matchers.notNullValue());
        Api.as(secret).body(Map.of("name", Api.unique("node"), "address", "127.0.0.1", "agentPort", 8901, "memoryMb", 1024,
                "vcpus", 1, "accelerator", "KVM", "agentVersion", "0.1.0")).post("/v1/agent/join").then().statusCode(401);
        Page phone = login(PHONE, "admin", Api.ADMIN_PASSWORD);
        phone.navigate("/ops/pools");
        shot(phone, "pools-390");
    }

    @Test
    void drainingTheOnlyReadyNodeSaysItsInstancesHaveNowhereToGo() {
        Sql.exec(ds, "update apps set state = 'STOPPED'");
        Sql.exec(ds, "update nodes set state = 'DOWN'");
        Duration timeout = Duration.ofSeconds(15);
        round.run(timeout);
        String pool = Api.unique("pool");
        Api.pool(pool);
        FakeNode node = FakeNode.join(FakeNode.joinToken(pool), Api.unique("node"));
        Api.app(space, "alone");
        Sql.stage(ds, space, "alone");
        Api.check(Api.admin().post("/v1/spaces/" + space + "/apps/alone/start"), 200);
        round.run(timeout);
        node.reportRunning(0.5);
        round.run(timeout);

        Page page = login(DESKTOP, "admin", Api.ADMIN_PASSWORD);
        List<String> asked = new CopyOnWriteArrayList<>();
        page.onDialog(d -> {
            asked.add(d.message());
            d.dismiss();
        });
        page.navigate("/ops/nodes");
        Locator row = page.locator("tr[data-node='" + node.name + "']");
        assertThat(row).containsText("1 ·");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Drain")).click();
        page.waitForCondition(() -> !asked.isEmpty());
        org.assertj.core.api.Assertions.assertThat(asked.get(0)).isEqualTo("Drain " + node.name + "? No other node is ready to take "
                + "its instance: it keeps running here and the drain does not finish until a node joins or is uncordoned.");
        Api.admin().get("/v1/nodes/" + node.name).then().body("state", org.hamcrest.Matchers.equalTo("READY"));

        FakeNode other = FakeNode.join(FakeNode.joinToken(pool), Api.unique("node"));
        other.reportRunning(0);
        page.reload();
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Drain")).click();
        page.waitForCondition(() -> asked.size() == 2);
        org.assertj.core.api.Assertions.assertThat(asked.get(1)).isEqualTo("Drain " + node.name + "? Its instance moves to the 1 other ready node.");
        shot(page, "nodes-drain-1280");

        // The node's own page: its instances (whose, how), memory and heartbeat.
        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(node.name)).click();
        page.waitForURL("**/ops/nodes/" + node.name);
        Locator placed = page.locator("tr[data-app=alone]");
        assertThat(placed).containsText("#0");
        assertThat(placed).containsText("RUNNING");
        assertThat(placed).containsText("48 MiB of 256 MiB");
        assertThat(placed.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("alone"))).hasAttribute("href", "/apps/" + space + "/alone");
        assertThat(page.locator("#node-heartbeat")).containsText("Last heartbeat");
        assertThat(page.locator("#h-node-instances")).hasText("Instances (1)");
        shot(page, "page-node-1280");
        Page phone = login(PHONE, "admin", Api.ADMIN_PASSWORD);
        phone.navigate("/ops/nodes/" + node.name);
        assertThat(phone.locator("tr[data-app=alone]")).isVisible();
        shot(phone, "page-node-390");
        phone.navigate("/ops/nodes/" + Api.unique("nope"));
        assertThat(phone.locator("h1")).containsText("Not found");
    }
}
