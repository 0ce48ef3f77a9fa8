package io.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.db.DataDir;
import io.tearline.db.Database;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written when the server kept the alliance's versions and the demo's keys in tables
 * of its own: the store adopts their rows once, so nothing written then is lost.
 */
class LegacyTablesTest {

    @TempDir
    Path dir;

    @Test
    void theServersFormerTablesAreAdoptedOnce() {
        DataDir data = new DataDir(dir);
        try (Database db = Database.open(data)) {
            db.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE alliance_version (version BIGINT NOT NULL PRIMARY KEY, document TEXT NOT NULL, "
                            + "changed_at TIMESTAMP NOT NULL, changed_by VARCHAR(200) NOT NULL, reason TEXT NOT NULL)");
                    s.execute("CREATE TABLE demo_report (demo_key VARCHAR(16) NOT NULL PRIMARY KEY, report_id VARCHAR(16) NOT NULL)");
                    s.execute("INSERT INTO alliance_version VALUES (1, '{\"v\":1}', TIMESTAMP '2026-01-01 00:00:00', 'ann', 'first')");
                    s.execute("INSERT INTO alliance_version VALUES (2, '{\"v\":2}', TIMESTAMP '2026-01-02 00:00:00', 'ann', 'second')");
                    s.execute("INSERT INTO demo_report VALUES ('R1', '00000000000000a1')");
                }
                return null;
            });
            try (ReportStore store = ReportStore.open(db, data.index())) {
                VersionedDocument latest = store.latestDocument("alliance").orElseThrow();
                assertThat(latest.version()).isEqualTo(2);
                assertThat(latest.document()).isEqualTo("{\"v\":2}");
                assertThat(latest.reason()).isEqualTo("second");
                assertThat(store.sourceKeys()).isEqualTo(Map.of("R1", "00000000000000a1"));
                assertThat(store.latestDocument("other")).isEmpty();
                // a later version written through the store wins, and a reopen adopts nothing twice
                db.transaction(c -> {
                    store.writeDocument(c, new VersionedDocument("alliance", 3, "{\"v\":3}", Instant.now(), "bo", "third"));
                    return null;
                });
            }
            try (ReportStore store = ReportStore.open(db, data.index())) {
                assertThat(store.latestDocument("alliance").orElseThrow().version()).isEqualTo(3);
                assertThat(store.sourceKeys()).hasSize(1);
            }
        }
    }
}
