package io.tearline.store.accumulo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.accumulo.core.client.AccumuloClient;

/**
 * One MiniAccumuloCluster per test JVM, started on first use in a temporary directory and stopped (the
 * directory deleted) when the JVM exits. When it cannot start (no room to fork four JVMs, a JDK it does
 * not run on), every test that asks for it is skipped with one line saying why, never failed; so it is
 * with {@code -Dtearline.accumulo=off} (a machine without the 1 GiB the cluster takes).
 */
public final class TestAccumulo {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static EmbeddedAccumulo cluster;
    private static String failure;

    private TestAccumulo() {}

    /** The shared cluster, started if need be; skips the calling test when it cannot start. */
    public static synchronized EmbeddedAccumulo cluster() {
        if (cluster == null && failure == null && "off".equals(System.getProperty("tearline.accumulo"))) {
            failure = "turned off by -Dtearline.accumulo=off";
        }
        if (cluster == null && failure == null) {
            try {
                // MAC reports its progress at WARN; the tests' logging keeps warnings only
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.accumulo.miniclusterImpl"))
                        .setLevel(ch.qos.logback.classic.Level.ERROR);
                Path dir = Files.createTempDirectory("tearline-mac");
                long t0 = System.nanoTime();
                cluster = EmbeddedAccumulo.start(dir, 1, 256);
                System.out.printf("MiniAccumuloCluster started in %d ms in %s; its servers' resident memory: %s MiB%n",
                        (System.nanoTime() - t0) / 1_000_000, dir,
                        cluster.residentBytes().stream().mapToObj(b -> Long.toString(b >> 20)).findFirst().orElse("unknown"));
                EmbeddedAccumulo c = cluster;
                boolean keep = Boolean.getBoolean("tearline.accumulo.keep");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    c.close();
                    if (!keep) {
                        deleteTree(dir);
                    }
                }));
            } catch (RuntimeException | IOException | LinkageError e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        assumeTrue(cluster != null, "MiniAccumuloCluster cannot start, Accumulo tests skipped: " + failure);
        return cluster;
    }

    /** A root client of the shared cluster; the caller closes it. */
    public static AccumuloClient rootClient() {
        return cluster().rootClient();
    }

    /** A table-name prefix no other test in this JVM uses. */
    public static String freshPrefix(String base) {
        return base + PREFIXES.incrementAndGet() + "_";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
