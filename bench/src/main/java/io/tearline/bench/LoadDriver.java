package io.tearline.bench;

import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import io.tearline.server.TokenIssuer;
import io.tearline.db.DataDir;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A JMH-free HTTP load driver for the API, run from its own process.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" io.tearline.bench.LoadDriver setup DIR 100000
 * ./tearline demo --data DIR --port 8099 &amp;
 * java -XX:+UseZGC -cp "bench/target/classes:bench/target/lib/*" io.tearline.bench.LoadDriver run DIR http://127.0.0.1:8099 500 30
 * </pre>
 *
 * <p>The cost of TLS and mutual TLS: {@code pki DIR} writes a server CA and certificate, a CA per
 * nation and a certificate per demo person under {@code DIR/pki}, and two configurations beside
 * {@code DIR/tearline.yaml}: {@code tls.yaml} (HTTPS) and {@code mtls.yaml} (HTTPS with client
 * certificates needed). Serve one with {@code ./tearline serve --config DIR/tls.yaml} and run against
 * {@code https://127.0.0.1:PORT}; with {@code --mtls} each person's requests present their own
 * certificate beside their token (connections are kept alive, as a partner's gateway keeps them).</pre>
 *
 * <p>{@code setup} makes a demo data directory and stores that many generated reports (two to six
 * portions of realistic markings each) beside R1-R8; {@code run} reads them as the demo's people.
 * Each phase is open-loop at a fixed rate: latency is measured from when a request was due, not when
 * it was sent, so a stalled server cannot hide its queue (no coordinated omission). The anchor is
 * {@code GET /health} at the same rate in the same run: the server's floor (HTTP, routing, JSON)
 * without authentication, decisions, the store or the audit log. Saturation is closed-loop with 16
 * concurrent clients. After the open-loop phases the server's own {@code tearline_audit_wait} quantiles
 * say how long answers waited for their audit entry: the latency auditing adds. The driver shares the
 * machine with the server, so run it with a low-pause collector ({@code -XX:+UseZGC}) or its own pauses
 * count as the server's latency.
 */
public final class LoadDriver {

    private static final String[] USERS = {"ava", "ben", "sam", "kenji", "maria", "oliver", "chloe", "ivy", "sofia", "root"};

    private LoadDriver() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("setup")) {
            setup(new DataDir(Path.of(args[1])), Integer.parseInt(args[2]));
        } else if (args.length >= 2 && args[0].equals("pki")) {
            pki(new DataDir(Path.of(args[1])));
        } else if (args.length >= 5 && args[0].equals("run")) {
            run(new DataDir(Path.of(args[1])), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length >= 6 && args[5].equals("--mtls"));
        } else {
            System.err.println("usage: LoadDriver setup DIR REPORTS | LoadDriver pki DIR | LoadDriver run DIR URL RATE SECONDS [--mtls]");
            System.exit(2);
        }
    }

    static void setup(DataDir dir, int reports) throws Exception {
        Config c = Demo.prepare(dir, 0);
        SplittableRandom rnd = new SplittableRandom(20240410L);
        MarkingsBench.Corpus corpus = new MarkingsBench.Corpus(rnd);
        String[] markings = {"(U)", "(S//REL TO USA, JPN, PHL)", "(S//REL TO USA, FVEY)", "(S//NF)", "(C//REL TO USA, JPN, PHL)",
                "(S//REL TO USA, JPN)", "(TS//SI//REL TO USA, FVEY)", "(U//FOUO)", "(S//REL TO USA, GBR)", "(TS//NF)"};
        List<String> ids = new ArrayList<>();
        io.tearline.markings.Markings checker = io.tearline.markings.Markings.standard();
        long start = System.nanoTime();
        try (Tearline t = Tearline.open(c, dir)) {
            Demo.loadReports(t, TearlineServer.create(t));
            List<ReportDraft> batch = new ArrayList<>();
            for (int i = 0; i < reports; i++) {
                List<PortionText> portions = new ArrayList<>();
                int n = 2 + rnd.nextInt(5);
                for (int p = 0; p < n; p++) {
                    String m = rnd.nextInt(4) == 0 ? corpus.portion() : markings[rnd.nextInt(markings.length)];
                    if (!(checker.check(m) instanceof io.tearline.markings.Check.Accepted)) {
                        m = markings[rnd.nextInt(markings.length)]; // the corpus has some invalid ones on purpose
                    }
                    portions.add(new PortionText(m, "EXERCISE generated paragraph " + i + "." + p + " about vessel "
                            + rnd.nextInt(5000) + " near shoal " + rnd.nextInt(300)));
                }
                batch.add(new ReportDraft(new PortionText("(U)", "Generated report " + i), "USA", "DIA", List.of("DIA"),
                        portions, "ava"));
                if (batch.size() == 500 || i == reports - 1) {
                    for (Report r : t.store().createAll(batch)) {
                        ids.add(r.id());
                    }
                    batch.clear();
                }
            }
        }
        Files.write(dir.root().resolve("bench-ids.txt"), ids);
        System.out.printf("stored %d reports in %.1f s into %s%n", ids.size(), (System.nanoTime() - start) / 1e9, dir.root());
    }

    /** Certificates for the TLS runs and the two configurations that serve them. */
    static void pki(DataDir dir) throws Exception {
        Config c = Config.load(dir.config());
        java.util.Map<String, String> people = new java.util.TreeMap<>();
        for (Config.User u : c.users()) {
            people.put(u.name(), u.nation());
        }
        Path pki = dir.root().resolve("pki");
        Pki.create(pki, people);
        String base = Files.readString(dir.config());
        String tls = "  tls:\n    key: pki/server.key\n    certificate: pki/server.pem\n";
        StringBuilder clients = new StringBuilder("    clientAuth: need\n    clients:\n");
        for (String nation : new java.util.TreeSet<>(people.values())) {
            clients.append("      - {nation: ").append(nation).append(", ca: pki/").append(nation).append("-ca.pem, name: cn}\n");
        }
        if (!base.contains("\nserver:\n")) {
            throw new IllegalStateException(dir.config() + " has no server section to add tls to");
        }
        Files.writeString(dir.root().resolve("tls.yaml"), base.replace("\nserver:\n", "\nserver:\n" + tls));
        Files.writeString(dir.root().resolve("mtls.yaml"), base.replace("\nserver:\n", "\nserver:\n" + tls + clients));
        System.out.printf("wrote %s, %s and %s%n", pki, dir.root().resolve("tls.yaml"), dir.root().resolve("mtls.yaml"));
    }

    static void run(DataDir dir, String url, int rate, int seconds, boolean mtls) throws Exception {
        Config c = Config.load(dir.config());
        TokenIssuer issuer = TokenIssuer.openOrCreate(dir.keys(), c.auth());
        String[] tokens = Arrays.stream(USERS).map(u -> issuer.issue(u, Duration.ofHours(2))).toArray(String[]::new);
        String[] ids = Files.readAllLines(dir.root().resolve("bench-ids.txt")).toArray(String[]::new);
        boolean https = url.startsWith("https://");
        Path pki = dir.root().resolve("pki");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        HttpClient http = https ? builder.sslContext(Pki.client(pki, mtls ? "root" : null)).build() : builder.build();
        // with mutual TLS each person's requests go over connections presenting their own certificate
        HttpClient[] perUser = new HttpClient[USERS.length];
        for (int u = 0; u < USERS.length; u++) {
            perUser[u] = mtls ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .sslContext(Pki.client(pki, USERS[u])).build() : http;
        }
        Request health = i -> HttpRequest.newBuilder(URI.create(url + "/health")).GET().build();
        Request report = i -> HttpRequest.newBuilder(URI.create(url + "/api/v1/reports/" + ids[(int) ((i * 2654435761L) % ids.length)]))
                .header("Authorization", "Bearer " + tokens[(int) (i % tokens.length)]).GET().build();
        Transport over = i -> perUser[(int) (i % perUser.length)];
        System.out.printf("%d reports stored; %s; open loop at %d requests/s for %d s per phase%n", ids.length,
                mtls ? "mutual TLS" : https ? "TLS" : "plain HTTP", rate, seconds);
        openLoop(over, "warm-up GET /api/v1/reports/{id}", report, rate, Math.min(10, seconds), false);
        openLoop(over, "anchor GET /health", health, rate, seconds, true);
        openLoop(over, "GET /api/v1/reports/{id}", report, rate, seconds, true);
        // the server's own measure of what auditing adds: the wait for the entry to be durable, over the
        // last two minutes (the open-loop phases above)
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                        .header("Authorization", "Bearer " + issuer.issue("root", Duration.ofMinutes(5))).build(),
                HttpResponse.BodyHandlers.ofString());
        metrics.body().lines().filter(l -> l.startsWith("tearline_audit_wait_seconds{"))
                .forEach(l -> System.out.println("server, at " + rate + " requests/s: " + l));
        closedLoop(over, "saturation GET /health", health, 16, seconds);
        closedLoop(over, "saturation GET /api/v1/reports/{id}", report, 16, seconds);
    }

    /** Which client sends request {@code i} (with mutual TLS: the one with that person's certificate). */
    @FunctionalInterface
    interface Transport {
        HttpClient of(long i);
    }

    @FunctionalInterface
    interface Request {
        HttpRequest build(long i);
    }

    static void openLoop(Transport http, String name, Request req, int rate, int seconds, boolean print) throws Exception {
        int n = rate * seconds;
        long[] latency = new long[n];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int k = i;
                pool.submit(() -> {
                    try {
                        HttpResponse<byte[]> r = http.of(k).send(req.build(k), HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200 && r.statusCode() != 404) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    latency[k] = System.nanoTime() - due;
                    done.incrementAndGet();
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (print) {
            Arrays.sort(latency);
            System.out.printf("%-40s %6d requests in %5.1f s: p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %7.2f ms  errors %d%n",
                    name, n, elapsed, ms(latency, 0.50), ms(latency, 0.99), ms(latency, 0.999), latency[n - 1] / 1e6, errors.get());
        }
    }

    static void closedLoop(Transport http, String name, Request req, int clients, int seconds) throws Exception {
        AtomicLong count = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.submit(() -> {
                    long i = client * 1_000_003L;
                    while (System.nanoTime() < end) {
                        try {
                            long n = i++;
                            HttpResponse<byte[]> r = http.of(n).send(req.build(n), HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200 && r.statusCode() != 404) {
                                errors.incrementAndGet();
                            }
                        } catch (IOException | InterruptedException | RuntimeException e) {
                            errors.incrementAndGet();
                        }
                        count.incrementAndGet();
                    }
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-40s %6d requests in %5.1f s: %8.0f requests/s with %d clients, errors %d%n",
                name, count.get(), elapsed, count.get() / elapsed, clients, errors.get());
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
