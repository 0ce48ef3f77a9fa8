package io.tearline.bench;

import io.tearline.audit.AuditLog;
import io.tearline.audit.Hash;
import io.tearline.audit.Merkle;
import io.tearline.audit.Receipt;
import io.tearline.audit.StoredEntry;
import io.tearline.db.DataDir;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inclusion-proof latency on a big log (10,000,000 entries by default): the proof of a random leaf in the
 * current tree, and the same proof verified by a client. The anchor is {@code anchorEntryRead}, reading one
 * entry by its index (a primary-key row), so the proof's cost reads as a multiple of one row read. Use
 * SampleTime's p0.50 / p0.99 for latency.
 *
 * <p>The log is built once into a directory that later runs reuse (default
 * {@code bench/target/audit-log-SIZE}, or {@code -Dtearline.bench.auditDir=DIR}); building 10 million
 * entries takes minutes. Build it ahead with the main method, then measure:
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" io.tearline.bench.AuditProofBench 10000000
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main AuditProofBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AuditProofBench {

    @Param("10000000")
    long logSize;

    AuditLog log;
    long size;
    Hash root;
    final SplittableRandom random = new SplittableRandom(42);

    static Path dir(long size) {
        return Path.of(System.getProperty("tearline.bench.auditDir", "bench/target/audit-log-" + size));
    }

    /** Opens the log at {@code dir(size)}, appending until it holds at least {@code size} entries. */
    static AuditLog openBuilt(long size) {
        AuditLog log = AuditLog.open(new DataDir(dir(size)));
        long start = System.nanoTime();
        long have = log.size();
        if (have < size) {
            System.out.printf("building the audit log in %s: %,d -> %,d entries%n", dir(size), have, size);
            ArrayDeque<CompletableFuture<Receipt>> inFlight = new ArrayDeque<>();
            for (long n = have; n < size; n++) {
                inFlight.add(log.append(AuditAppendBench.entry(n)));
                if (inFlight.size() >= 20_000) {
                    inFlight.poll().join();
                }
                if (n % 1_000_000 == 0 && n > have) {
                    System.out.printf("  %,d entries, %.0f per second%n", n, (n - have) / ((System.nanoTime() - start) / 1e9));
                }
            }
            inFlight.forEach(CompletableFuture::join);
            log.checkpointNow();
            System.out.printf("built in %.0f s%n", (System.nanoTime() - start) / 1e9);
        }
        return log;
    }

    @Setup(Level.Trial)
    public void open() {
        long t = System.nanoTime();
        log = openBuilt(logSize);
        size = log.size();
        root = log.rootHash(size);
        System.out.printf("%n  opened %,d entries in %.1f s (start-up: chunk roots, last leaves, last checkpoint); tree memory %,d bytes%n",
                size, (System.nanoTime() - t) / 1e9, log.stats().treeMemoryBytes());
    }

    @TearDown(Level.Trial)
    public void close() {
        log.close();
    }

    @Benchmark
    public List<Hash> inclusionProof() {
        return log.inclusionProof(random.nextLong(size), size);
    }

    @Benchmark
    public boolean inclusionProofVerified() {
        long i = random.nextLong(size);
        StoredEntry e = log.entry(i);
        return Merkle.verifyInclusion(i, size, Merkle.leafHash(e.leaf()), log.inclusionProof(i, size), root);
    }

    @Benchmark
    public List<Hash> consistencyProof() {
        long from = 1 + random.nextLong(size - 1);
        return log.consistencyProof(from, size);
    }

    @Benchmark
    public StoredEntry anchorEntryRead() {
        return log.entry(random.nextLong(size));
    }

    /** Builds (or tops up) the benchmark's log: {@code AuditProofBench [SIZE]}. */
    public static void main(String[] args) {
        long size = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        try (AuditLog log = openBuilt(size)) {
            System.out.printf("%s holds %,d entries; root %s%n", dir(size), log.size(), log.rootHash(log.size()));
        }
    }
}
