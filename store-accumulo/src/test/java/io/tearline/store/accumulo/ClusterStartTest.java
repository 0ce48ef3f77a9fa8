package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;

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
}
