package io.tearline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution ({@code ./tearline package}) on a machine with only a Java runtime: unpacked into an
 * empty directory, its launcher answers {@code --help}, issues a token and serves the sample
 * configuration. Runs after {@code package} (failsafe), with a PATH that has no Maven and no javac.
 */
class PackageIT {

    @TempDir
    Path tmp;

    record Done(int exit, String out) {}

    /**
     * Runs a command on a PATH that holds java and the few shell tools the launcher uses (sh, sed, head,
     * dirname; tar and gzip to unpack), and nothing else: no Maven, no javac, no JAVA_HOME.
     */
    ProcessBuilder only(Path cwd, List<String> command) throws IOException {
        Path bin = tmp.resolve("path");
        if (!Files.exists(bin)) {
            Files.createDirectories(bin);
            Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
            for (String tool : List.of("sh", "sed", "head", "dirname", "tar", "gzip")) {
                Path found = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable)
                        .findFirst().orElseThrow(() -> new IllegalStateException("no " + tool + " on this machine"));
                Files.createSymbolicLink(bin.resolve(tool), found);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("HOME", tmp.toString());
        return pb;
    }

    String bin(String tool) {
        return tmp.resolve("path").resolve(tool).toString();
    }

    Done run(Path cwd, String... command) throws Exception {
        Process p = only(cwd, List.of(command)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Done(p.exitValue(), out);
    }

    @Test
    void theDistributionRunsWithJavaAlone() throws Exception {
        Path dist = Path.of(System.getProperty("tearline.dist"));
        String version = System.getProperty("tearline.version");
        assertThat(dist).exists();
        Done untar = run(tmp, bin("tar"), "xzf", dist.toString());
        assertThat(untar.exit()).as(untar.out()).isZero();
        Path home = tmp.resolve("tearline-" + version);
        assertThat(home.resolve("bin/tearline")).isExecutable();
        assertThat(home.resolve("tearline.yaml")).exists();
        try (var jars = Files.list(home.resolve("lib"))) {
            List<String> names = jars.map(j -> j.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("logback-classic")).anyMatch(n -> n.startsWith("javalin"))
                    .anyMatch(n -> n.startsWith("app-")).noneMatch(n -> n.startsWith("slf4j-simple"))
                    .noneMatch(n -> n.startsWith("junit"));
        }
        assertThat(run(tmp, bin("sh"), "-c", "command -v mvn; command -v javac; command -v mvnw; true").out()).isBlank();

        Done help = run(home, "bin/tearline", "--help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("serve", "reindex", "--log-format");

        // serve the sample configuration on a free port, briefly
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = home.resolve("tearline.yaml");
        Files.writeString(config, Files.readString(config).replace("  port: 8080", "  port: " + port));
        Done token = run(home, "bin/tearline", "token", "ava", "--config", "tearline.yaml");
        assertThat(token.exit()).as(token.out()).isZero();
        String jwt = token.out().lines().filter(l -> l.startsWith("ey")).findFirst().orElseThrow();

        Process serve = only(home, List.of("bin/tearline", "serve", "--config", "tearline.yaml", "--log-format", "json")).start();
        List<String> log = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> new java.io.BufferedReader(new java.io.InputStreamReader(
                serve.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(l -> {
                    synchronized (log) {
                        log.add(l);
                    }
                }));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = null;
            for (int i = 0; i < 120 && health == null; i++) {
                try {
                    health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    assertThat(serve.isAlive()).as("serve exited: " + log).isTrue();
                    Thread.sleep(500);
                }
            }
            assertThat(health).as("serve never answered: " + log).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                    .header("Authorization", "Bearer " + jwt).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"name\":\"ava\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/docs")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(10));
        }
        List<String> lines;
        synchronized (log) {
            lines = log.stream().map(l -> l.replace("\\/", "/")).toList(); // JSON may escape '/'
        }
        // JSON on request: every line is one object; start-up says where it listens; one access line per request
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(lines).anyMatch(l -> l.contains("Tearline listening on http://127.0.0.1:" + port));
        assertThat(lines).anyMatch(l -> l.contains("\"route\":\"/api/v1/me\"") && l.contains("\"subject\":\"ava\""));
        assertThat(String.join("\n", lines)).doesNotContain("incubator").doesNotContain("Flyway").doesNotContain(jwt);
    }
}
