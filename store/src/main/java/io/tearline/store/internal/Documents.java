package io.tearline.store.internal;

import io.tearline.db.Database;
import io.tearline.store.VersionedDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQL of versioned documents and source keys. */
public final class Documents {

    private static final Logger LOG = LoggerFactory.getLogger(Documents.class);

    private Documents() {}

    public static Optional<VersionedDocument> latest(Connection c, String kind) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select kind, version, document, changed_at, changed_by, reason "
                + "from store_document where kind = ? order by version desc fetch first 1 rows only")) {
            s.setString(1, kind);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new VersionedDocument(rs.getString(1), rs.getLong(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)))
                        : Optional.empty();
            }
        }
    }

    public static void write(Connection c, VersionedDocument d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into store_document "
                + "(kind, version, document, changed_at, changed_by, reason) values (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, d.kind());
            s.setLong(2, d.version());
            s.setString(3, d.document());
            s.setTimestamp(4, Timestamp.from(d.changedAt()));
            s.setString(5, d.changedBy());
            s.setString(6, d.reason());
            s.executeUpdate();
        }
    }

    public static void recordSourceKey(Connection c, String key, String reportId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into store_source_key (source_key, report_id) values (?, ?)")) {
            s.setString(1, key);
            s.setString(2, reportId);
            s.executeUpdate();
        }
    }

    public static void recordImportKey(Connection c, String owner, String key, String reportId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "insert into store_import_key (owner, import_key, report_id) values (?, ?, ?)")) {
            s.setString(1, owner);
            s.setString(2, key);
            s.setString(3, reportId);
            s.executeUpdate();
        }
    }

    /** {@link #recordImportKey} for many reports: multi-row inserts (H2 runs a JDBC batch row by row). */
    public static void recordImportKeys(Connection c, java.util.List<io.tearline.store.Report> reports,
                                        java.util.List<String> keys) throws SQLException {
        if (reports.size() != keys.size()) {
            throw new IllegalArgumentException(reports.size() + " reports, " + keys.size() + " keys");
        }
        for (int from = 0; from < reports.size(); from += KEY_CHUNK) {
            int n = Math.min(reports.size(), from + KEY_CHUNK) - from;
            try (PreparedStatement s = c.prepareStatement("insert into store_import_key (owner, import_key, report_id) values "
                    + String.join(", ", java.util.Collections.nCopies(n, "(?, ?, ?)")))) {
                for (int i = 0; i < n; i++) {
                    io.tearline.store.Report r = reports.get(from + i);
                    s.setString(3 * i + 1, r.owner());
                    s.setString(3 * i + 2, keys.get(from + i));
                    s.setString(3 * i + 3, r.id());
                }
                s.executeUpdate();
            }
        }
    }

    /** Keys looked up per statement. */
    static final int KEY_CHUNK = 100;

    /**
     * Of {@code keys}, those already recorded for {@code owner}, with the report each became. The keys
     * are asked for as (owner, key) pairs so that both H2 and PostgreSQL seek each one in the primary key
     * (owner, import_key): H2 plans {@code owner = ? and import_key in (...)} as a scan of every key the
     * owner has, which makes each batch of an import cost as much as all the keys stored before it.
     */
    public static Map<String, String> importKeys(Connection c, String owner, java.util.Collection<String> keys)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        java.util.List<String> all = java.util.List.copyOf(keys);
        for (int from = 0; from < all.size(); from += KEY_CHUNK) {
            java.util.List<String> chunk = all.subList(from, Math.min(all.size(), from + KEY_CHUNK));
            try (PreparedStatement s = c.prepareStatement(importKeySql(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(2 * i + 1, owner);
                    s.setString(2 * i + 2, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    /** The look-up of {@code n} keys: parameters owner, key, owner, key, ... */
    static String importKeySql(int n) {
        return "select import_key, report_id from store_import_key where (owner, import_key) in ("
                + String.join(", ", java.util.Collections.nCopies(n, "(?, ?)")) + ")";
    }

    /** How many import keys {@code owner} has recorded. */
    public static long importKeyCount(Connection c, String owner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from store_import_key where owner = ?")) {
            s.setString(1, owner);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static Map<String, String> sourceKeys(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select source_key, report_id from store_source_key")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /**
     * Data directories written before these tables existed kept the alliance's versions and the demo's
     * keys in tables of the server's own migration (alliance_version, demo_report): copy them once.
     */
    public static void adoptLegacyTables(Database db) {
        if (!exists(db, "alliance_version") && !exists(db, "demo_report")) {
            return;
        }
        db.transaction(c -> {
            int copied = 0;
            if (exists(c, "alliance_version") && !any(c, "select count(*) from store_document where kind = 'alliance'")) {
                try (Statement s = c.createStatement()) {
                    copied += s.executeUpdate("insert into store_document (kind, version, document, changed_at, changed_by, reason) "
                            + "select 'alliance', version, document, changed_at, changed_by, reason from alliance_version");
                }
            }
            if (exists(c, "demo_report") && !any(c, "select count(*) from store_source_key")) {
                try (Statement s = c.createStatement()) {
                    copied += s.executeUpdate("insert into store_source_key (source_key, report_id) "
                            + "select demo_key, report_id from demo_report");
                }
            }
            if (copied > 0) {
                LOG.info("store: adopted {} rows from the server's former tables (alliance_version, demo_report)", copied);
            }
            return null;
        });
    }

    private static boolean exists(Database db, String table) {
        return db.query(c -> exists(c, table));
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equalsIgnoreCase(c.getSchema())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean any(Connection c, String countSql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(countSql)) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
