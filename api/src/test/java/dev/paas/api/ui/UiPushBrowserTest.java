package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.paas.api.rest.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The push page in a real browser: a file dropped on it is uploaded with visible progress and
 * staged with its output shown there, before the app page; a manifest.yml fills the form from
 * its application (read on the server).
 */
@QuarkusTest
class UiPushBrowserTest extends BrowserTestBase {

    static final Pattern OVER = Pattern.compile("\\bover\\b");

    @Test
    void aDroppedFileIsUploadedWithProgressAndStagedInViewBeforeTheAppPage() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/push?space=" + space);
        // Starting is held back until the test has seen the push page's own account of the upload and staging.
        List<Route> held = new CopyOnWriteArrayList<>();
        page.route("**/v1/spaces/" + space + "/apps/dropped/start", held::add);

        // A drag from the desktop, as the browser delivers it: dragenter, dragover, drop, with the file in a DataTransfer.
        byte[] zip = Files.readAllBytes(site("dropped.zip", "dropped " + space));
        JSHandle files = page.evaluateHandle("b64 => { const dt = new DataTransfer();"
                + " dt.items.add(new File([Uint8Array.from(atob(b64), c => c.charCodeAt(0))], 'dropped.zip', {type: 'application/zip'}));"
                + " return dt; }", Base64.getEncoder().encodeToString(zip));
        Locator drop = page.locator("#drop");
        drop.dispatchEvent("dragenter", Map.of("dataTransfer", files));
        drop.dispatchEvent("dragover", Map.of("dataTransfer", files));
        assertThat(drop).hasClass(OVER);
        drop.dispatchEvent("drop", Map.of("dataTransfer", files));
        assertThat(drop).not().hasClass(OVER);
        assertThat(page.locator("#drop-name")).containsText("dropped.zip");
        assertThat(page.locator("#name")).hasValue("dropped");

        page.locator("#push-go").click();
        assertThat(page.locator("#push-progress")).isVisible();
        Locator bar = page.locator("#upload-bar");
        assertThat(bar).isVisible();
        assertThat(bar).hasJSProperty("value", 100);
        assertThat(page.locator("#upload-pct")).hasText("100%");
        assertThat(page.locator("#steps li", new Page.LocatorOptions().setHasText("Uploading dropped.zip"))).hasClass("done");
        Locator log = page.locator("#staging-log");
        assertThat(log).isVisible();
        assertThat(log).containsText("-----> Detecting buildpack for");
        assertThat(log).containsText("-----> static: serving " + zip.length + " bytes");
        assertThat(page.locator("#steps li.active")).containsText("Starting 1 instance");
        page.waitForCondition(() -> !held.isEmpty());
        assertThat(page).hasURL(Pattern.compile("/push\\?space="));
        shot(page, "push-staged-1280");

        held.get(0).resume();
        page.waitForURL("**/apps/" + space + "/dropped");
        assertThat(page.locator("#revisions")).containsText("r1");
    }

    @Test
    void aManifestFillsTheFormFromItsApplicationAndABadOneSaysWhatIsWrong() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/push");
        // Nested name: and memory: come first, where a pattern that takes the first one anywhere would find them.
        Path manifest = Files.createTempDirectory("paas-ui").resolve("manifest.yml");
        Files.writeString(manifest, """
                ---
                # name: not-a-comment-either
                applications:
                - env:
                    name: not-the-app
                    memory: 64M
                  name: shop
                  memory: 1G
                  instances: 3
                  buildpacks: [java_buildpack]
                  routes:
                  - route: shop.example.com
                """);
        page.locator("#manifest").setInputFiles(manifest);
        assertThat(page.locator("#name")).hasValue("shop");
        assertThat(page.locator("#memory")).hasValue("1G");
        assertThat(page.locator("#instances")).hasValue("3");
        assertThat(page.locator("#buildpack")).hasValue("java");
        assertThat(page.locator("#flash")).containsText("Read manifest.yml for shop. Not used here (paas push applies them): env.");
        shot(page, "push-manifest-1280");

        Path bad = Files.createTempDirectory("paas-ui").resolve("manifest.yml");
        Files.writeString(bad, """
                applications:
                - name: shop
                  memory: 12Q
                """);
        page.locator("#manifest").setInputFiles(bad);
        assertThat(page.locator("#flash.error")).containsText("manifest.yml, line 3, column 11: memory: '12Q' is not a size");
        assertThat(page.locator("#memory")).hasValue("1G");
    }
}
