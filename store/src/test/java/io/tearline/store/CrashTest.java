package io.tearline.store;

import io.tearline.db.Database;
import io.tearline.db.DataDir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process bulk-loading reports is killed with SIGKILL mid-load; on reopen every report it
 * acknowledged is in the store, the index catches up, and search agrees with the store.
 */
class CrashTest {

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedReportSurvivesSigkill() throws Exception {
        long seed = Long.getLong("tearline.seed", new SplittableRandom().nextLong());
        Path data = tmp.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), data.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (acknowledged.size() < 400 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            // SIGKILL on Linux: no shutdown hooks, no index commit; through the handle so that our end of
            // the pipe stays open and the ids already written to it can still be read
            child.toHandle().destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            // ids printed between our last read and the kill were acknowledged too
            while ((line = out.readLine()) != null) {
                acknowledged.add(line);
            }
        }
        assertThat(acknowledged).as("seed=" + seed + ": the writer printed nothing").hasSizeGreaterThan(50);
        assertThat(new HashSet<>(acknowledged)).hasSameSizeAs(acknowledged);

        DataDir dir = new DataDir(data);
        try (Database db = Database.open(dir); ReportStore store = ReportStore.open(db, dir.index())) {
            for (String id : acknowledged) {
                assertThat(store.read(id)).as("seed=" + seed + " id=" + id).isPresent();
            }
            Set<String> stored = new HashSet<>();
            try (Connection c = db.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id from store_report")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertThat(stored).containsAll(acknowledged);
            // the index caught up on open: it holds exactly the stored reports
            assertThat(new HashSet<>(store.index().reportIds())).isEqualTo(stored);
            SearchResult all = store.searchUnrestricted("crash", 1000, 0);
            assertThat(all.total()).isEqualTo(stored.size());
            VisibleLabels everything = store.visibleLabels("all", l -> true);
            assertThat(store.search("harbour", everything, 1000, 0).total()).isEqualTo(stored.size());
            // and it stays consistent across another restart
            store.index().flush();
            assertThat(store.index().committed()).isEqualTo(store.index().applied());
        }
    }
}
