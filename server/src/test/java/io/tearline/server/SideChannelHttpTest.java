package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The side channels of issue 15: each test is named after the attack it stops, and checks the
 * legitimate request next to it still works.
 */
class SideChannelHttpTest {

    static final Duration RECEIVE = Duration.ofSeconds(2);
    static final Duration IDLE = Duration.ofSeconds(4);

    static DemoFixture demo;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture(List.of(), c -> new Config(c.data(), new Config.Server(c.server().host(), c.server().port(),
                c.server().maxBodyBytes(), IDLE, RECEIVE), c.store(), c.auth(), c.audit(), c.users(), c.alliance())
                // floods of refusals here test their summaries, not the lockout (LockoutHttpTest)
                .withLockout(new Config.Lockout(Integer.MAX_VALUE, Integer.MAX_VALUE, null, null, null, null)));
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The leaf recorded for an answer, by its receipt header. */
    static JsonNode recorded(HttpResponse<byte[]> r) {
        String index = r.headers().firstValue("Tearline-Audit-Index").orElseThrow(() -> new AssertionError(
                "no receipt on " + r.statusCode() + " " + text(r)));
        return leaf(Long.parseLong(index));
    }

    static JsonNode leaf(long index) {
        try {
            return DemoFixture.JSON.readTree(demo.tearline.audit().entry(index).leaf());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> report(String word, String owner, String... markings) {
        List<Map<String, String>> portions = new ArrayList<>();
        for (String m : markings) portions.add(Map.of("marking", m, "text", word + " paragraph"));
        Map<String, Object> r = new HashMap<>(Map.of("title", Map.of("marking", "(U)", "text", "Probe " + word), "portions", portions));
        if (owner != null) r.put("owner", owner);
        return r;
    }

    HttpResponse<byte[]> raw(String method, String path, String token, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- item 6: every refusal is evidence

    @Test
    void refusedWriteIsAudited() throws Exception {
        // owner spoofing: a US author claims a Japanese report
        HttpResponse<byte[]> spoof = demo.post("/api/v1/reports", "ben", report("zqspoof", "JPN", "(S//REL TO USA, JPN)"));
        assertThat(spoof.statusCode()).isEqualTo(400);
        JsonNode e = recorded(spoof);
        assertThat(e.get("type").asText()).isEqualTo("refused");
        assertThat(e.get("rule").asText()).isEqualTo("report.owner");
        assertThat(e.get("status").asInt()).isEqualTo(400);
        assertThat(e.get("route").asText()).isEqualTo("POST /api/v1/reports");
        assertThat(e.get("reader").get("name").asText()).isEqualTo("ben");

        // an author marking above their own clearance: rule ids and portions, never the text
        HttpResponse<byte[]> above = demo.post("/api/v1/reports", "sam", report("zqabove", null, "(U)", "(S//NF)"));
        assertThat(above.statusCode()).isEqualTo(400);
        JsonNode a = recorded(above);
        assertThat(a.get("rule").asText()).isEqualTo("report.author-cannot-read");
        assertThat(a.get("errors").get(0).get("portion").asInt()).isEqualTo(2);
        assertThat(a.get("errors").get(0).has("message")).isFalse();
        assertThat(new String(demo.tearline.audit().entry(Long.parseLong(
                above.headers().firstValue("Tearline-Audit-Index").orElseThrow())).leaf(), StandardCharsets.UTF_8))
                .doesNotContain("zqabove");

        // a write to another nation's report: 404, recorded with the id asked for
        String r1 = demo.id("R1");
        HttpResponse<byte[]> foreign = demo.send("PUT", "/api/v1/reports/" + r1, "kenji",
                DemoFixture.JSON.writeValueAsBytes(Map.of("version", 1, "title", Map.of("marking", "(U)", "text", "x"),
                        "portions", List.of(Map.of("marking", "(U)", "text", "y")))));
        assertThat(foreign.statusCode()).isEqualTo(404);
        JsonNode f = recorded(foreign);
        assertThat(f.get("rule").asText()).isEqualTo("not-found");
        assertThat(f.get("params").get("id").asText()).isEqualTo(r1);

        // a stale version: 409
        HttpResponse<byte[]> created = demo.post("/api/v1/reports", "ben", report("zqstale", null, "(S//REL TO USA, JPN)"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(recorded(created).get("type").asText()).isEqualTo("write"); // the permitted write, for contrast
        String id = demo.json(created).get("id").asText();
        String read = demo.json(created).get("version").asText(); // the version of the view the writer read
        byte[] update = DemoFixture.JSON.writeValueAsBytes(Map.of("version", read, "title", Map.of("marking", "(U)", "text", "Probe zqstale"),
                "portions", List.of(Map.of("marking", "(S//REL TO USA, JPN)", "text", "zqstale again"))));
        assertThat(demo.send("PUT", "/api/v1/reports/" + id, "ben", update).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> stale = demo.send("PUT", "/api/v1/reports/" + id, "ben", update);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(recorded(stale).get("status").asInt()).isEqualTo(409);
    }

    @Test
    void rejectedSearchIsAudited() {
        HttpResponse<byte[]> overLimit = demo.get("/api/v1/search?q=water&limit=100000", "maria");
        assertThat(overLimit.statusCode()).isEqualTo(400);
        JsonNode e = recorded(overLimit);
        assertThat(e.get("type").asText()).isEqualTo("refused");
        assertThat(e.get("rule").asText()).isEqualTo("query.limit");
        assertThat(e.get("query").asText()).contains("limit=100000");
        HttpResponse<byte[]> noQuery = demo.get("/api/v1/search", "maria");
        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(recorded(noQuery).get("rule").asText()).isEqualTo("search.query");
        HttpResponse<byte[]> fine = demo.get("/api/v1/search?q=water", "maria");
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(recorded(fine).get("type").asText()).isEqualTo("search");
    }

    @Test
    void unauthenticatedFloodIsSummarisedNotLogged() throws Exception {
        demo.server.flushAuthFailures();
        long before = demo.tearline.audit().size();
        int n = 4000;
        AtomicInteger unauthorised = new AtomicInteger();
        String[] tokens = {null, "garbage", demo.token("ava") + "x"};
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    for (int i = worker; i < n; i += 4) {
                        HttpResponse<byte[]> r = raw("GET", i % 2 == 0 ? "/api/v1/me" : "/api/v1/search?q=x", tokens[i % 3], Map.of(), null);
                        if (r.statusCode() == 401 && r.headers().firstValue("Tearline-Audit-Index").isEmpty()) {
                            unauthorised.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertThat(unauthorised.get()).isEqualTo(n);
        demo.server.flushAuthFailures();
        long added = demo.tearline.audit().size() - before;
        assertThat(added).as("entries for %d refusals", n).isBetween(1L, 5L);
        long total = 0;
        long counted = 0;
        Map<String, Long> byReason = new HashMap<>();
        for (long i = before; i < before + added; i++) {
            JsonNode e = leaf(i);
            assertThat(e.get("type").asText()).isEqualTo("auth.failures");
            total += e.get("total").asLong();
            for (JsonNode b : e.get("buckets")) {
                counted += b.get("count").asLong();
                byReason.merge(b.get("reason").asText(), b.get("count").asLong(), Long::sum);
                assertThat(b.get("source").asText()).isEqualTo("127.0.0.0/24");
                assertThat(b.get("first").asText().compareTo(b.get("last").asText())).isLessThanOrEqualTo(0);
            }
        }
        assertThat(total).isEqualTo(n);
        assertThat(counted).isEqualTo(n); // nothing hidden
        assertThat(byReason.keySet()).containsExactlyInAnyOrder("credentials.missing", "token.not-jwt", "token.signature");
    }

    // ---- item 7: tokens

    @Test
    void hundredYearTokenRefused() {
        String century = demo.issuer.issue("ava", Duration.ofDays(36_500));
        HttpResponse<byte[]> r = raw("GET", "/api/v1/me", century, Map.of(), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(demo.json(r).get("detail").asText()).isEqualTo("invalid token");
        assertThat(raw("GET", "/api/v1/me", demo.issuer.issue("ava", Duration.ofHours(11)), Map.of(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void unauthenticatedAnswerRepeatsNoLibraryText() throws Exception {
        Map<String, String> expected = Map.of(
                "", "missing credentials",
                "garbage", "malformed credentials",
                demo.token("ava").replaceFirst("\\.[^.]*$", ".AAAA"), "invalid token");
        for (Map.Entry<String, String> c : expected.entrySet()) {
            HttpResponse<byte[]> r = raw("GET", "/api/v1/me", c.getKey().isEmpty() ? null : c.getKey(), Map.of(), null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h.contains("invalid_token"))
                    .as(h).isEqualTo(!c.getKey().isEmpty()));
            JsonNode p = demo.json(r);
            assertThat(p.get("detail").asText()).isEqualTo(c.getValue());
            assertThat(text(r)).doesNotContainIgnoringCase("jwt").doesNotContainIgnoringCase("signature")
                    .doesNotContainIgnoringCase("nimbus");
        }
        String stranger = demo.issuer.issue("nobody-at-all", Duration.ofMinutes(5));
        assertThat(demo.json(raw("GET", "/api/v1/me", stranger, Map.of(), null)).get("detail").asText())
                .isEqualTo("invalid token"); // not "unknown user": whether a name exists is not said
    }

    // ---- item 8: HTTP edges

    @Test
    void duplicateJsonKeyCannotSmuggleAField() {
        long before = demo.json(demo.get("/api/v1/search?q=zqdup", "ava")).get("total").asLong();
        String body = "{\"title\": {\"marking\": \"(U)\", \"text\": \"Probe zqdup\"},"
                + " \"portions\": [{\"marking\": \"(S//REL TO USA, JPN)\", \"text\": \"zqdup\", \"marking\": \"(U)\"}]}";
        HttpResponse<byte[]> r = demo.send("POST", "/api/v1/reports", "ben", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = demo.json(r);
        assertThat(p.get("type").asText()).endsWith("body.duplicate-key");
        assertThat(p.get("field").asText()).isEqualTo("marking");
        assertThat(p.get("detail").asText()).contains("'marking'");
        assertThat(recorded(r).get("rule").asText()).isEqualTo("body.duplicate-key");
        assertThat(demo.json(demo.get("/api/v1/search?q=zqdup", "ava")).get("total").asLong()).isEqualTo(before);
        String once = body.replace(", \"marking\": \"(U)\"", "");
        assertThat(demo.send("POST", "/api/v1/reports", "ben", once.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
    }

    @Test
    void methodOverrideHeaderIgnored() throws Exception {
        String id = demo.id("R1");
        String before = demo.json(demo.get("/api/v1/reports/" + id, "ava")).get("version").asText();
        byte[] update = DemoFixture.JSON.writeValueAsBytes(Map.of("version", 1, "title", Map.of("marking", "(U)", "text", "x"),
                "portions", List.of(Map.of("marking", "(U)", "text", "zqoverride"))));
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            // a POST to a report is not a PUT, whatever the header says
            HttpResponse<byte[]> r = raw("POST", "/api/v1/reports/" + id, demo.token("ava"),
                    Map.of(header, "PUT", "Content-Type", "application/json"), update);
            assertThat(r.statusCode()).as(header).isIn(404, 405);
            // a GET stays a GET
            HttpResponse<byte[]> g = raw("GET", "/api/v1/reports/" + id, demo.token("ava"), Map.of(header, "DELETE"), null);
            assertThat(g.statusCode()).as(header).isEqualTo(200);
        }
        // a POST that says DELETE is handled as the POST it is
        HttpResponse<byte[]> created = raw("POST", "/api/v1/reports", demo.token("ben"),
                Map.of("X-HTTP-Method-Override", "DELETE", "Content-Type", "application/json"),
                DemoFixture.JSON.writeValueAsBytes(report("zqoverride", null, "(U)")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(demo.json(demo.get("/api/v1/reports/" + id, "ava")).get("version").asText()).isEqualTo(before);
    }

    @Test
    void slowlorisConnectionDropped() throws Exception {
        try (Socket s = new Socket("127.0.0.1", demo.server.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            out.write("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            boolean closed = false;
            int lines = 0;
            while (!closed && System.nanoTime() - start < 10_000_000_000L) {
                Thread.sleep(400);
                try {
                    out.write(("X-Trickle-" + lines++ + ": still here\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (s.getInputStream().available() > 0) {
                        closed = drained(s.getInputStream());
                    }
                } catch (SocketException e) {
                    closed = true;
                }
            }
            if (!closed) {
                closed = drained(s.getInputStream());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(closed).as("dropped after %.1f s", seconds).isTrue();
            assertThat(seconds).isLessThan(RECEIVE.toSeconds() + 3);
            assertThat(lines).as("it trickled for a while first").isGreaterThanOrEqualTo(3);
        }
        // the same for a body sent a byte at a time
        try (Socket s = new Socket("127.0.0.1", demo.server.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            out.write(("POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + demo.token("ben")
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < 10_000_000_000L) {
                Thread.sleep(400);
                try {
                    out.write(' ');
                    out.flush();
                    if (s.getInputStream().available() > 0) {
                        closed = drained(s.getInputStream());
                    }
                } catch (SocketException e) {
                    closed = true;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(closed || drained(s.getInputStream())).as("dropped after %.1f s", seconds).isTrue();
            assertThat(seconds).isLessThan(RECEIVE.toSeconds() + 3);
        }
        // ben was signed in: the dropped request is a refusal on the record
        JsonNode dropped = null;
        for (long deadline = System.nanoTime() + 10_000_000_000L; dropped == null && System.nanoTime() < deadline; Thread.sleep(100)) {
            JsonNode last = leaf(demo.tearline.audit().size() - 1);
            dropped = last.get("type").asText().equals("refused") ? last : null;
        }
        assertThat(dropped).as("a refused entry for the dropped request").isNotNull();
        assertThat(dropped.get("rule").asText()).isEqualTo("body.unreadable");
        assertThat(dropped.get("reader").get("name").asText()).isEqualTo("ben");
        // a client that sends its request at once is answered on the same kind of connection
        try (Socket s = new Socket("127.0.0.1", demo.server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + demo.token("ava")
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void silentConnectionClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", demo.server.port())) {
            s.setSoTimeout(15_000);
            long start = System.nanoTime();
            assertThat(drained(s.getInputStream())).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).isBetween(IDLE.toSeconds() - 1.0, IDLE.toSeconds() + 3.0);
        }
    }

    /** Reads until the server closes the connection; true when it did within the socket's timeout. */
    static boolean drained(InputStream in) {
        try {
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // whatever it says before closing
            }
            return true;
        } catch (IOException e) {
            return e instanceof SocketException;
        }
    }

    static String exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", demo.server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static void assertProblem(String answer, int status) {
        assertThat(answer).startsWith("HTTP/1.1 " + status);
        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).doesNotContain("<html").contains("\"status\":" + status);
    }

    @Test
    void oversizedHeaderAnswersProblemJson() throws IOException {
        String big = "a".repeat(64 * 1024);
        assertProblem(exchange("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n"), 431);
        assertProblem(exchange("GET /api/v1/search?q=" + big + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 414);
        assertProblem(exchange("BROKEN\r\n\r\n"), 400);
        assertProblem(exchange("GET /api/v1/me HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 505);
        // a request of ordinary size is answered as usual
        assertThat(exchange("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Small: " + "a".repeat(1000)
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 401");
    }

    @Test
    void headRequestNeedsAuthentication() {
        String path = "/api/v1/reports/" + demo.id("R1");
        HttpResponse<byte[]> anonymous = raw("HEAD", path, null, Map.of(), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEmpty();
        String token = demo.token("kenji");
        HttpResponse<byte[]> get = raw("GET", path, token, Map.of(), null);
        HttpResponse<byte[]> head = raw("HEAD", path, token, Map.of(), null);
        assertThat(head.statusCode()).isEqualTo(get.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String h : List.of("Content-Type", "Content-Length", "Cache-Control", "X-Content-Type-Options")) {
            assertThat(head.headers().firstValue(h)).as(h).isEqualTo(get.headers().firstValue(h));
        }
        // audited like a GET: its own entry, recording what kenji was shown
        assertThat(recorded(head).get("type").asText()).isEqualTo("read");
        assertThat(recorded(head).get("reader").get("name").asText()).isEqualTo("kenji");
        // and a HEAD for what kenji may not see is the same 404 a GET gets
        String hidden = "/api/v1/reports/" + demo.id("R4");
        assertThat(raw("HEAD", hidden, token, Map.of(), null).statusCode()).isEqualTo(raw("GET", hidden, token, Map.of(), null).statusCode());
    }

    @Test
    void metricsNeedARole() {
        assertThat(demo.get("/metrics", null).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> analyst = demo.get("/metrics", "ava");
        assertThat(analyst.statusCode()).isEqualTo(403);
        assertThat(recorded(analyst).get("type").asText()).isEqualTo("forbidden");
        HttpResponse<byte[]> admin = demo.get("/metrics", "root");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(text(admin)).contains("http_server_requests_seconds_count");
    }
}
