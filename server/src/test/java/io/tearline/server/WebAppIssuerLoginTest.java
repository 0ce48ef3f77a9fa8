package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Signing in to the web application through a nation's identity provider in the federated demo: the
 * authorization-code flow with PKCE against the demo providers, over HTTP (every check that refuses,
 * beside the one that signs in) and in headless Chromium (kenji signs in with JPN's provider and reads
 * R1 as his own nation's token allows; a tampered state signs nobody in).
 */
class WebAppIssuerLoginTest {

    static DemoFixture fx;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        fx = new DemoFixture(List.of(), (dir, c) -> {
            try {
                return Demo.federate(dir, c);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        fx.server.enableDemoIdentityProviders(fx.dir);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    static String base() {
        return "http://127.0.0.1:" + fx.server.port();
    }

    static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static String form(Map<String, String> m) {
        return m.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String VERIFIER = "verifier-of-forty-three-characters-or-more-0123456789";
    static final String STATE = "state-0123456789abcdef";
    static final String NONCE = "nonce-0123456789abcdef";

    static Map<String, String> authorizeParams(String redirect) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", "tearline-web");
        q.put("redirect_uri", redirect);
        q.put("state", STATE);
        q.put("nonce", NONCE);
        q.put("code_challenge", s256(VERIFIER));
        q.put("code_challenge_method", "S256");
        return q;
    }

    /** Starts a sign-in at {@code nation}'s provider; the pending request's id from the page. */
    static String startSignIn(String nation) throws Exception {
        HttpResponse<String> page = get("/web/demo/idp/" + nation + "/authorize?" + form(authorizeParams(base() + "/")));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher m = Pattern.compile("name=\"request\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Picks {@code user}: the code the provider redirects back with. */
    static String pick(String nation, String request, String user) throws Exception {
        HttpResponse<String> r = postForm("/web/demo/idp/" + nation + "/pick", Map.of("request", request, "user", user));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(base() + "/?code=").endsWith("&state=" + STATE);
        return URLDecoder.decode(location.substring(location.indexOf("code=") + 5, location.indexOf("&state=")),
                StandardCharsets.UTF_8);
    }

    static HttpResponse<String> exchange(String nation, String code, String verifier) throws Exception {
        return postForm("/web/demo/idp/" + nation + "/token", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", base() + "/", "client_id", "tearline-web", "code_verifier", verifier));
    }

    @Test
    void theSignInPageIsOfferedTheProvidersThatHaveALogin() throws Exception {
        JsonNode issuers = DemoFixture.JSON.readTree(get("/web/login/issuers").body());
        assertThat(issuers.findValuesAsText("nation")).contains("JPN", "USA", "PHL");
        for (JsonNode i : issuers) {
            assertThat(i.get("authorization").asText()).isEqualTo("/web/demo/idp/" + i.get("nation").asText() + "/authorize");
            assertThat(i.get("clientId").asText()).isEqualTo("tearline-web");
        }
        // the provider's page carries the page's policy and lists only its own nation's people
        HttpResponse<String> page = get("/web/demo/idp/JPN/authorize?" + form(authorizeParams(base() + "/")));
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'", "form-action 'self'");
        assertThat(page.body()).contains("data-idp-user=\"kenji\"").doesNotContain("data-idp-user=\"ava\"").doesNotContain("<script");
    }

    @Test
    void aCodeAndItsVerifierGiveTheNationsTokenOnce() throws Exception {
        String code = pick("JPN", startSignIn("JPN"), "kenji");
        HttpResponse<String> token = exchange("JPN", code, VERIFIER);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).contains("no-store");
        String access = DemoFixture.JSON.readTree(token.body()).get("access_token").asText();
        JsonNode claims = DemoFixture.JSON.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[1]));
        assertThat(claims.get("nonce").asText()).isEqualTo(NONCE);
        assertThat(claims.get("iss").asText()).isEqualTo(Demo.issuerName("JPN"));
        HttpResponse<byte[]> me = fx.sendWithToken("GET", "/api/v1/me", access, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(fx.json(me).get("name").asText()).isEqualTo("kenji");
        assertThat(fx.json(me).get("nation").asText()).isEqualTo("JPN");
        // the same code again: refused
        assertThat(exchange("JPN", code, VERIFIER).body()).contains("invalid_grant");
    }

    @Test
    void aWrongVerifierIsRefusedAndSpendsTheCode() throws Exception {
        String code = pick("JPN", startSignIn("JPN"), "kenji");
        HttpResponse<String> wrong = exchange("JPN", code, VERIFIER.replace('0', '1'));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("invalid_grant").doesNotContain("access_token");
        assertThat(exchange("JPN", code, VERIFIER).statusCode()).isEqualTo(400);
        // another nation's token endpoint does not take JPN's code
        String other = pick("JPN", startSignIn("JPN"), "kenji");
        assertThat(exchange("PHL", other, VERIFIER).statusCode()).isEqualTo(400);
        assertThat(exchange("JPN", other, VERIFIER).statusCode()).isEqualTo(400);
    }

    @Test
    void aProviderSignsInOnlyItsOwnPeopleForThisApplication() throws Exception {
        // another nation's person: refused, and the pending sign-in is spent
        String request = startSignIn("JPN");
        HttpResponse<String> ava = postForm("/web/demo/idp/JPN/pick", Map.of("request", request, "user", "ava"));
        assertThat(ava.statusCode()).isEqualTo(400);
        assertThat(ava.headers().firstValue("Location")).isEmpty();
        assertThat(postForm("/web/demo/idp/JPN/pick", Map.of("request", request, "user", "kenji")).statusCode()).isEqualTo(400);
        // a made-up pending sign-in
        assertThat(postForm("/web/demo/idp/JPN/pick", Map.of("request", "made-up", "user", "kenji")).statusCode()).isEqualTo(400);
        // a redirect anywhere but this server's page, another client, no PKCE: no page
        assertThat(get("/web/demo/idp/JPN/authorize?" + form(authorizeParams("https://elsewhere.example/"))).statusCode()).isEqualTo(400);
        Map<String, String> client = authorizeParams(base() + "/");
        client.put("client_id", "other");
        assertThat(get("/web/demo/idp/JPN/authorize?" + form(client)).statusCode()).isEqualTo(400);
        Map<String, String> plain = authorizeParams(base() + "/");
        plain.put("code_challenge_method", "plain");
        assertThat(get("/web/demo/idp/JPN/authorize?" + form(plain)).statusCode()).isEqualTo(400);
        Map<String, String> noState = authorizeParams(base() + "/");
        noState.remove("state");
        assertThat(get("/web/demo/idp/JPN/authorize?" + form(noState)).statusCode()).isEqualTo(400);
        // a nation without a demo provider
        assertThat(get("/web/demo/idp/XXX/authorize?" + form(authorizeParams(base() + "/"))).statusCode()).isEqualTo(404);
    }

    @Test
    void kenjiSignsInWithJapansProviderInTheBrowserAndATamperedStateSignsNobodyIn() throws Exception {
        WebBrowser.assumeChromium();
        try (WebBrowser b = new WebBrowser(fx)) {
            b.driver.get(base() + "/#/signin");
            b.js("sessionStorage.clear(); sessionStorage.setItem('tearline.testlog', '1');");
            b.driver.navigate().refresh();
            b.one("[data-issuer='JPN']").click();
            b.one("[data-idp-user='kenji']");
            assertThat(b.all("[data-idp-user='ava']")).isEmpty();
            b.assertAccessible();
            b.screenshot("kenji-idp-jpn");
            b.one("[data-idp-user='kenji']").click();
            b.wait.until(d -> !d.findElements(By.cssSelector("[data-user='kenji']")).isEmpty());
            assertThat(b.one("[data-user='kenji']").getText()).contains("JPN");
            assertThat(b.driver.getCurrentUrl()).doesNotContain("code=");
            b.go("#/report/" + fx.id("R1"));
            assertThat(b.all("[data-portion]")).hasSize(2);
            b.screenshot("kenji-signed-in-by-jpn");
            b.assertNeverReceived(WebAppBrowserTest.texts("R1", 3, 4));

            // a sign-in answer whose state is not the one this tab sent: not signed in
            b.driver.get(base() + "/#/signin");
            b.js("sessionStorage.clear(); sessionStorage.setItem('tearline.testlog', '1');");
            b.driver.navigate().refresh();
            b.one("[data-issuer='JPN']").click();
            b.one("[data-idp-user='kenji']");
            b.js("const p = JSON.parse(sessionStorage.getItem('tearline.login')); p.state = 'another-state-0123456789';"
                    + " sessionStorage.setItem('tearline.login', JSON.stringify(p));");
            b.one("[data-idp-user='kenji']").click();
            b.wait.until(d -> !d.findElements(By.cssSelector("#main .bad")).isEmpty());
            assertThat(b.one("#main .bad").getText()).contains("does not belong");
            assertThat(b.all("[data-user]")).isEmpty();
            assertThat(b.js("return sessionStorage.getItem('tearline.token');")).isNull();
        }
    }

    @Test
    void withoutALoginInTheConfigurationNoneIsOffered() throws Exception {
        try (DemoFixture plain = new DemoFixture()) {
            HttpResponse<byte[]> issuers = plain.get("/web/login/issuers", null);
            assertThat(issuers.statusCode()).isEqualTo(200);
            assertThat(plain.json(issuers)).isEmpty();
            assertThat(plain.get("/web/demo/idp/JPN/authorize", null).statusCode()).isEqualTo(404);
        }
    }
}
