package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The release pages in headless Chromium: ben, R1's disclosure officer, approves the demo's pending
 * request (ava's, R1 portion 3 to JPN) from his queue with the tearline preview beside the full report,
 * and kenji then reads portion 3, and still never portion 4. Skipped, saying so, while the server has no
 * disclosure routes, and when Chromium is not installed.
 */
class WebAppReleaseBrowserTest {

    static DemoFixture fx;
    static WebBrowser b;

    @BeforeAll
    static void start() throws Exception {
        WebBrowser.assumeChromium();
        fx = new DemoFixture();
        int probe = fx.get("/api/v1/disclosures", "ben").statusCode();
        if (probe == 404) {
            fx.close();
            fx = null;
        }
        assumeTrue(probe != 404, "release browser tests skipped: this server has no /api/v1/disclosures (issue 10)");
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

    @Test
    void benApprovesThePendingRequestAndKenjiThenSeesPortionThree() throws Exception {
        b.signIn("ben");
        b.go("#/queue");
        WebElement request = b.one("[data-request]");
        assertThat(request.getText()).contains(fx.id("R1"));
        request.findElement(By.tagName("a")).click();
        b.wait.until(d -> String.valueOf(d.findElement(By.id("main")).getAttribute("data-ready")).startsWith("#/request/"));
        b.one("section[aria-label='Tearline for JPN'] [data-banner]");
        b.one("section[aria-label='Full report'] [data-portion='4']");
        b.assertAccessible();
        b.screenshot("ben-request");
        b.one("#decision-reason").sendKeys("EXERCISE: needed for the trilateral maritime picture");
        b.driver.findElement(By.xpath("//button[text()='Approve']")).click();
        b.wait.until(d -> !d.findElements(By.cssSelector("[data-status='APPROVED']")).isEmpty());

        b.signIn("kenji");
        b.go("#/report/" + fx.id("R1"));
        List<String> shown = b.all("[data-portion]").stream().map(e -> e.getAttribute("data-portion")).toList();
        assertThat(shown).containsExactly("1", "2", "3");
        assertThat(b.one("[data-portion='3']").getText()).isEqualTo(WebAppBrowserTest.texts("R1", 3).get(0));
        b.screenshot("kenji-after-release");
        b.assertNeverReceived(WebAppBrowserTest.texts("R1", 4));
    }

    @Test
    void avaSeesTheGuardsFindingsAndTheErrorsBeforeSendingAndNothingIsStored() throws Exception {
        String before = new String(fx.get("/api/v1/disclosures", "ben").body());
        b.signIn("ava");
        b.go("#/release/" + fx.id("R1"));
        b.one("#rp4").click();
        b.one("#rel-to").sendKeys("JPN");
        b.one("#rel-why").sendKeys("EXERCISE trilateral maritime picture");
        // a NOFORN portion without a replacement: refused, said before sending
        b.driver.findElement(By.xpath("//button[text()='Check before sending']")).click();
        b.one("[data-error='disclosure.noforn']");
        assertThat(b.all("[data-finding]")).isEmpty();
        // a replacement that still says NOFORN: allowed, and the guard's finding is shown
        b.one("#rel-rp").sendKeys("4");
        b.one("#rel-rm").sendKeys("(S//REL TO USA, JPN)");
        b.one("#rel-rt").sendKeys("EXERCISE NOFORN note");
        b.driver.findElement(By.xpath("//button[text()='Check before sending']")).click();
        b.wait.until(d -> "ok".equals(d.findElement(By.cssSelector("[data-checked]")).getAttribute("data-checked")));
        WebElement finding = b.one("[data-finding]");
        assertThat(finding.getAttribute("data-finding")).isNotBlank();
        assertThat(b.all("[data-error]")).isEmpty();
        b.assertAccessible();
        b.screenshot("ava-release-check");
        // nothing was stored: the queue is what it was
        assertThat(new String(fx.get("/api/v1/disclosures", "ben").body())).isEqualTo(before);

        // kenji checks a request for what he sees; the NOFORN portion never reaches his browser
        b.signIn("kenji");
        b.go("#/release/" + fx.id("R1"));
        b.one("#rp1").click();
        b.one("#rel-to").sendKeys("PHL");
        b.one("#rel-why").sendKeys("EXERCISE");
        b.driver.findElement(By.xpath("//button[text()='Check before sending']")).click();
        b.one("[data-checked]");
        assertThat(b.all("#rp4")).isEmpty();
        b.assertNeverReceived(WebAppBrowserTest.texts("R1", 4));
    }

    @Test
    void kenjiHasNoQueueToDecide() {
        b.signIn("kenji");
        assertThat(b.all("nav a[href='#/queue']")).extracting(WebElement::getText).doesNotContain("Disclosure queue");
        b.go("#/queue");
        assertThat(b.all("button")).extracting(WebElement::getText).doesNotContain("Approve");
    }
}
