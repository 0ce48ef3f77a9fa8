package io.tearline.markings.internal.interchange;

import io.tearline.markings.Classification;
import io.tearline.markings.ConfidentialityLabel;
import io.tearline.markings.ConfidentialityLabel.Category;
import io.tearline.markings.ConfidentialityLabel.Type;
import io.tearline.markings.Dissem;
import io.tearline.markings.InterchangeException;
import io.tearline.markings.IsmAttributes;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marking to and from a STANAG 4774 confidentiality label (MARKINGS.md section 6). The public material on
 * 4774 is secondary (S5) and no NATO or national SPIF is public, so most of this mapping is Tearline's own
 * choice; each one is written beside the code that makes it.
 *
 * <p>The categories carry the marking losslessly. Values are the ISM tokens of {@link IsmMapping}, so the
 * two exchanged forms of one marking use one vocabulary:
 * <pre>
 *   TagName                          Type         values
 *   SCI                              RESTRICTIVE  SCI tokens (SI SI-G SI-G-ABCD)
 *   Special Access                   RESTRICTIVE  SAP tokens (BP BP-J12)
 *   Atomic Energy                    RESTRICTIVE  AEA tokens (RD RD-CNWDI RD-SG-14)
 *   Additional Sensitivity           RESTRICTIVE  ATOMAL, BOHEMIA, BALK (NATO policy)
 *   Nationality                      RESTRICTIVE  NOFORN
 *   Releasable To                    PERMISSIVE   the REL TO list, USA first (USA GBR FVEY)
 *   Handling                         INFORMATIVE  other dissemination tokens (OC, PR, RELIDO, FOUO...)
 *   Display Only To                  INFORMATIVE  the DISPLAY ONLY list
 *   Foreign Government Information   INFORMATIVE  FGI sources, or FGI when concealed
 *   Non-IC Handling                  INFORMATIVE  non-IC tokens (DS, XD, LES-NF...)
 * </pre>
 */
public final class LabelMapping {

    private LabelMapping() {}

    /** The NATO policy identifier as reported for ADatP-4774 (S5, [SEC]). */
    public static final String NATO_POLICY_URI = "urn:oid:1.3.26.1.3.1";
    public static final String NATO_POLICY = "NATO";
    /**
     * National policies: no national SPIF or policy OID is public, so Tearline names each national policy
     * by a URN of its own with the owner's trigraph ({@code urn:tearline:policy:GBR}). A deployment that
     * holds the real SPIFs replaces these identifiers; the open choice is here and in README.md.
     */
    public static final String NATIONAL_POLICY_PREFIX = "urn:tearline:policy:";

    static final String SCI = "SCI";
    static final String SAP = "Special Access";
    static final String AEA = "Atomic Energy";
    static final String ADDITIONAL = "Additional Sensitivity";
    static final String NATIONALITY = "Nationality";
    static final String RELEASABLE_TO = "Releasable To";
    static final String HANDLING = "Handling";
    static final String DISPLAY_ONLY = "Display Only To";
    static final String FGI = "Foreign Government Information";
    static final String NON_IC = "Non-IC Handling";

    private static final Map<String, Type> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put(SCI, Type.RESTRICTIVE);
        TYPES.put(SAP, Type.RESTRICTIVE);
        TYPES.put(AEA, Type.RESTRICTIVE);
        TYPES.put(ADDITIONAL, Type.RESTRICTIVE);
        TYPES.put(NATIONALITY, Type.RESTRICTIVE);
        TYPES.put(RELEASABLE_TO, Type.PERMISSIVE);
        TYPES.put(HANDLING, Type.INFORMATIVE);
        TYPES.put(DISPLAY_ONLY, Type.INFORMATIVE);
        TYPES.put(FGI, Type.INFORMATIVE);
        TYPES.put(NON_IC, Type.INFORMATIVE);
    }

    /** NATO classification names, lowest first (S13; the NATO SPIF's own spelling was not available). */
    private static final String[] NATO_NAMES = {"NATO UNCLASSIFIED", "NATO RESTRICTED", "NATO CONFIDENTIAL", "NATO SECRET", "COSMIC TOP SECRET"};

    // ---------------------------------------------------------------- marking -> label

    public static ConfidentialityLabel label(Marking m, Instant created) {
        String uri;
        String name;
        String cls;
        switch (m.classification()) {
            case Classification.Foreign f when f.nato() -> {
                uri = NATO_POLICY_URI;
                name = NATO_POLICY;
                cls = NATO_NAMES[f.level().ordinal()];
            }
            case Classification.Foreign f when f.concealed() -> throw new InterchangeException("stanag4774.unmappable",
                    "a source-concealed foreign portion (" + m.portion() + ") names no policy; a 4774 label must name its owner's policy");
            case Classification.Foreign f when f.owners().size() > 1 -> throw new InterchangeException("stanag4774.unmappable",
                    "a portion owned by several nations (" + m.portion() + ") has no single 4774 policy");
            case Classification.Foreign f -> {
                uri = NATIONAL_POLICY_PREFIX + f.owner();
                name = f.owner();
                cls = f.level().banner();
            }
            // US markings: no public US SPIF exists (section 6.3); the US policy is named like the national ones.
            case Classification.Us us -> {
                uri = NATIONAL_POLICY_PREFIX + "USA";
                name = "USA";
                cls = us.level().banner();
            }
            // JOINT: co-owned under several national policies at once; 4774 has one PolicyIdentifier per label.
            case Classification.Joint j -> throw new InterchangeException("stanag4774.unmappable",
                    "a JOINT marking (" + m.banner() + ") is owned under several policies; a 4774 label has exactly one");
        }
        if (m.level() == Level.RESTRICTED && !(m.classification() instanceof Classification.Foreign)) {
            throw new InterchangeException("stanag4774.unmappable", "RESTRICTED exists only in non-US policies");
        }
        IsmAttributes a = IsmMapping.attributes(m);
        List<Category> cats = new ArrayList<>();
        add(cats, SCI, a.get(IsmAttributes.SCI_CONTROLS).orElse(null));
        add(cats, SAP, a.get(IsmAttributes.SAR_IDENTIFIER).orElse(null));
        add(cats, AEA, a.get(IsmAttributes.ATOMIC_ENERGY_MARKINGS).orElse(null));
        add(cats, ADDITIONAL, a.get(IsmAttributes.NON_US_CONTROLS).orElse(null));
        // NOFORN: section 6.3 - no release category, and a restrictive value so that an absent release
        // category can never be read as "unrestricted". Only holders of the NOFORN value (nationals of the
        // owner) satisfy it.
        if (m.has(Dissem.NOFORN)) {
            add(cats, NATIONALITY, "NF");
        }
        add(cats, RELEASABLE_TO, a.get(IsmAttributes.RELEASABLE_TO).orElse(null));
        // ORCON, PROPIN, RELIDO, DISPLAY ONLY and the rest are obligations the service enforces, not access
        // categories (section 6.3): they travel as INFORMATIVE so that nothing is lost.
        List<String> handling = new ArrayList<>();
        for (Dissem d : Dissem.values()) {
            if (m.has(d) && d != Dissem.NOFORN && d != Dissem.REL_TO) {
                handling.add(IsmMapping.DISSEM.get(d));
            }
        }
        add(cats, HANDLING, handling.isEmpty() ? null : String.join(" ", handling));
        add(cats, DISPLAY_ONLY, a.get(IsmAttributes.DISPLAY_ONLY_TO).orElse(null));
        add(cats, FGI, a.get(IsmAttributes.FGI_SOURCE_OPEN).or(() -> a.get(IsmAttributes.FGI_SOURCE_PROTECTED)).orElse(null));
        add(cats, NON_IC, a.get(IsmAttributes.NON_IC_MARKINGS).orElse(null));
        return new ConfidentialityLabel(uri, name, cls, cats, created);
    }

    private static void add(List<Category> cats, String tag, String tokens) {
        if (tokens != null) {
            cats.add(new Category(tag, TYPES.get(tag), List.of(tokens.split(" "))));
        }
    }

    // ---------------------------------------------------------------- label -> marking

    public static Marking marking(ConfidentialityLabel label, IsmMapping.Where at) {
        String owner;
        Level level;
        if (label.policyUri().equals(NATO_POLICY_URI)) {
            if (!label.policyName().equals(NATO_POLICY)) {
                throw at.error("stanag4774.policy", "PolicyIdentifier", "the NATO policy URI goes with the name NATO, not " + label.policyName());
            }
            owner = "NATO";
            level = null;
            for (int i = 0; i < NATO_NAMES.length; i++) {
                if (NATO_NAMES[i].equals(label.classification())) {
                    level = Level.values()[i];
                }
            }
        } else if (label.policyUri().startsWith(NATIONAL_POLICY_PREFIX)) {
            owner = label.policyUri().substring(NATIONAL_POLICY_PREFIX.length());
            if (!owner.equals(label.policyName())) {
                throw at.error("stanag4774.policy", "PolicyIdentifier", "policy " + label.policyUri() + " is named " + owner + ", not " + label.policyName());
            }
            if (owner.equals("NATO") || owner.equals("FGI") || owner.length() != 3) {
                throw at.error("stanag4774.policy", "PolicyIdentifier", "a national policy names one nation by its trigraph");
            }
            level = null;
            for (Level l : Level.values()) {
                if (l.banner().equals(label.classification())) {
                    level = l;
                }
            }
        } else {
            throw at.error("stanag4774.policy", "PolicyIdentifier", "unknown security policy " + label.policyUri());
        }
        if (level == null) {
            throw at.error("stanag4774.classification", "Classification", "'" + label.classification() + "' is not a classification of policy " + label.policyName());
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put(IsmAttributes.CLASSIFICATION, level.portion());
        a.put(IsmAttributes.OWNER_PRODUCER, owner);
        Set<String> seen = new HashSet<>();
        List<String> dissem = new ArrayList<>();
        String fgi = null;
        for (Category c : label.categories()) {
            Type expected = TYPES.get(c.tagName());
            if (expected == null) {
                throw at.error("stanag4774.category", "Category", "unknown category '" + c.tagName() + "' in policy " + label.policyName());
            }
            if (expected != c.type()) {
                throw at.error("stanag4774.category", "Category", "category '" + c.tagName() + "' is " + expected + ", not " + c.type());
            }
            if (!seen.add(c.tagName())) {
                throw at.error("stanag4774.category", "Category", "category '" + c.tagName() + "' appears twice");
            }
            if (c.values().isEmpty()) {
                throw at.error("stanag4774.category", "Category", "category '" + c.tagName() + "' has no value");
            }
            for (String v : c.values()) {
                if (v.isEmpty() || v.indexOf(' ') >= 0) {
                    throw at.error("stanag4774.value", "GenericValue", "'" + v + "' in category '" + c.tagName() + "' is not a single token");
                }
            }
            String joined = String.join(" ", c.values());
            switch (c.tagName()) {
                case SCI -> a.put(IsmAttributes.SCI_CONTROLS, joined);
                case SAP -> a.put(IsmAttributes.SAR_IDENTIFIER, joined);
                case AEA -> a.put(IsmAttributes.ATOMIC_ENERGY_MARKINGS, joined);
                case ADDITIONAL -> a.put(IsmAttributes.NON_US_CONTROLS, joined);
                case NATIONALITY -> {
                    if (!c.values().equals(List.of("NF"))) {
                        throw at.error("stanag4774.value", "GenericValue", "category 'Nationality' has the single value NF");
                    }
                }
                case RELEASABLE_TO -> a.put(IsmAttributes.RELEASABLE_TO, joined);
                case HANDLING -> {
                    for (String v : c.values()) {
                        if (v.equals("NF") || v.equals("REL")) {
                            throw at.error("stanag4774.value", "GenericValue", v + " is carried by its own category, not by 'Handling'");
                        }
                    }
                    dissem.addAll(c.values());
                }
                case DISPLAY_ONLY -> a.put(IsmAttributes.DISPLAY_ONLY_TO, joined);
                case FGI -> fgi = joined;
                case NON_IC -> a.put(IsmAttributes.NON_IC_MARKINGS, joined);
                default -> throw new IllegalStateException(c.tagName());
            }
        }
        if (seen.contains(NATIONALITY)) {
            dissem.add("NF");
        }
        if (seen.contains(RELEASABLE_TO)) {
            dissem.add("REL");
        }
        if (!dissem.isEmpty()) {
            // back into Register order; unknown tokens are left for the ISM mapping to name
            List<String> ordered = new ArrayList<>();
            for (Dissem d : Dissem.values()) {
                if (dissem.contains(IsmMapping.DISSEM.get(d))) {
                    ordered.add(IsmMapping.DISSEM.get(d));
                }
            }
            for (String t : dissem) {
                if (!ordered.contains(t)) {
                    ordered.add(t);
                }
            }
            a.put(IsmAttributes.DISSEMINATION_CONTROLS, String.join(" ", ordered));
        }
        if (fgi != null) {
            a.put(fgi.equals("FGI") ? IsmAttributes.FGI_SOURCE_PROTECTED : IsmAttributes.FGI_SOURCE_OPEN, fgi);
        }
        Marking m;
        try {
            m = IsmMapping.marking(new IsmAttributes(a), IsmMapping.Where.NOWHERE);
        } catch (InterchangeException e) {
            throw at.error(e.rule(), "Category", "the label does not describe a valid marking: " + e.getMessage());
        }
        if (!label(m, label.created()).equals(label)) {
            throw at.error("stanag4774.order", "Category", "the label is not in the canonical form for " + m.banner()
                    + " (categories and values in Tearline's order)");
        }
        return m;
    }
}
