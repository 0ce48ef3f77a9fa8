package io.tearline.store.accumulo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.accumulo.core.client.Accumulo;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.minicluster.MemoryUnit;
import org.apache.accumulo.minicluster.ServerType;
import org.apache.accumulo.miniclusterImpl.MiniAccumuloClusterImpl;
import org.apache.accumulo.miniclusterImpl.MiniAccumuloConfigImpl;

/**
 * A MiniAccumuloCluster in a directory: ZooKeeper, a manager, a garbage collector and tablet servers,
 * each a JVM forked from this one's {@code java} with this one's class path. What the forked JVMs
 * need on JDK 25 is set here, once ({@link #SYSTEM_PROPERTIES}). For tests and the demo; a deployment
 * runs a real instance.
 */
public final class EmbeddedAccumulo implements AutoCloseable {

    /** The root user's password of an embedded cluster (it listens on the loopback interface only). */
    public static final String ROOT_PASSWORD = "tearline-embedded";

    /**
     * System properties given to every forked server JVM (MAC passes only system properties through; it
     * adds -Xmx from the memory settings, -XX:+AlwaysPreTouch, -XX:+PerfDisableSharedMem and
     * -Djava.net.preferIPv4Stack=true itself). On JDK 25 the servers need none: with the Hadoop 3.5.0
     * client (which no longer calls Subject.getSubject) they need neither -Djava.security.manager=allow
     * nor any --add-opens; they print JDK warnings only (sun.misc.Unsafe and System.loadLibrary from
     * Hadoop's client), which MAC offers no way to pass the silencing flags for. Their temporary
     * directory is set per cluster in {@link #start} (see {@link #TMP}).
     */
    static final Map<String, String> SYSTEM_PROPERTIES = Map.of();

    /**
     * The servers' temporary directory, inside the cluster's: each server JVM's class loader makes a
     * cache directory there ({@code accumulo-vfs-cache-<pid>@<host>-<user>}) and never removes it, so
     * in the system's temporary directory every start would leave one per process behind.
     */
    static final String TMP = "tmp";

    private final MiniAccumuloClusterImpl cluster;
    private final long startMillis;
    /** The server processes the start forked: stopped for certain on close, whatever MAC's stop does. */
    private final List<ProcessHandle> servers;

    private EmbeddedAccumulo(MiniAccumuloClusterImpl cluster, long startMillis, List<ProcessHandle> servers) {
        this.cluster = cluster;
        this.startMillis = startMillis;
        this.servers = servers;
    }

    /**
     * Starts a cluster of {@code tabletServers} tablet servers in {@code dir} (created; must be empty),
     * each server JVM limited to {@code heapMiB} of heap.
     */
    public static EmbeddedAccumulo start(Path dir, int tabletServers, int heapMiB) {
        try {
            Files.createDirectories(dir);
            MiniAccumuloConfigImpl config = new MiniAccumuloConfigImpl(dir.toFile(), ROOT_PASSWORD);
            config.setNumTservers(tabletServers);
            config.setDefaultMemory(heapMiB, MemoryUnit.MEGABYTE);
            config.setMemory(ServerType.ZOOKEEPER, 128, MemoryUnit.MEGABYTE);
            Map<String, String> properties = new LinkedHashMap<>(SYSTEM_PROPERTIES);
            properties.put("java.io.tmpdir", dir.resolve(TMP).toAbsolutePath().toString());
            config.setSystemProperties(properties);
            MiniAccumuloClusterImpl cluster = new MiniAccumuloClusterImpl(config); // wants dir empty
            Files.createDirectories(dir.resolve(TMP));
            Set<ProcessHandle> before = ProcessHandle.current().children().collect(Collectors.toSet());
            long t0 = System.nanoTime();
            cluster.start();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return new EmbeddedAccumulo(cluster, millis,
                    ProcessHandle.current().children().filter(h -> !before.contains(h)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Accumulo", e);
        }
    }

    /** A client logged in as root; the caller closes it. */
    public AccumuloClient rootClient() {
        return Accumulo.newClient().from(clientProperties()).build();
    }

    /** The properties a client needs to reach this cluster as root. */
    public Properties clientProperties() {
        return cluster.getClientProperties();
    }

    public String instanceName() {
        return cluster.getInstanceName();
    }

    public String zooKeepers() {
        return cluster.getZooKeepers();
    }

    /**
     * The resident memory of the cluster's server processes (this JVM's descendants), in bytes, where
     * the platform tells it ({@code /proc}); empty elsewhere.
     */
    public java.util.OptionalLong residentBytes() {
        long total = 0;
        boolean any = false;
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            Path status = Path.of("/proc", Long.toString(p.pid()), "status");
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                        any = true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not Linux
            }
        }
        return any ? java.util.OptionalLong.of(total) : java.util.OptionalLong.empty();
    }

    /** The directory the cluster lives in. */
    public Path directory() {
        return cluster.getConfig().getDir().toPath();
    }

    /** How long {@link #start} took, in milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    @Override
    public void close() {
        try {
            cluster.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // MAC's stop has left ZooKeeper running when the JVM was exiting: end every forked server
            for (ProcessHandle h : servers) {
                h.destroy();
            }
            for (ProcessHandle h : servers) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        }
    }
}
