package io.tearline.server.internal;

import io.tearline.access.Decision;
import io.tearline.access.Principal;
import io.tearline.alliance.ReadPolicy;
import io.tearline.store.Label;
import io.tearline.store.Portion;
import io.tearline.store.ReportStore;
import io.tearline.store.VisibleLabels;
import com.github.benmanes.caffeine.cache.Cache;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Read decisions for one principal under one policy: which labels they may see (computed once per
 * attribute set and policy, cached by the store) and, for the audit, why a portion was withheld.
 */
public final class Reads {

    private final ReportStore store;
    private final ReadPolicy policy;
    private final Principal principal;
    private final VisibleLabels visible;
    private final Map<Integer, Decision> decisions;

    /**
     * @param shared decisions already made, per attribute set and policy: a decision is made once per
     *               label, not once per request
     */
    public Reads(ReportStore store, ReadPolicy policy, Principal principal, Cache<Object, Map<Integer, Decision>> shared) {
        this.store = store;
        this.policy = policy;
        this.principal = principal;
        Key key = new Key(principal.attributes(), policy.key());
        this.decisions = shared.get(key, k -> new ConcurrentHashMap<>());
        this.visible = store.visibleLabels(key, label -> decision(label).permitsDisplay());
    }

    /** The cache key of a visibility set: attributes that decide reads, and the policy they were decided under. */
    private record Key(Principal.Attributes attributes, ReadPolicy.Key policy) {}

    public Principal principal() {
        return principal;
    }

    public VisibleLabels visible() {
        return visible;
    }

    public boolean sees(Portion p) {
        return visible.contains(p.label());
    }

    /** The full decision for a portion (reasons, obligations); decided once per label per request. */
    public Decision decision(Portion p) {
        Decision d = decisions.get(p.label());
        return d != null ? d : decision(store.label(p.label())
                .orElseThrow(() -> new IllegalStateException("portion with unknown label " + p.label())));
    }

    private Decision decision(Label l) {
        return decisions.computeIfAbsent(l.id(),
                id -> policy.decide(principal, l.marking(), l.owner(), Set.copyOf(l.orconOrgs())));
    }
}
