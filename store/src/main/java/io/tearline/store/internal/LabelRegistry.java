package io.tearline.store.internal;

import io.tearline.markings.Marking;
import io.tearline.db.Database;
import io.tearline.store.Label;
import io.tearline.store.VisibleLabels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The labels: one small dense id per distinct (normalised marking, owner, ORCON list). Kept in memory,
 * created in their own short transactions (an unused label reveals nothing and costs nothing), and the
 * per-reader visibility computed once per (principal key, label generation).
 */
public final class LabelRegistry {

    /** What a label is made of, canonical: the normalised portion marking, the owner, the sorted ORCON list. */
    public record Key(String marking, String owner, List<String> orcon) {
        public Key {
            orcon = List.copyOf(orcon);
        }

        String hash() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(marking.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(owner.getBytes(StandardCharsets.UTF_8));
                for (String o : orcon) {
                    md.update((byte) 0);
                    md.update(o.getBytes(StandardCharsets.UTF_8));
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Cached(int generation, BitSet bits, VisibleLabels visible) {}

    private static final int MAX_CACHED_PRINCIPALS = 10_000;
    private static final int RETRIES = 5;

    private final Database db;
    private final Function<String, Marking> parse;
    private final Map<Key, Integer> ids = new ConcurrentHashMap<>();
    /** Index = label id; slot 0 unused. Replaced, never mutated, so readers need no lock. */
    private volatile Label[] byId = new Label[1];
    private final Map<Object, Cached> visible = new ConcurrentHashMap<>();

    public LabelRegistry(Database db, Function<String, Marking> parse) {
        this.db = db;
        this.parse = parse;
    }

    /** Loads labels created since the last load (by this process or another one). */
    public synchronized void refresh() {
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            loadAfter(c, byId.length - 1);
        } catch (SQLException e) {
            throw new IllegalStateException("loading labels", e);
        }
    }

    /** The current generation: the highest label id (labels are never removed or changed). */
    public int generation() {
        return byId.length - 1;
    }

    public List<Label> all() {
        Label[] a = byId;
        return List.of(Arrays.copyOfRange(a, 1, a.length));
    }

    public java.util.Optional<Label> get(int id) {
        Label[] a = byId;
        return id > 0 && id < a.length ? java.util.Optional.of(a[id]) : java.util.Optional.empty();
    }

    /** The label id of every key, creating the missing ones. */
    public int[] resolve(List<Key> keys) {
        int[] out = new int[keys.size()];
        List<Key> missing = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Integer id = ids.get(keys.get(i));
            if (id == null) {
                missing.add(keys.get(i));
            } else {
                out[i] = id;
            }
        }
        if (!missing.isEmpty()) {
            create(missing);
            for (int i = 0; i < keys.size(); i++) {
                if (out[i] == 0) {
                    out[i] = ids.get(keys.get(i));
                }
            }
        }
        return out;
    }

    private synchronized void create(List<Key> keys) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                try {
                    loadAfter(c, byId.length - 1);
                    insertMissing(c, keys);
                    c.commit();
                    loadAfter(c, byId.length - 1);
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    // another process created one of them, or took the same id: reload and retry
                    if (attempt >= RETRIES || !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("creating labels", e);
            }
        }
    }

    private void insertMissing(Connection c, List<Key> keys) throws SQLException {
        int next;
        try (PreparedStatement s = c.prepareStatement("select coalesce(max(id), 0) from store_label");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            next = rs.getInt(1) + 1;
        }
        Map<Key, Boolean> todo = new LinkedHashMap<>();
        for (Key k : keys) {
            if (!ids.containsKey(k)) {
                todo.put(k, Boolean.TRUE);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "insert into store_label (id, key_hash, marking, owner, orcon) values (?, ?, ?, ?, ?)")) {
            for (Key k : todo.keySet()) {
                s.setInt(1, next++);
                s.setString(2, k.hash());
                s.setString(3, k.marking());
                s.setString(4, k.owner());
                s.setString(5, Orcon.encode(k.orcon()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void loadAfter(Connection c, int known) throws SQLException {
        List<Label> fresh = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select id, marking, owner, orcon from store_label where id > ? order by id")) {
            s.setInt(1, known);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<String> orcon = Orcon.decode(rs.getString(4));
                    fresh.add(new Label(rs.getInt(1), parse.apply(rs.getString(2)), rs.getString(3), orcon));
                    keys.add(new Key(rs.getString(2), rs.getString(3), orcon));
                }
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Label[] next = Arrays.copyOf(byId, fresh.get(fresh.size() - 1).id() + 1);
        for (Label l : fresh) {
            next[l.id()] = l;
        }
        for (int i = 1; i < next.length; i++) {
            if (next[i] == null) { // ids are allocated as max + 1 under a unique key, so never sparse
                throw new IllegalStateException("label ids are not dense: " + i + " missing");
            }
        }
        byId = next;
        for (int i = 0; i < fresh.size(); i++) {
            ids.put(keys.get(i), fresh.get(i).id());
        }
    }

    /**
     * The labels {@code mayRead} accepts, evaluated once per label for a principal key and cached per
     * (key, generation): labels created since are evaluated on the next call; a caller whose policy
     * changed passes a new key.
     */
    public VisibleLabels visible(Object principalKey, Predicate<Label> mayRead) {
        Label[] labels = byId;
        int generation = labels.length - 1;
        Cached cached = visible.get(principalKey);
        if (cached != null && cached.generation == generation) {
            return cached.visible;
        }
        if (cached != null && cached.generation > generation) {
            return cached.visible; // computed by a thread that saw a newer generation
        }
        BitSet bits = cached == null ? new BitSet(generation + 1) : (BitSet) cached.bits.clone();
        for (int id = cached == null ? 1 : cached.generation + 1; id <= generation; id++) {
            if (mayRead.test(labels[id])) {
                bits.set(id);
            }
        }
        Cached next = new Cached(generation, bits, VisibleLabels.of(bits));
        if (visible.size() >= MAX_CACHED_PRINCIPALS) {
            visible.clear();
        }
        visible.put(principalKey, next);
        return next.visible;
    }
}
