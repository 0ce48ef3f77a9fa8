package io.tearline.server.release.guard;

import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import io.tearline.markings.Level;
import io.tearline.server.internal.Reads;
import io.tearline.server.release.Finding;
import io.tearline.server.release.Outgoing;
import io.tearline.store.Portion;
import io.tearline.store.PortionRef;
import io.tearline.store.Report;
import io.tearline.store.ReportStore;
import io.tearline.store.ReportView;
import io.tearline.store.TextWords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code spillage} check: a run of {@link ReportStore#SHARED_RUN} (8) or more consecutive
 * normalised words that the outgoing text shares with a stored portion (any report, current version)
 * that the target's readers may not read.
 *
 * <p>Candidates come from the store's fingerprint index and are verified on their text, so a hash
 * collision or a shorter overlap is never reported. "The target's readers" is a representative reader
 * of each target nation, chosen to be denied whatever any reader of that nation who may read the
 * outgoing item might be denied: cleared exactly to the item's level, with no SCI or SAP read-ins and
 * no organisations; decided by the current read policy, alliance gate included.
 *
 * <p>A re-marked portion is not compared with itself (its own text is what is being released); a
 * replacement is compared with everything, its original included. The evidence names the matching
 * report and portion (in the approver's numbering) only when the approver may read that portion.
 */
public final class Spillage {

    public static final String CHECK = "spillage";
    /** What the evidence says of a match the approver may not read. */
    public static final String UNSEEN = "matches material the approver may not see";

    private final ReportStore store;
    private final Function<Principal, Reads> reads;

    public Spillage(ReportStore store, Function<Principal, Reads> reads) {
        this.store = store;
        this.reads = reads;
    }

    public List<Finding> check(String reportId, Outgoing item, Level level, Set<String> targets, Reads approver) {
        List<PortionRef> candidates = store.sharingRuns(item.text());
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Reads> readers = new ArrayList<>();
        for (String t : targets) {
            readers.add(reads.apply(representative(t, level)));
        }
        Map<String, List<PortionRef>> counted = new LinkedHashMap<>();
        for (PortionRef ref : candidates) {
            boolean deniedToSome = false;
            for (Reads r : readers) {
                deniedToSome |= !r.visible().contains(ref.label());
            }
            if (deniedToSome) {
                counted.computeIfAbsent(ref.reportId(), k -> new ArrayList<>()).add(ref);
            }
        }
        if (counted.isEmpty()) {
            return List.of();
        }
        List<TextWords.Word> out = TextWords.words(item.text());
        String outNormal = TextWords.normalised(item.text());
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<PortionRef>> e : counted.entrySet()) {
            Optional<Report> report = store.read(e.getKey());
            if (report.isEmpty()) {
                continue; // deleted since the lookup: nothing stored to spill
            }
            Map<Integer, Portion> byIndex = new HashMap<>();
            for (Portion p : report.get().allPortions()) {
                byIndex.put(p.index(), p);
            }
            for (PortionRef ref : e.getValue()) {
                Portion p = byIndex.get(ref.index());
                if (p == null || p.label() != ref.label()) {
                    continue; // rewritten since the lookup; the new version's fingerprints are looked up next time
                }
                if (!item.replacement() && e.getKey().equals(reportId)
                        && TextWords.normalised(p.text()).equals(outNormal)) {
                    continue; // the re-marked portion itself
                }
                int[] run = sharedRun(out, TextWords.words(p.text()));
                if (run == null) {
                    continue;
                }
                int from = out.get(run[0]).start();
                int to = out.get(run[0] + run[1] - 1).end();
                findings.add(new Finding(CHECK, item.portion(), from,
                        run[1] + " consecutive words match stored material that readers of "
                                + String.join(", ", targets) + " may not read",
                        evidence(report.get(), p, approver) + ": \"" + item.text().substring(from, to) + "\""));
            }
        }
        return findings;
    }

    /** A reader of {@code nation} cleared to {@code level} with no read-ins and no organisations. */
    static Principal representative(String nation, Level level) {
        Clearance c = Clearance.NONE;
        for (Clearance x : Clearance.values()) {
            if (level.dominates(x.highest())) {
                c = x;
            }
        }
        return new Principal("release-guard:" + nation, nation, c, Set.of(), Set.of(), Set.of());
    }

    private String evidence(Report r, Portion p, Reads approver) {
        if (!approver.sees(p)) {
            return UNSEEN;
        }
        Optional<ReportView> view = store.view(r, approver.visible());
        Optional<Integer> n = view.flatMap(v -> v.numberOf(p.index()));
        if (n.isEmpty()) {
            return UNSEEN;
        }
        return "matches report " + r.id() + (n.get() == 0 ? " title" : " portion " + n.get()) + " " + p.marking();
    }

    /**
     * The first and longest run of at least {@link ReportStore#SHARED_RUN} consecutive words of
     * {@code out} that also occur consecutively in {@code stored}: {start in out, length}, or null.
     */
    static int[] sharedRun(List<TextWords.Word> out, List<TextWords.Word> stored) {
        int k = ReportStore.SHARED_RUN;
        if (out.size() < k || stored.size() < k) {
            return null;
        }
        Map<String, List<Integer>> grams = new HashMap<>();
        for (int i = 0; i + k <= stored.size(); i++) {
            grams.computeIfAbsent(gram(stored, i, k), g -> new ArrayList<>()).add(i);
        }
        for (int i = 0; i + k <= out.size(); i++) {
            List<Integer> at = grams.get(gram(out, i, k));
            if (at == null) {
                continue;
            }
            int best = 0;
            for (int j : at) {
                int len = 0;
                while (i + len < out.size() && j + len < stored.size()
                        && out.get(i + len).text().equals(stored.get(j + len).text())) {
                    len++;
                }
                best = Math.max(best, len);
            }
            return new int[] {i, best};
        }
        return null;
    }

    private static String gram(List<TextWords.Word> w, int from, int k) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + k; i++) {
            b.append(w.get(i).text()).append(' ');
        }
        return b.toString();
    }
}
