package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.paas.api.rest.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every page at 1280×800 and at 390 px, as {@code ui/target/screenshots/page-<page>-<width>.png}, for
 * people to look at; each is checked to have no sideways scrolling (nothing wider than the window).
 */
@QuarkusTest
class UiScreenshotsBrowserTest extends BrowserTestBase {

    @Inject
    DataSource ds;

    @Test
    void everyPageAtBothWidths() throws Exception {
        Api.check(Api.admin().body(Map.of("name", "shop", "memory", "128M", "instances", 2, "env", Map.of("GREETING", "hi")))
                .post("/v1/spaces/" + space + "/apps"), 201);
        Sql.stage(ds, space, "shop");
        Api.check(Api.admin().body(Map.of("host", "shop-" + space + ".localhost", "app", "shop")).post("/v1/spaces/" + space + "/routes"), 201);
        for (int width : new int[] {DESKTOP, PHONE}) {
            Page page = open(width);
            page.navigate("/login");
            page(page, "login", width);
            page = login(width, dev, Api.PASSWORD);
            page(page, "apps", width);
            page.navigate("/apps/" + space + "/shop");
            assertThat(page.locator("#routes")).containsText("shop-" + space);
            page(page, "app", width);
            page.navigate("/services");
            page(page, "services", width);
            page.navigate("/marketplace");
            page(page, "marketplace", width);
            page.navigate("/push?space=" + space + "&app=shop");
            assertThat(page.locator("#existing")).isVisible();
            page(page, "push", width);
            page.navigate("/apps/" + space + "/nope");
            page(page, "not-found", width);
            page = login(width, "admin", Api.ADMIN_PASSWORD);
            page.navigate("/ops/nodes");
            page(page, "nodes", width);
            page.navigate("/ops/pools");
            page(page, "pools", width);
        }
        org.assertj.core.api.Assertions.assertThat(Files.size(SHOTS.resolve("page-app-390.png"))).isPositive();
    }

    private static void page(Page page, String name, int width) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth");
        org.assertj.core.api.Assertions.assertThat(overflow).as(name + " at " + width + " px scrolls sideways").isEqualTo(false);
        shot(page, "page-" + name + "-" + width);
    }
}
