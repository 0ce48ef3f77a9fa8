package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Liveness and readiness on the embedded database: each part can fail readiness on its own. */
class ReadinessTest {

    DemoFixture demo;

    @BeforeEach
    void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterEach
    void stop() throws IOException {
        demo.close();
    }

    @Test
    void readyWithEveryPartUp() {
        HttpResponse<byte[]> r = demo.get("/health/ready", null);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        JsonNode parts = demo.json(r).get("parts");
        assertThat(parts.get("database").get("status").asText()).isEqualTo("UP");
        assertThat(parts.get("auditWriter").get("status").asText()).isEqualTo("UP");
        assertThat(parts.get("searchIndex").get("status").asText()).isEqualTo("UP");
        assertThat(parts.get("searchIndex").get("applied").asLong())
                .isEqualTo(parts.get("searchIndex").get("lastChange").asLong()).isPositive();
        assertThat(demo.get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(demo.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedAuditWriterMakesItNotReadyAndSaysSo() {
        demo.tearline.audit().close(); // the writer thread ends: nothing could be acknowledged any more
        HttpResponse<byte[]> r = demo.get("/health/ready", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = demo.json(r);
        assertThat(p.get("type").asText()).isEqualTo("urn:tearline:problem:not-ready");
        assertThat(p.get("failing").toString()).isEqualTo("[\"auditWriter\"]");
        assertThat(p.get("detail").asText()).isEqualTo("not ready: auditWriter");
        assertThat(p.get("parts").get("database").get("status").asText()).isEqualTo("UP");
        // liveness is about the process only
        assertThat(demo.get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnreachableDatabaseMakesItNotReadyAndSaysSo() {
        demo.tearline.store().database().close(); // the pool is gone: no connection can be had
        HttpResponse<byte[]> r = demo.get("/health/ready", null);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode p = demo.json(r);
        assertThat(p.get("failing").toString()).contains("\"database\"");
        assertThat(p.get("parts").get("database").get("status").asText()).isEqualTo("DOWN");
        assertThat(p.get("parts").get("searchIndex").get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(demo.get("/health/live", null).statusCode()).isEqualTo(200);
    }
}
