package io.tearline.markings.internal;

import static io.tearline.markings.internal.Rules.*;

import io.tearline.markings.AeaControl;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.NonIc;
import io.tearline.markings.internal.Parsed.CodeList;
import io.tearline.markings.internal.Parsed.Node;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The combination rules of MARKINGS.md section 1.9 and the per-control constraints of sections 1.3 and
 * 1.4, applied to what the scanner read. Each finding points at the element that breaks the rule (for a
 * forbidden pair, the one written second).
 */
final class Validator {

    private Validator() {}

    private static final Set<String> COMPARTMENT_AS_SYSTEM = Set.of("G", "EU", "NK", "BLFH", "IDIT", "KAND", "O", "P",
            "GAMMA", "ECRU", "NONBOOK", "BLUEFISH", "IDITAROD", "KANDIK");

    static void validate(Parsed p, RegisterTables reg) {
        Level l = p.level;
        fdr(p);
        controls(p, l);
        if (p.sci != null) {
            sciRegister(p, reg);
        }
        if (p.sci != null && l != null) {
            sci(p, l);
        }
        if (p.sap != null && !p.sap.isEmpty() && l == Level.UNCLASSIFIED) {
            p.report(SAP_UNCLASSIFIED, "SAP is never UNCLASSIFIED: a SAP marking needs a classification (S1 §H.5)",
                    p.sapOffset);
        }
        joint(p, reg);
        if (l != null) {
            aea(p, l, reg);
        }
        fgi(p);
        nato(p);
        foreignLevel(p, reg);
    }

    private static int later(int a, int b) {
        return Math.max(a, b);
    }

    // ---------------------------------------------------------------- FD&R

    private static void fdr(Parsed p) {
        if (p.has(Dissem.NOFORN)) {
            int nf = p.offset(Dissem.NOFORN);
            if (p.has(Dissem.REL_TO)) {
                p.report(NOFORN_EXCLUSIVE, "NOFORN and REL TO are mutually exclusive: information is either not "
                        + "releasable or released to a list (ISM-ID-00033)", later(nf, p.offset(Dissem.REL_TO)));
            }
            if (p.has(Dissem.RELIDO)) {
                p.report(NOFORN_EXCLUSIVE, "NOFORN and RELIDO are mutually exclusive (ISM-ID-00169)",
                        later(nf, p.offset(Dissem.RELIDO)));
            }
            if (p.has(Dissem.EYES)) {
                p.report(NOFORN_EXCLUSIVE, "NOFORN and EYES ONLY are mutually exclusive (ISM-ID-00033)",
                        later(nf, p.offset(Dissem.EYES)));
            }
            if (p.has(Dissem.DISPLAY_ONLY)) {
                p.report(NOFORN_EXCLUSIVE, "NOFORN and DISPLAY ONLY are mutually exclusive (S1 NOFORN template)",
                        later(nf, p.offset(Dissem.DISPLAY_ONLY)));
            }
        }
        if (p.has(Dissem.REL_TO) && p.has(Dissem.EYES)) {
            p.report(REL_TO_EYES, "REL TO and EYES ONLY are mutually exclusive (ISM-ID-00033)",
                    later(p.offset(Dissem.REL_TO), p.offset(Dissem.EYES)));
        }
        if (p.has(Dissem.RELIDO) && p.has(Dissem.DISPLAY_ONLY)) {
            p.report(RELIDO_DISPLAY_ONLY, "RELIDO and DISPLAY ONLY are mutually exclusive (S1; ISM-ID-00169)",
                    later(p.offset(Dissem.RELIDO), p.offset(Dissem.DISPLAY_ONLY)));
        }
        if ((p.has(NonIc.SBU_NOFORN) || p.has(NonIc.LES_NOFORN))
                && (p.has(Dissem.REL_TO) || p.has(Dissem.RELIDO) || p.has(Dissem.DISPLAY_ONLY) || p.has(Dissem.EYES))) {
            NonIc n = p.has(NonIc.SBU_NOFORN) ? NonIc.SBU_NOFORN : NonIc.LES_NOFORN;
            p.report(NON_IC_RELEASE, (n == NonIc.SBU_NOFORN ? "SBU NOFORN" : "LES NOFORN")
                    + " is not releasable to foreign nationals and cannot carry a release marking", p.offset(n));
        }
    }

    // ---------------------------------------------------------------- other controls

    private static void controls(Parsed p, Level l) {
        boolean orcon = p.has(Dissem.ORCON);
        boolean usgov = p.has(Dissem.ORCON_USGOV);
        if (l != null && !l.isClassified() && (orcon || usgov)) {
            p.report(ORCON_UNCLASSIFIED, (orcon ? "ORCON" : "ORCON-USGOV") + " is used only on classified information "
                    + "(ISM-ID-00028)", p.offset(orcon ? Dissem.ORCON : Dissem.ORCON_USGOV));
        }
        if (orcon && usgov) {
            p.report(ORCON_WITH_USGOV, "ORCON and ORCON-USGOV never appear together; a portion that holds both is "
                    + "marked ORCON (S1)", later(p.offset(Dissem.ORCON), p.offset(Dissem.ORCON_USGOV)));
        }
        if ((orcon || usgov) && p.has(Dissem.RELIDO)) {
            p.report(ORCON_RELIDO, (orcon ? "ORCON" : "ORCON-USGOV") + " and RELIDO are mutually exclusive: only the "
                    + "originator decides further dissemination (S1)", p.offset(Dissem.RELIDO));
        }
        if (l != null && l.isClassified() && p.has(Dissem.FOUO)) {
            p.report(FOUO_CLASSIFIED, "FOUO is used only with UNCLASSIFIED (ISM-ID-00030)", p.offset(Dissem.FOUO));
        }
        if (l != null && l.compareTo(Level.SECRET) < 0) {
            if (p.has(Dissem.IMCON)) {
                p.report(IMCON_LEVEL, "IMCON is used only with TOP SECRET or SECRET (ISM-ID-00107)", p.offset(Dissem.IMCON));
            }
            if (p.has(Dissem.RSEN)) {
                p.report(RSEN_LEVEL, "RSEN is used only with TOP SECRET or SECRET (ISM-ID-00164)", p.offset(Dissem.RSEN));
            }
        }
        boolean nf = p.has(Dissem.NOFORN);
        if (p.has(NonIc.EXDIS) && !nf) {
            p.report(NON_IC_NOFORN, "EXDIS requires NOFORN (ISM-ID-00313)", p.offset(NonIc.EXDIS));
        }
        if (p.has(NonIc.NODIS) && !nf) {
            p.report(NON_IC_NOFORN, "NODIS requires NOFORN (ISM-ID-00314)", p.offset(NonIc.NODIS));
        }
        if (p.has(NonIc.EXDIS) && p.has(NonIc.NODIS)) {
            p.report(NON_IC_EXDIS_NODIS, "EXDIS and NODIS are mutually exclusive (ISM-ID-00038)", p.offset(NonIc.NODIS));
        }
    }

    // ---------------------------------------------------------------- SCI

    /**
     * Every SCI control system must be in the register (MARKINGS.md 1.3). Compartments written as systems
     * and grouping indicators are left to their own rules, which say more than "unknown".
     */
    private static void sciRegister(Parsed p, RegisterTables reg) {
        for (Node sys : p.sci) {
            String name = sys.name;
            if (reg.isSciSystem(name) || COMPARTMENT_AS_SYSTEM.contains(name) || name.equals("ECI")) {
                continue;
            }
            String miss = Vocab.nearMiss(name, 0, name.length());
            p.report(UNKNOWN, "'" + name + "' is not a registered SCI control system"
                    + (miss != null ? " (did you mean " + miss + "?)" : ""), sys.offset);
        }
    }

    private static void sci(Parsed p, Level l) {
        if (p.sci.isEmpty()) {
            return;
        }
        if (l == Level.UNCLASSIFIED) {
            p.report(SCI_UNCLASSIFIED, "SCI is never UNCLASSIFIED (ISM-ID-00016)", p.sci.get(0).offset);
        }
        boolean orcon = p.has(Dissem.ORCON);
        boolean usgov = p.has(Dissem.ORCON_USGOV);
        boolean nf = p.has(Dissem.NOFORN);
        boolean ts = l == Level.TOP_SECRET;
        boolean tsOrS = l == Level.TOP_SECRET || l == Level.SECRET;
        for (Node sys : p.sci) {
            grouping(p, sys);
            switch (sys.name) {
                case "SI" -> {
                    if (!tsOrS && l != Level.CONFIDENTIAL && l != Level.UNCLASSIFIED) {
                        p.report(SCI_LEVEL, "SI is used only with TOP SECRET, SECRET or CONFIDENTIAL (ISM-ID-00043)", sys.offset);
                    }
                    for (Node c : sys.kids()) {
                        switch (c.name) {
                            case "G" -> {
                                if (!ts) {
                                    p.report(SI_G_LEVEL, "SI-G (GAMMA) is TOP SECRET only (ISM-ID-00044)", c.offset);
                                }
                                if (!orcon) {
                                    p.report(SI_G_ORCON, "SI-G (GAMMA) requires ORCON (ISM-ID-00045)", c.offset);
                                }
                                if (usgov) {
                                    p.report(SI_G_ORCON_USGOV, "SI-G (GAMMA) is never ORCON-USGOV (ISM-ID-00341)",
                                            p.offset(Dissem.ORCON_USGOV));
                                }
                                for (Node sub : c.kids()) {
                                    if (!letters(sub.name, 4, 4)) {
                                        p.report(SCI_FORMAT, "a GAMMA sub-compartment is four letters, not " + sub.name, sub.offset);
                                    }
                                }
                            }
                            case "EU", "NK" -> {
                                if (!ts) {
                                    p.report(SCI_COMPARTMENT_LEVEL, "SI-" + c.name + " is TOP SECRET only", c.offset);
                                }
                            }
                            default -> {
                                if (!alnum(c.name, 2, 3)) {
                                    p.report(SCI_FORMAT, "an SI compartment is two or three characters (G, EU and NK aside), not "
                                            + c.name, c.offset);
                                }
                                if (!ts) {
                                    p.report(SCI_COMPARTMENT_LEVEL, "SI-" + c.name + " is TOP SECRET only (SI compartments)", c.offset);
                                }
                            }
                        }
                    }
                }
                case "TK" -> {
                    if (!tsOrS && l != Level.UNCLASSIFIED) {
                        p.report(TK_LEVEL, "TK is used only with TOP SECRET or SECRET (ISM-ID-00047)", sys.offset);
                    }
                    for (Node c : sys.kids()) {
                        boolean published = c.name.equals("BLFH") || c.name.equals("IDIT") || c.name.equals("KAND");
                        if (c.name.equals("BLFH") && !ts) {
                            p.report(SCI_COMPARTMENT_LEVEL, "TK-BLFH is TOP SECRET only", c.offset);
                        }
                        if (published && !nf) {
                            p.report(SCI_NOFORN, "TK-" + c.name + " requires NOFORN (S1)", c.offset);
                        }
                        for (Node sub : c.kids()) {
                            if (!alnum(sub.name, 1, 6)) {
                                p.report(SCI_FORMAT, "a TK sub-compartment is up to six letters and digits", sub.offset);
                            }
                        }
                    }
                }
                case "HCS" -> {
                    if (sys.kids().isEmpty()) {
                        p.report(HCS_BARE, "bare HCS is legacy: HCS requires its compartment, HCS-O or HCS-P (S1 Table 4)", sys.offset);
                    }
                    for (Node c : sys.kids()) {
                        if (c.name.equals("O")) {
                            if (!tsOrS && l != Level.UNCLASSIFIED) {
                                p.report(SCI_LEVEL, "HCS-O is used only with TOP SECRET or SECRET", c.offset);
                            }
                            if (!orcon) {
                                p.report(HCS_ORCON, "HCS-O requires ORCON (S1)", c.offset);
                            }
                            if (usgov) {
                                p.report(HCS_ORCON_USGOV, "HCS-O is never ORCON-USGOV (S1)", p.offset(Dissem.ORCON_USGOV));
                            }
                            if (!nf) {
                                p.report(SCI_NOFORN, "HCS-O requires NOFORN (S1)", c.offset);
                            }
                        } else if (c.name.equals("P")) {
                            if (!tsOrS && l != Level.UNCLASSIFIED) {
                                p.report(SCI_LEVEL, "HCS-P is used only with TOP SECRET or SECRET", c.offset);
                            }
                            if (!nf) {
                                p.report(SCI_NOFORN, "HCS-P requires NOFORN (S1)", c.offset);
                            }
                            for (Node sub : c.kids()) {
                                if (!alnum(sub.name, 1, 6)) {
                                    p.report(SCI_FORMAT, "an HCS-P sub-compartment is up to six letters and digits", sub.offset);
                                }
                                if (!ts) {
                                    p.report(SCI_COMPARTMENT_LEVEL, "HCS-P sub-compartments are TOP SECRET only", sub.offset);
                                }
                                if (!orcon) {
                                    p.report(HCS_ORCON, "HCS-P sub-compartments require ORCON (S1)", sub.offset);
                                }
                            }
                        }
                    }
                }
                case "RSV" -> {
                    if (sys.kids().isEmpty()) {
                        p.report(RSV_BARE, "bare RSV is never valid: RSV requires its compartment (ISM-ID-00243)", sys.offset);
                    } else if (!tsOrS && l != Level.UNCLASSIFIED) {
                        p.report(SCI_LEVEL, "RSV compartments are used only with TOP SECRET or SECRET", sys.offset);
                    }
                    for (Node c : sys.kids()) {
                        if (!alnum(c.name, 1, 3)) {
                            p.report(SCI_FORMAT, "an RSV compartment is up to three letters and digits", c.offset);
                        }
                    }
                }
                case "KDK" -> p.report(SCI_LEGACY, "KLONDIKE (KDK) is legacy: it was replaced by TK-BLFH, TK-IDIT and TK-KAND",
                        sys.offset);
                default -> {
                    if (COMPARTMENT_AS_SYSTEM.contains(sys.name)) {
                        p.report(SCI_PARENT, sys.name + " is a compartment, not a control system: write it after its system, "
                                + "e.g. SI-G, TK-BLFH, HCS-P (ISM-ID-00186/187)", sys.offset);
                    }
                }
            }
        }
    }

    private static void grouping(Parsed p, Node sys) {
        if (sys.name.equals("ECI")) {
            p.report(SCI_GROUPING, "grouping indicators such as ECI are not written in SCI markings (S1)", sys.offset);
            return;
        }
        for (Node c : sys.kids()) {
            if (c.name.equals("ECI")) {
                p.report(SCI_GROUPING, "grouping indicators such as ECI are not written in SCI markings (S1)", c.offset);
                return;
            }
        }
    }

    private static boolean letters(String s, int min, int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 'A' || s.charAt(i) > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(String s, int min, int max) {
        return s.length() >= min && s.length() <= max;
    }

    // ---------------------------------------------------------------- JOINT

    private static void joint(Parsed p, RegisterTables reg) {
        if (p.classKind != Parsed.JOINT) {
            return;
        }
        if (p.has(Dissem.NOFORN)) {
            p.report(JOINT_NOFORN, "JOINT information is never NOFORN: its co-owners must be able to read it (S1 §H.3)",
                    p.offset(Dissem.NOFORN));
        }
        if (p.sci != null) {
            for (Node sys : p.sci) {
                if (sys.name.equals("HCS")) {
                    p.report(JOINT_HCS, "JOINT is not used with HCS (S1 §H.3)", sys.offset);
                }
            }
        }
        if (!p.has(Dissem.REL_TO)) {
            p.report(JOINT_REL_TO, "JOINT always carries REL TO covering USA and every co-owner (S1 §H.3)", p.classOffset);
            return;
        }
        if (p.relShort || p.jointShort || p.relTo == null || p.owners == null) {
            return; // resolved against the banner in roll-up
        }
        CodeList owners = p.owners;
        for (int i = 0; i < owners.size; i++) {
            String owner = owners.codes[i];
            if (!covers(p.relTo, owner, reg)) {
                p.report(JOINT_REL_TO, "REL TO must include every JOINT co-owner: " + owner + " is missing (S1 §H.3)",
                        p.relTo.offset);
            }
        }
    }

    /** True when the list names the code, or a tetragraph whose published members include it. */
    static boolean covers(CodeList list, String code, RegisterTables reg) {
        for (int i = 0; i < list.size; i++) {
            String c = list.codes[i];
            if (c.equals(code)) {
                return true;
            }
            Optional<Set<String>> members = reg.members(c);
            if (members.isPresent() && members.get().contains(code)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- AEA

    private static void aea(Parsed p, Level l, RegisterTables reg) {
        if (p.aeaMask == 0) {
            return;
        }
        for (AeaControl a : new AeaControl[] {AeaControl.RD, AeaControl.FRD, AeaControl.TFNI}) {
            if (p.has(a) && l == Level.UNCLASSIFIED) {
                p.report(AEA_UNCLASSIFIED, a.name() + " is used only with classified information (ISM-ID-00174)", p.offset(a));
            }
        }
        for (AeaControl a : new AeaControl[] {AeaControl.DOD_UCNI, AeaControl.DOE_UCNI}) {
            if (p.has(a) && l.isClassified()) {
                p.report(AEA_UCNI_CLASSIFIED, Vocab.AEA_BANNER[a.ordinal()] + " is used only with UNCLASSIFIED; classified "
                        + "matter containing UCNI is not marked UCNI (ISM-ID-00181)", p.offset(a));
            }
        }
        boolean tsOrS = l == Level.TOP_SECRET || l == Level.SECRET;
        if (p.has(AeaControl.CNWDI) && !tsOrS && l != Level.UNCLASSIFIED) {
            p.report(AEA_LEVEL, "CNWDI is used only with TOP SECRET or SECRET RD", p.offset(AeaControl.CNWDI));
        }
        if (p.has(AeaControl.SIGMA) && !tsOrS && l != Level.UNCLASSIFIED) {
            p.report(AEA_LEVEL, "SIGMA is used only with TOP SECRET or SECRET", p.offset(AeaControl.SIGMA));
        }
        if (p.has(AeaControl.RD) && p.has(AeaControl.FRD)) {
            p.report(AEA_PRECEDENCE, "RD takes precedence over FRD: a marking holding both is marked RD (S1 FRD template)",
                    p.offset(AeaControl.FRD));
        }
        if (p.has(AeaControl.TFNI) && (p.has(AeaControl.RD) || p.has(AeaControl.FRD))) {
            p.report(AEA_PRECEDENCE, "RD and FRD take precedence over TFNI: write RD or FRD only (S1 TFNI template)",
                    p.offset(AeaControl.TFNI));
        }
        if (p.has(AeaControl.RD) && !p.has(Dissem.NOFORN) && !agreement(p, reg)) {
            p.report(AEA_RD_NOFORN, "RD is always NOFORN unless an Atomic Energy Act section 123/144 sharing agreement "
                    + "covers every release code (S1 RD template)", p.offset(AeaControl.RD));
        }
    }

    /** RD may carry REL TO when every code it releases to has an AEA sharing agreement on file. */
    private static boolean agreement(Parsed p, RegisterTables reg) {
        Set<String> agreements = reg.aeaAgreements();
        if (agreements.isEmpty() || !p.has(Dissem.REL_TO) || p.relTo == null || p.has(Dissem.RELIDO)
                || p.has(Dissem.DISPLAY_ONLY)) {
            return false;
        }
        for (int i = 0; i < p.relTo.size; i++) {
            String c = p.relTo.codes[i];
            if (c.equals("USA")) {
                continue;
            }
            Optional<Set<String>> members = reg.members(c);
            if (members.isPresent()) {
                for (String m : members.get()) {
                    if (!m.equals("USA") && !agreements.contains(m)) {
                        return false;
                    }
                }
            } else if (!agreements.contains(c)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- FGI and NATO

    private static void fgi(Parsed p) {
        if (!p.fgi) {
            return;
        }
        if (p.classKind == Parsed.US && (p.has(Dissem.RELIDO) || p.has(Dissem.DISPLAY_ONLY))) {
            Dissem d = p.has(Dissem.RELIDO) ? Dissem.RELIDO : Dissem.DISPLAY_ONLY;
            p.report(FGI_RELIDO_DISPLAY_ONLY, (d == Dissem.RELIDO ? "RELIDO" : "DISPLAY ONLY") + " is not used on US "
                    + "information that contains FGI (ISM-ID-" + (d == Dissem.RELIDO ? "00233" : "00234") + ")", p.offset(d));
        }
        if (p.classKind == Parsed.FOREIGN) {
            p.report(FGI_MIXED, "a foreign portion names its sources before the level, e.g. (//DEU GBR S) or (//FGI S); "
                    + "concealed and acknowledged FGI are never mixed in one portion (S1 FGI template)", p.fgiOffset);
        }
    }

    private static void nato(Parsed p) {
        if (p.natoMask == 0) {
            return;
        }
        boolean natoOwned = p.classKind == Parsed.FOREIGN && p.owners != null && p.owners.contains("NATO");
        boolean natoFgi = p.fgi && (p.fgiCodes == null || p.fgiCodes.contains("NATO"));
        if (!natoOwned && !natoFgi) {
            int at = Integer.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                if ((p.natoMask & (1 << i)) != 0) {
                    at = Math.min(at, p.off[Parsed.OFF_NATO + i]);
                }
            }
            p.report(NATO_CONTROL, "ATOMAL, BALK and BOHEMIA mark NATO information: the marking must be NATO's "
                    + "(//NS, //CTS...) or carry FGI NATO (ISM-ID-00163)", at);
        }
    }

    private static void foreignLevel(Parsed p, RegisterTables reg) {
        if (p.classKind != Parsed.FOREIGN || p.owners == null || p.level == null || p.level == Level.UNCLASSIFIED) {
            return;
        }
        for (int i = 0; i < p.owners.size; i++) {
            String owner = p.owners.codes[i];
            Optional<Map<Level, String>> scheme = reg.scheme(owner);
            if (scheme.isPresent() && !scheme.get().containsKey(p.level)) {
                p.report(FOREIGN_LEVEL, owner + "'s classification scheme has no " + p.level.banner() + " level "
                        + "(MARKINGS.md section 5.1)", p.classOffset);
            }
        }
    }
}
