package io.tearline.store.internal;

import io.tearline.store.Portion;
import io.tearline.store.PortionRef;
import io.tearline.store.Report;
import io.tearline.store.StaleVersionException;
import io.tearline.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The store's SQL: plain JDBC on a caller's connection, never committing. */
public final class ReportDao {

    /** What one write transaction produced: the change id it took and the reports as written. */
    public record Written(long changeId, List<Report> reports) {
        public Written {
            reports = List.copyOf(reports);
        }
    }

    /** A report changed by a committed change. */
    public record Change(long changeId, String reportId) {}

    private static final int IN_CHUNK = 500;

    private ReportDao() {}

    public static Instant now() {
        // microseconds: what both H2 and PostgreSQL keep, so that a read returns what was written
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    // ---- writes ----------------------------------------------------------------------------

    /** Inserts new reports (version 1); {@code labels.get(i)[j]} is the label of part j of report i. */
    public static Written insert(Connection c, List<Prepared> reports, List<int[]> labels) throws SQLException {
        Instant now = now();
        List<String> ids = freshIds(c, reports.size());
        try (PreparedStatement rep = c.prepareStatement(
                "insert into store_report (id, owner, org, version, created_at, updated_at) values (?, ?, ?, 1, ?, ?)");
             PreparedStatement head = c.prepareStatement(
                     "insert into store_head (id, owner, version, label_ids) values (?, ?, 1, ?)")) {
            for (int i = 0; i < reports.size(); i++) {
                Prepared p = reports.get(i);
                rep.setString(1, ids.get(i));
                rep.setString(2, p.owner());
                rep.setString(3, p.org());
                rep.setObject(4, odt(now));
                rep.setObject(5, odt(now));
                rep.addBatch();
                head.setString(1, ids.get(i));
                head.setString(2, p.owner());
                head.setString(3, encodeLabels(labels.get(i)));
                head.addBatch();
            }
            rep.executeBatch();
            head.executeBatch();
        }
        insertPortions(c, ids, reports, labels, 1);
        List<Report> out = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            out.add(toReport(ids.get(i), reports.get(i), labels.get(i), 1, now, now));
        }
        long change = nextChange(c);
        try (PreparedStatement ver = versionInsert(c)) {
            for (int i = 0; i < reports.size(); i++) {
                addVersion(ver, ids.get(i), 1, reports.get(i), now, change);
            }
            ver.executeBatch();
        }
        return new Written(change, out);
    }

    /** Writes version expected+1 of a report after checking that expected is current. */
    public static Written update(Connection c, String id, int expected, Prepared p, int[] labels) throws SQLException {
        Instant now = now();
        int current;
        Instant created;
        try (PreparedStatement s = c.prepareStatement(
                "select version, created_at from store_report where id = ? for update")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(StoreException.NOT_FOUND, "no report " + id);
                }
                current = rs.getInt(1);
                created = instant(rs, 2);
            }
        }
        if (current != expected) {
            throw new StaleVersionException(id, expected, current);
        }
        int version = current + 1;
        try (PreparedStatement s = c.prepareStatement(
                "update store_report set version = ?, updated_at = ? where id = ? and version = ?")) {
            s.setInt(1, version);
            s.setObject(2, odt(now));
            s.setString(3, id);
            s.setInt(4, current);
            if (s.executeUpdate() != 1) {
                throw new StaleVersionException(id, expected, current + 1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("update store_head set version = ?, label_ids = ? where id = ?")) {
            s.setInt(1, version);
            s.setString(2, encodeLabels(labels));
            s.setString(3, id);
            s.executeUpdate();
        }
        insertPortions(c, List.of(id), List.of(p), List.of(labels), version);
        Report written = toReport(id, p, labels, version, created, now);
        long change = nextChange(c);
        try (PreparedStatement ver = versionInsert(c)) {
            addVersion(ver, id, version, p, now, change);
            ver.executeBatch();
        }
        return new Written(change, List.of(written));
    }

    private static final int ROWS_PER_INSERT = 100;

    /**
     * Inserts the portions with multi-row INSERTs: on H2 a batch still runs its statements one by one,
     * and many rows per statement cut the per-row cost (PostgreSQL gains the same by fewer round trips).
     */
    private static void insertPortions(Connection c, List<String> ids, List<Prepared> reports, List<int[]> labels,
                                       int version) throws SQLException {
        int total = 0;
        for (Prepared p : reports) {
            total += p.parts().size();
        }
        PreparedStatement full = null;
        try {
            int rowInStatement = 0;
            int remaining = total;
            PreparedStatement s = null;
            for (int i = 0; i < reports.size(); i++) {
                List<Prepared.Part> parts = reports.get(i).parts();
                for (int j = 0; j < parts.size(); j++) {
                    if (rowInStatement == 0) {
                        int rows = Math.min(ROWS_PER_INSERT, remaining);
                        if (rows == ROWS_PER_INSERT) {
                            if (full == null) {
                                full = c.prepareStatement(portionInsert(ROWS_PER_INSERT));
                            }
                            s = full;
                        } else {
                            s = c.prepareStatement(portionInsert(rows));
                        }
                    }
                    Prepared.Part part = parts.get(j);
                    int k = rowInStatement * 9;
                    s.setString(k + 1, ids.get(i));
                    s.setInt(k + 2, version);
                    s.setInt(k + 3, j);
                    s.setString(k + 4, part.written());
                    s.setString(k + 5, part.normalised());
                    s.setInt(k + 6, labels.get(i)[j]);
                    s.setString(k + 7, part.text());
                    s.setBoolean(k + 8, part.tearline());
                    s.setInt(k + 9, part.derivedFrom());
                    rowInStatement++;
                    remaining--;
                    if (rowInStatement == ROWS_PER_INSERT || remaining == 0) {
                        s.executeUpdate();
                        if (s != full) {
                            s.close();
                        }
                        rowInStatement = 0;
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    private static String portionInsert(int rows) {
        StringBuilder sql = new StringBuilder(
                "insert into store_portion (report_id, version, idx, marking, normalised, label_id, body, tearline,"
                        + " derived_from) values ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }

    private static PreparedStatement versionInsert(Connection c) throws SQLException {
        return c.prepareStatement("insert into store_version (report_id, version, banner, orcon, author, created_at,"
                + " change_id) values (?, ?, ?, ?, ?, ?, ?)");
    }

    private static void addVersion(PreparedStatement s, String id, int version, Prepared p, Instant now, long change)
            throws SQLException {
        s.setString(1, id);
        s.setInt(2, version);
        s.setString(3, p.banner());
        s.setString(4, Orcon.encode(p.orcon()));
        s.setString(5, p.author());
        s.setObject(6, odt(now));
        s.setLong(7, change);
        s.addBatch();
    }

    /**
     * Takes the next change id. Called as the transaction's last statement: the counter's row lock is
     * then held only until commit, and commits happen in change-id order without gaps.
     */
    private static long nextChange(Connection c) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("update store_counter set change_id = change_id + 1 where id = 1")) {
            u.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("select change_id from store_counter where id = 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Random ids not yet taken (a 64-bit collision is unlikely, but then it costs one query per batch). */
    private static List<String> freshIds(Connection c, int n) throws SQLException {
        List<String> ids = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        while (ids.size() < n) {
            String id = Ids.next();
            if (seen.add(id)) {
                ids.add(id);
            }
        }
        Set<String> taken = existing(c, ids);
        for (int i = 0; i < ids.size(); i++) {
            while (taken.contains(ids.get(i))) {
                String id = Ids.next();
                if (seen.add(id) && existing(c, List.of(id)).isEmpty()) {
                    ids.set(i, id);
                }
            }
        }
        return ids;
    }

    private static Set<String> existing(Connection c, List<String> ids) throws SQLException {
        Set<String> out = new HashSet<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            try (PreparedStatement s = c.prepareStatement(
                    "select id from store_report where id in (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    // ---- reads -----------------------------------------------------------------------------

    /** Who owns a report and which organisation originated it: what never changes across versions. */
    public record Origin(String owner, String org) {}

    public static Optional<Origin> origin(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select owner, org from store_report where id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Origin(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Every report's head (the sentinel row left out), one page of ids at a time. */
    public static void forEachHead(Connection c, java.util.function.BiConsumer<String, Heads.Head> each)
            throws SQLException {
        String after = "";
        while (true) {
            int n = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "select id, owner, version, label_ids from store_head where id > ? and id <> 'g' order by id")) {
                s.setString(1, after);
                s.setMaxRows(IN_CHUNK * 10);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getString(1);
                        each.accept(after, head(c, rs));
                        n++;
                    }
                }
            }
            if (n < IN_CHUNK * 10) {
                return;
            }
        }
    }

    /** The heads of the reports among {@code ids} that exist. */
    public static Map<String, Heads.Head> heads(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Heads.Head> out = new LinkedHashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            try (PreparedStatement s = c.prepareStatement(
                    "select id, owner, version, label_ids from store_head where id in (" + marks(chunk.size()) + ")")) {
                bind(s, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), head(c, rs));
                    }
                }
            }
        }
        return out;
    }

    private static Heads.Head head(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        int version = rs.getInt(3);
        String stored = rs.getString(4);
        // a version written before the store kept heads has its labels filled in on open
        int[] labels = stored != null ? decodeLabels(stored) : labelsOf(c, id, version);
        return new Heads.Head(rs.getString(2), version, labels);
    }

    private static int[] labelsOf(Connection c, String id, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select distinct label_id from store_portion where report_id = ? and version = ?")) {
            s.setString(1, id);
            s.setInt(2, version);
            List<Integer> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
            return out.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
    }

    /** Fills in the current labels of reports written before the store kept them; returns how many. */
    public static int backfillLabels(Connection c) throws SQLException {
        List<Object[]> missing = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select id, version from store_head where label_ids is null");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                missing.add(new Object[] {rs.getString(1), rs.getInt(2)});
            }
        }
        try (PreparedStatement u = c.prepareStatement(
                "update store_head set label_ids = ? where id = ? and version = ?")) {
            for (Object[] m : missing) {
                u.setString(1, encodeLabels(labelsOf(c, (String) m[0], (Integer) m[1])));
                u.setString(2, (String) m[0]);
                u.setInt(3, (Integer) m[1]);
                u.executeUpdate();
            }
        }
        return missing.size();
    }

    static String encodeLabels(int[] labels) {
        return Arrays.stream(labels).distinct().sorted().mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
    }

    static int[] decodeLabels(String stored) {
        if (stored.isEmpty()) {
            return new int[0];
        }
        String[] parts = stored.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    /** A report at a version; version 0 means the current one. */
    public static Optional<Report> read(Connection c, String id, int version) throws SQLException {
        String sql = "select r.owner, r.org, r.created_at, v.version, v.banner, v.orcon, v.author, v.created_at"
                + " from store_report r join store_version v on v.report_id = r.id and v.version = "
                + (version == 0 ? "r.version" : "?") + " where r.id = ?";
        Head head;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (version != 0) {
                s.setInt(i++, version);
            }
            s.setString(i, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                head = head(id, rs);
            }
        }
        List<Portion> portions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select idx, marking, normalised, label_id, body, tearline, derived_from from store_portion"
                + " where report_id = ? and version = ? order by idx")) {
            s.setString(1, id);
            s.setInt(2, head.version);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    portions.add(portion(rs, 1));
                }
            }
        }
        return Optional.of(head.report(portions));
    }

    /** The current versions of many reports (those that exist), keyed by id. */
    public static Map<String, Report> readCurrent(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Head> heads = new LinkedHashMap<>();
        Map<String, List<Portion>> parts = new HashMap<>();
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String in = marks(chunk.size());
            try (PreparedStatement s = c.prepareStatement(
                    "select r.owner, r.org, r.created_at, v.version, v.banner, v.orcon, v.author, v.created_at, r.id"
                            + " from store_report r join store_version v on v.report_id = r.id and v.version = r.version"
                            + " where r.id in (" + in + ")")) {
                bind(s, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(9);
                        heads.put(id, head(id, rs));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "select p.report_id, p.idx, p.marking, p.normalised, p.label_id, p.body, p.tearline, p.derived_from"
                            + " from store_portion p"
                            + " join store_report r on r.id = p.report_id and r.version = p.version"
                            + " where p.report_id in (" + in + ") order by p.report_id, p.idx")) {
                bind(s, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        parts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(portion(rs, 2));
                    }
                }
            }
        }
        Map<String, Report> out = new LinkedHashMap<>();
        for (Head h : heads.values()) {
            List<Portion> ps = parts.get(h.id);
            if (ps != null) { // a version row without portions cannot be committed; skip defensively
                out.put(h.id, h.report(ps));
            }
        }
        return out;
    }

    /** Every portion of every current version, by report id and index. */
    public static void forEachPortion(Connection c, java.util.function.Consumer<PortionRef> action) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select p.report_id, p.idx, p.label_id from store_portion p"
                + " join store_report r on r.id = p.report_id and r.version = p.version order by p.report_id, p.idx")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    action.accept(new PortionRef(rs.getString(1), rs.getInt(2), rs.getInt(3)));
                }
            }
        }
    }

    public static List<Integer> versions(Connection c, String id) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select version from store_version where report_id = ? order by version")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    /** Committed changes after {@code changeId}, oldest first, at most {@code limit}. */
    public static List<Change> changesAfter(Connection c, long changeId, int limit) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select change_id, report_id from store_version where change_id > ? order by change_id")) {
            s.setLong(1, changeId);
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    public static long lastChange(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select change_id from store_counter where id = 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Report ids after {@code afterId} in id order, at most {@code limit}: pages for a rebuild. */
    public static List<String> idsAfter(Connection c, String afterId, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select id from store_report where id > ? order by id")) {
            s.setString(1, afterId);
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------

    private record Head(String id, String owner, String org, Instant created, int version, String banner,
                        List<String> orcon, String author, Instant updated) {
        Report report(List<Portion> portions) {
            return new Report(id, owner, org, orcon, portions.get(0), portions.subList(1, portions.size()), banner,
                    version, created, updated, author);
        }
    }

    private static Head head(String id, ResultSet rs) throws SQLException {
        return new Head(id, rs.getString(1), rs.getString(2), instant(rs, 3), rs.getInt(4), rs.getString(5),
                Orcon.decode(rs.getString(6)), rs.getString(7), instant(rs, 8));
    }

    private static Portion portion(ResultSet rs, int from) throws SQLException {
        return new Portion(rs.getInt(from), rs.getString(from + 1), rs.getString(from + 2), rs.getInt(from + 3),
                rs.getString(from + 4), rs.getBoolean(from + 5), rs.getInt(from + 6));
    }

    private static Report toReport(String id, Prepared p, int[] labels, int version, Instant created, Instant updated) {
        List<Portion> portions = new ArrayList<>(p.parts().size());
        for (int j = 0; j < p.parts().size(); j++) {
            Prepared.Part part = p.parts().get(j);
            portions.add(new Portion(j, part.written(), part.normalised(), labels[j], part.text(), part.tearline(),
                    part.derivedFrom()));
        }
        return new Report(id, p.owner(), p.org(), p.orcon(), portions.get(0), portions.subList(1, portions.size()),
                p.banner(), version, created, updated, p.author());
    }

    private static OffsetDateTime odt(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, OffsetDateTime.class).toInstant();
    }

    private static String marks(int n) {
        String[] q = new String[n];
        Arrays.fill(q, "?");
        return String.join(", ", q);
    }

    private static void bind(PreparedStatement s, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            s.setString(i + 1, values.get(i));
        }
    }
}
