package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.access.Principal;
import io.tearline.store.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.security.Authorizations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk import (RFiles) and live writes of the same reports read and search identically, and later live versions apply to both. */
class BulkLoadTest {

    @TempDir
    Path work;

    @Test
    void bulkAndLiveWritesReadAndSearchTheSame() throws Exception {
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            AccumuloReports live = new AccumuloReports(client, TestAccumulo.freshPrefix("live"), Corpus.MARKINGS, Corpus.COMPILER, 4);
            AccumuloReports bulk = new AccumuloReports(client, TestAccumulo.freshPrefix("bulk"), Corpus.MARKINGS, Corpus.COMPILER, 4);
            live.createTables();
            bulk.createTables();
            List<Report> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(Corpus.report(rnd, Corpus.id(rnd), 1, 4));
            }
            // live: half in one batch (writeAll), half one by one (write)
            live.writeAll(batch.subList(0, 25));
            batch.subList(25, batch.size()).forEach(live::write);
            bulk.bulkLoad(batch, Files.createDirectories(work.resolve("load1")));
            compare(live, bulk, batch, rnd, seed);
            // a second version written live on both: the bulk-loaded cells give way exactly as live ones do
            List<Report> second = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Report v2 = Corpus.report(rnd, batch.get(i).id(), 2, 3);
                live.write(v2);
                second.add(v2);
            }
            bulk.writeAll(second);
            compare(live, bulk, batch, rnd, seed);
            // a report already stored cannot be bulk loaded again
            assertThatThrownBy(() -> bulk.bulkLoad(List.of(batch.get(20)), work.resolve("load2")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void compare(AccumuloReports live, AccumuloReports bulk, List<Report> batch, SplittableRandom rnd, long seed) {
        int seen = 0;
        for (int k = 0; k < 25; k++) {
            Principal p = Corpus.principal(rnd);
            Set<Gate> gates = Corpus.gates(rnd);
            Authorizations a = live.authorizations(p, gates);
            Authorizations b = bulk.authorizations(p, gates);
            for (Report r : batch) {
                var fromLive = live.read(r.id(), a);
                assertThat(bulk.read(r.id(), b)).as("seed %d, %s, %s", seed, p, r.id()).isEqualTo(fromLive);
                assertThat(bulk.read(r.id(), 1, b)).as("seed %d, %s, %s v1", seed, p, r.id()).isEqualTo(live.read(r.id(), 1, a));
                seen += fromLive.isPresent() ? 1 : 0;
            }
            for (String q : List.of("vessel", "water cannon", "har*", "shoal OR convoy", "\"coast guard\"")) {
                assertThat(bulk.search(q, b, 100, 0)).as("seed %d, %s, %s", seed, p, q).isEqualTo(live.search(q, a, 100, 0));
            }
        }
        assertThat(seen).as("seed %d", seed).isPositive();
    }
}
