package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.paas.api.rest.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Routes from the browser: a push maps {@code NAME.<domain>} as {@code paas push} does (or the
 * manifest's {@code routes:}) and ends with the app's URL; the app page maps, unmaps and deletes
 * routes and opens the app.
 */
@QuarkusTest
class UiRoutesBrowserTest extends BrowserTestBase {

    @Test
    void aBrowserPushMapsTheDefaultRouteAndTheAppPageManagesRoutes() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.onDialog(d -> d.accept());
        String name = Api.unique("ui-static");
        push(page, site("site.zip", "routes " + space), name);

        // The push mapped NAME.localhost (PAAS_DOMAIN's default, as the CLI's) and the app page links to it.
        String host = name + ".localhost";
        org.assertj.core.api.Assertions.assertThat(routes()).extracting(r -> r.get("host") + "->" + r.get("app")).containsExactly(host + "->" + name);
        Locator open = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open app"));
        assertThat(open).hasAttribute("href", java.util.regex.Pattern.compile("^http://" + host.replace(".", "\\.") + "(:\\d+)?/$"));
        Locator section = page.locator("#routes");
        assertThat(section).containsText(host);
        assertThat(page.locator("#app-header")).not().containsText("no route mapped");
        shot(page, "app-routes-1280");

        // Map another host with a path from the form: created in the space and mapped.
        section.getByLabel("Host").fill("Shop-" + name + ".example.com");
        section.getByLabel("Path").fill("/api");
        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Map route")).click();
        assertThat(page.locator("#flash")).containsText("Mapped shop-" + name + ".example.com/api to " + name);
        assertThat(section.locator("table.routes:not(.unmapped) tbody tr")).hasCount(2);

        // A bad host is refused with the API's words; nothing is written.
        section.getByLabel("Host").fill("nodomain");
        section.getByLabel("Path").fill("");
        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Map route")).click();
        assertThat(page.locator("#flash.error")).containsText("needs a domain");
        org.assertj.core.api.Assertions.assertThat(routes()).hasSize(2);

        // Unmap: the route stays in the space, unmapped, and can be mapped back.
        Locator first = section.locator("table.routes:not(.unmapped) tr", new Locator.LocatorOptions().setHasText(host));
        first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unmap")).click();
        Locator orphan = section.locator("table.unmapped tr", new Locator.LocatorOptions().setHasText(host));
        assertThat(orphan).isVisible();
        org.assertj.core.api.Assertions.assertThat(routes()).filteredOn(r -> host.equals(r.get("host")))
                .singleElement().satisfies(r -> org.assertj.core.api.Assertions.assertThat(r.get("app")).isNull());
        orphan.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Map to " + name)).click();
        assertThat(section.locator("table.routes:not(.unmapped) tbody tr")).hasCount(2);

        // Delete (after a confirmation): gone from the space.
        first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(section.locator("table.routes:not(.unmapped) tbody tr")).hasCount(1);
        org.assertj.core.api.Assertions.assertThat(routes()).extracting(r -> r.get("host")).containsExactly("shop-" + name + ".example.com");
        assertThat(open).hasAttribute("href", java.util.regex.Pattern.compile("^http://shop-.*/api$"));
    }

    @Test
    void aManifestsRoutesAreMappedInsteadOfTheDefault() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/push?space=" + space);
        String name = Api.unique("mf");
        Path manifest = Files.createTempDirectory("paas-ui").resolve("manifest.yml");
        Files.writeString(manifest, "applications:\n- name: " + name + "\n  routes:\n  - route: www." + name + ".example.com\n"
                + "  - route: " + name + ".example.com/docs\n");
        page.locator("#manifest").setInputFiles(manifest);
        assertThat(page.locator("#name")).hasValue(name);
        page.locator("#bits").setInputFiles(site("m.zip", "manifest " + space));
        page.locator("#push-go").click();
        page.waitForURL("**/apps/" + space + "/" + name, new Page.WaitForURLOptions().setTimeout(20_000));
        org.assertj.core.api.Assertions.assertThat(routes()).extracting(r -> r.get("host") + "" + r.get("path"))
                .containsExactlyInAnyOrder("www." + name + ".example.com", name + ".example.com/docs");
        assertThat(page.locator("#routes")).containsText("www." + name + ".example.com");
    }

    List<Map<String, Object>> routes() {
        return Api.admin().get("/v1/spaces/" + space + "/routes").then().statusCode(200).extract().jsonPath().getList("items");
    }
}
