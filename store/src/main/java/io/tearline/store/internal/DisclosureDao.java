package io.tearline.store.internal;

import io.tearline.store.Disclosure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for foreign disclosure requests (table store_disclosure). */
public final class DisclosureDao {

    private static final String COLUMNS = "id, report_id, owner, org, requester, status, report_version, created_at,"
            + " updated_at, document";

    private DisclosureDao() {}

    public static void insert(Connection c, Disclosure d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into store_disclosure (" + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, d.id());
            s.setString(2, d.reportId());
            s.setString(3, d.owner());
            s.setString(4, d.org());
            s.setString(5, d.requester());
            s.setString(6, d.status());
            s.setInt(7, d.reportVersion());
            s.setObject(8, d.created().atOffset(ZoneOffset.UTC));
            s.setObject(9, d.updated().atOffset(ZoneOffset.UTC));
            s.setString(10, d.document());
            s.executeUpdate();
        }
    }

    /** Replaces status, version and document, only while the stored status is {@code expectedStatus}. */
    public static boolean update(Connection c, String id, String expectedStatus, String status, int reportVersion,
                                 String document, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update store_disclosure set status = ?, report_version = ?,"
                + " document = ?, updated_at = ? where id = ? and status = ?")) {
            s.setString(1, status);
            s.setInt(2, reportVersion);
            s.setString(3, document);
            s.setObject(4, now.atOffset(ZoneOffset.UTC));
            s.setString(5, id);
            s.setString(6, expectedStatus);
            return s.executeUpdate() == 1;
        }
    }

    public static Optional<Disclosure> read(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from store_disclosure where id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Requests for reports owned by {@code owner} or made by {@code requester}, newest first. */
    public static List<Disclosure> list(Connection c, String owner, String requester, Optional<String> status,
                                        int limit) throws SQLException {
        String sql = "select " + COLUMNS + " from store_disclosure where (owner = ? or requester = ?)"
                + (status.isPresent() ? " and status = ?" : "") + " order by created_at desc, id";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, owner);
            s.setString(2, requester);
            if (status.isPresent()) {
                s.setString(3, status.get());
            }
            s.setMaxRows(limit);
            List<Disclosure> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    private static Disclosure row(ResultSet rs) throws SQLException {
        return new Disclosure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class).toInstant(),
                rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getString(10));
    }
}
