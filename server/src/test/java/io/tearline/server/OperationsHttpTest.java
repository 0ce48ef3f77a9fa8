package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tearline.server.internal.Routes;
import io.tearline.server.internal.ServerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an operator relies on: the access log, request ids, metrics, the OpenAPI document and Swagger UI. */
class OperationsHttpTest {

    static DemoFixture demo;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.server.port() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- OpenAPI

    @Test
    void everyRouteIsDocumentedWithItsParametersBodyAnswerAndSecurity() throws Exception {
        HttpResponse<String> r = get("/api/v1/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = DemoFixture.JSON.readTree(r.body());
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/components/schemas/Problem/properties/detail/type").asText()).isEqualTo("string");
        List<Routes.Route> routes = demo.server.routes();
        assertThat(routes).hasSizeGreaterThan(30);
        for (Routes.Route route : routes) {
            String where = route.method() + " " + route.path();
            JsonNode op = doc.path("paths").path(route.path()).path(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(op.isObject()).as(where).isTrue();
            List<String> pathParams = new ArrayList<>();
            op.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("path")) {
                    pathParams.add(p.path("name").asText());
                    assertThat(p.path("required").asBoolean()).as(where).isTrue();
                }
                assertThat(p.path("schema").path("type").asText()).as(where + " " + p).isIn("string", "integer");
            });
            List<String> expected = new ArrayList<>();
            Matcher m = PARAM.matcher(route.path());
            while (m.find()) {
                expected.add(m.group(1));
            }
            assertThat(pathParams).as(where).containsExactlyElementsOf(expected);
            assertThat(op.path("responses").path("404").at("/content/application~1problem+json/schema/$ref").asText())
                    .as(where).isEqualTo("#/components/schemas/Problem");
            boolean isPublic = route.guard() instanceof Routes.Guard.Public;
            assertThat(op.path("security").isArray()).as(where).isTrue();
            assertThat(op.path("security").isEmpty()).as(where + " public").isEqualTo(isPublic);
            assertThat(op.path("responses").has("401")).as(where).isEqualTo(!isPublic);
            if (route.method().name().equals("POST") || route.method().name().equals("PUT")) {
                assertThat(op.at("/requestBody/content/application~1json/schema").isMissingNode()).as(where).isFalse();
            }
        }
        JsonNode search = doc.at("/paths/~1api~1v1~1search/get");
        assertThat(search.path("parameters").findValuesAsText("name")).containsExactly("q", "limit", "offset");
        assertThat(search.path("parameters").get(0).path("required").asBoolean()).isTrue();
        assertThat(search.path("parameters").get(1).path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(search.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/SearchOut");
        JsonNode hit = doc.at("/components/schemas/HitOut/properties");
        assertThat(hit.fieldNames()).toIterable().contains("id", "banner", "snippet", "score");
        JsonNode create = doc.at("/paths/~1api~1v1~1reports/post");
        assertThat(create.at("/requestBody/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/ReportIn");
        assertThat(create.at("/responses/201/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/ReportOut");
        JsonNode reportIn = doc.at("/components/schemas/ReportIn");
        assertThat(reportIn.path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("title", "portions", "owner", "originator", "disseminationList");
        assertThat(reportIn.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(reportIn.at("/properties/portions/items/$ref").asText()).isEqualTo("#/components/schemas/PortionIn");
        assertThat(doc.at("/paths/~1api~1v1~1reports~1{id}/put/responses").has("409")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1alliance~1what-if/post/x-roles/0").asText()).isEqualTo(Routes.SECURITY_OFFICER);
        assertThat(doc.at("/paths/~1api~1v1~1audit~1entries~1{index}/get/parameters/0/schema/type").asText()).isEqualTo("integer");
        assertThat(doc.at("/paths/~1api~1v1~1audit~1checkpoint/get/responses/200/content").has("text/plain")).isTrue();
        // every $ref points at a schema that exists
        List<String> refs = doc.findValuesAsText("$ref");
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isObject()).as(ref).isTrue();
        }
    }

    @Test
    void swaggerUiIsServedFromThisOriginOnly() throws Exception {
        HttpResponse<String> page = get("/api/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui").contains("docs/swagger-ui-bundle.js").doesNotContain("<script>");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("http");
        HttpResponse<String> bundle = get("/api/docs/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        assertThat(get("/api/docs/tearline-init.js").body()).contains("/api/v1/openapi.json");
        assertThat(get("/api/docs/swagger-ui.css").statusCode()).isEqualTo(200);
        // only the listed files: nothing else from the class path
        assertThat(get("/api/docs/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/api/docs/swagger-initializer.js").statusCode()).isEqualTo(404);
        assertThat(get("/api/docs/..%2F..%2Flogback-test.xml").statusCode()).isEqualTo(404);
    }

    // ---- request ids and the access log

    @Test
    void requestIdIsTheCallersWhenSafeAndFreshOtherwise() throws Exception {
        String mine = "req-12345678.abc";
        HttpResponse<String> r = get("/health", "X-Request-Id", mine);
        assertThat(r.headers().firstValue("Tearline-Request-Id")).contains(mine);

        for (String unsafe : List.of("short", "has space in it", "x".repeat(65), "quote\"injection-123", "{json:1}-abcdef")) {
            HttpResponse<String> u = get("/health", "X-Request-Id", unsafe);
            String id = u.headers().firstValue("Tearline-Request-Id").orElseThrow();
            assertThat(id).as(unsafe).isNotEqualTo(unsafe).matches("[0-9a-f]{24}");
        }
        String a = get("/health", "X-Request-Id", "?").headers().firstValue("Tearline-Request-Id").orElseThrow();
        String b = get("/health", "X-Request-Id", "?").headers().firstValue("Tearline-Request-Id").orElseThrow();
        assertThat(a).matches("[0-9a-f]{24}").isNotEqualTo(b);
        // errors carry it too, when asked for
        assertThat(get("/api/v1/me", "X-Request-Id", mine).headers().firstValue("Tearline-Request-Id")).contains(mine);
        assertThat(get("/no/such/path", "X-Request-Id", mine).headers().firstValue("Tearline-Request-Id")).contains(mine);
        // unasked, no answer carries an id of its own: two answers differ only in what the caller asked for
        assertThat(get("/health").headers().firstValue("Tearline-Request-Id")).isEmpty();
        assertThat(get("/no/such/path").headers().firstValue("Tearline-Request-Id")).isEmpty();
    }

    @Test
    void oneAccessLinePerRequestWithRouteTemplateStatusIdAndSubjectButNoIdsOrQueries() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("tearline.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level before = access.getLevel();
        access.setLevel(Level.INFO);
        access.addAppender(lines);
        access.setAdditive(false);
        try {
            String id = demo.id("R1");
            HttpResponse<byte[]> read = demo.get("/api/v1/reports/" + id, "kenji");
            assertThat(read.statusCode()).isEqualTo(200);
            demo.get("/api/v1/search?q=vessel+secretword", "kenji");
            get("/api/v1/me"); // no token: 401, no subject
            get("/api/v1/reports/ffffffffffffffff/nothing-here");

            List<String> msgs = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(msgs).hasSize(4);
            assertThat(msgs.get(0)).startsWith("GET /api/v1/reports/{id} 200 ").containsPattern("id=[0-9a-f]{24}").contains("subject=kenji")
                    .doesNotContain(id);
            assertThat(msgs.get(1)).startsWith("GET /api/v1/search 200 ").doesNotContain("vessel").doesNotContain("secretword");
            assertThat(msgs.get(2)).startsWith("GET /api/v1/me 401 ").endsWith("subject=-");
            assertThat(msgs.get(3)).startsWith("GET NOT_FOUND 404 ").doesNotContain("ffff");
            ILoggingEvent first = lines.list.get(0);
            assertThat(first.getKeyValuePairs()).extracting(kv -> kv.key)
                    .containsExactly("method", "route", "status", "durationMs", "requestId", "subject");
            assertThat(first.getKeyValuePairs()).filteredOn(kv -> kv.key.equals("route"))
                    .extracting(kv -> kv.value).containsExactly("/api/v1/reports/{id}");
        } finally {
            access.setAdditive(true);
            access.detachAppender(lines);
            access.setLevel(before);
        }
    }

    // ---- metrics

    @Test
    void metricsAreByRouteTemplateWithFewBucketsAndCoverCachesAndTheAuditLog() throws Exception {
        String id = demo.id("R2");
        demo.get("/api/v1/reports/" + id, "ava");
        demo.get("/api/v1/reports/" + id, "ava");
        String text = get("/metrics", "Authorization", "Bearer " + demo.token("root")).body();
        assertThat(text).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/reports/{id}\",status=\"200\"}")
                .contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/reports/{id}\",status=\"200\",le=\"0.1\"}")
                .doesNotContain(id)
                .doesNotContain("tearline_http_requests")
                .contains("cache_gets_total{cache=\"decisions\",result=\"hit\"}")
                .contains("tearline_audit_entries ")
                .contains("tearline_audit_commit_seconds_count ")
                .contains("tearline_audit_wait_seconds_count ")
                .contains("tearline_audit_checkpoint_age_seconds ")
                .contains("tearline_audit_unsigned_entries ");
        long buckets = text.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/reports/{id}\",status=\"200\"")).count();
        assertThat(buckets).isEqualTo(6); // five SLO buckets and +Inf
        assertThat(text.lines().count()).as("a lean exposition").isLessThan(600);
        double entries = Double.parseDouble(text.lines().filter(l -> l.startsWith("tearline_audit_entries ")).findFirst()
                .orElseThrow().substring("tearline_audit_entries ".length()));
        assertThat(entries).isEqualTo((double) demo.tearline.audit().size());
    }

    @Test
    void poolMetricsAttachToAHikariPoolOnce() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:pool-metrics");
        c.setPoolName("pool-metrics-test");
        try (HikariDataSource ds = new HikariDataSource(c)) {
            ServerMetrics.bindPool(registry, ds);
            ServerMetrics.bindPool(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ds); // a second: ignored
            assertThat(registry.scrape()).contains("hikaricp_connections{pool=\"pool-metrics-test\"}");
        }
        // not a HikariCP pool: nothing to bind, no failure
        PrometheusMeterRegistry other = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics.bindPool(other, new org.h2.jdbcx.JdbcDataSource());
        assertThat(other.scrape()).doesNotContain("hikaricp");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
