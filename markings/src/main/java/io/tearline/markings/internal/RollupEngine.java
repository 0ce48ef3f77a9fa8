package io.tearline.markings.internal;

import io.tearline.markings.Aea;
import io.tearline.markings.AeaControl;
import io.tearline.markings.Classification;
import io.tearline.markings.Compartment;
import io.tearline.markings.ControlSystem;
import io.tearline.markings.Dissem;
import io.tearline.markings.Fgi;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.NonIc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rolls valid portion markings up into a banner (MARKINGS.md section 2). Where the spec leaves a choice,
 * the stricter one: A1 (an unclassified portion with a dissemination control but no FD&R counts as
 * RELIDO), A2 (a tetragraph stays only when every contributing portion used it), A8 (a classified portion
 * without FD&R makes the banner NOFORN).
 */
final class RollupEngine {

    private final RegisterTables reg;

    RollupEngine(RegisterTables reg) {
        this.reg = reg;
    }

    /** One portion to roll up: its marking and whether it was written with a short form. */
    record Input(Marking marking, boolean relShort, boolean jointShort) {}

    /** The banner and the portions with their short forms resolved, or the reasons there is none. */
    record Output(Marking banner, List<Marking> portions, List<Problem> problems) {}

    /** A roll-up problem with the portion it concerns (-1: the document). */
    record Problem(int portion, String rule, String message) {}

    Output rollup(List<Input> in) {
        List<Problem> problems = new ArrayList<>();
        int n = in.size();

        // 1. classification
        Level max = Level.UNCLASSIFIED;
        boolean allJoint = true;
        boolean allForeign = true;
        List<String> jointOwners = null;
        List<String> foreignOwners = null;
        boolean sameJoint = true;
        boolean sameForeign = true;
        for (Input i : in) {
            Marking m = i.marking();
            if (m.level().compareTo(max) > 0) {
                max = m.level();
            }
            switch (m.classification()) {
                case Classification.Joint j -> {
                    allForeign = false;
                    if (!i.jointShort()) {
                        if (jointOwners == null) {
                            jointOwners = j.owners();
                        } else if (!jointOwners.equals(j.owners())) {
                            sameJoint = false;
                        }
                    }
                }
                case Classification.Foreign f -> {
                    allJoint = false;
                    if (f.concealed()) {
                        sameForeign = false;
                    } else if (foreignOwners == null) {
                        foreignOwners = f.owners();
                    } else if (!foreignOwners.equals(f.owners())) {
                        sameForeign = false;
                    }
                }
                case Classification.Us u -> {
                    allJoint = false;
                    allForeign = false;
                }
            }
        }
        Classification classification;
        boolean usBanner = false;
        if (allForeign && sameForeign && foreignOwners != null) {
            classification = Classification.Foreign.of(max, foreignOwners);
        } else if (allJoint && sameJoint && jointOwners != null) {
            classification = new Classification.Joint(max, jointOwners);
        } else {
            // a foreign RESTRICTED portion makes the US banner at least CONFIDENTIAL (ISM-ID-00056)
            classification = Builder.us(max == Level.RESTRICTED ? Level.CONFIDENTIAL : max);
            usBanner = true;
        }
        Level level = classification.level();
        for (int k = 0; k < n; k++) {
            if (in.get(k).jointShort() && !(classification instanceof Classification.Joint)) {
                problems.add(new Problem(k, Rules.ROLLUP_SHORT_FORM, "the short form (//JOINT S//REL) stands for the "
                        + "banner's JOINT owners and REL TO list, but this document's banner is not JOINT"));
            }
        }

        // 2. SCI, SAP, AEA and NATO controls: unions, sub-levels kept under their parents
        List<ControlSystem> sci = union(in, true);
        List<ControlSystem> sap = union(in, false);
        int aeaMask = 0;
        int natoMask = 0;
        TreeSet<Integer> sigmas = new TreeSet<>();
        for (Input i : in) {
            aeaMask |= Builder.mask(i.marking().aea().controls());
            sigmas.addAll(i.marking().aea().sigmas());
            natoMask |= Builder.mask(i.marking().natoControls());
        }
        boolean ucni = (aeaMask & (bit(AeaControl.DOD_UCNI) | bit(AeaControl.DOE_UCNI))) != 0;
        if ((aeaMask & bit(AeaControl.RD)) != 0) {
            aeaMask &= ~(bit(AeaControl.FRD) | bit(AeaControl.TFNI)); // RD takes precedence (S1 RD template)
        } else if ((aeaMask & bit(AeaControl.FRD)) != 0) {
            aeaMask &= ~bit(AeaControl.TFNI);
        }
        if (level.isClassified()) {
            aeaMask &= ~(bit(AeaControl.DOD_UCNI) | bit(AeaControl.DOE_UCNI)); // UCNI never appears in a classified banner
        }
        Aea aea = aeaMask == 0 ? Aea.NONE : new Aea(Builder.aea(aeaMask), List.copyOf(sigmas));

        // 3. dissemination controls other than FD&R, and the non-IC controls
        int dissem = 0;
        int nonIc = 0;
        boolean noforn = false;
        for (Input i : in) {
            dissem |= Builder.mask(i.marking().dissem());
            nonIc |= Builder.mask(i.marking().nonIc());
        }
        int fdrBits = bit(Dissem.NOFORN) | bit(Dissem.REL_TO) | bit(Dissem.RELIDO) | bit(Dissem.EYES) | bit(Dissem.DISPLAY_ONLY);
        dissem &= ~fdrBits;
        if ((dissem & bit(Dissem.ORCON)) != 0) {
            dissem &= ~bit(Dissem.ORCON_USGOV); // ORCON wins over ORCON-USGOV
        }
        if ((nonIc & nonIcBit(NonIc.SBU_NOFORN)) != 0) {
            nonIc = (nonIc & ~nonIcBit(NonIc.SBU_NOFORN)) | nonIcBit(NonIc.SBU);
            noforn = true;
        }
        if ((nonIc & nonIcBit(NonIc.LES_NOFORN)) != 0) {
            nonIc = (nonIc & ~nonIcBit(NonIc.LES_NOFORN)) | nonIcBit(NonIc.LES);
            noforn = true;
        }
        if ((nonIc & nonIcBit(NonIc.NODIS)) != 0) {
            nonIc &= ~nonIcBit(NonIc.EXDIS); // NODIS dominates EXDIS
        }
        if ((dissem & bit(Dissem.FOUO)) != 0) {
            boolean others = (dissem & ~bit(Dissem.FOUO)) != 0 || nonIc != 0;
            if (level.isClassified() || others) {
                dissem &= ~bit(Dissem.FOUO);
            }
        }

        // 4. FD&R
        Fdr fdr = fdr(in, noforn || (ucni && level.isClassified()));
        if (classification instanceof Classification.Joint j && !coversOwners(fdr, j.owners())) {
            // JOINT is never NOFORN and always released to its co-owners: when the portions do not allow that,
            // the document is a US one with FGI naming the co-owners (S1 §H.3)
            classification = Builder.us(level);
            usBanner = true;
            for (int k = 0; k < n; k++) {
                if (in.get(k).jointShort()) {
                    problems.add(new Problem(k, Rules.ROLLUP_SHORT_FORM, "the short form (//JOINT S//REL) stands for the "
                            + "banner's JOINT owners and REL TO list, but this document's banner is not JOINT"));
                }
            }
        }

        // 5. FGI (after FD&R, which decides whether a JOINT document keeps a JOINT banner)
        Optional<Fgi> fgi = Optional.empty();
        if (!(classification instanceof Classification.Foreign)) {
            boolean any = false;
            boolean concealed = false;
            TreeSet<String> sources = new TreeSet<>(Parser::compareCodes);
            for (Input i : in) {
                Marking m = i.marking();
                if (m.fgi().isPresent()) {
                    any = true;
                    concealed |= m.fgi().get().concealed();
                    sources.addAll(m.fgi().get().sources());
                }
                if (m.classification() instanceof Classification.Foreign f) {
                    any = true;
                    concealed |= f.concealed();
                    sources.addAll(f.owners());
                }
                if (usBanner && m.classification() instanceof Classification.Joint j) {
                    any = true;
                    for (String o : j.owners()) {
                        if (!o.equals("USA")) {
                            sources.add(o);
                        }
                    }
                }
            }
            if (any) {
                fgi = Optional.of(new Fgi(concealed ? List.of() : List.copyOf(sources)));
            }
        }

        // RELIDO and DISPLAY ONLY are not used on US information with FGI (ISM-ID-00233/234)
        if (usBanner && fgi.isPresent() && (fdr.relido || !fdr.displayOnly.isEmpty())) {
            fdr = Fdr.NOFORN;
        }
        if (fdr.noforn) {
            dissem |= bit(Dissem.NOFORN);
        }
        if (!fdr.relTo.isEmpty()) {
            dissem |= bit(Dissem.REL_TO);
        }
        if (fdr.relido) {
            dissem |= bit(Dissem.RELIDO);
        }
        if (!fdr.displayOnly.isEmpty()) {
            dissem |= bit(Dissem.DISPLAY_ONLY);
        }
        Marking banner = new Marking(classification, sci, sap, aea, fgi, Builder.dissem(dissem), fdr.relTo,
                fdr.displayOnly, List.of(), Builder.nonIc(nonIc), Builder.nato(natoMask));

        // short forms take the banner's lists
        List<Marking> portions = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Input i = in.get(k);
            Marking m = i.marking();
            if (i.relShort() && fdr.relTo.isEmpty()) {
                problems.add(new Problem(k, Rules.ROLLUP_SHORT_FORM, "REL stands for the banner's REL TO list, but the "
                        + "banner has none (" + Renderer.banner(banner) + "): write the portion's list out"));
            }
            if (i.relShort() || i.jointShort()) {
                Classification c = m.classification();
                if (i.jointShort() && classification instanceof Classification.Joint bj) {
                    c = new Classification.Joint(m.level(), bj.owners());
                }
                m = new Marking(c, m.sci(), m.sap(), m.aea(), m.fgi(), m.dissem(),
                        i.relShort() ? fdr.relTo : m.relTo(), m.displayOnly(), m.eyes(), m.nonIc(), m.natoControls());
            }
            portions.add(m);
        }
        return new Output(banner, portions, problems);
    }

    /** The FD&R outcome for the banner. */
    record Fdr(boolean noforn, List<String> relTo, boolean relido, List<String> displayOnly) {
        static final Fdr NOFORN = new Fdr(true, List.of(), false, List.of());
        static final Fdr NONE = new Fdr(false, List.of(), false, List.of());
    }

    /** Section 2 step 5: the FD&R algorithm, with A1 and A8. */
    private Fdr fdr(List<Input> in, boolean forceNoforn) {
        List<Input> contributing = new ArrayList<>(in.size());
        List<Boolean> relidoOnlyA1 = new ArrayList<>(in.size());
        boolean anyNf = forceNoforn;
        for (Input i : in) {
            Marking m = i.marking();
            boolean nf = m.has(Dissem.NOFORN) || m.has(NonIc.SBU_NOFORN) || m.has(NonIc.LES_NOFORN);
            boolean explicit = nf || m.has(Dissem.REL_TO) || m.has(Dissem.RELIDO) || m.has(Dissem.DISPLAY_ONLY)
                    || m.has(Dissem.EYES);
            if (!m.level().isClassified() && !explicit) {
                Set<AeaControl> aea = m.aea().controls();
                if (m.dissem().isEmpty() && m.nonIc().isEmpty() && !aea.contains(AeaControl.DOD_UCNI)
                        && !aea.contains(AeaControl.DOE_UCNI)) {
                    continue; // 5a: uncaveated unclassified portions do not count
                }
                contributing.add(i); // A1: a caveated unclassified portion without FD&R counts as RELIDO (S1 §H.1 example 3)
                relidoOnlyA1.add(true);
                continue;
            }
            anyNf |= nf;
            contributing.add(i);
            relidoOnlyA1.add(false);
        }
        if (anyNf) {
            return Fdr.NOFORN;
        }
        if (!relidoOnlyA1.contains(false)) {
            return Fdr.NONE; // no portion with FD&R of its own (or none at all): the banner carries none either
        }
        boolean relidoAll = true;
        boolean relAll = true;
        boolean relidoOnlyExists = false;
        for (int k = 0; k < contributing.size(); k++) {
            Marking m = contributing.get(k).marking();
            boolean a1 = relidoOnlyA1.get(k);
            boolean rel = !a1 && m.has(Dissem.REL_TO);
            boolean display = !a1 && m.has(Dissem.DISPLAY_ONLY);
            boolean relido = a1 || m.has(Dissem.RELIDO);
            if (!rel && !display && !relido) {
                return Fdr.NOFORN; // A8: a classified portion without FD&R (rules 12, 16, 17, 19)
            }
            relidoAll &= relido;
            relAll &= rel;
            relidoOnlyExists |= relido && !rel && !display;
        }
        if (!relidoAll && relidoOnlyExists) {
            return Fdr.NOFORN; // rules 10 and 18: RELIDO-only next to REL TO or DISPLAY ONLY without RELIDO
        }
        // intersections over expanded lists; short REL portions equal the result and do not narrow it
        Set<String> r = null;
        Set<String> d = null;
        List<List<String>> relLists = new ArrayList<>();
        List<List<String>> displayLists = new ArrayList<>();
        boolean anyExplicitRel = false;
        for (Input i : contributing) {
            Marking m = i.marking();
            if (i.relShort()) {
                continue;
            }
            if (m.has(Dissem.REL_TO)) {
                anyExplicitRel = true;
                relLists.add(m.relTo());
                r = r == null ? expand(m.relTo()) : retain(r, expand(m.relTo()));
            }
            List<String> shown = new ArrayList<>(m.relTo());
            shown.addAll(m.displayOnly());
            if (m.has(Dissem.REL_TO) || m.has(Dissem.DISPLAY_ONLY)) {
                displayLists.add(shown);
                d = d == null ? expand(shown) : retain(d, expand(shown));
            }
        }
        if (!relAll || r == null) {
            r = Set.of();
        }
        if (d == null) {
            d = Set.of();
        }
        boolean hasShortRel = false;
        for (Input i : contributing) {
            hasShortRel |= i.relShort();
        }
        if (hasShortRel && !anyExplicitRel) {
            return Fdr.NONE; // nothing to resolve REL against; reported by the caller through the empty list
        }
        if (relidoAll) {
            return new Fdr(false, relList(r, relLists), true, List.of());
        }
        Set<String> dOnly = new HashSet<>(d);
        dOnly.removeAll(r);
        if (hasShortRel) {
            dOnly.clear(); // a REL portion's list is the banner's list, so nothing outside it is displayable to all
        }
        if (r.isEmpty() && dOnly.isEmpty()) {
            return Fdr.NOFORN; // rules 9, 11, 20: no common code
        }
        List<String> rel = relList(r, relLists);
        List<String> display = collapse(dOnly, displayLists, false);
        return new Fdr(false, rel, false, display);
    }

    /** True when the banner's REL TO names every JOINT co-owner, directly or through a tetragraph's members. */
    private boolean coversOwners(Fdr fdr, List<String> owners) {
        if (fdr.noforn || fdr.relTo.isEmpty()) {
            return false;
        }
        Set<String> released = expand(fdr.relTo);
        released.addAll(fdr.relTo);
        for (String o : owners) {
            if (!o.equals("USA") && !released.contains(o)) {
                return false;
            }
        }
        return true;
    }

    private List<String> relList(Set<String> r, List<List<String>> lists) {
        if (r.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("USA");
        out.addAll(collapse(r, lists, true));
        return List.copyOf(out);
    }

    /**
     * A2: a tetragraph whose members were expanded comes back only when every contributing list used it;
     * its members then leave the list. Trigraphs first, then tetragraphs, each alphabetical.
     */
    private List<String> collapse(Set<String> codes, List<List<String>> lists, boolean rel) {
        if (codes.isEmpty()) {
            return List.of();
        }
        Set<String> out = new HashSet<>(codes);
        Set<String> keep = new LinkedHashSet<>();
        if (!lists.isEmpty()) {
            for (String candidate : lists.get(0)) {
                Optional<Set<String>> members = reg.members(candidate);
                if (members.isEmpty()) {
                    continue;
                }
                boolean everywhere = true;
                for (List<String> l : lists) {
                    everywhere &= l.contains(candidate);
                }
                boolean covered = true;
                for (String member : members.get()) {
                    covered &= member.equals("USA") || codes.contains(member);
                }
                if (everywhere && covered) {
                    keep.add(candidate);
                }
            }
        }
        for (String t : keep) {
            out.removeAll(reg.members(t).orElseThrow());
            out.add(t);
        }
        out.remove("USA");
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Parser::compareCodes);
        return List.copyOf(sorted);
    }

    /** Non-USA codes of a list, with FVEY, ACGU and TEYE (any tetragraph with published members) expanded. */
    private Set<String> expand(List<String> codes) {
        Set<String> out = new HashSet<>();
        for (String c : codes) {
            Optional<Set<String>> members = reg.members(c);
            if (members.isPresent()) {
                out.addAll(members.get());
            } else {
                out.add(c);
            }
        }
        out.remove("USA");
        return out;
    }

    private static Set<String> retain(Set<String> a, Set<String> b) {
        a.retainAll(b);
        return a;
    }

    /** Union of SCI systems (or SAP programs) with their compartments and sub-compartments, sorted. */
    private static List<ControlSystem> union(List<Input> in, boolean sci) {
        TreeMap<String, TreeMap<String, TreeSet<String>>> all = null;
        for (Input i : in) {
            for (ControlSystem s : sci ? i.marking().sci() : i.marking().sap()) {
                if (all == null) {
                    all = new TreeMap<>();
                }
                TreeMap<String, TreeSet<String>> comps = all.computeIfAbsent(s.name(), x -> new TreeMap<>());
                for (Compartment c : s.compartments()) {
                    comps.computeIfAbsent(c.name(), x -> new TreeSet<>()).addAll(c.subCompartments());
                }
            }
        }
        if (all == null) {
            return List.of();
        }
        List<ControlSystem> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<String, TreeSet<String>>> e : all.entrySet()) {
            List<Compartment> comps = new ArrayList<>();
            e.getValue().forEach((name, subs) -> comps.add(new Compartment(name, List.copyOf(subs))));
            out.add(new ControlSystem(e.getKey(), comps));
        }
        return List.copyOf(out);
    }

    private static int bit(Dissem d) {
        return 1 << d.ordinal();
    }

    private static int bit(AeaControl a) {
        return 1 << a.ordinal();
    }

    private static int nonIcBit(NonIc n) {
        return 1 << n.ordinal();
    }
}
