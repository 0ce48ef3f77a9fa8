package io.tearline.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    private static long count(Database db) {
        return db.query(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM db_probe")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO db_probe (id, note) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "row " + id);
            ps.executeUpdate();
        }
    }

    @Test
    void aTransactionCommitsWhenItReturnsAndRollsBackWhenItThrows() {
        try (Database db = Database.open(new DataDir(dir))) {
            db.migrate("classpath:db/dbtest", "dbtest_schema_history");
            db.transaction(c -> {
                insert(c, 1);
                insert(c, 2);
                return null;
            });
            assertThat(count(db)).isEqualTo(2);
            assertThatThrownBy(() -> db.transaction(c -> {
                insert(c, 3);
                insert(c, 1); // duplicate key: the whole unit is undone
                return null;
            })).isInstanceOf(DatabaseException.class).hasCauseInstanceOf(SQLException.class);
            assertThat(count(db)).isEqualTo(2);
            assertThatThrownBy(() -> db.transaction(c -> {
                insert(c, 4);
                throw new IllegalArgumentException("changed my mind");
            })).isInstanceOf(IllegalArgumentException.class);
            assertThat(count(db)).isEqualTo(2);
            // a connection comes back from a failed transaction in auto-commit mode
            assertThat(db.query(Connection::getAutoCommit)).isTrue();
        }
    }

    @Test
    void theFileDatabaseSurvivesClosingAndReopeningThePool() {
        try (Database db = Database.open(new DataDir(dir))) {
            db.migrate("classpath:db/dbtest", "dbtest_schema_history");
            db.transaction(c -> {
                insert(c, 7);
                return null;
            });
        }
        try (Database db = Database.open(new DataDir(dir))) {
            db.migrate("classpath:db/dbtest", "dbtest_schema_history"); // already applied: nothing to do
            assertThat(count(db)).isEqualTo(1);
            assertThat(db.kind()).isEqualTo(Database.Kind.H2);
        }
    }

    @Test
    void thePoolIsBoundedAndABorrowerGivesUpAfterTheTimeout() throws Exception {
        Database.Settings s = Database.Settings.of(new DataDir(dir).h2Url()).withPoolSize(2)
                .withConnectionTimeout(Duration.ofMillis(500));
        try (Database db = Database.open(s)) {
            List<Connection> held = new ArrayList<>();
            held.add(db.connection());
            held.add(db.connection());
            assertThat(db.activeConnections()).isEqualTo(2);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> db.query(c -> 1)).isInstanceOf(DatabaseException.class);
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertThat(waited).isBetween(400L, 5_000L);
            assertThat(db.reachable(Duration.ofMillis(500))).as("no connection to check with").isFalse();
            held.remove(0).close();
            int one = db.query(c -> 1);
            assertThat(one).isEqualTo(1);
            assertThat(db.reachable(Duration.ofSeconds(1))).isTrue();
            for (Connection c : held) {
                c.close();
            }
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    void modulesMigrateIndependently() {
        try (Database db = Database.open(new DataDir(dir))) {
            db.migrate("classpath:db/dbtest", "dbtest_schema_history");
            // a second module with its own history table in the same, now non-empty, schema
            db.migrate("classpath:db/dbtest2", "dbtest2_schema_history");
            long rows = db.query(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM db_probe2")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(rows).isZero();
        }
    }

    @Test
    void thePasswordIsNeverShown() {
        Database.Settings s = Database.Settings.of("jdbc:postgresql://127.0.0.1:1/x?password=hunter2")
                .withCredentials("tearline", "s3cret-pass");
        assertThat(s.toString()).doesNotContain("s3cret-pass").doesNotContain("hunter2").contains("tearline");
        assertThatThrownBy(() -> Database.open("jdbc:oracle:thin:@x?password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        try (Database db = Database.open(s.withConnectionTimeout(Duration.ofMillis(300)))) {
            assertThat(db.toString()).doesNotContain("hunter2");
            assertThat(db.reachable(Duration.ofMillis(300))).isFalse();
            assertThatThrownBy(() -> db.query(c -> 1)).satisfies(e -> {
                assertThat(e.getMessage()).doesNotContain("s3cret-pass").doesNotContain("hunter2");
            });
        }
    }
}
