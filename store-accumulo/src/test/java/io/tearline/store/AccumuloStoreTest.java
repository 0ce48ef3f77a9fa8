package io.tearline.store;

import io.tearline.db.Database;
import io.tearline.markings.Markings;
import io.tearline.store.accumulo.AccumuloReplicaProvider;
import io.tearline.store.accumulo.EmbeddedAccumulo;
import io.tearline.store.accumulo.TestAccumulo;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The store contract with readers' views and searches answered by an Accumulo replica on the shared
 * MiniAccumuloCluster (skipped, saying why, when it cannot start): one set of tables per database, so
 * that two stores over one database (two server processes) share them as they would in a deployment.
 */
class AccumuloStoreTest extends StoreContract {

    private final Map<Database, String> prefixes = new IdentityHashMap<>();

    @Override
    TestDatabases.Handle openDatabase(Path dir) {
        TestAccumulo.cluster(); // skips the test before anything is opened when there is no cluster
        return TestDatabases.h2(dir);
    }

    @Override
    ReportStore openStore(Database db, Path indexDir) {
        EmbeddedAccumulo cluster = TestAccumulo.cluster();
        String prefix = prefixes.computeIfAbsent(db, d -> TestAccumulo.freshPrefix("contract"));
        String url = "accumulo://" + cluster.instanceName() + "?zookeepers=" + cluster.zooKeepers() + "&prefix=" + prefix;
        Replica replica = new AccumuloReplicaProvider().open(url, "root", EmbeddedAccumulo.ROOT_PASSWORD, Markings.standard());
        return ReportStore.open(db, indexDir, replica);
    }
}
