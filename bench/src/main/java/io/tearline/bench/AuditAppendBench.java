package io.tearline.bench;

import io.tearline.audit.Access;
import io.tearline.audit.AuditConfig;
import io.tearline.audit.AuditLog;
import io.tearline.audit.Entry;
import io.tearline.audit.Receipt;
import io.tearline.db.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable append throughput of the audit log on the embedded H2 store (WRITE_DELAY=0: every commit is in
 * the file before the future completes). Scores are committed entries per second; the target is at least
 * 20,000 with group commit on 2 cores.
 *
 * <ul>
 *   <li>{@code groupCommit}: 64 threads each append one entry and wait for its receipt, as HTTP handlers
 *   do; the single writer commits whatever is queued in one transaction.</li>
 *   <li>{@code pipelined}: 4 threads each queue 256 entries, then wait for all receipts.</li>
 *   <li>{@code anchorCommitPerEntry}: the anchor, the same INSERT with one commit per entry (64 threads,
 *   one connection each), i.e. what the log would cost without group commit.</li>
 * </ul>
 * Run from the project root:
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main AuditAppendBench
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AuditAppendBench {

    static final int PIPELINE = 256;

    /** A realistic entry: a read decision with the reader, the report, the portions shown and withheld. */
    static Entry entry(long n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Entry.builder()
                .put("type", "report.read")
                .put("at", "2026-11-28T23:00:00." + (n % 1000) + "Z")
                .put("reader", "user" + r.nextInt(500))
                .put("report", Long.toHexString(r.nextLong() | Long.MIN_VALUE))
                .put("decision", "permit")
                .put("portions", List.of(0, 1, 3))
                .put("banner", "SECRET//REL TO USA, GBR, JPN")
                .commit("withheld", Map.of("portions", List.of(2), "marking", "S//NF"), "USA")
                .access(Access.of("JPN", List.of("USA")))
                .build();
    }

    @State(Scope.Benchmark)
    public static class Log {
        Path dir;
        AuditLog log;
        final AtomicLong n = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("audit-append-bench");
            log = AuditLog.open(new DataDir(dir));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            System.out.println("\n  " + log.stats() + " (entries per commit: "
                    + (log.stats().commits() == 0 ? 0 : log.stats().size() / log.stats().commits()) + ")");
            log.close();
            delete(dir);
        }
    }

    @Benchmark
    @Threads(64)
    public Receipt groupCommit(Log s) {
        return s.log.append(entry(s.n.incrementAndGet())).join();
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(PIPELINE)
    public long pipelined(Log s) {
        List<CompletableFuture<Receipt>> fs = new ArrayList<>(PIPELINE);
        for (int i = 0; i < PIPELINE; i++) {
            fs.add(s.log.append(entry(s.n.incrementAndGet())));
        }
        long last = 0;
        for (CompletableFuture<Receipt> f : fs) {
            last = f.join().index();
        }
        return last;
    }

    /** One connection per benchmark thread, one commit per entry: the cost group commit avoids. */
    @State(Scope.Benchmark)
    public static class Plain {
        Path dir;
        String url;
        final AtomicLong n = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws IOException, SQLException {
            dir = Files.createTempDirectory("audit-anchor-bench");
            url = new DataDir(dir).h2Url();
            // the log's own table, created by opening the log once
            AuditLog.open(new DataDir(dir)).close();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class PlainConnection {
        Connection c;
        PreparedStatement ps;

        @Setup(Level.Trial)
        public void open(Plain p) throws SQLException {
            c = DriverManager.getConnection(p.url);
            c.setAutoCommit(false);
            ps = c.prepareStatement("INSERT INTO audit_entry (idx, leaf, leaf_hash, reader, owners) VALUES (?, ?, ?, ?, ?)");
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            c.close();
        }
    }

    @Benchmark
    @Threads(64)
    public int anchorCommitPerEntry(Plain p, PlainConnection pc) throws SQLException {
        long i = p.n.getAndIncrement() + 1_000_000_000L;
        byte[] leaf = entry(i).leaf(i);
        pc.ps.setLong(1, i);
        pc.ps.setBytes(2, leaf);
        pc.ps.setBytes(3, io.tearline.audit.Merkle.leafHash(leaf).bytes());
        pc.ps.setString(4, "JPN");
        pc.ps.setString(5, "USA");
        int rows = pc.ps.executeUpdate();
        pc.c.commit();
        return rows;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
