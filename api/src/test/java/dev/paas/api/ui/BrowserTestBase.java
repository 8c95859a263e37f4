package dev.paas.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.paas.api.rest.Api;
import dev.paas.api.rest.ApiTestBase;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real headless Chromium (Debian's {@code /usr/bin/chromium}, installed by {@code ./scripts/test})
 * driven by Playwright against the control plane of the running {@code @QuarkusTest}. A missing
 * browser fails the test: it never skips. Every test leaves screenshots in
 * {@code ui/target/screenshots/}; a failing one also leaves {@code FAILED-<test>.png}
 * ({@link ScreenshotOnFailure}).
 */
@Tag("browser")
@ExtendWith(ScreenshotOnFailure.class)
abstract class BrowserTestBase extends ApiTestBase {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The ui module's build directory (tests run in api/): where the dashboard's pictures belong. */
    static final Path SHOTS = Path.of("..", "ui", "target", "screenshots");
    static final int DESKTOP = 1280;
    static final int PHONE = 390;

    private static Playwright playwright;
    private static Browser browser;
    private BrowserContext context;

    @TestHTTPResource("/")
    URL base;

    /** A developer and the space they work in, new for each test. */
    String dev;
    String space;

    @BeforeAll
    static void launch() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as(CHROMIUM + " (Debian package chromium; ./scripts/test installs it)").isTrue();
        Files.createDirectories(SHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                // Without the network flags Chromium keeps dialling Google's services, which this sandbox refuses.
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
    }

    @BeforeEach
    void developerWithASpace() {
        dev = Api.unique("dev");
        Api.developer(dev);
        space = Api.unique("sp");
        Api.space(space, dev);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** A fresh browser (no cookies) with a window {@code width} pixels wide. */
    Page open(int width) {
        if (context != null) {
            context.close();
        }
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, width >= 1000 ? 800 : 844)
                .setBaseURL(base.toString()).setAcceptDownloads(true));
        context.setDefaultTimeout(10_000);
        return context.newPage();
    }

    BrowserContext context() {
        return context;
    }

    Page login(int width, String user, String password) {
        Page page = open(width);
        page.navigate("/login");
        page.getByLabel("Username").fill(user);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL(u -> !u.contains("/login"));
        return page;
    }

    /** Pushes {@code file} as {@code name} (a new app) from the push page and waits for the app page. */
    void push(Page page, Path file, String name) {
        page.navigate("/push?space=" + space);
        page.locator("#bits").setInputFiles(file);
        page.locator("#name").fill(name);
        page.locator("#push-go").click();
        page.waitForURL("**/apps/" + space + "/" + name, new Page.WaitForURLOptions().setTimeout(20_000));
    }

    static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** A static site as a zip: an index.html and a stylesheet. */
    static Path site() throws IOException {
        return site("site.zip", "hello from paas");
    }

    /** A static site as a zip named {@code file}; {@code text} in its page makes its digest its own. */
    static Path site(String file, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write(("<!doctype html><h1>" + text + "</h1>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("style.css"));
            zip.write("h1 { color: teal }".getBytes(StandardCharsets.UTF_8));
        }
        Path path = Files.createTempDirectory("paas-ui").resolve(file);
        Files.write(path, bytes.toByteArray());
        return path;
    }
}
