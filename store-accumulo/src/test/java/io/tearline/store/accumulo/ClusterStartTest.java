package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.accumulo.core.client.AccumuloClient;
import org.junit.jupiter.api.Test;

/** The embedded cluster starts on this JDK (or the harness skips, saying why) and serves a table. */
class ClusterStartTest {

    @Test
    void theClusterStartsAndServesATable() throws Exception {
        EmbeddedAccumulo cluster = TestAccumulo.cluster();
        try (AccumuloClient client = cluster.rootClient()) {
            String table = TestAccumulo.freshPrefix("start") + "t";
            client.tableOperations().create(table);
            assertThat(client.tableOperations().exists(table)).isTrue();
            assertThat(client.instanceOperations().getTabletServers()).hasSize(1);
        }
        assertThat(cluster.instanceName()).isNotBlank();
        assertThat(cluster.zooKeepers()).contains(":");
        System.out.println("servers' resident memory now: "
                + cluster.residentBytes().stream().mapToObj(b -> (b >> 20) + " MiB").findFirst().orElse("unknown"));
    }

    @Test
    void theServersKeepTheirTemporaryFilesInTheClusterDirectory() throws Exception {
        EmbeddedAccumulo cluster = TestAccumulo.cluster();
        List<String> pids = ProcessHandle.current().descendants().map(h -> h.pid() + "@").toList();
        assertThat(pids).isNotEmpty();
        try (Stream<Path> inCluster = Files.list(cluster.directory().resolve(EmbeddedAccumulo.TMP));
             Stream<Path> inSystem = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(inCluster.map(p -> p.getFileName().toString()))
                    .as("each server's class-loader cache, in the cluster's directory")
                    .anyMatch(n -> n.startsWith("accumulo-vfs-cache-") && pids.stream().anyMatch(n::contains));
            assertThat(inSystem.map(p -> p.getFileName().toString()))
                    .as("nothing of this cluster's servers in the system's temporary directory")
                    .noneMatch(n -> pids.stream().anyMatch(pid -> n.contains("-" + pid)));
        }
    }
}
