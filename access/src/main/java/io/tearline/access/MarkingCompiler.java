package io.tearline.access;

import io.tearline.markings.Classification;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.NonIc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles a marking into an Accumulo access expression, and a principal into authorizations, so that
 * the expression is accessible exactly when {@link DecisionEngine} lets the portion be displayed. The
 * same expression can be an Accumulo cell visibility.
 *
 * <p>Token vocabulary:
 * <ul>
 *   <li>{@code CLR:U}, {@code CLR:C}, {@code CLR:S}, {@code CLR:TS}: US-equivalent clearance, hierarchical
 *       (a SECRET principal holds CLR:U, CLR:C and CLR:S);</li>
 *   <li>{@code EQ:<owner>:<level>}: holds a clearance that dominates that owner's level under the
 *       owner-to-reader equivalence ({@code EQ:JPN:S}, {@code EQ:NATO:TS});</li>
 *   <li>{@code ACC:<read-in>}: an SCI, SAP, AEA or NATO read-in ({@code ACC:SI}, {@code "ACC:SI-G ABCD"});</li>
 *   <li>{@code NAT:<trigraph>}: the reader's nation; {@code TET:<tetragraph>}: a tetragraph the nation
 *       belongs to (membership is data, so expressions never change when it does);</li>
 *   <li>{@code USGOV}: US government affiliation; {@code ORG:<organisation>}: an organisation on a
 *       dissemination list; {@code NEVER}: granted to nobody (NODIS, an empty ORCON list).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class MarkingCompiler {

    private final DecisionEngine engine;

    public MarkingCompiler(DecisionEngine engine) {
        this.engine = engine;
    }

    /** The access expression of a portion of a US-owned report: {@link #compile(Marking, String, Set)} with owner USA. */
    public String compile(Marking m, Set<String> disseminationList) {
        return compile(m, DecisionEngine.USA, disseminationList);
    }

    /**
     * The access expression of a portion of a report owned by {@code owner}, with its dissemination
     * list. A foreign classification releases to its own nation only when that nation owns the report,
     * as in {@link DecisionEngine#decide(Principal, Marking, String, Set)}.
     */
    public String compile(Marking m, String owner, Set<String> disseminationList) {
        List<String> all = new ArrayList<>();
        switch (m.classification()) {
            case Classification.Us c -> all.add(clr(c.level()));
            case Classification.Foreign f -> {
                List<String> owners = f.concealed() ? List.of(Classification.Foreign.CONCEALED) : f.owners();
                for (String o : owners) {
                    all.add(token("EQ:" + o + ":" + f.level().portion()));
                }
                if (f.owners().contains(DecisionEngine.NATO) && f.level() != Level.UNCLASSIFIED) {
                    all.add("ACC:NATO");
                }
            }
            case Classification.Joint j -> {
                all.add(clr(j.level()));
                all.add(anyOf(j.owners().stream().map(o -> "NAT:" + o).toList()));
            }
        }
        if (!m.sci().isEmpty()) {
            all.add("CLR:TS");
        }
        for (String path : DecisionEngine.accessPaths(m)) {
            all.add(token("ACC:" + path));
        }
        if (DecisionEngine.needsUsGovernment(m)) {
            all.add("USGOV");
        }
        if (m.has(Dissem.NOFORN) || m.has(NonIc.SBU_NOFORN) || m.has(NonIc.LES_NOFORN) || m.has(Dissem.DSEN)) {
            all.add("NAT:USA");
        }
        if (DecisionEngine.needsRelease(m)) {
            Set<String> any = new LinkedHashSet<>();
            any.add("NAT:USA");
            if (m.classification() instanceof Classification.Foreign f && f.owners().contains(owner)) {
                any.add(token("NAT:" + owner));
            }
            for (List<String> list : List.of(m.relTo(), m.eyes(), m.displayOnly())) {
                for (String code : list) {
                    any.add((code.length() == 3 ? "NAT:" : "TET:") + code);
                }
            }
            all.add(anyOf(List.copyOf(any)));
        }
        if (m.has(Dissem.ORCON) || m.has(NonIc.EXDIS)) {
            all.add(disseminationList.isEmpty() ? "NEVER"
                    : anyOf(new TreeSet<>(disseminationList).stream().map(o -> token("ORG:" + o)).toList()));
        }
        if (m.has(NonIc.NODIS)) {
            all.add("NEVER");
        }
        return String.join("&", new LinkedHashSet<>(all));
    }

    /**
     * The token of the alliance gate for the portions at {@code level} of reports owned by {@code owner}:
     * {@code GATE:<owner>:<level>} (U, C, S or TS). A store that enforces the gate itself requires it of
     * every such portion, and a reader holds it while the gate stands open to their nation.
     */
    public static String gateToken(String owner, Level level) {
        return "GATE:" + owner + ":" + level.portion();
    }

    /** The authorizations that stand for a principal in compiled expressions. */
    public Set<String> authorizations(Principal p) {
        Set<String> auths = new TreeSet<>();
        for (Level l : List.of(Level.UNCLASSIFIED, Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET)) {
            if (p.clearance().covers(l)) {
                auths.add(clr(l));
            }
        }
        Set<String> owners = new TreeSet<>(engine.equivalence().owners());
        owners.add(p.nation());
        owners.add(Classification.Foreign.CONCEALED);
        for (String owner : owners) {
            for (Level l : Level.values()) {
                engine.ownerLevel(owner, l, p.nation())
                        .filter(needed -> p.clearance().covers(needed))
                        .ifPresent(needed -> auths.add("EQ:" + owner + ":" + l.portion()));
            }
        }
        p.accesses().forEach(a -> auths.add("ACC:" + a));
        auths.add("NAT:" + p.nation());
        engine.membership().tetragraphsOf(p.nation()).forEach(t -> auths.add("TET:" + t));
        if (DecisionEngine.USA.equals(p.nation())) {
            auths.add("USGOV");
        }
        p.orgs().forEach(o -> auths.add("ORG:" + o));
        return auths;
    }

    private static String clr(Level l) {
        return "CLR:" + l.portion();
    }

    private static String anyOf(List<String> tokens) {
        return tokens.size() == 1 ? tokens.get(0) : "(" + String.join("|", tokens) + ")";
    }

    private static String token(String t) {
        return AccessExpressions.quote(t);
    }
}
