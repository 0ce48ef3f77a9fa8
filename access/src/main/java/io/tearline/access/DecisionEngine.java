package io.tearline.access;

import io.tearline.markings.AeaControl;
import io.tearline.markings.Classification;
import io.tearline.markings.Compartment;
import io.tearline.markings.ControlSystem;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The read decision of MARKINGS.md section 3, implemented rule by rule: a reader needs every
 * requirement of the marking, and a denial lists every one that is unmet. {@link MarkingCompiler}
 * states the same rules as an access expression; the two are tested against each other.
 *
 * <p>Immutable and thread-safe.
 */
public final class DecisionEngine {

    static final String USA = "USA";
    static final String NATO = "NATO";

    private final Membership membership;
    private final Equivalence equivalence;

    public DecisionEngine(Membership membership, Equivalence equivalence) {
        this.membership = membership;
        this.equivalence = equivalence;
    }

    public Membership membership() {
        return membership;
    }

    public Equivalence equivalence() {
        return equivalence;
    }

    /**
     * Decides a read of a portion of a US-owned report: {@link #decide(Principal, Marking, String, Set)}
     * with owner {@code USA}, so that a foreign classification in it is foreign government information
     * and its source nation reads it only when the release marking names it.
     */
    public Decision decide(Principal p, Marking m, Set<String> disseminationList) {
        return decide(p, m, USA, disseminationList);
    }

    /**
     * Decides a read.
     *
     * <p>Ownership of the report, not the classification's country, decides who reads as owner: a
     * portion classified {@code //JPN S} is read by JPN nationals without a release marking only in a
     * report JPN owns. In anybody else's report it is foreign government information: without a release
     * marking it is US only (NOFORN, MARKINGS.md 1.6), and it goes back to its source nation only when
     * the REL TO list names that nation.
     *
     * @param owner             the owner nation of the report the portion belongs to
     * @param disseminationList the organisations on the originator's ORCON (and EXDIS) dissemination
     *                          list, which the caller knows from the report
     */
    public Decision decide(Principal p, Marking m, String owner, Set<String> disseminationList) {
        List<Reason> unmet = new ArrayList<>(2);
        boolean viewOnly = nationChecks(p.nation(), m, owner, unmet);
        personChecks(p, m, disseminationList, unmet);
        if (!unmet.isEmpty()) {
            return new Decision.Deny(unmet);
        }
        Set<Obligation> obligations = EnumSet.noneOf(Obligation.class);
        if (m.has(Dissem.ORCON) || m.has(Dissem.ORCON_USGOV)) {
            obligations.add(Obligation.NO_ONWARD_RELEASE_WITHOUT_ORIGINATOR);
        }
        if (m.has(Dissem.REL_TO)) {
            obligations.add(Obligation.NO_REDISSEMINATION_BEYOND_LIST);
        }
        if (m.has(Dissem.PROPIN)) {
            obligations.add(Obligation.PROPRIETARY_ORIGINATOR_APPROVAL);
        }
        if (viewOnly) {
            obligations.add(Obligation.NO_COPY_OR_EXPORT);
            return new Decision.ViewOnly(obligations);
        }
        return new Decision.Permit(obligations);
    }

    /**
     * Whether the marking releases the portion to a nation as such: its release markings, NOFORN,
     * US-government controls, JOINT co-ownership and classification equivalence, but not any one
     * person's clearance, read-ins or organisation. The answer what-if analysis counts.
     *
     * @param owner the owner nation of the report the portion belongs to
     * @return the unmet nation-level requirements; empty when releasable
     */
    public List<Reason> nationReasons(String nation, Marking m, String owner) {
        List<Reason> unmet = new ArrayList<>(1);
        nationChecks(nation, m, owner, unmet);
        return unmet;
    }

    /** Adds the nation-level unmet requirements; returns true when the nation may only view (DISPLAY ONLY). */
    private boolean nationChecks(String nation, Marking m, String owner, List<Reason> unmet) {
        boolean us = USA.equals(nation);
        if (m.classification() instanceof Classification.Foreign f && foreignLevel(f, nation).isEmpty()) {
            unmet.add(new Reason("equivalence", "no classification equivalence between " + f.owner() + " and " + nation));
        }
        if (m.classification() instanceof Classification.Joint j && !j.owners().contains(nation)) {
            unmet.add(new Reason("joint", "JOINT material is read only by nationals of its co-owners "
                    + String.join(" ", j.owners())));
        }
        // every account is government-affiliated (Principal's contract): US nationals are US government
        if (!us && needsUsGovernment(m)) {
            unmet.add(new Reason("us-government", "needs US government affiliation (" + usGovernmentControls(m) + ")"));
        }
        if (!us && (m.has(Dissem.NOFORN) || m.has(NonIc.SBU_NOFORN) || m.has(NonIc.LES_NOFORN) || m.has(Dissem.DSEN))) {
            unmet.add(new Reason("noforn", "not releasable to foreign nationals"));
        }
        boolean viewOnly = false;
        if (!us) {
            boolean released = anyCovers(m.relTo(), nation) || anyCovers(m.eyes(), nation)
                    || readsAsOwner(m, owner, nation);
            boolean displayable = anyCovers(m.displayOnly(), nation);
            if (needsRelease(m) && !released && !displayable) {
                unmet.add(new Reason("not-released", !hasFdr(m)
                        ? (isFgi(m) ? "foreign government information without a release marking: US only"
                                : "classified without a release marking: US only")
                        : "not released to " + nation));
            }
            viewOnly = !released && displayable;
        }
        if (m.has(NonIc.NODIS)) {
            unmet.add(new Reason("nodis", "NODIS material goes to named individuals only"));
        }
        return viewOnly;
    }

    /** Adds the person-level unmet requirements: clearance, read-ins, dissemination lists. */
    private void personChecks(Principal p, Marking m, Set<String> disseminationList, List<Reason> unmet) {
        switch (m.classification()) {
            case Classification.Us c -> requireClearance(p, c.level(), c.level().banner(), unmet);
            case Classification.Joint j -> requireClearance(p, j.level(), j.level().banner(), unmet);
            case Classification.Foreign f -> {
                foreignLevel(f, p.nation()).ifPresent(needed ->
                        requireClearance(p, needed, "the equivalent of " + f.owner() + " " + f.level().banner(), unmet));
                if (f.owners().contains(NATO) && f.level() != Level.UNCLASSIFIED) {
                    requireAccess(p, NATO, unmet);
                }
            }
        }
        if (!m.sci().isEmpty() && !p.clearance().covers(Level.TOP_SECRET)) {
            unmet.add(new Reason("sci-clearance", "SCI needs a TOP SECRET clearance"));
        }
        for (String path : accessPaths(m)) {
            requireAccess(p, path, unmet);
        }
        if ((m.has(Dissem.ORCON) || m.has(NonIc.EXDIS)) && disjoint(p.orgs(), disseminationList)) {
            unmet.add(new Reason("orcon", "the originator's dissemination list does not name "
                    + (p.orgs().isEmpty() ? "the reader's organisation" : String.join(", ", p.orgs()))));
        }
    }

    private static void requireClearance(Principal p, Level level, String what, List<Reason> unmet) {
        if (!p.clearance().covers(level)) {
            unmet.add(new Reason("clearance", "needs a clearance at or above " + what));
        }
    }

    /**
     * The US-equivalent level a reader of {@code nation} needs for a foreign classification: per owner,
     * the owner's own nationals read at its level and others through the pair's equivalence; with several
     * owners every pair must be known and the highest wins; a concealed source is looked up as
     * {@value Classification.Foreign#CONCEALED}. Empty when some pair is unknown.
     */
    Optional<Level> foreignLevel(Classification.Foreign f, String nation) {
        if (f.concealed()) {
            return equivalence.usEquivalent(Classification.Foreign.CONCEALED, f.level(), nation);
        }
        Level needed = Level.UNCLASSIFIED;
        for (String owner : f.owners()) {
            Optional<Level> l = ownerLevel(owner, f.level(), nation);
            if (l.isEmpty()) {
                return Optional.empty();
            }
            needed = l.get().dominates(needed) ? l.get() : needed;
        }
        return Optional.of(needed);
    }

    /** One owner's answer: identity for its own nationals, the pair's equivalence for others. */
    Optional<Level> ownerLevel(String owner, Level level, String nation) {
        return owner.equals(nation) ? Optional.of(level) : equivalence.usEquivalent(owner, level, nation);
    }

    private boolean anyCovers(List<String> codes, String nation) {
        for (String code : codes) {
            if (membership.covers(code, nation)) {
                return true;
            }
        }
        return false;
    }

    private static void requireAccess(Principal p, String access, List<Reason> unmet) {
        if (!p.accesses().contains(access)) {
            unmet.add(new Reason("access:" + access, "needs the " + access + " read-in"));
        }
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a reader of {@code nation} reads a foreign-classified portion as its owner: the nation
     * owns the report and is among the classification's owners. The classification's country alone
     * never makes its nationals owners of a portion in somebody else's report.
     */
    static boolean readsAsOwner(Marking m, String owner, String nation) {
        return nation.equals(owner) && m.classification() instanceof Classification.Foreign f
                && f.owners().contains(nation);
    }

    /** Foreign government information: a foreign (non-US, non-JOINT) classification or an FGI marking. */
    static boolean isFgi(Marking m) {
        return m.classification() instanceof Classification.Foreign || m.fgi().isPresent();
    }

    static boolean hasFdr(Marking m) {
        return m.has(Dissem.REL_TO) || m.has(Dissem.DISPLAY_ONLY) || m.has(Dissem.EYES) || m.has(Dissem.RELIDO)
                || m.has(Dissem.NOFORN) || m.has(NonIc.SBU_NOFORN) || m.has(NonIc.LES_NOFORN);
    }

    /**
     * Whether a foreign reader needs to be named by the marking: always for classified material (no
     * release marking means US only, A8) and for foreign government information at any level (FGI
     * without FD&R is NOFORN, MARKINGS.md 1.6), and for unclassified material that carries a release list.
     */
    static boolean needsRelease(Marking m) {
        return m.level().isClassified() || isFgi(m) || m.has(Dissem.REL_TO) || m.has(Dissem.DISPLAY_ONLY)
                || m.has(Dissem.EYES) || m.has(Dissem.RELIDO);
    }

    /** Controls whose readers must be US government (federal or SLTT) affiliated. */
    static boolean needsUsGovernment(Marking m) {
        return !usGovernmentControls(m).isEmpty();
    }

    static String usGovernmentControls(Marking m) {
        List<String> c = new ArrayList<>();
        if (m.has(Dissem.ORCON_USGOV)) c.add("ORCON-USGOV");
        if (m.has(Dissem.FOUO)) c.add("FOUO");
        if (m.has(Dissem.FISA)) c.add("FISA");
        if (m.aea().controls().contains(AeaControl.DOD_UCNI)) c.add("DOD UCNI");
        if (m.aea().controls().contains(AeaControl.DOE_UCNI)) c.add("DOE UCNI");
        if (m.has(NonIc.LIMDIS)) c.add("LIMDIS");
        if (m.has(NonIc.SBU)) c.add("SBU");
        if (m.has(NonIc.LES)) c.add("LES");
        if (m.has(NonIc.SSI)) c.add("SSI");
        if (m.classification() instanceof Classification.Foreign f && f.nato()
                && f.level() == Level.UNCLASSIFIED) c.add("NATO UNCLASSIFIED");
        return String.join(", ", c);
    }

    /**
     * Every read-in the marking asks for: each SCI system, compartment and sub-compartment; each SAP
     * program path ({@code SAR-} prefixed, so SAP and SCI names never collide); Q for RD, CNWDI and
     * SIGMA read-ins; NATO for FGI that names NATO; and each NATO control marking.
     */
    static List<String> accessPaths(Marking m) {
        List<String> out = new ArrayList<>();
        for (ControlSystem s : m.sci()) {
            addPaths(s.name(), s, out);
        }
        for (ControlSystem s : m.sap()) {
            addPaths("SAR-" + s.name(), s, out);
        }
        Set<AeaControl> aea = m.aea().controls();
        if (aea.contains(AeaControl.RD) || aea.contains(AeaControl.CNWDI) || aea.contains(AeaControl.SIGMA)) {
            out.add("Q");
        }
        if (aea.contains(AeaControl.CNWDI)) {
            out.add("CNWDI");
        }
        for (int sigma : m.aea().sigmas()) {
            out.add("SIGMA " + sigma);
        }
        if (m.fgi().isPresent() && m.fgi().get().sources().contains(NATO)) {
            out.add(NATO);
        }
        for (NatoControl c : NatoControl.values()) {
            if (m.natoControls().contains(c)) {
                out.add(c.name());
            }
        }
        return out;
    }

    private static void addPaths(String root, ControlSystem s, List<String> out) {
        out.add(root);
        for (Compartment c : s.compartments()) {
            String comp = root + "-" + c.name();
            out.add(comp);
            for (String sub : c.subCompartments()) {
                out.add(comp + " " + sub);
            }
        }
    }
}
