package io.tearline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tearline.db.DataDir;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The demo, served on a free port from a fresh data directory, and an HTTP client that speaks as its people. */
final class DemoFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final DataDir dir;
    final Tearline tearline;
    final TearlineServer server;
    final TokenIssuer issuer;
    final Map<String, String> reportIds = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    DemoFixture() throws IOException {
        this(List.of());
    }

    /** The demo with more people than SCENARIO.md's (partner auditors, for instance). */
    DemoFixture(List<Config.User> extraUsers) throws IOException {
        this(extraUsers, c -> c);
    }

    /** The demo with more people and a configuration changed by {@code adjust} (shorter timeouts, for instance). */
    DemoFixture(List<Config.User> extraUsers, java.util.function.UnaryOperator<Config> adjust) throws IOException {
        this(extraUsers, (d, c) -> adjust.apply(c));
    }

    /** The demo with a configuration changed by {@code adjust}, which may write files into the data directory. */
    DemoFixture(List<Config.User> extraUsers, java.util.function.BiFunction<DataDir, Config, Config> adjust) throws IOException {
        root = Files.createTempDirectory("tearline-demo-test");
        dir = new DataDir(root);
        Config demo = Demo.prepare(dir, 0);
        List<Config.User> users = new java.util.ArrayList<>(demo.users());
        users.addAll(extraUsers);
        Config config = adjust.apply(dir, new Config(demo.data(), demo.server(), demo.store(), demo.auth(), demo.audit(), users,
                demo.alliance(), demo.guard(), demo.federation(), demo.lockout()));
        tearline = Tearline.open(config, dir);
        server = TearlineServer.create(tearline);
        Demo.loadReports(tearline, server);
        server.listen();
        issuer = TokenIssuer.openOrCreate(dir.keys(), config.auth());
        reportIds.putAll(tearline.store().sourceKeys());
    }

    String id(String key) {
        return reportIds.get(key);
    }

    String token(String user) {
        return issuer.issue(user, Duration.ofMinutes(10));
    }

    HttpResponse<byte[]> send(String method, String path, String user, byte[] body) {
        return sendWithToken(method, path, user == null ? null : token(user), body);
    }

    /** A request with this bearer token (none if null). */
    HttpResponse<byte[]> sendWithToken(String method, String path, String token, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    HttpResponse<byte[]> get(String path, String user) {
        return send("GET", path, user, null);
    }

    JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + new String(r.body()), e);
        }
    }

    HttpResponse<byte[]> post(String path, String user, Object body) {
        try {
            return send("POST", path, user, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        tearline.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
