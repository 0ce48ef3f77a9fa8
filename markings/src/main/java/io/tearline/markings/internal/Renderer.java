package io.tearline.markings.internal;

import io.tearline.markings.AeaControl;
import io.tearline.markings.Classification;
import io.tearline.markings.Compartment;
import io.tearline.markings.ControlSystem;
import io.tearline.markings.Dissem;
import io.tearline.markings.Marking;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import java.util.List;

/**
 * Canonical spelling of a marking, as a banner or as a portion (MARKINGS.md section 1.1): categories in
 * order, values in Register order, lists sorted. The marking's lists are already canonical; enum sets are
 * written by iterating the enums in declaration (Register) order.
 */
public final class Renderer {

    private Renderer() {}

    public static String banner(Marking m) {
        StringBuilder sb = new StringBuilder(48);
        render(m, false, sb);
        return sb.toString();
    }

    public static String portion(Marking m) {
        StringBuilder sb = new StringBuilder(32);
        sb.append('(');
        render(m, true, sb);
        return sb.append(')').toString();
    }

    static void render(Marking m, boolean portion, StringBuilder sb) {
        switch (m.classification()) {
            case Classification.Us us -> sb.append(portion ? us.level().portion() : us.level().banner());
            case Classification.Foreign f -> {
                sb.append("//");
                if (f.nato()) {
                    sb.append(portion ? Parser.natoPortion(f.level()) : Parser.natoBanner(f.level()));
                } else {
                    sb.append(f.owner()).append(' ').append(portion ? f.level().portion() : f.level().banner());
                }
            }
            case Classification.Joint j -> {
                sb.append("//JOINT ").append(portion ? j.level().portion() : j.level().banner());
                for (String o : j.owners()) {
                    sb.append(' ').append(o);
                }
            }
        }
        // SCI, with BALK and BOHEMIA after the US systems
        boolean balk = m.natoControls().contains(NatoControl.BALK);
        boolean bohemia = m.natoControls().contains(NatoControl.BOHEMIA);
        if (!m.sci().isEmpty() || balk || bohemia) {
            sb.append("//");
            int n = tree(m.sci(), sb);
            if (balk) {
                sb.append(n++ > 0 ? "/" : "").append("BALK");
            }
            if (bohemia) {
                sb.append(n > 0 ? "/" : "").append("BOHEMIA");
            }
        }
        if (!m.sap().isEmpty()) {
            sb.append("//SAR-");
            tree(m.sap(), sb);
        }
        boolean atomal = m.natoControls().contains(NatoControl.ATOMAL);
        if (!m.aea().controls().isEmpty() || atomal) {
            sb.append("//");
            int n = aea(m, portion, sb);
            if (atomal) {
                sb.append(n > 0 ? "/" : "").append("ATOMAL");
            }
        }
        m.fgi().ifPresent(f -> {
            sb.append("//FGI");
            for (String s : f.sources()) {
                sb.append(' ').append(s);
            }
        });
        if (!m.dissem().isEmpty()) {
            sb.append("//");
            int n = 0;
            for (Dissem d : Dissem.values()) {
                if (!m.has(d)) {
                    continue;
                }
                if (n++ > 0) {
                    sb.append('/');
                }
                switch (d) {
                    case REL_TO -> list(sb.append("REL TO "), m.relTo(), ", ");
                    case DISPLAY_ONLY -> list(sb.append("DISPLAY ONLY "), m.displayOnly(), ", ");
                    case EYES -> {
                        if (portion) {
                            sb.append("EYES");
                        } else {
                            list(sb, m.eyes(), "/");
                            sb.append(m.eyes().isEmpty() ? "EYES ONLY" : " EYES ONLY");
                        }
                    }
                    default -> sb.append(portion ? Vocab.DISSEM_PORTION[d.ordinal()] : Vocab.DISSEM_BANNER[d.ordinal()]);
                }
            }
        }
        if (!m.nonIc().isEmpty()) {
            sb.append("//");
            int n = 0;
            for (NonIc c : NonIc.values()) {
                if (m.has(c)) {
                    if (n++ > 0) {
                        sb.append('/');
                    }
                    sb.append(portion ? Vocab.NON_IC_PORTION[c.ordinal()] : Vocab.NON_IC_BANNER[c.ordinal()]);
                }
            }
        }
    }

    private static int tree(List<ControlSystem> systems, StringBuilder sb) {
        int n = 0;
        for (ControlSystem s : systems) {
            if (n++ > 0) {
                sb.append('/');
            }
            sb.append(s.name());
            for (Compartment c : s.compartments()) {
                sb.append('-').append(c.name());
                for (String sub : c.subCompartments()) {
                    sb.append(' ').append(sub);
                }
            }
        }
        return n;
    }

    /** RD[-CNWDI][-SIGMA n...], FRD[-SIGMA n...], DOD UCNI, DOE UCNI, TFNI: SIGMA goes under RD when present, else FRD. */
    private static int aea(Marking m, boolean portion, StringBuilder sb) {
        var controls = m.aea().controls();
        int n = 0;
        boolean rd = controls.contains(AeaControl.RD);
        boolean frd = controls.contains(AeaControl.FRD);
        if (rd) {
            sb.append("RD");
            if (controls.contains(AeaControl.CNWDI)) {
                sb.append("-CNWDI");
            }
            if (controls.contains(AeaControl.SIGMA)) {
                sigmas(m, portion, sb);
            }
            n++;
        } else if (controls.contains(AeaControl.CNWDI)) {
            sb.append("CNWDI"); // not valid without RD; written so that validation can say so
            n++;
        }
        if (frd) {
            sb.append(n++ > 0 ? "/" : "").append("FRD");
            if (!rd && controls.contains(AeaControl.SIGMA)) {
                sigmas(m, portion, sb);
            }
        }
        for (AeaControl a : new AeaControl[] {AeaControl.DOD_UCNI, AeaControl.DOE_UCNI, AeaControl.TFNI}) {
            if (controls.contains(a)) {
                sb.append(n++ > 0 ? "/" : "").append(portion ? Vocab.AEA_PORTION[a.ordinal()] : Vocab.AEA_BANNER[a.ordinal()]);
            }
        }
        return n;
    }

    private static void sigmas(Marking m, boolean portion, StringBuilder sb) {
        sb.append(portion ? "-SG" : "-SIGMA");
        for (int s : m.aea().sigmas()) {
            sb.append(' ').append(s);
        }
    }

    private static void list(StringBuilder sb, List<String> codes, String separator) {
        for (int i = 0; i < codes.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(codes.get(i));
        }
    }
}
