package io.tearline.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.db.DataDir;
import io.tearline.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import-key look-up seeks each key in the primary key instead of scanning every key the owner has
 * (the embedded database's plan, read with EXPLAIN ANALYZE): an import's batches must not grow dearer
 * with every key stored before them.
 */
class ImportKeyPlanTest {

    private static final int STORED = 20_000;
    private static final Pattern SCAN = Pattern.compile("scanCount: (\\d+)");

    @TempDir
    Path tmp;

    @Test
    void theLookUpReadsOnlyTheKeysAskedFor() throws Exception {
        try (Database db = Database.open(new DataDir(tmp))) {
            Schema.migrate(db);
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("insert into store_import_key (owner, import_key, report_id) "
                        + "select 'USA', 'id:x-' || x, 'r' || x from system_range(1, " + STORED + ")");
                s.execute("insert into store_import_key (owner, import_key, report_id) "
                        + "select 'GBR', 'id:x-' || x, 'g' || x from system_range(1, 100)");
                s.execute("analyze");
                int n = Documents.KEY_CHUNK;
                long scanned = scanned(c, "explain analyze " + Documents.importKeySql(n), n, true);
                assertThat(scanned).as("rows read to look up %d keys among %d", n, STORED).isLessThanOrEqualTo(2L * n + 1);
                // the form it replaced reads every key of the owner: the measure sees a scan
                String old = "explain analyze select import_key, report_id from store_import_key where owner = ? and import_key in ("
                        + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
                assertThat(scanned(c, old, n, false)).isGreaterThanOrEqualTo(STORED);
                // and it answers: the keys asked for that the owner has, no other owner's
                java.util.List<String> asked = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    asked.add("id:x-" + (i * 97 + 50));
                }
                asked.set(n - 1, "id:none");
                java.util.Map<String, String> found = Documents.importKeys(c, "GBR", asked);
                assertThat(found).containsOnlyKeys("id:x-50");
                assertThat(Documents.importKeys(c, "USA", asked)).hasSize(n - 1).containsEntry("id:x-147", "r147");
            }
        }
    }

    /** The rows the plan read, with keys 1, 2, ... of owner USA bound as the look-up's parameters. */
    private static long scanned(Connection c, String sql, int n, boolean pairs) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int p = 1;
            if (!pairs) {
                s.setString(p++, "USA");
            }
            for (int i = 0; i < n; i++) {
                if (pairs) {
                    s.setString(p++, "USA");
                }
                s.setString(p++, "id:x-" + (i * 150 + 1));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                Matcher m = SCAN.matcher(plan);
                long total = 0;
                boolean any = false;
                while (m.find()) {
                    total += Long.parseLong(m.group(1));
                    any = true;
                }
                assertThat(any).as("a plan with scan counts: %s", plan).isTrue();
                return total;
            }
        }
    }
}
