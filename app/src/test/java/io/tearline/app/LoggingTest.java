package io.tearline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tearline.server.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Logging: the shipped configurations load, JSON is one object per line, start-up never shows a password. */
class LoggingTest {

    @Test
    void theShippedConfigurationsLoadWithoutErrorsAndQuietTheLibraries() throws Exception {
        for (String resource : List.of("logback.xml", "io/tearline/app/logback-json.xml")) {
            LoggerContext ctx = new LoggerContext();
            JoranConfigurator jc = new JoranConfigurator();
            jc.setContext(ctx);
            jc.doConfigure(getClass().getClassLoader().getResource(resource));
            List<Status> bad = ctx.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getEffectiveLevel() >= Status.WARN).toList();
            assertThat(bad).as(resource).isEmpty();
            assertThat(ctx.getLogger("io.tearline.store").getEffectiveLevel()).as(resource).isEqualTo(Level.INFO);
            assertThat(ctx.getLogger("tearline.access").getEffectiveLevel()).as(resource).isEqualTo(Level.INFO);
            for (String library : List.of("org.flywaydb.core", "org.eclipse.jetty.server", "io.javalin", "com.zaxxer.hikari.pool",
                    "org.apache.lucene.index")) {
                assertThat(ctx.getLogger(library).getEffectiveLevel()).as(resource + " " + library).isEqualTo(Level.WARN);
            }
            assertThat(ctx.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider").getEffectiveLevel())
                    .isEqualTo(Level.ERROR);
            ctx.stop();
        }
    }

    @Test
    void jsonFormatWritesOneObjectPerLineWithTheKeyValues() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Logging.use(Logging.Format.JSON);
            Logger log = LoggerFactory.getLogger("tearline.access");
            log.atInfo().addKeyValue("route", "/api/v1/reports/{id}").addKeyValue("status", 200)
                    .log("GET {} 200", "/api/v1/reports/{id}");
            log.warn("a \"quoted\"\nsecond line");
            LoggerFactory.getLogger("org.flywaydb.core.Flyway").info("migration chatter");
        } finally {
            Logging.use(Logging.Format.TEXT); // back to logback-test.xml
            System.setErr(old);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(2);
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("tearline.access");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("GET /api/v1/reports/{id} 200");
        assertThat(first.path("kvpList").toString()).contains("\"route\":\"/api/v1/reports/{id}\"");
        assertThat(m.readTree(lines.get(1)).path("formattedMessage").asText()).isEqualTo("a \"quoted\"\nsecond line");
        assertThat(Logging.current()).isEqualTo(Logging.Format.TEXT);
    }

    @Test
    void anUnknownLogFormatIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("--log-format", "xml", "reindex");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("log format must be text or json, not xml");
    }

    @Test
    void configurationNamesTheLogFormatAndRefusesOthers(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "server:\n  logFormat: json\n");
        assertThat(Config.load(ok).server().logFormat()).isEqualTo("json");
        Path none = dir.resolve("none.yaml");
        Files.writeString(none, "server:\n  port: 9000\n");
        assertThat(Config.load(none).server().logFormat()).isEqualTo("text");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "server:\n  logFormat: xml\n");
        assertThatThrownBy(() -> Config.load(bad)).hasMessageContaining("server.logFormat must be text or json");
    }

    @Test
    void startUpNamesTheStoreWithoutItsPassword() {
        assertThat(Startup.store(new Config.Store("", "", "", null, null, null))).isEqualTo("embedded H2 in the data directory");
        assertThat(Startup.store(new Config.Store("jdbc:postgresql://db:5432/tearline?user=t&password=s3cret&ssl=true", "", "", null, null, null)))
                .isEqualTo("jdbc:postgresql://db:5432/tearline?user=t&password=***&ssl=true").doesNotContain("s3cret");
        assertThat(Startup.store(new Config.Store("jdbc:postgresql://tearline:hunter2@db/tearline", "tearline", "pw", null, null, null)))
                .isEqualTo("jdbc:postgresql://tearline:***@db/tearline as tearline").doesNotContain("hunter2").doesNotContain("pw");
    }
}
