package io.tearline.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tearline.alliance.Alliance;
import io.tearline.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/** The alliance's versions in the store's database (the server's own table and migration history). */
public final class AllianceVersions {

    private final Database db;

    public AllianceVersions(Database db) {
        this.db = db;
        Flyway.configure(AllianceVersions.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations("classpath:db/server")
                .table("server_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    public Optional<Alliance> latest() {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT document FROM alliance_version ORDER BY version DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(Json.MAPPER.readValue(rs.getString(1), Alliance.class)) : Optional.empty();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the alliance from the store: " + e.getMessage(), e);
        }
    }

    /** Writes a version on the caller's connection, inside the caller's transaction. */
    public void write(Connection c, Alliance a, String by, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO alliance_version (version, document, changed_at, changed_by, reason) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, a.version());
            s.setString(2, Json.string(a));
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.setString(4, by);
            s.setString(5, reason);
            s.executeUpdate();
        }
    }
}
