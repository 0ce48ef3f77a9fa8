package io.tearline.server.release.guard;

import io.tearline.access.Principal;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.server.Config;
import io.tearline.server.Tearline;
import io.tearline.server.internal.Reads;
import io.tearline.server.release.Finding;
import io.tearline.server.release.Outgoing;
import io.tearline.server.release.ReleaseGuard;
import io.tearline.store.ReportStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The three checks over everything that would leave, item by item: {@code dirty-word} (global terms
 * and each target's), {@code spillage}, {@code embedded-marking}. Thread-safe: the terms are fixed at
 * construction; the policy, the store and the approver's decisions are read on every call.
 */
public final class StandardGuard implements ReleaseGuard {

    private final Tearline t;
    private final Config.Guard config;
    private final java.util.Map<String, DirtyWords> dirty = new java.util.concurrent.ConcurrentHashMap<>();
    private final Spillage spillage;
    private final EmbeddedMarkings embedded;

    public StandardGuard(Tearline t) {
        this.t = t;
        this.config = t.config().guard();
        this.spillage = new Spillage(t.store(), t::reads);
        this.embedded = new EmbeddedMarkings(t.markings());
    }

    @Override
    public List<Finding> check(String reportId, List<Outgoing> items, Set<String> targets, Principal approver) {
        Set<String> to = new LinkedHashSet<>(targets);
        ReportStore.Labelled head = t.store().labelled(reportId);
        String owner = head.owner();
        Reads approverReads = t.reads(approver);
        List<Finding> out = new ArrayList<>();
        for (Outgoing item : items) {
            for (String target : to) {
                out.addAll(dirty.computeIfAbsent(target, n -> new DirtyWords(config.termsFor(n))).check(item));
            }
            out.addAll(spillage.check(reportId, item, level(item), to, approverReads));
            out.addAll(embedded.check(item, t.policies().current(), owner, to));
        }
        return distinct(out);
    }

    /** The item's level; an unparsable marking counts as UNCLASSIFIED, so the most stored material counts as spilt. */
    private Level level(Outgoing item) {
        try {
            Marking m = t.markings().parse(item.marking());
            return m.level();
        } catch (RuntimeException e) {
            return Level.UNCLASSIFIED;
        }
    }

    /** A global term is found once however many targets there are. */
    private static List<Finding> distinct(List<Finding> findings) {
        return List.copyOf(new LinkedHashSet<>(findings));
    }
}
