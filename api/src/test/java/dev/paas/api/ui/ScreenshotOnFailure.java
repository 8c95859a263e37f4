package dev.paas.api.ui;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When a browser test fails, saves what each of its open pages showed at that moment as
 * {@code ui/target/screenshots/FAILED-<test method>[-<n>].png}. Runs right after the test method,
 * before {@code @AfterEach} closes the browser context. A screenshot that cannot be taken is
 * added to the failure as suppressed: it never hides the test's own error.
 */
final class ScreenshotOnFailure implements AfterTestExecutionCallback {

    @Override
    public void afterTestExecution(ExtensionContext ctx) {
        Throwable failure = ctx.getExecutionException().orElse(null);
        if (failure == null || !(ctx.getRequiredTestInstance() instanceof BrowserTestBase test)) {
            return;
        }
        BrowserContext browser = test.context();
        List<Page> pages = browser == null ? List.of() : browser.pages();
        String name = "FAILED-" + ctx.getRequiredTestMethod().getName();
        for (int i = 0; i < pages.size(); i++) {
            try {
                BrowserTestBase.shot(pages.get(i), i == 0 ? name : name + "-" + i);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
