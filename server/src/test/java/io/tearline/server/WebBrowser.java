package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driving the web application of a {@link DemoFixture}: signs in with the demo picker,
 * waits for pages, saves screenshots under {@code target/screenshots}, and collects every API answer the
 * page received (the page keeps them in session storage when the test log is on).
 */
final class WebBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    final WebDriverWait wait;
    final String base;
    private final Path profile;

    /** Skips the calling test class, with the reason, when Chromium or chromedriver is absent. */
    static void assumeChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests skipped: install chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + ")");
    }

    WebBrowser(DemoFixture fx) throws IOException {
        profile = Files.createTempDirectory("tearline-chromium");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        base = "http://127.0.0.1:" + fx.server.port();
    }

    /** Opens a fresh tab state and signs in as {@code user} with the demo picker; the response log is on. */
    void signIn(String user) {
        driver.get(base + "/#/signin");
        js("sessionStorage.clear(); sessionStorage.setItem('tearline.testlog', '1');");
        driver.navigate().refresh();
        WebElement pick = wait.until(d -> d.findElements(By.cssSelector("[data-signin='" + user + "']")).stream().findFirst().orElse(null));
        pick.click();
        wait.until(d -> !d.findElements(By.cssSelector("[data-user='" + user + "']")).isEmpty());
        ready("#/search");
    }

    /** Goes to a hash route and waits until the page has rendered it. */
    void go(String hash) {
        driver.get(base + "/" + hash);
        ready(hash);
    }

    void ready(String hash) {
        wait.until(d -> hash.equals(d.findElement(By.id("main")).getAttribute("data-ready")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return wait.until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    /** Everything the page received from the server since sign-in, and the page's source now. */
    String received() {
        Object log = js("return sessionStorage.getItem('tearline.testlog.data') || '';");
        return log + "\n" + driver.getPageSource();
    }

    /** Fails if any of {@code withheld} reached the browser: the page source or any answer it received. */
    void assertNeverReceived(List<String> withheld) {
        String seen = received();
        assertThat(seen).as("the page received API answers (test log on)").contains("/api/v1/");
        for (String text : withheld) {
            assertThat(seen).as("withheld text reached the browser").doesNotContain(text);
        }
    }

    void screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Accessibility checks on the current page: every form control has a label (a label for it, an
     * aria-label, or text for buttons), and every banner's text contrasts with its background by 4.5:1 or more.
     */
    @SuppressWarnings("unchecked")
    void assertAccessible() {
        List<String> unlabelled = (List<String>) js("""
                const out = [];
                for (const el of document.querySelectorAll('input, select, textarea, button')) {
                  if (el.type === 'hidden') continue;
                  const byFor = el.id && document.querySelector('label[for="' + el.id + '"]');
                  const named = el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim());
                  if (!byFor && !named && !el.closest('label')) out.push(el.outerHTML.slice(0, 80));
                }
                return out;""");
        assertThat(unlabelled).as("unlabelled controls").isEmpty();
        List<Map<String, Object>> banners = (List<Map<String, Object>>) js("""
                const lum = (c) => { const v = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((x) => x / 255)
                  .map((x) => x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
                  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
                return Array.from(document.querySelectorAll('[data-banner]')).map((b) => {
                  const s = getComputedStyle(b); const a = lum(s.color), c = lum(s.backgroundColor);
                  return {text: b.textContent, ratio: (Math.max(a, c) + 0.05) / (Math.min(a, c) + 0.05)};
                });""");
        for (Map<String, Object> b : banners) {
            assertThat(((Number) b.get("ratio")).doubleValue()).as("contrast of banner " + b.get("text")).isGreaterThanOrEqualTo(4.5);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
