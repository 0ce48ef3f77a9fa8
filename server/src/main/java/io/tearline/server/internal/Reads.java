package io.tearline.server.internal;

import io.tearline.access.Decision;
import io.tearline.access.DecisionCache;
import io.tearline.access.Principal;
import io.tearline.access.Reason;
import io.tearline.access.Resource;
import io.tearline.alliance.ReadPolicy;
import io.tearline.markings.Marking;
import io.tearline.store.Author;
import io.tearline.store.Label;
import io.tearline.store.Portion;
import io.tearline.store.ReportStore;
import io.tearline.store.VisibleLabels;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Read decisions for one principal under one policy: which labels they may see (computed once per
 * attribute set, policy and label generation, cached by the store) and, for views and the audit, each
 * portion's full decision. Decisions come from the policy's {@link DecisionCache} (the cache the
 * decision benchmarks measure: one array slot per resource and attribute set) with the alliance gate
 * on top.
 */
public final class Reads {

    private final ReportStore store;
    private final ReadPolicy policy;
    private final Principal principal;
    private final DecisionCache.Reader reader;
    private final DecisionCache cache;
    private final VisibleLabels visible;

    /** @param cache decisions over {@code policy}'s engine, shared by every request under that policy */
    public Reads(ReportStore store, ReadPolicy policy, DecisionCache cache, Principal principal) {
        this(store, policy, cache, principal, Optional.empty());
    }

    /**
     * @param authorizations the principal's access authorizations under {@code policy}, for a store
     *                       whose replica enforces visibility itself (carried by {@link #visible()})
     */
    public Reads(ReportStore store, ReadPolicy policy, DecisionCache cache, Principal principal,
                 Optional<Supplier<Set<String>>> authorizations) {
        if (cache.engine() != policy.engine()) {
            throw new IllegalArgumentException("the decision cache belongs to another policy");
        }
        this.store = store;
        this.policy = policy;
        this.principal = principal;
        this.cache = cache;
        this.reader = cache.reader(principal);
        VisibleLabels labels = store.visibleLabels(new Key(principal.attributes(), policy.key()),
                label -> decision(label).permitsDisplay());
        this.visible = authorizations.map(a -> labels.withAuthorizations(a.get())).orElse(labels);
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

    /** The full decision for a portion (reasons, obligations). */
    public Decision decision(Portion p) {
        return decision(label(p.label()));
    }

    /** The label of a stored portion. */
    public Label label(int id) {
        return store.label(id).orElseThrow(() -> new IllegalStateException("portion with unknown label " + id));
    }

    public Decision decision(Label l) {
        return decide(l.marking(), l.owner(), l.orconOrgs());
    }

    private Decision decide(Marking m, String owner, List<String> orcon) {
        Resource r = cache.resource(m, owner, Set.copyOf(orcon));
        return policy.gated(principal, m, owner, reader.decide(r));
    }

    /**
     * This principal as the author of a write: the store enforces that they write for their own nation
     * and store nothing they may not read, by this policy.
     */
    public Author author() {
        return new Author() {
            @Override
            public String nation() {
                return principal.nation();
            }

            @Override
            public List<String> whyNotRead(Marking m, String owner, List<String> orcon) {
                Decision d = decide(m, owner, orcon);
                return d.permitsDisplay() ? List.of() : d.reasons().stream().map(Reason::message).toList();
            }
        };
    }
}
