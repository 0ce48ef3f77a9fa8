package io.tearline.store.internal;

import io.tearline.db.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The store's secrets: random values created once per store and kept in it (so every process that
 * opens the same store derives the same values from them). Never shown to anyone.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** The 32-byte secret named {@code name}, created on first use; two openers racing agree on one. */
    public static byte[] get(Database db, String name) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            Optional<byte[]> found = read(c, name);
            if (found.isPresent()) {
                return found.get();
            }
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            try (PreparedStatement s = c.prepareStatement("insert into store_secret (name, secret) values (?, ?)")) {
                s.setString(1, name);
                s.setString(2, HexFormat.of().formatHex(fresh));
                s.executeUpdate();
                return fresh;
            } catch (SQLException e) {
                // another opener created it first: use theirs
                return read(c, name).orElseThrow(() -> new IllegalStateException("creating secret " + name, e));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading secret " + name, e);
        }
    }

    private static Optional<byte[]> read(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select secret from store_secret where name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(HexFormat.of().parseHex(rs.getString(1))) : Optional.empty();
            }
        }
    }
}
