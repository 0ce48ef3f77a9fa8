package io.tearline.markings.internal.interchange;

import static io.tearline.markings.IsmAttributes.ATOMIC_ENERGY_MARKINGS;
import static io.tearline.markings.IsmAttributes.CLASSIFICATION;
import static io.tearline.markings.IsmAttributes.DISPLAY_ONLY_TO;
import static io.tearline.markings.IsmAttributes.DISSEMINATION_CONTROLS;
import static io.tearline.markings.IsmAttributes.FGI_SOURCE_OPEN;
import static io.tearline.markings.IsmAttributes.FGI_SOURCE_PROTECTED;
import static io.tearline.markings.IsmAttributes.JOINT;
import static io.tearline.markings.IsmAttributes.NON_IC_MARKINGS;
import static io.tearline.markings.IsmAttributes.NON_US_CONTROLS;
import static io.tearline.markings.IsmAttributes.OWNER_PRODUCER;
import static io.tearline.markings.IsmAttributes.RELEASABLE_TO;
import static io.tearline.markings.IsmAttributes.SAR_IDENTIFIER;
import static io.tearline.markings.IsmAttributes.SCI_CONTROLS;

import io.tearline.markings.Aea;
import io.tearline.markings.AeaControl;
import io.tearline.markings.Check;
import io.tearline.markings.Classification;
import io.tearline.markings.Compartment;
import io.tearline.markings.ControlSystem;
import io.tearline.markings.Dissem;
import io.tearline.markings.Fgi;
import io.tearline.markings.InterchangeException;
import io.tearline.markings.IsmAttributes;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.Markings;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import io.tearline.markings.Violation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Marking to and from ISM attributes (ODNI ISM.XML v10, MARKINGS.md S2). The tokens are the ISM CVE
 * values: {@code CVEnumISMClassificationAll}, {@code CVEnumISMDissem}, {@code CVEnumISMNonIC},
 * {@code CVEnumISMNonUSControls}, {@code CVEnumISMAtomicEnergyMarkings}; SCI and SAP trees are written as
 * ISM lists each level as its own token ({@code SI SI-G SI-G-ABCD}).
 *
 * <p>Choices where ISM v10 is silent or older than Tearline's register (each one is also in the schema):
 * <ul>
 *   <li>{@code OC-USGOV} is not in the v10 dissemination CVE; it is written as later ISM releases do.</li>
 *   <li>v10 has no {@code joint} attribute: a JOINT marking is US-classified with several owner-producers
 *       including USA. Tearline also writes {@code ism:joint="true"} (as later releases do) and reads either
 *       form; a multi-owner ownerProducer with USA is JOINT, one without USA is a multi-owner foreign portion
 *       ({@code //CAN GBR S}).</li>
 *   <li>A source-concealed foreign portion ({@code //FGI S}) is {@code ownerProducer="FGI"} (the CVE's
 *       first value); concealed FGI inside a US portion is {@code FGIsourceProtected="FGI"}.</li>
 *   <li>NATO classifications are {@code ownerProducer="NATO"} with the plain level; ATOMAL, BOHEMIA and BALK
 *       go to {@code nonUSControls}.</li>
 *   <li>SIGMA numbers hang under RD when RD is present, else under FRD ({@code RD-SG-14}, {@code FRD-SG-14}),
 *       as Tearline's banner writes them.</li>
 * </ul>
 * Import is strict: values must be canonical (sorted as the banner would be), and the resulting marking must
 * be VALID under Tearline's validator; nothing is normalised silently.
 */
public final class IsmMapping {

    private IsmMapping() {}

    static final Map<Dissem, String> DISSEM = new EnumMap<>(Dissem.class);
    static final Map<NonIc, String> NON_IC = new EnumMap<>(NonIc.class);
    private static final Map<String, Dissem> DISSEM_BY_TOKEN = new HashMap<>();
    private static final Map<String, NonIc> NON_IC_BY_TOKEN = new HashMap<>();

    static {
        DISSEM.put(Dissem.RSEN, "RS");
        DISSEM.put(Dissem.FOUO, "FOUO");
        DISSEM.put(Dissem.ORCON, "OC");
        DISSEM.put(Dissem.ORCON_USGOV, "OC-USGOV");
        DISSEM.put(Dissem.IMCON, "IMC");
        DISSEM.put(Dissem.NOFORN, "NF");
        DISSEM.put(Dissem.PROPIN, "PR");
        DISSEM.put(Dissem.REL_TO, "REL");
        DISSEM.put(Dissem.RELIDO, "RELIDO");
        DISSEM.put(Dissem.EYES, "EYES");
        DISSEM.put(Dissem.DSEN, "DSEN");
        DISSEM.put(Dissem.FISA, "FISA");
        DISSEM.put(Dissem.DISPLAY_ONLY, "DISPLAYONLY");
        NON_IC.put(NonIc.LIMDIS, "DS");
        NON_IC.put(NonIc.EXDIS, "XD");
        NON_IC.put(NonIc.NODIS, "ND");
        NON_IC.put(NonIc.SBU, "SBU");
        NON_IC.put(NonIc.SBU_NOFORN, "SBU-NF");
        NON_IC.put(NonIc.LES, "LES");
        NON_IC.put(NonIc.LES_NOFORN, "LES-NF");
        NON_IC.put(NonIc.SSI, "SSI");
        DISSEM.forEach((k, v) -> DISSEM_BY_TOKEN.put(v, k));
        NON_IC.forEach((k, v) -> NON_IC_BY_TOKEN.put(v, k));
    }

    // ---------------------------------------------------------------- marking -> attributes

    public static IsmAttributes attributes(Marking m) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(CLASSIFICATION, m.level().portion());
        switch (m.classification()) {
            case Classification.Us us -> a.put(OWNER_PRODUCER, "USA");
            case Classification.Foreign f -> a.put(OWNER_PRODUCER, f.concealed() ? "FGI" : String.join(" ", f.owners()));
            case Classification.Joint j -> {
                a.put(OWNER_PRODUCER, String.join(" ", j.owners()));
                a.put(JOINT, "true");
            }
        }
        put(a, SCI_CONTROLS, treeTokens(m.sci()));
        put(a, SAR_IDENTIFIER, treeTokens(m.sap()));
        put(a, ATOMIC_ENERGY_MARKINGS, aeaTokens(m.aea()));
        m.fgi().ifPresent(f -> {
            if (f.concealed()) {
                a.put(FGI_SOURCE_PROTECTED, "FGI");
            } else {
                a.put(FGI_SOURCE_OPEN, String.join(" ", f.sources()));
            }
        });
        List<String> dissem = new ArrayList<>();
        for (Dissem d : Dissem.values()) {
            if (m.has(d)) {
                if (d == Dissem.EYES) {
                    throw new InterchangeException("ism.unmappable",
                            "the legacy EYES ONLY list has no ISM attribute; convert it to REL TO first");
                }
                dissem.add(DISSEM.get(d));
            }
        }
        put(a, DISSEMINATION_CONTROLS, dissem);
        put(a, RELEASABLE_TO, m.relTo());
        put(a, DISPLAY_ONLY_TO, m.displayOnly());
        List<String> nonIc = new ArrayList<>();
        for (NonIc n : NonIc.values()) {
            if (m.has(n)) {
                nonIc.add(NON_IC.get(n));
            }
        }
        put(a, NON_IC_MARKINGS, nonIc);
        List<String> nato = new ArrayList<>();
        for (NatoControl c : NatoControl.values()) {
            if (m.natoControls().contains(c)) {
                nato.add(c.name());
            }
        }
        put(a, NON_US_CONTROLS, nato);
        return new IsmAttributes(a);
    }

    private static void put(Map<String, String> a, String name, List<String> tokens) {
        if (!tokens.isEmpty()) {
            a.put(name, String.join(" ", tokens));
        }
    }

    /** SI, SI-G, SI-G-ABCD: each level of the tree as its own token, parents first. */
    static List<String> treeTokens(List<ControlSystem> systems) {
        List<String> out = new ArrayList<>();
        for (ControlSystem s : systems) {
            out.add(s.name());
            for (Compartment c : s.compartments()) {
                out.add(s.name() + "-" + c.name());
                for (String sub : c.subCompartments()) {
                    out.add(s.name() + "-" + c.name() + "-" + sub);
                }
            }
        }
        return out;
    }

    static List<String> aeaTokens(Aea aea) {
        Set<AeaControl> c = aea.controls();
        List<String> out = new ArrayList<>();
        boolean rd = c.contains(AeaControl.RD);
        boolean frd = c.contains(AeaControl.FRD);
        if (c.contains(AeaControl.SIGMA) && !rd && !frd) {
            throw new InterchangeException("ism.unmappable", "SIGMA without RD or FRD has no ISM token");
        }
        if (rd) {
            out.add("RD");
        }
        if (c.contains(AeaControl.CNWDI)) {
            out.add("RD-CNWDI");
        }
        if (rd && c.contains(AeaControl.SIGMA)) {
            aea.sigmas().forEach(n -> out.add("RD-SG-" + n));
        }
        if (frd) {
            out.add("FRD");
            if (!rd && c.contains(AeaControl.SIGMA)) {
                aea.sigmas().forEach(n -> out.add("FRD-SG-" + n));
            }
        }
        if (c.contains(AeaControl.DOD_UCNI)) {
            out.add("DCNI");
        }
        if (c.contains(AeaControl.DOE_UCNI)) {
            out.add("UCNI");
        }
        if (c.contains(AeaControl.TFNI)) {
            out.add("TFNI");
        }
        return out;
    }

    // ---------------------------------------------------------------- attributes -> marking

    /** Where an error is reported: a document location, or none. */
    public record Where(int line, int column, String prefix) {
        public static final Where NOWHERE = new Where(0, 0, "");

        InterchangeException error(String rule, String attribute, String message) {
            return new InterchangeException(rule, message, line, column, attribute.isEmpty() ? "" : prefix + attribute);
        }
    }

    /**
     * The marking the attributes describe; VALID under Tearline's validator and written canonically.
     *
     * @throws InterchangeException naming the attribute at fault
     */
    public static Marking marking(IsmAttributes attrs, Where at) {
        Map<String, String> a = attrs.values();
        for (String name : a.keySet()) {
            if (!KNOWN.contains(name)) {
                throw at.error("ism.unsupported-attribute", name, "Tearline does not carry this ISM attribute on a portion");
            }
        }
        String cls = a.get(CLASSIFICATION);
        if (cls == null) {
            throw at.error("ism.required", CLASSIFICATION, "the classification attribute is required");
        }
        Level level = switch (cls) {
            case "U" -> Level.UNCLASSIFIED;
            case "R" -> Level.RESTRICTED;
            case "C" -> Level.CONFIDENTIAL;
            case "S" -> Level.SECRET;
            case "TS" -> Level.TOP_SECRET;
            default -> throw at.error("ism.cve", CLASSIFICATION, "'" + cls + "' is not in CVEnumISMClassificationAll (U, R, C, S, TS)");
        };
        String op = a.get(OWNER_PRODUCER);
        if (op == null) {
            throw at.error("ism.required", OWNER_PRODUCER, "ownerProducer is required with classification (ISM-ID-00012)");
        }
        List<String> owners = tokens(op, OWNER_PRODUCER, at);
        String joint = a.get(JOINT);
        if (joint != null && !joint.equals("true") && !joint.equals("false")) {
            throw at.error("ism.value", JOINT, "joint is true or false");
        }
        boolean isJoint = "true".equals(joint) || owners.size() > 1 && owners.contains("USA");
        if ("true".equals(joint) && (owners.size() < 2 || !owners.contains("USA"))) {
            throw at.error("ism.joint", OWNER_PRODUCER, "a JOINT marking lists several owner-producers, USA among them");
        }
        Classification c;
        if (isJoint) {
            c = new Classification.Joint(level, owners);
        } else if (owners.equals(List.of("USA"))) {
            c = new Classification.Us(level);
        } else if (owners.equals(List.of("FGI"))) {
            c = Classification.Foreign.concealed(level);
        } else if (owners.contains("FGI")) {
            throw at.error("ism.value", OWNER_PRODUCER, "FGI stands alone: it conceals the source");
        } else {
            c = Classification.Foreign.of(level, owners);
        }
        List<ControlSystem> sci = tree(a.get(SCI_CONTROLS), SCI_CONTROLS, at);
        List<ControlSystem> sap = tree(a.get(SAR_IDENTIFIER), SAR_IDENTIFIER, at);
        Aea aea = aea(a.get(ATOMIC_ENERGY_MARKINGS), at);
        Optional<Fgi> fgi = Optional.empty();
        String open = a.get(FGI_SOURCE_OPEN);
        String prot = a.get(FGI_SOURCE_PROTECTED);
        if (open != null && prot != null) {
            throw at.error("ism.fgi-exclusive", FGI_SOURCE_PROTECTED, "FGIsourceOpen and FGIsourceProtected are exclusive in one portion (ISM-ID-00026)");
        }
        if (prot != null) {
            if (!prot.equals("FGI")) {
                throw at.error("ism.value", FGI_SOURCE_PROTECTED,
                        "Tearline exchanges concealed sources only as the single value FGI; naming them would reveal them");
            }
            fgi = Optional.of(new Fgi(List.of()));
        } else if (open != null) {
            fgi = Optional.of(new Fgi(tokens(open, FGI_SOURCE_OPEN, at)));
        }
        Set<Dissem> dissem = EnumSet.noneOf(Dissem.class);
        for (String t : tokens(a.get(DISSEMINATION_CONTROLS), DISSEMINATION_CONTROLS, at)) {
            Dissem d = DISSEM_BY_TOKEN.get(t);
            if (d == null || d == Dissem.EYES) {
                throw at.error("ism.cve", DISSEMINATION_CONTROLS, "'" + t + "' is not a dissemination control Tearline accepts (CVEnumISMDissem)");
            }
            dissem.add(d);
        }
        List<String> relTo = tokens(a.get(RELEASABLE_TO), RELEASABLE_TO, at);
        List<String> displayOnly = tokens(a.get(DISPLAY_ONLY_TO), DISPLAY_ONLY_TO, at);
        if (dissem.contains(Dissem.REL_TO) != !relTo.isEmpty()) {
            throw at.error("ism.rel-to", RELEASABLE_TO, "releasableTo goes with the REL dissemination control and only with it (ISM-ID-00032/00034)");
        }
        if (dissem.contains(Dissem.DISPLAY_ONLY) != !displayOnly.isEmpty()) {
            throw at.error("ism.display-only", DISPLAY_ONLY_TO, "displayOnlyTo goes with the DISPLAYONLY dissemination control and only with it");
        }
        Set<NonIc> nonIc = EnumSet.noneOf(NonIc.class);
        for (String t : tokens(a.get(NON_IC_MARKINGS), NON_IC_MARKINGS, at)) {
            NonIc n = NON_IC_BY_TOKEN.get(t);
            if (n == null) {
                throw at.error("ism.cve", NON_IC_MARKINGS, "'" + t + "' is not a non-IC marking Tearline accepts (CVEnumISMNonIC)");
            }
            nonIc.add(n);
        }
        Set<NatoControl> nato = EnumSet.noneOf(NatoControl.class);
        for (String t : tokens(a.get(NON_US_CONTROLS), NON_US_CONTROLS, at)) {
            NatoControl n = switch (t) {
                case "ATOMAL" -> NatoControl.ATOMAL;
                case "BOHEMIA" -> NatoControl.BOHEMIA;
                case "BALK" -> NatoControl.BALK;
                default -> throw at.error("ism.cve", NON_US_CONTROLS, "'" + t + "' is not in CVEnumISMNonUSControls (ATOMAL, BOHEMIA, BALK)");
            };
            nato.add(n);
        }
        Marking m = new Marking(c, sci, sap, aea, fgi, dissem, relTo, displayOnly, List.of(), nonIc, nato);
        return validate(m, attrs, at);
    }

    private static final Set<String> KNOWN = Set.of(CLASSIFICATION, OWNER_PRODUCER, JOINT, SCI_CONTROLS, SAR_IDENTIFIER,
            ATOMIC_ENERGY_MARKINGS, FGI_SOURCE_OPEN, FGI_SOURCE_PROTECTED, DISSEMINATION_CONTROLS, RELEASABLE_TO,
            DISPLAY_ONLY_TO, NON_IC_MARKINGS, NON_US_CONTROLS);

    /** Tearline's validator decides; the attributes must also be the canonical ones for the marking. */
    static Marking validate(Marking m, IsmAttributes attrs, Where at) {
        String portion = m.portion();
        Check check = Markings.standard().check(portion);
        if (!(check instanceof Check.Accepted ok)) {
            Violation v = check.findings().get(0);
            throw at.error(v.rule(), attributeAt(m, portion, v.offset()), v.message() + " (as the portion mark " + portion + ")");
        }
        if (!ok.findings().isEmpty() || !ok.marking().equals(m)) {
            Violation v = ok.findings().isEmpty() ? new Violation("form.noncanonical", "values out of canonical order", 0) : ok.findings().get(0);
            throw at.error("ism.order", attributeAt(m, portion, v.offset()),
                    "values are not in canonical order: " + v.message() + "; canonical: " + attributes(ok.marking()).values());
        }
        Map<String, String> expected = new LinkedHashMap<>(attributes(m).values());
        if (m.classification() instanceof Classification.Joint && !attrs.values().containsKey(JOINT)) {
            expected.remove(JOINT); // the ISM v10 form of JOINT: several owner-producers with USA
        }
        if (!expected.equals(attrs.values())) {
            // e.g. joint written false on a JOINT marking, or an RD-CNWDI without RD in a different order
            throw at.error("ism.order", "", "the attributes are not the canonical ISM form of " + portion
                    + "; canonical: " + attributes(m).values());
        }
        return m;
    }

    /** The ISM attribute responsible for the category of the rendered portion that holds the offset. */
    static String attributeAt(Marking m, String portion, int offset) {
        List<String> segments = new ArrayList<>();
        segments.add(CLASSIFICATION);
        if (!m.sci().isEmpty() || m.natoControls().contains(NatoControl.BALK) || m.natoControls().contains(NatoControl.BOHEMIA)) {
            segments.add(m.sci().isEmpty() ? NON_US_CONTROLS : SCI_CONTROLS);
        }
        if (!m.sap().isEmpty()) {
            segments.add(SAR_IDENTIFIER);
        }
        if (!m.aea().isEmpty() || m.natoControls().contains(NatoControl.ATOMAL)) {
            segments.add(m.aea().isEmpty() ? NON_US_CONTROLS : ATOMIC_ENERGY_MARKINGS);
        }
        m.fgi().ifPresent(f -> segments.add(f.concealed() ? FGI_SOURCE_PROTECTED : FGI_SOURCE_OPEN));
        if (!m.dissem().isEmpty()) {
            segments.add(DISSEMINATION_CONTROLS);
        }
        if (!m.nonIc().isEmpty()) {
            segments.add(NON_IC_MARKINGS);
        }
        int start = portion.startsWith("(//") ? 3 : 1;
        int seg = 0;
        for (int i = start; i + 1 < Math.min(offset, portion.length()); i++) {
            if (portion.charAt(i) == '/' && portion.charAt(i + 1) == '/') {
                seg++;
                i++;
            }
        }
        String name = segments.get(Math.min(seg, segments.size() - 1));
        if (name.equals(DISSEMINATION_CONTROLS)) {
            int rel = portion.indexOf("REL TO ");
            int disp = portion.indexOf("DISPLAY ONLY ");
            if (disp >= 0 && offset >= disp) {
                return DISPLAY_ONLY_TO;
            }
            if (rel >= 0 && offset >= rel) {
                return RELEASABLE_TO;
            }
        }
        if (name.equals(CLASSIFICATION) && !(m.classification() instanceof Classification.Us)) {
            return OWNER_PRODUCER;
        }
        return name;
    }

    private static List<String> tokens(String value, String attribute, Where at) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String t : value.split(" ", -1)) {
            if (t.isEmpty()) {
                throw at.error("ism.tokens", attribute, "tokens are separated by exactly one space, with none leading or trailing");
            }
            if (out.contains(t)) {
                throw at.error("ism.duplicate", attribute, "'" + t + "' is repeated");
            }
            out.add(t);
        }
        return out;
    }

    /** Rebuilds SCI or SAP trees from ISM tokens; every compartment needs its system token before it. */
    private static List<ControlSystem> tree(String value, String attribute, Where at) {
        List<ControlSystem> out = new ArrayList<>();
        String system = null;
        List<Compartment> compartments = new ArrayList<>();
        String compartment = null;
        List<String> subs = new ArrayList<>();
        for (String t : tokens(value, attribute, at)) {
            String[] p = t.split("-", -1);
            for (String s : p) {
                if (s.isEmpty()) {
                    throw at.error("ism.tokens", attribute, "'" + t + "' has an empty part");
                }
            }
            if (p.length > 3) {
                throw at.error("ism.tokens", attribute, "'" + t + "' is nested deeper than system-compartment-subcompartment");
            }
            if (p.length == 1) {
                if (compartment != null) {
                    compartments.add(new Compartment(compartment, subs));
                    compartment = null;
                }
                if (system != null) {
                    out.add(new ControlSystem(system, compartments));
                }
                system = p[0];
                compartments = new ArrayList<>();
                subs = new ArrayList<>();
            } else if (p.length == 2) {
                if (!p[0].equals(system)) {
                    throw at.error("ism.parent", attribute, "'" + t + "' must follow its control system token " + p[0]);
                }
                if (compartment != null) {
                    compartments.add(new Compartment(compartment, subs));
                }
                compartment = p[1];
                subs = new ArrayList<>();
            } else {
                if (!p[0].equals(system) || !p[1].equals(compartment)) {
                    throw at.error("ism.parent", attribute, "'" + t + "' must follow its compartment token " + p[0] + "-" + p[1]);
                }
                subs.add(p[2]);
            }
        }
        if (compartment != null) {
            compartments.add(new Compartment(compartment, subs));
        }
        if (system != null) {
            out.add(new ControlSystem(system, compartments));
        }
        return out;
    }

    private static Aea aea(String value, Where at) {
        Set<AeaControl> c = EnumSet.noneOf(AeaControl.class);
        List<Integer> sigmas = new ArrayList<>();
        for (String t : tokens(value, ATOMIC_ENERGY_MARKINGS, at)) {
            switch (t) {
                case "RD" -> c.add(AeaControl.RD);
                case "RD-CNWDI" -> c.add(AeaControl.CNWDI);
                case "FRD" -> c.add(AeaControl.FRD);
                case "DCNI" -> c.add(AeaControl.DOD_UCNI);
                case "UCNI" -> c.add(AeaControl.DOE_UCNI);
                case "TFNI" -> c.add(AeaControl.TFNI);
                default -> {
                    String n = t.startsWith("RD-SG-") ? t.substring(6) : t.startsWith("FRD-SG-") ? t.substring(7) : null;
                    if (n == null || n.isEmpty() || n.length() > 3 || !n.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                        throw at.error("ism.cve", ATOMIC_ENERGY_MARKINGS, "'" + t + "' is not in CVEnumISMAtomicEnergyMarkings");
                    }
                    c.add(AeaControl.SIGMA);
                    sigmas.add(Integer.parseInt(n));
                }
            }
        }
        return new Aea(c, sigmas);
    }
}
