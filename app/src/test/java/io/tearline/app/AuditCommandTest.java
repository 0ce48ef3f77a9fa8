package io.tearline.app;

import static io.tearline.app.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tearline.app.Cli.Run;
import io.tearline.audit.AuditConfig;
import io.tearline.audit.AuditLog;
import io.tearline.audit.Entry;
import io.tearline.audit.Hash;
import io.tearline.db.DataDir;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tearline audit verify} and {@code tearline audit witness}, run in-process with captured output. */
class AuditCommandTest {

    @TempDir
    Path dir;

    static void grow(AuditLog log, int from, int to, String flavour) {
        for (int i = from; i < to; i++) {
            log.append(Entry.of(Map.of("type", "report.read", "n", i, "flavour", flavour))).join();
            log.checkpointNow();
        }
    }

    @Test
    void verifyPassesOnAnIntactLogAndNamesTheFirstBadIndexOtherwise() throws Exception {
        DataDir data = new DataDir(dir.resolve("data"));
        try (AuditLog log = AuditLog.open(data)) {
            grow(log, 0, 12, "a");
        }
        Run ok = run("audit", "verify", "--data", data.root().toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("audit verify: OK: 12 entries, 13 signed checkpoints, root ");

        try (Connection c = DriverManager.getConnection(data.h2Url());
             PreparedStatement ps = c.prepareStatement("UPDATE audit_entry SET leaf = ? WHERE idx = 7")) {
            ps.setBytes(1, "{\"index\":7,\"n\":0}".getBytes(StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
        Run bad = run("audit", "verify", "--data", data.root().toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("audit verify: FAILED", "entry 7: the leaf bytes do not hash", "first bad index: 7");

        // a pinned key that is not the log's: every checkpoint is refused
        Path otherKey = dir.resolve("other.vkey");
        try (AuditLog other = AuditLog.open(new DataDir(dir.resolve("other")))) {
            Files.writeString(otherKey, other.verifierKey().toString());
        }
        Run wrongKey = run("audit", "verify", "--data", data.root().toString(), "--key", otherKey.toString());
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("checkpoint.signature");
    }

    @Test
    void verifyRefusesADirectoryWithoutAStoreAndCreatesNothing() {
        Path nothing = dir.resolve("nothing");
        Run r = run("audit", "verify", "--data", nothing.toString());
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("no embedded store in");
        assertThat(Files.exists(nothing)).isFalse();
        assertThat(run("audit", "verify", "--bogus").exit()).isEqualTo(2);
    }

    @Test
    void witnessAcceptsGrowthAndRefusesForkRollbackAndForeignKeys() throws Exception {
        Path keys = dir.resolve("keys");
        try (AuditLog honest = open(dir, "honest", keys);
             AuditLog forked = open(dir, "forked", keys);
             AuditLog rolledBack = open(dir, "rolled-back", keys);
             AuditLog stranger = open(dir, "stranger", dir.resolve("stranger-keys"));
             Server http = new Server(honest)) {
            Path keyFile = dir.resolve("pinned.vkey");
            Files.writeString(keyFile, honest.verifierKey() + "\n");
            Path state = dir.resolve("state/checkpoint");
            String[] witness = {"audit", "witness", "--url", http.url(), "--key", keyFile.toString(),
                "--state", state.toString(), "--token", "t0ken"};

            grow(honest, 0, 8, "a");
            Run first = run(witness);
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("OK: first checkpoint remembered: size 8");
            grow(honest, 8, 20, "a");
            Run grew = run(witness);
            assertThat(grew.exit()).isZero();
            assertThat(grew.out()).contains("log grew from 8 to 20");
            String remembered = Files.readString(state);

            grow(forked, 0, 10, "a");
            grow(forked, 10, 25, "b");
            http.log.set(forked);
            Run fork = run(witness);
            assertThat(fork.exit()).isEqualTo(1);
            assertThat(fork.err()).contains("REFUSED (FORK)", "not consistent with the remembered checkpoint of size 20");
            assertThat(Files.readString(state)).isEqualTo(remembered);

            grow(rolledBack, 0, 15, "a");
            http.log.set(rolledBack);
            Run rollback = run(witness);
            assertThat(rollback.exit()).isEqualTo(1);
            assertThat(rollback.err()).contains("REFUSED (ROLLBACK)", "shrank from 20 to 15");

            grow(stranger, 0, 30, "a");
            http.log.set(stranger);
            Run foreign = run(witness);
            assertThat(foreign.exit()).isEqualTo(1);
            assertThat(foreign.err()).contains("REFUSED (BAD_SIGNATURE)");

            http.log.set(honest);
            String[] noToken = java.util.Arrays.copyOf(witness, witness.length - 2);
            assertThat(run(noToken).err()).contains("REFUSED (UNREACHABLE)", "401");
            grow(honest, 20, 21, "a");
            assertThat(run(witness).out()).contains("log grew from 20 to 21");
        }
    }

    static AuditLog open(Path dir, String name, Path keys) {
        return AuditLog.openOwningDatabase(AuditConfig.of(io.tearline.db.Database.open(new DataDir(dir.resolve(name))), keys));
    }

    /** The server's two audit endpoints, from a swappable real log, behind a bearer token. */
    static final class Server implements AutoCloseable {
        final AtomicReference<AuditLog> log;
        final HttpServer http;

        Server(AuditLog initial) throws IOException {
            log = new AtomicReference<>(initial);
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/api/v1/audit/checkpoint", ex -> {
                if (authorised(ex)) {
                    send(ex, 200, log.get().checkpoint());
                }
            });
            http.createContext("/api/v1/audit/proof/consistency", ex -> {
                if (!authorised(ex)) {
                    return;
                }
                Map<String, String> q = java.util.Arrays.stream(ex.getRequestURI().getRawQuery().split("&"))
                        .map(kv -> kv.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
                String hashes = log.get().consistencyProof(Long.parseLong(q.get("from")), Long.parseLong(q.get("to")))
                        .stream().map(Hash::base64).map(h -> "\"" + h + "\"").collect(Collectors.joining(","));
                send(ex, 200, "{\"hashes\":[" + hashes + "]}");
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        static boolean authorised(HttpExchange ex) throws IOException {
            if ("Bearer t0ken".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                return true;
            }
            send(ex, 401, "{}");
            return false;
        }

        static void send(HttpExchange ex, int status, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (var out = ex.getResponseBody()) {
                out.write(b);
            }
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
