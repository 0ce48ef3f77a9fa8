package io.tearline.app;

import io.tearline.db.DataDir;
import io.tearline.server.Config;
import io.tearline.store.accumulo.EmbeddedAccumulo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's Accumulo cluster: started fresh in {@code DIR/accumulo} at every start (a cluster's
 * directory cannot be started twice); the store then replays its change feed into it, so the reports
 * of an earlier run are there again.
 */
final class AccumuloBackend {

    /** One tablet server; heap per server JVM (with ZooKeeper, the manager and the collector: about 1.5 GiB). */
    static final int TABLET_SERVERS = 1;
    static final int HEAP_MIB = 384;

    private AccumuloBackend() {}

    static EmbeddedAccumulo start(DataDir dir) throws IOException {
        Path home = dir.root().resolve("accumulo");
        if (Files.exists(home)) {
            try (Stream<Path> all = Files.walk(home)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return EmbeddedAccumulo.start(home, TABLET_SERVERS, HEAP_MIB);
    }

    /** The {@code store} section that points at {@code cluster}. */
    static Config.Store store(EmbeddedAccumulo cluster) {
        String bulk = java.net.URLEncoder.encode(cluster.directory().resolve("bulk").toString(),
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return new Config.Store("accumulo://" + cluster.instanceName() + "?zookeepers=" + cluster.zooKeepers()
                + "&bulk=" + bulk, "root",
                EmbeddedAccumulo.ROOT_PASSWORD, null, null, null);
    }
}
