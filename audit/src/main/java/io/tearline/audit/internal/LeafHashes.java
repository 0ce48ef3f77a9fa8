package io.tearline.audit.internal;

import io.tearline.audit.LogStorage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Leaf hashes for proofs: a complete chunk comes from its one stored chunk row (with a small LRU, since
 * complete chunks never change); the incomplete last chunk from the entries' stored leaf hashes. Only
 * committed, published leaves are ever asked for.
 */
final class LeafHashes implements MerkleIndex.LeafSource {

    private static final int CACHED_CHUNKS = 256;
    private static final int CHUNK_BITS = LogStorage.CHUNK_BITS;
    private static final int CHUNK_SIZE = LogStorage.CHUNK_SIZE;

    private final LogStorage storage;
    private final LongSupplier size;
    private final Map<Long, byte[]> cache = new LinkedHashMap<>(CACHED_CHUNKS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_CHUNKS;
        }
    };

    LeafHashes(LogStorage storage, LongSupplier size) {
        this.storage = storage;
        this.size = size;
    }

    @Override
    public byte[] leafHashes(long from, long to) {
        long c = from >> CHUNK_BITS;
        long start = c << CHUNK_BITS;
        if (to > start + CHUNK_SIZE || start + CHUNK_SIZE > size.getAsLong()) {
            return storage.leafHashes(from, to);
        }
        byte[] chunk = chunk(c);
        if (from == start && to == start + CHUNK_SIZE) {
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
        byte[] stored = storage.chunkLeafHashes(c)
                .filter(h -> h.length == CHUNK_SIZE * 32)
                // a log written before chunk rows existed
                .orElseGet(() -> storage.leafHashes(c << CHUNK_BITS, (c + 1) << CHUNK_BITS));
        synchronized (cache) {
            cache.put(c, stored);
        }
        return stored;
    }
}
