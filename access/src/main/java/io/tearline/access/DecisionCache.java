package io.tearline.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A bounded cache of decisions keyed by principal attribute set and resource. Two levels, so that a
 * request looks its principal up once and then pays one hash lookup per portion.
 *
 * <p>Thread-safe. Decisions depend on the engine's membership and equivalence data: when those change,
 * build a new engine and a new cache.
 */
public final class DecisionCache {

    private final DecisionEngine engine;
    private final Cache<Principal.Attributes, Reader> readers;
    private final long perReader;

    public DecisionCache(DecisionEngine engine, long maxReaders, long maxResourcesPerReader) {
        this.engine = engine;
        this.readers = Caffeine.newBuilder().maximumSize(maxReaders).build();
        this.perReader = maxResourcesPerReader;
    }

    public DecisionEngine engine() {
        return engine;
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
        private final Cache<Resource, Decision> decisions =
                Caffeine.newBuilder().maximumSize(perReader).build();

        private Reader(Principal principal) {
            this.principal = principal;
        }

        public Decision decide(Resource r) {
            Decision d = decisions.getIfPresent(r);
            if (d == null) {
                d = engine.decide(principal, r.marking(), r.disseminationList());
                decisions.put(r, d);
            }
            return d;
        }
    }
}
