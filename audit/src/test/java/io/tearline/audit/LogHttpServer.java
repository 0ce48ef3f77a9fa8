package io.tearline.audit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The two audit endpoints of the HTTP API, served on 127.0.0.1 from a real {@link AuditLog} that a
 * test can swap (to play an operator who forks or rolls back the log). Requires a bearer token.
 */
final class LogHttpServer implements AutoCloseable {

    final AtomicReference<AuditLog> log;
    private final HttpServer server;
    private final String token;

    LogHttpServer(AuditLog initial, String token) throws IOException {
        this.log = new AtomicReference<>(initial);
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/audit/checkpoint", ex -> {
            if (authorised(ex)) {
                send(ex, 200, "text/plain; charset=utf-8", log.get().checkpoint());
            }
        });
        server.createContext("/api/v1/audit/proof/consistency", ex -> {
            if (!authorised(ex)) {
                return;
            }
            Map<String, String> q = query(ex.getRequestURI());
            try {
                String hashes = log.get().consistencyProof(Long.parseLong(q.get("from")), Long.parseLong(q.get("to")))
                        .stream().map(h -> "\"" + h.base64() + "\"").collect(Collectors.joining(","));
                send(ex, 200, "application/json", "{\"hashes\":[" + hashes + "]}");
            } catch (AuditException | NumberFormatException e) {
                send(ex, 400, "application/json", "{\"title\":\"" + e.getMessage().replace("\"", "'") + "\"}");
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private boolean authorised(HttpExchange ex) throws IOException {
        if (("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        send(ex, 401, "application/json", "{\"title\":\"unauthorised\"}");
        return false;
    }

    private static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&"))
                .map(kv -> kv.split("=", 2)).filter(kv -> kv.length == 2)
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (a, b) -> b));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (var out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
