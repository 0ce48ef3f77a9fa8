package io.tearline.server;

import io.tearline.access.DecisionCache;
import io.tearline.access.Equivalence;
import io.tearline.access.MarkingCompiler;
import io.tearline.access.Principal;
import io.tearline.alliance.Alliance;
import io.tearline.alliance.ReadPolicy;
import io.tearline.alliance.WhatIf;
import io.tearline.server.internal.Reads;
import io.tearline.store.Label;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import io.tearline.markings.Level;
import io.tearline.audit.AuditConfig;
import io.tearline.audit.AuditLog;
import io.tearline.markings.Markings;
import io.tearline.server.internal.AllianceVersions;
import io.tearline.server.internal.Policies;
import io.tearline.db.DataDir;
import io.tearline.db.Database;
import io.tearline.store.ReportStore;
import java.io.IOException;
import java.time.Clock;

/**
 * One running Tearline: the store, its index, the audit log, the alliance and the people, opened from
 * a configuration and a data directory. The HTTP server and the command line both work through it.
 */
public final class Tearline implements AutoCloseable {

    private final Config config;
    private final DataDir dir;
    private final Database db;
    private final ReportStore store;
    private final AuditLog audit;
    private final Markings markings;
    private final Policies policies;
    private final UserDirectory users;
    private final Authenticator authenticator;
    /** The decisions of the current policy: one cache per policy, replaced when the policy is. */
    private volatile Decisions decisions;

    /**
     * One policy's decision cache, and the access authorizations of each attribute set under it (for a
     * store whose replica enforces visibility itself: the compiled tokens and the open gates' tokens).
     */
    private record Decisions(ReadPolicy policy, DecisionCache cache, Map<Principal.Attributes, Set<String>> authorizations) {
        Decisions(ReadPolicy policy, DecisionCache cache) {
            this(policy, cache, new java.util.concurrent.ConcurrentHashMap<>());
        }

        /**
         * Computed once per attribute set and policy; the owners are asked then (a report of an owner first
         * seen later opens no gate until the next policy: closed, not open).
         */
        Set<String> authorizations(Principal p, java.util.function.Supplier<Set<String>> owners) {
            return authorizations.computeIfAbsent(p.attributes(), a -> {
                Set<String> auths = new java.util.TreeSet<>(new MarkingCompiler(policy.engine()).authorizations(p));
                for (String owner : owners.get()) {
                    for (Level l : Level.values()) {
                        if (policy.gateOpen(p.nation(), owner, l)) {
                            auths.add(MarkingCompiler.gateToken(owner, l));
                        }
                    }
                }
                return Set.copyOf(auths);
            });
        }
    }

    /** Shared by the decision caches of successive policies, so that their counts only grow. */
    private final com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter decisionStats =
            new com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter();

    /** Distinct attribute sets and distinct (marking, ORCON list) resources whose decisions are kept. */
    private static final int MAX_READERS = 10_000;
    private static final int MAX_RESOURCES = 1 << 16;
    private final Revocations revocations;

    private Tearline(Config config, DataDir dir, Clock clock) throws IOException {
        this.config = config;
        this.dir = dir;
        this.users = new UserDirectory(config.users());
        this.markings = Markings.standard();
        this.db = Database.open(config.store().settings(dir, System.getenv()));
        ReportStore s = null;
        AuditLog a = null;
        try {
            s = config.store().replicated()
                    ? ReportStore.open(db, dir.index(), io.tearline.store.ReplicaProvider.connect(config.store().url(),
                            config.store().user(), config.store().password(dir, System.getenv()), markings))
                    : ReportStore.open(db, dir.index());
            a = AuditLog.open(AuditConfig.of(db, dir.keys()).withOrigin(config.audit().origin()));
            this.policies = new Policies(new AllianceVersions(s), config.alliance().toAlliance(), a,
                    Equivalence.of(markings.register()), clock);
            this.revocations = Revocations.open(dir.root().resolve(Revocations.FILE));
            this.authenticator = Authenticator.open(config, dir.root(), users, revocations, clock);
        } catch (IOException | RuntimeException e) {
            if (a != null) a.close();
            if (s != null) s.close();
            db.close();
            throw e;
        }
        this.store = s;
        this.audit = a;
    }

    public static Tearline open(Config config, DataDir dir) throws IOException {
        return new Tearline(config, dir, Clock.systemDefaultZone());
    }

    public static Tearline open(Config config, DataDir dir, Clock clock) throws IOException {
        return new Tearline(config, dir, clock);
    }

    public Config config() {
        return config;
    }

    public DataDir dataDir() {
        return dir;
    }

    public ReportStore store() {
        return store;
    }

    public AuditLog audit() {
        return audit;
    }

    public Markings markings() {
        return markings;
    }

    /** The current read policy and alliance; internal to the server module. */
    public Policies policies() {
        return policies;
    }

    /** The alliance as it stands now. */
    public Alliance alliance() {
        return policies.alliance();
    }

    public UserDirectory users() {
        return users;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /** Revoked sessions (per subject, tokens issued before a time). */
    public Revocations revocations() {
        return revocations;
    }

    /** Read decisions for one principal under the current policy. */
    public Reads reads(Principal p) {
        ReadPolicy policy = policies.current();
        Decisions d = decisions;
        if (d == null || d.policy() != policy) {
            d = new Decisions(policy, new DecisionCache(policy.engine(), MAX_READERS, MAX_RESOURCES, decisionStats));
            decisions = d;
        }
        Decisions of = d;
        return new Reads(store, policy, d.cache(), p, store.replicated()
                ? Optional.of(() -> of.authorizations(p, () -> owners(policy))) : Optional.empty());
    }

    /** Every nation a report may be owned by: the alliance's and every owner the store has seen. */
    private Set<String> owners(ReadPolicy policy) {
        Set<String> owners = new java.util.TreeSet<>(policy.alliance().nations().keySet());
        store.labels().forEach(l -> owners.add(l.owner()));
        return owners;
    }

    /**
     * What-if analysis over the stored portions: all of them (the operator's view), or only those
     * {@code reader} may see.
     */
    public WhatIf.Result whatIf(WhatIf.Change change, Optional<Principal> reader) {
        return whatIf(change, reader, done -> { });
    }

    /**
     * As {@link #whatIf(WhatIf.Change, Optional)}, telling {@code portionsRead} how many stored portions
     * are read so far (every 1,000; out of the store's {@code portionCount()}).
     */
    public WhatIf.Result whatIf(WhatIf.Change change, Optional<Principal> reader, LongConsumer portionsRead) {
        long[] read = {0};
        Optional<Reads> reads = reader.map(this::reads);
        Map<Integer, Label> labels = new HashMap<>();
        for (Label l : store.labels()) {
            labels.put(l.id(), l);
        }
        List<WhatIf.Portion> portions = new ArrayList<>();
        store.forEachPortion(ref -> {
            if (reads.isEmpty() || reads.get().visible().contains(ref.label())) {
                Label l = labels.computeIfAbsent(ref.label(), id -> store.label(id).orElseThrow());
                portions.add(new WhatIf.Portion(ref.reportId(), ref.index(), l.marking(), l.owner()));
            }
            if (++read[0] % 1000 == 0) {
                portionsRead.accept(read[0]);
            }
        });
        portionsRead.accept(read[0]);
        return WhatIf.analyse(policies.alliance(), policies.equivalence(), policies.today(), change, portions);
    }

    /** The store's pooled connections, for the pool's metrics. */
    public javax.sql.DataSource dataSource() {
        return db.dataSource();
    }

    /** Hits, misses and evictions of the read-decision caches so far, for their metrics. */
    public com.github.benmanes.caffeine.cache.stats.CacheStats decisionStats() {
        return decisionStats.snapshot();
    }

    /** Today, as the read policy counts days (assessments expire at the end of their day). */
    public LocalDate today() {
        return policies.today();
    }

    @Override
    public void close() {
        audit.close();
        store.close();
        db.close();
    }
}
