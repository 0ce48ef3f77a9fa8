package io.tearline.store.internal;

import io.tearline.store.PortionRef;
import io.tearline.store.Report;
import io.tearline.store.Portion;
import io.tearline.store.TextWords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The release guard's fingerprint index (winnowing, Schleimer, Wilkerson and Aiken, SIGMOD 2003) over
 * {@link TextWords normalised words}.
 *
 * <p>Every word {@value #K}-gram of a portion is hashed to 64 bits; in every window of {@value #W}
 * consecutive hashes the smallest (the rightmost on a tie) is kept. Any run of {@link #RUN} =
 * {@code K + W - 1} = 8 or more consecutive words that two texts share contains a whole window of the
 * stored text, whose kept hash is a K-gram of the run and so also a K-gram of the other text. Looking
 * up every K-gram hash of an outgoing text therefore finds every stored portion that shares an 8-word
 * run with it (and perhaps some that share only 5 words, or collide: callers verify on the text).
 * About 2/(W+1) = 40% of a portion's K-grams are kept.
 */
public final class Fingerprints {

    /** Words per hashed gram. */
    public static final int K = 5;
    /** Hashes per winnowing window. */
    public static final int W = 4;
    /** The shortest shared run of words that is always found. */
    public static final int RUN = K + W - 1;

    private static final int ROWS_PER_INSERT = 100;
    private static final int IN_CHUNK = 500;

    private Fingerprints() {}

    /** Every K-gram hash of the words, in order (one per position; empty when fewer than K words). */
    public static long[] grams(List<TextWords.Word> words) {
        int n = words.size() - K + 1;
        if (n <= 0) {
            return new long[0];
        }
        long[] wordHash = new long[words.size()];
        for (int i = 0; i < wordHash.length; i++) {
            wordHash[i] = hash(words.get(i).text());
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = 0; j < K; j++) {
                h = mix(h ^ wordHash[i + j]) + j;
            }
            out[i] = h;
        }
        return out;
    }

    /** The winnowed hashes of a text, distinct; empty when it has fewer than {@link #RUN} words. */
    public static long[] winnow(String text) {
        List<TextWords.Word> words = TextWords.words(text);
        if (words.size() < RUN) {
            return new long[0];
        }
        long[] g = grams(words);
        Set<Long> kept = new LinkedHashSet<>();
        for (int i = 0; i + W <= g.length; i++) {
            int min = i;
            for (int j = i + 1; j < i + W; j++) {
                if (g[j] <= g[min]) {
                    min = j;
                }
            }
            kept.add(g[min]);
        }
        return kept.stream().mapToLong(Long::longValue).toArray();
    }

    private static long hash(String s) {
        long h = 0xCBF29CE484222325L; // FNV-1a over UTF-16 units, then mixed
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- the table ---------------------------------------------------------------------------

    /** Records the fingerprints of every portion (title and body) of these reports' current versions. */
    public static void write(Connection c, List<Report> reports) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Report r : reports) {
            add(rows, r, r.title());
            for (Portion p : r.portions()) {
                add(rows, r, p);
            }
        }
        insert(c, rows);
    }

    private static void add(List<Object[]> rows, Report r, Portion p) {
        for (long h : winnow(p.text())) {
            rows.add(new Object[] {h, r.id(), p.index(), p.label()});
        }
    }

    private static void insert(Connection c, List<Object[]> rows) throws SQLException {
        PreparedStatement full = null;
        try {
            for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                int n = Math.min(ROWS_PER_INSERT, rows.size() - from);
                PreparedStatement s;
                if (n == ROWS_PER_INSERT) {
                    if (full == null) {
                        full = c.prepareStatement(insertSql(n));
                    }
                    s = full;
                } else {
                    s = c.prepareStatement(insertSql(n));
                }
                for (int r = 0; r < n; r++) {
                    Object[] row = rows.get(from + r);
                    s.setLong(r * 4 + 1, (Long) row[0]);
                    s.setString(r * 4 + 2, (String) row[1]);
                    s.setInt(r * 4 + 3, (Integer) row[2]);
                    s.setInt(r * 4 + 4, (Integer) row[3]);
                }
                s.executeUpdate();
                if (s != full) {
                    s.close();
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder("insert into store_fingerprint (hash, report_id, idx, label_id) values ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?)");
        }
        return sql.toString();
    }

    /** Forgets the fingerprints of a report (before recording its new version's). */
    public static void delete(Connection c, String reportId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from store_fingerprint where report_id = ?")) {
            s.setString(1, reportId);
            s.executeUpdate();
        }
    }

    /** The stored portions with at least one of these hashes, distinct, in (report, index) order. */
    public static List<PortionRef> lookup(Connection c, long[] hashes) throws SQLException {
        long[] distinct = Arrays.stream(hashes).distinct().sorted().toArray();
        Set<PortionRef> out = new java.util.TreeSet<>(java.util.Comparator.comparing(PortionRef::reportId)
                .thenComparingInt(PortionRef::index));
        for (int from = 0; from < distinct.length; from += IN_CHUNK) {
            int n = Math.min(IN_CHUNK, distinct.length - from);
            String[] q = new String[n];
            Arrays.fill(q, "?");
            try (PreparedStatement s = c.prepareStatement("select report_id, idx, label_id from store_fingerprint"
                    + " where hash in (" + String.join(", ", q) + ")")) {
                for (int i = 0; i < n; i++) {
                    s.setLong(i + 1, distinct[from + i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PortionRef(rs.getString(1), rs.getInt(2), rs.getInt(3)));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Empties the table (a rebuild then writes every current version again). */
    public static void clear(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from store_fingerprint")) {
            s.executeUpdate();
        }
    }

    /**
     * True when reports exist but no fingerprint does: a store written before the fingerprint table
     * (or one whose every portion is shorter than {@link #RUN} words, which a rebuild then confirms cheaply).
     */
    public static boolean missing(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select (select count(*) from (select 1 from store_report"
                + " fetch first 1 rows only) r), (select count(*) from (select 1 from store_fingerprint"
                + " fetch first 1 rows only) f)");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0 && rs.getInt(2) == 0;
        }
    }

    /** How many fingerprints a report has (for tests). */
    public static int count(Connection c, String reportId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from store_fingerprint where report_id = ?")) {
            s.setString(1, reportId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
