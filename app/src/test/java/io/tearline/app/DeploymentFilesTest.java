package io.tearline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tearline.server.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The deployment examples (the packaged sample, the container's configuration, compose.yaml) stay valid. */
class DeploymentFilesTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // tests run in app/

    @Test
    void thePackagedSampleConfigurationLoadsAndListensLocally() throws Exception {
        Config c = Config.load(ROOT.resolve("app/src/dist/tearline.yaml"));
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.store().url()).isEmpty();
        assertThat(c.users()).isNotEmpty();
        assertThat(c.alliance().toAlliance().nations()).isNotEmpty();
    }

    @Test
    void theContainerConfigurationUsesPostgresWithoutAPasswordAndLogsJson() throws Exception {
        Path file = ROOT.resolve("deploy/tearline.yaml");
        Config c = Config.load(file);
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.server().logFormat()).isEqualTo("json");
        assertThat(c.store().url()).startsWith("jdbc:postgresql://db:5432/").doesNotContainIgnoringCase("password");
        assertThat(c.store().password()).isEmpty();
        assertThat(c.dataDir(file).root()).isEqualTo(Path.of("/var/lib/tearline"));
    }

    @Test
    void composeRunsTearlineWithPostgresAndASecretAndTheDockerfileBuildsTheDistribution() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("compose.yaml").toFile());
        assertThat(compose.path("services").fieldNames()).toIterable().containsExactlyInAnyOrder("db", "tearline");
        assertThat(compose.at("/services/db/environment/POSTGRES_PASSWORD_FILE").asText()).isEqualTo("/run/secrets/db_password");
        assertThat(compose.at("/services/tearline/secrets/0").asText()).isEqualTo("db_password");
        assertThat(compose.at("/secrets/db_password/file").asText()).isEqualTo("deploy/db_password.txt");
        assertThat(compose.toString()).doesNotContainIgnoringCase("POSTGRES_PASSWORD\":");
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("eclipse-temurin-21 AS build", "FROM eclipse-temurin:21-jre", "app/target/tearline-*.tar.gz",
                "COPY deploy/tearline.yaml", "USER tearline");
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("deploy/db_password.txt");
    }
}
