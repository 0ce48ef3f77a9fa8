package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.accumulo.core.client.AccumuloClient;
import org.junit.jupiter.api.Test;

class ClusterStartTest {

    @Test
    void theClusterStartsAndServesATable() throws Exception {
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            String table = TestAccumulo.freshPrefix("start") + "t";
            client.tableOperations().create(table);
            assertThat(client.tableOperations().exists(table)).isTrue();
        }
    }
}
