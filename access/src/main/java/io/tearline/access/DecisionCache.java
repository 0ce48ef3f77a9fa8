package io.tearline.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tearline.markings.Marking;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded cache of decisions keyed by principal attribute set and resource. Readers (attribute sets)
 * are kept in a Caffeine cache; each reader keeps its decisions in an array indexed by the resource's
 * dense id, because a hashed lookup per portion costs more than the decision budget allows. Distinct
 * resources (marking and dissemination list) are few, like the store's labels; past
 * {@code maxResources} new ones are decided afresh rather than cached.
 *
 * <p>Thread-safe. Decisions depend on the engine's membership and equivalence data: when those change,
 * build a new engine and a new cache.
 */
public final class DecisionCache {

    private final DecisionEngine engine;
    private final Cache<Principal.Attributes, Reader> readers;
    private final ConcurrentHashMap<Key, Resource> resources = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final int maxResources;

    private record Key(Marking marking, String owner, Set<String> disseminationList) {}

    public DecisionCache(DecisionEngine engine, long maxReaders, int maxResources) {
        this(engine, maxReaders, maxResources, null);
    }

    /**
     * @param stats where the readers cache counts its hits, misses and evictions (one counter may be
     *              shared by the caches that replace each other as policies change), or null for none
     */
    public DecisionCache(DecisionEngine engine, long maxReaders, int maxResources,
                         com.github.benmanes.caffeine.cache.stats.StatsCounter stats) {
        this.engine = engine;
        Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(maxReaders);
        this.readers = (stats == null ? b : b.recordStats(() -> stats)).build();
        this.maxResources = maxResources;
    }

    public DecisionEngine engine() {
        return engine;
    }

    /** The resource for a marking and dissemination list in a US-owned report. */
    public Resource resource(Marking marking, Set<String> disseminationList) {
        return resource(marking, DecisionEngine.USA, disseminationList);
    }

    /**
     * The resource for a marking and dissemination list in a report owned by {@code owner}; equal
     * content, same instance and id.
     */
    public Resource resource(Marking marking, String owner, Set<String> disseminationList) {
        Key key = new Key(marking, owner, Set.copyOf(disseminationList));
        Resource r = resources.get(key);
        if (r != null) {
            return r;
        }
        if (resources.size() >= maxResources) {
            return new Resource(key.marking(), key.owner(), key.disseminationList(), -1);
        }
        return resources.computeIfAbsent(key,
                k -> new Resource(k.marking(), k.owner(), k.disseminationList(), nextId.getAndIncrement()));
    }

    /** The cache of one principal attribute set; hold it for the length of a request. */
    public Reader reader(Principal p) {
        return readers.get(p.attributes(), a -> new Reader(p));
    }

    public Decision decide(Principal p, Resource r) {
        return reader(p).decide(r);
    }

    /** Decisions for one attribute set. */
    public final class Reader {
        private final Principal principal;
        // the array is published through the volatile field; its slots are racy by design: a Decision is
        // immutable (final fields), so a reader sees either null and decides again, or a fully built decision
        private volatile Decision[] decisions = new Decision[64];

        private Reader(Principal principal) {
            this.principal = principal;
        }

        public Decision decide(Resource r) {
            int id = r.id();
            Decision[] d = decisions;
            if (id >= 0 && id < d.length) {
                Decision cached = d[id];
                if (cached != null) {
                    return cached;
                }
            }
            Decision fresh = engine.decide(principal, r.marking(), r.owner(), r.disseminationList());
            if (id >= 0) {
                remember(id, fresh);
            }
            return fresh;
        }

        private synchronized void remember(int id, Decision fresh) {
            Decision[] d = decisions;
            if (id >= d.length) {
                d = Arrays.copyOf(d, Math.min(Integer.highestOneBit(id) * 2, Math.max(maxResources, id + 1)));
            }
            d[id] = fresh;
            decisions = d;
        }
    }
}
