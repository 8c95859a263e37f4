package dev.paas.api.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import dev.paas.api.rest.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard's actions do around the request: a redeploy keeps the app's size, a
 * double click sends one request, Stop asks first, a background refresh keeps focus and scroll,
 * and a login lands on the page asked for, never on a fragment.
 */
@QuarkusTest
class UiActionsBrowserTest extends BrowserTestBase {

    String appPath(String app) {
        return "/v1/spaces/" + space + "/apps/" + app;
    }

    @Test
    void pushingNewCodeKeepsTheAppsSizeAndSaysWhatWillChange() throws Exception {
        Api.check(Api.admin().body(Map.of("name", "kept", "memory", "64M", "instances", 2)).post("/v1/spaces/" + space + "/apps"), 201);
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        page.navigate("/apps/" + space + "/kept");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Push new code")).click();
        page.waitForURL("**/push?space=" + space + "&app=kept");
        Locator note = page.locator("#existing");
        assertThat(note).hasText("kept already exists in " + space + " (2 × 64M, stopped). Pushing replaces its code; "
                + "its memory and instances stay as they are.");
        assertThat(page.locator("#memory")).hasValue("64M");
        assertThat(page.locator("#instances")).hasValue("2");
        shot(page, "push-existing-1280");
        page.locator("#bits").setInputFiles(site("kept.zip", "kept " + space));
        page.locator("#push-go").click();
        page.waitForURL("**/apps/" + space + "/kept", new Page.WaitForURLOptions().setTimeout(20_000));
        Api.admin().get(appPath("kept")).then().body("memory", org.hamcrest.Matchers.equalTo("64M"))
                .body("instances", org.hamcrest.Matchers.equalTo(2));

        // Typing an existing app's name on the push page: the same warning; a changed field is named and applied.
        page.navigate("/push?space=" + space);
        assertThat(note).isHidden();
        page.locator("#name").fill("kept");
        assertThat(note).containsText("kept already exists in " + space);
        assertThat(page.locator("#memory")).hasValue("64M");
        page.locator("#memory").fill("128M");
        assertThat(note).containsText("this will change memory 64M → 128M.");
        page.locator("#name").fill("kept-not");
        assertThat(note).isHidden();
        page.locator("#name").fill("kept");
        assertThat(note).containsText("this will change memory 64M → 128M.");
        assertThat(page.locator("#instances")).hasValue("2");
        page.locator("#bits").setInputFiles(site("kept2.zip", "kept again " + space));
        page.locator("#push-go").click();
        page.waitForURL("**/apps/" + space + "/kept", new Page.WaitForURLOptions().setTimeout(20_000));
        Api.admin().get(appPath("kept")).then().body("memory", org.hamcrest.Matchers.equalTo("128M"))
                .body("instances", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void aDoubleClickedRestartIsOneRequestAndStopAsksFirst() throws Exception {
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        push(page, site("twice.zip", "twice " + space), "twice");
        List<Request> posts = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if ("POST".equals(r.method())) {
                posts.add(r);
            }
        });
        List<Route> held = new CopyOnWriteArrayList<>();
        page.route("**/apps/" + space + "/twice/restart", held::add);

        Locator restart = page.locator("#app-header").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Restart"));
        restart.dblclick();
        page.waitForCondition(() -> !held.isEmpty());
        // Under way: the button says so and takes no more clicks.
        assertThat(restart).isDisabled();
        assertThat(restart).hasAttribute("aria-busy", "true");
        shot(page, "app-restarting-1280");
        // The header's refresh that the answer triggers comes after any request htmx had queued behind it.
        page.waitForResponse(r -> r.url().endsWith("/twice/header"), () -> held.get(0).resume());
        assertThat(page.locator("#flash")).containsText("Restarting twice");
        org.assertj.core.api.Assertions.assertThat(posts).extracting(Request::url).containsExactly(base + "apps/" + space + "/twice/restart");
        List<?> revisions = Api.admin().get(appPath("twice") + "/revisions").then().statusCode(200).extract().jsonPath().getList("number");
        org.assertj.core.api.Assertions.assertThat(revisions).as("the push's revision and one restart's").hasSize(2);

        // Stop asks first: dismissed, nothing is sent; accepted, the app stops.
        List<String> asked = new CopyOnWriteArrayList<>();
        page.onceDialog(d -> {
            asked.add(d.message());
            d.dismiss();
        });
        Locator stop = page.locator("#app-header").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Stop"));
        stop.click();
        page.waitForCondition(() -> !asked.isEmpty());
        org.assertj.core.api.Assertions.assertThat(asked.get(0)).isEqualTo("Stop twice? Its instance stops and its routes stop answering until you start it again.");
        org.assertj.core.api.Assertions.assertThat(posts).hasSize(1);
        Api.admin().get(appPath("twice")).then().body("state", org.hamcrest.Matchers.equalTo("STARTED"));
        page.onceDialog(d -> d.accept());
        stop.click();
        assertThat(page.locator("#app-state")).hasText("STOPPED");
    }

    @Test
    void aBackgroundRefreshKeepsFocusAndScroll() throws Exception {
        Api.app(space, "focus");
        Page page = login(DESKTOP, dev, Api.PASSWORD);
        // Apps list (refreshed every 3 s): the focused link is focused again in the new table.
        Locator link = page.locator("#apps a[href='/apps/" + space + "/focus']");
        link.focus();
        nextSwap(page, "apps");
        assertThat(link).isFocused();

        // App page: the focused Restart... here Start button in the header (every 5 s), and the window's scroll.
        page.navigate("/apps/" + space + "/focus");
        Locator start = page.locator("#app-header").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start"));
        start.focus();
        page.evaluate("() => window.scrollTo(0, 240)");
        Object before = page.evaluate("() => window.scrollY");
        nextSwap(page, "app-header");
        assertThat(start).isFocused();
        org.assertj.core.api.Assertions.assertThat(page.evaluate("() => window.scrollY")).isEqualTo(before);
    }

    @Test
    void aLoginLandsOnThePageAskedForNeverOnAFragment() {
        Api.app(space, "landing");
        String app = "/apps/" + space + "/landing";
        Page page = open(DESKTOP);
        page.navigate("/login?next=" + app + "/instances");
        page.getByLabel("Username").fill(dev);
        page.getByLabel("Password").fill(Api.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL(u -> u.endsWith(app));
        assertThat(page.locator("h1")).containsText("landing");
        assertThat(page).hasTitle(Pattern.compile("landing"));

        // A fragment's URL opened as a page shows its page.
        page.navigate(app + "/events");
        page.waitForURL(u -> u.endsWith(app));
        assertThat(page.locator("#h-instances")).isVisible();
        page.navigate("/apps-table");
        page.waitForURL(u -> u.endsWith("/"));
        assertThat(page.locator("h1")).containsText("Apps");

        // An htmx refresh after the session ended sends the user to log in, then back to the page, not the fragment.
        Object redirect = page.evaluate("() => fetch('" + app + "/instances', {headers: {'HX-Request': 'true'}, credentials: 'omit'})"
                + ".then(r => r.headers.get('HX-Redirect'))");
        org.assertj.core.api.Assertions.assertThat(redirect).isEqualTo("/login?next=" + app.replace("/", "%2F"));
    }

    /** Waits for the next htmx swap into the element {@code id} (a background refresh). */
    static void nextSwap(Page page, String id) {
        page.evaluate("id => new Promise(done => document.body.addEventListener('htmx:afterSettle', function on(e) {"
                + " if (e.detail.target.id === id) { document.body.removeEventListener('htmx:afterSettle', on); done(); } }))", id);
    }
}
