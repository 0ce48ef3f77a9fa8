package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web application over HTTP: its security headers, and the demo sign-in that exists in demo mode only. */
class WebAppHttpTest {

    static DemoFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new DemoFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void thePageAndItsFilesCarryAStrictPolicyAndAreNotCached() {
        for (String path : new String[] {"/", "/app/app.js", "/app/app.css"}) {
            HttpResponse<byte[]> r = fx.get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        }
        String html = new String(fx.get("/", null).body(), StandardCharsets.UTF_8);
        assertThat(html).as("no inline script").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(html).doesNotContain("style=");
        assertThat(fx.get("/app/other.js", null).statusCode()).isEqualTo(404);
        assertThat(fx.get("/app/..%2Fdemo%2Ftearline.yaml", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theDemoSignInExistsOnlyInDemoModeAndTakesJsonOnly() throws Exception {
        fx.server.enableDemoSignIn(null);
        assertThat(fx.get("/web/demo/people", null).statusCode()).isEqualTo(404);
        assertThat(fx.post("/web/demo/sign-in", null, Map.of("user", "ava")).statusCode()).isEqualTo(404);

        fx.server.enableDemoSignIn(fx.issuer);
        try {
            assertThat(fx.json(fx.get("/web/demo/people", null)).findValuesAsText("name")).contains("ava", "kenji", "sofia", "ivy");
            HttpResponse<byte[]> r = fx.post("/web/demo/sign-in", null, Map.of("user", "kenji"));
            assertThat(r.statusCode()).isEqualTo(200);
            String token = fx.json(r).get("token").asText();
            HttpResponse<byte[]> me = fx.send("GET", "/api/v1/me", null, null);
            assertThat(me.statusCode()).as("no token, no answer").isEqualTo(401);
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fx.server.port() + "/api/v1/me"))
                    .header("Authorization", "Bearer " + token).build();
            var ans = java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(ans.statusCode()).isEqualTo(200);
            assertThat(ans.body()).contains("\"name\":\"kenji\"", "\"nation\":\"JPN\"");

            assertThat(fx.post("/web/demo/sign-in", null, Map.of("user", "mallory")).statusCode()).isEqualTo(400);
            // a form post from another site is refused: the sign-in reads JSON only
            var form = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fx.server.port() + "/web/demo/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("user=ava")).build();
            assertThat(java.net.http.HttpClient.newHttpClient().send(form, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        } finally {
            fx.server.enableDemoSignIn(null);
        }
    }
}
