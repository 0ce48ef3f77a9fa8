package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Each role's main path through the web application on the demo, in headless Chromium: what the person
 * sees, and that nothing withheld from them reached the browser. Skipped when Chromium is not installed.
 */
class WebAppBrowserTest {

    static DemoFixture fx;
    static WebBrowser b;

    @BeforeAll
    static void start() throws Exception {
        WebBrowser.assumeChromium();
        fx = new DemoFixture();
        fx.server.enableDemoSignIn(fx.issuer);
        b = new WebBrowser(fx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) {
            b.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    /** The demo text of report {@code key}'s portions at the given 1-based positions. */
    static List<String> texts(String key, int... positions) throws Exception {
        Demo.DemoReport r = Demo.reports().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        for (int p : positions) {
            out.add(r.portions().get(p - 1).text());
        }
        return out;
    }

    static List<String> attr(List<WebElement> els, String name) {
        return els.stream().map(e -> e.getAttribute(name)).toList();
    }

    @Test
    void kenjiSearchesWaterCannonAndReadsR1PortionsOneAndTwoUnderASecretBanner() throws Exception {
        b.signIn("kenji");
        b.one("[data-user='kenji']");
        assertThat(b.one("#demo").isDisplayed()).as("DEMO is shown").isTrue();
        b.go("#/search?q=water%20cannon");
        assertThat(attr(b.all("[data-hit]"), "data-hit")).contains(fx.id("R1"));
        b.assertAccessible();
        b.screenshot("kenji-search");
        b.driver.findElement(By.cssSelector("[data-hit='" + fx.id("R1") + "'] a")).click();
        b.ready("#/report/" + fx.id("R1"));
        List<WebElement> portions = b.all("[data-portion]");
        assertThat(attr(portions, "data-portion")).containsExactly("1", "2");
        assertThat(portions.get(1).getText()).isEqualTo(texts("R1", 2).get(0));
        assertThat(attr(portions, "data-marking")).containsExactly("(U)", "(S//REL TO USA, JPN, PHL)");
        List<WebElement> banners = b.all("[data-banner]");
        assertThat(banners).hasSize(2);
        for (WebElement banner : banners) {
            assertThat(banner.getText()).startsWith("SECRET");
            assertThat(banner.getAttribute("class")).contains("b-s");
        }
        b.assertAccessible();
        b.screenshot("kenji-report-r1");
        b.assertNeverReceived(texts("R1", 3, 4));
    }

    @Test
    void samSeesOnlyR1sSummaryUnderAnUnclassifiedBanner() throws Exception {
        b.signIn("sam");
        b.go("#/report/" + fx.id("R1"));
        assertThat(attr(b.all("[data-portion]"), "data-portion")).containsExactly("1");
        assertThat(b.one("[data-portion='1']").getText()).isEqualTo(texts("R1", 1).get(0));
        for (WebElement banner : b.all("[data-banner]")) {
            assertThat(banner.getText()).isEqualTo("UNCLASSIFIED");
            assertThat(banner.getAttribute("class")).contains("b-u");
        }
        b.assertAccessible();
        b.screenshot("sam-report-r1");
        b.assertNeverReceived(texts("R1", 2, 3, 4));
        // the search trims the same way: sam finds R1 by its summary, never by a withheld portion's words
        b.go("#/search?q=tracks");
        assertThat(attr(b.all("[data-hit]"), "data-hit")).doesNotContain(fx.id("R1"));
        b.assertNeverReceived(texts("R1", 2, 3, 4));
    }

    @Test
    void avaWritesAReportAndSeesAMarkingErrorAppearAndClear() throws Exception {
        b.signIn("ava");
        b.go("#/write");
        WebElement marking = b.one("#m1");
        marking.sendKeys(Keys.chord(Keys.CONTROL, "a"), "(Q//XYZ)");
        WebElement error = b.one("[data-error]");
        assertThat(error.getText()).isNotBlank();
        b.screenshot("ava-write-error");
        // written out of order: the normal form is offered and taking it clears the finding
        marking.sendKeys(Keys.chord(Keys.CONTROL, "a"), "(S//REL TO JPN, USA)");
        WebElement offer = b.one("#main button[data-normal]");
        assertThat(offer.getAttribute("data-normal")).isEqualTo("(S//REL TO USA, JPN)");
        offer.click();
        b.wait.until(d -> d.findElements(By.cssSelector("[data-error]")).isEmpty()
                && d.findElement(By.cssSelector("[data-banner]")).getText().equals("SECRET//REL TO USA, JPN"));
        b.one("#t0").sendKeys("EXERCISE browser-written report");
        b.one("#t1").sendKeys("EXERCISE notional portion written in the browser.");
        b.assertAccessible();
        b.screenshot("ava-write");
        b.driver.findElement(By.cssSelector("button[type=submit]")).click();
        b.wait.until(d -> String.valueOf(d.findElement(By.id("main")).getAttribute("data-ready")).startsWith("#/report/"));
        WebElement p = b.one("[data-portion='1']");
        assertThat(p.getAttribute("data-marking")).isEqualTo("(S//REL TO USA, JPN)");
        assertThat(p.getText()).isEqualTo("EXERCISE notional portion written in the browser.");
        assertThat(b.one("[data-banner]").getText()).isEqualTo("SECRET//REL TO USA, JPN");
    }

    @Test
    void avaOpensTheVersionHistoryAndAnOlderVersionWhileBenAndKenjiGetNoHistory() throws Exception {
        String first = "EXERCISE zqbrowserhist first shared paragraph";
        String secret = "EXERCISE zqbrowserhist top secret paragraph";
        String second = "EXERCISE zqbrowserhist second shared paragraph";
        var created = fx.post("/api/v1/reports", "ava", java.util.Map.of(
                "title", java.util.Map.of("marking", "(U)", "text", "Probe zqbrowserhist"),
                "portions", List.of(java.util.Map.of("marking", "(S//REL TO USA, JPN)", "text", first),
                        java.util.Map.of("marking", "(TS//NF)", "text", secret))));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = fx.json(created).get("id").asText();
        var revised = fx.send("PUT", "/api/v1/reports/" + id, "ava", DemoFixture.JSON.writeValueAsBytes(java.util.Map.of(
                "version", fx.json(created).get("version").asText(),
                "title", java.util.Map.of("marking", "(U)", "text", "Probe zqbrowserhist"),
                "portions", List.of(java.util.Map.of("marking", "(S//REL TO USA, JPN)", "text", second),
                        java.util.Map.of("marking", "(TS//NF)", "text", secret)))));
        assertThat(revised.statusCode()).isEqualTo(200);

        b.signIn("ava");
        b.go("#/report/" + id);
        assertThat(b.one("[data-portion='1']").getText()).isEqualTo(second);
        b.driver.findElement(By.xpath("//button[text()='Version history']")).click();
        b.wait.until(d -> d.findElements(By.cssSelector("[data-version]")).size() == 2);
        assertThat(attr(b.all("[data-version]"), "data-version")).containsExactly("1", "2");
        b.assertAccessible();
        b.screenshot("ava-version-history");
        b.one("[data-version='1'] a").click();
        b.ready("#/report/" + id + "?version=1");
        b.one("[data-version-shown='1']");
        assertThat(b.one("[data-portion='1']").getText()).isEqualTo(first);
        assertThat(b.one("[data-portion='2']").getText()).isEqualTo(secret);
        b.screenshot("ava-older-version");

        // ben, of the owner nation but not cleared for every portion: the current view, no history
        b.signIn("ben");
        b.go("#/report/" + id);
        assertThat(b.one("[data-portion='1']").getText()).isEqualTo(second);
        b.driver.findElement(By.xpath("//button[text()='Version history']")).click();
        b.one("section[aria-label='Version history'] p");
        assertThat(b.all("[data-version]")).isEmpty();
        b.go("#/report/" + id + "?version=1");
        assertThat(b.all("[data-portion]")).isEmpty();
        b.assertNeverReceived(List.of(secret, first));

        // kenji, a partner: no history button, and an older version is not found
        b.signIn("kenji");
        b.go("#/report/" + id);
        assertThat(b.all("button")).extracting(WebElement::getText).doesNotContain("Version history");
        b.go("#/report/" + id + "?version=1");
        assertThat(b.all("[data-portion]")).isEmpty();
        b.assertNeverReceived(List.of(secret, first));
    }

    @Test
    void sofiaRunsTheWhatIfAndSeesWhatTheApiAnswers() throws Exception {
        b.signIn("sofia");
        b.go("#/alliance");
        assertThat(b.all("[data-eligible]")).isNotEmpty();
        new Select(b.one("#wi-nation")).selectByValue("JPN");
        new Select(b.one("#wi-community")).selectByValue("FVEY");
        b.driver.findElement(By.cssSelector("#main form button[type=submit]")).click();
        WebElement verdict = b.one("[data-whatif]");
        JsonNode api = fx.json(fx.post("/api/v1/alliance/what-if", "sofia", Map.of("admit", "JPN", "to", "FVEY")));
        assertThat(verdict.getAttribute("data-whatif")).isEqualTo(api.get("eligible").asBoolean() ? "eligible" : "blocked");
        List<String> blockers = new ArrayList<>();
        api.get("blockingControls").forEach(x -> blockers.add(x.get("control").asText()));
        assertThat(attr(b.all("[data-blocker]"), "data-blocker")).containsExactlyElementsOf(blockers);
        assertThat(b.one("[data-gained]").getAttribute("data-gained")).isEqualTo(api.get("gained").get("count").asText());
        b.assertAccessible();
        b.screenshot("sofia-what-if");
    }

    @Test
    void kenjiSeesTheAllianceButCannotRunTheWhatIf() {
        b.signIn("kenji");
        assertThat(b.all("nav a[href='#/alliance']")).as("no alliance link for an analyst").isEmpty();
        b.go("#/alliance");
        new Select(b.one("#wi-nation")).selectByValue("JPN");
        new Select(b.one("#wi-community")).selectByValue("FVEY");
        b.driver.findElement(By.cssSelector("#main form button[type=submit]")).click();
        assertThat(b.one("#whatif-result .bad").getText()).contains("security-officer");
        assertThat(b.all("[data-whatif]")).isEmpty();
    }

    @Test
    void ivyVerifiesAReceiptInTheBrowserAndATamperedOneFails() throws Exception {
        b.signIn("ivy");
        b.go("#/search?q=water%20cannon"); // an audited read: its receipt is the one to check
        b.go("#/audit");
        b.one("[data-checkpoint]");
        b.driver.findElement(By.xpath("//button[text()='Use my last receipt']")).click();
        String receipt = b.one("#receipt").getAttribute("value");
        assertThat(receipt).matches("\\d+ [A-Za-z0-9+/=]{44}");
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        String verified;
        do { // the entry is in a signed checkpoint once the next one is signed
            b.driver.findElement(By.xpath("//button[text()='Verify']")).click();
            verified = b.wait.until(d -> d.findElements(By.cssSelector("[data-verified]")).stream()
                    .map(e -> e.getAttribute("data-verified")).findFirst().orElse(null));
        } while (!"true".equals(verified) && Instant.now().isBefore(until) && sleep());
        assertThat(verified).as(b.one("[data-verified]").getText()).isEqualTo("true");
        b.assertAccessible();
        b.screenshot("ivy-receipt");
        // the same index with another leaf hash: the proof no longer leads to the signed root
        String[] parts = receipt.split(" ");
        char first = parts[1].charAt(0);
        String tampered = parts[0] + " " + (first == 'A' ? 'B' : 'A') + parts[1].substring(1);
        WebElement box = b.one("#receipt");
        box.clear();
        box.sendKeys(tampered);
        b.driver.findElement(By.xpath("//button[text()='Verify']")).click();
        b.wait.until(d -> d.findElements(By.cssSelector("[data-verified='false']")).size() == 1);
        assertThat(b.one("[data-verified]").getText()).contains("does not lead to the signed root");
    }

    @Test
    void aRefusedTokenDoesNotSignIn() {
        b.driver.get(b.base + "/#/signin");
        b.js("sessionStorage.clear();");
        b.driver.navigate().refresh();
        b.ready("#/signin");
        b.one("#token").sendKeys("not.a.token");
        b.driver.findElement(By.xpath("//button[text()='Sign in with the token']")).click();
        assertThat(b.one("#main .bad").getText()).contains("refused");
        assertThat(b.all("[data-user]")).isEmpty();
        b.assertAccessible();
    }

    private static boolean sleep() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
