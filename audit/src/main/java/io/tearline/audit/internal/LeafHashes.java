package io.tearline.audit.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Leaf hashes for proofs: a complete chunk comes from its one {@code audit_chunk} row (with a small LRU,
 * since complete chunks never change); the incomplete last chunk from {@code audit_entry.leaf_hash}.
 * Only committed, published leaves are ever asked for.
 */
final class LeafHashes implements MerkleIndex.LeafSource {

    private static final int CACHED_CHUNKS = 256;

    private final ConnectionPool pool;
    private final int chunkBits;
    private final int chunkSize;
    private final LongSupplier size;
    private final Map<Long, byte[]> cache = new LinkedHashMap<>(CACHED_CHUNKS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_CHUNKS;
        }
    };

    LeafHashes(ConnectionPool pool, int chunkBits, LongSupplier size) {
        this.pool = pool;
        this.chunkBits = chunkBits;
        this.chunkSize = 1 << chunkBits;
        this.size = size;
    }

    @Override
    public byte[] leafHashes(long from, long to) {
        long c = from >> chunkBits;
        long start = c << chunkBits;
        if (to > start + chunkSize || start + chunkSize > size.getAsLong()) {
            return rows(from, to);
        }
        byte[] chunk = chunk(c);
        if (from == start && to == start + chunkSize) {
            return chunk;
        }
        return Arrays.copyOfRange(chunk, (int) (from - start) * 32, (int) (to - start) * 32);
    }

    private byte[] chunk(long c) {
        synchronized (cache) {
            byte[] hit = cache.get(c);
            if (hit != null) {
                return hit;
            }
        }
        byte[] stored = pool.with("read a chunk of leaf hashes", conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT leaf_hashes FROM audit_chunk WHERE chunk = ?")) {
                ps.setLong(1, c);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (stored == null || stored.length != chunkSize * 32) {
            stored = rows(c << chunkBits, (c + 1) << chunkBits); // a log written before chunk rows existed
        }
        synchronized (cache) {
            cache.put(c, stored);
        }
        return stored;
    }

    private byte[] rows(long from, long to) {
        return pool.with("read leaf hashes", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT idx, leaf_hash FROM audit_entry WHERE idx >= ? AND idx < ? ORDER BY idx")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                byte[] buf = new byte[Math.toIntExact((to - from) * 32)];
                long expect = from;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long idx = rs.getLong(1);
                        byte[] h = rs.getBytes(2);
                        if (idx != expect || h.length != 32) {
                            throw new IllegalStateException("audit_entry changed under the running log at index " + expect);
                        }
                        System.arraycopy(h, 0, buf, (int) (idx - from) * 32, 32);
                        expect++;
                    }
                }
                if (expect != to) {
                    throw new IllegalStateException("audit_entry lost rows under the running log at index " + expect);
                }
                return buf;
            }
        });
    }
}
