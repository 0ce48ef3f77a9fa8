package io.tearline.markings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Random markings for the randomised tests and the benchmark corpus: plausible content built field by
 * field (most of it valid), and random damage to their spellings.
 */
public final class MarkingGen {

    static final List<String> NATIONS = List.of("AUS", "CAN", "DEU", "FRA", "GBR", "ISR", "JPN", "KOR", "NZL", "PHL", "TWN", "AFG", "IRQ", "XKS");
    static final List<String> TETRAS = List.of("ACGU", "FVEY", "TEYE", "NATO", "ISAF", "KFOR", "CFCK");
    static final List<String> OWNERS = List.of("GBR", "AUS", "CAN", "NZL", "PHL", "JPN", "DEU", "FRA");
    /** SCI control systems the generator draws: each must be registered (RegisterTest checks it). */
    static final List<String> SCI_SYSTEMS = List.of("SI", "TK", "HCS", "RSV", "123", "XYZ");

    private final SplittableRandom r;

    MarkingGen(long seed) {
        this.r = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return r;
    }

    /** A random marking; about two thirds of them pass validation. */
    Marking next() {
        Level level = pick(Level.UNCLASSIFIED, Level.CONFIDENTIAL, Level.SECRET, Level.SECRET, Level.TOP_SECRET, Level.TOP_SECRET);
        Classification c;
        int k = r.nextInt(100);
        if (k < 72) {
            c = new Classification.Us(level);
        } else if (k < 80) {
            c = new Classification.Foreign("NATO", r.nextInt(6) == 0 ? Level.RESTRICTED : level);
        } else if (k < 88) {
            c = new Classification.Foreign(OWNERS.get(r.nextInt(OWNERS.size())), level);
        } else if (k < 91) {
            c = r.nextBoolean() ? Classification.Foreign.concealed(level) : Classification.Foreign.of(level, sorted(codes(2, false), false));
        } else {
            List<String> owners = codes(1 + r.nextInt(2), false);
            owners.add("USA");
            c = new Classification.Joint(level, sorted(owners, false));
        }
        List<ControlSystem> sci = new ArrayList<>();
        if (level == Level.TOP_SECRET && r.nextInt(4) == 0 || level == Level.SECRET && r.nextInt(8) == 0) {
            TreeSet<String> names = new TreeSet<>();
            int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                names.add(SCI_SYSTEMS.get(r.nextInt(SCI_SYSTEMS.size())));
            }
            for (String name : names) {
                sci.add(system(name, level));
            }
        }
        List<ControlSystem> sap = new ArrayList<>();
        if (level.isClassified() && r.nextInt(20) == 0) {
            TreeSet<String> programs = new TreeSet<>(List.of(pick("BP", "CD", "XR", "ALPHA")));
            if (r.nextBoolean()) {
                programs.add(pick("J12", "ZZ", "CD"));
            }
            for (String p : programs) {
                sap.add(new ControlSystem(p, r.nextBoolean() ? List.of() : List.of(new Compartment(pick("K15", "YYY"), List.of()))));
            }
        }
        Set<AeaControl> aea = EnumSet.noneOf(AeaControl.class);
        List<Integer> sigmas = new ArrayList<>();
        if (r.nextInt(20) == 0) {
            switch (r.nextInt(5)) {
                case 0 -> {
                    aea.add(AeaControl.RD);
                    if (r.nextBoolean()) {
                        aea.add(AeaControl.CNWDI);
                    }
                    if (r.nextBoolean()) {
                        aea.add(AeaControl.SIGMA);
                        sigmas.addAll(new TreeSet<>(List.of(pick(14, 15, 18, 20), pick(14, 15, 18, 20))));
                    }
                }
                case 1 -> aea.add(AeaControl.FRD);
                case 2 -> aea.add(AeaControl.DOD_UCNI);
                case 3 -> aea.add(AeaControl.DOE_UCNI);
                default -> aea.add(AeaControl.TFNI);
            }
        }
        Set<NatoControl> nato = EnumSet.noneOf(NatoControl.class);
        if (c instanceof Classification.Foreign f && f.nato() && r.nextInt(4) == 0) {
            nato.add(pick(NatoControl.ATOMAL, NatoControl.BOHEMIA, NatoControl.BALK));
        }
        Optional<Fgi> fgi = Optional.empty();
        if (c instanceof Classification.Us && r.nextInt(8) == 0) {
            fgi = Optional.of(new Fgi(r.nextBoolean() ? List.of() : sorted(codes(1 + r.nextInt(3), true), false)));
        }
        Set<Dissem> dissem = EnumSet.noneOf(Dissem.class);
        for (Dissem d : List.of(Dissem.RSEN, Dissem.FOUO, Dissem.ORCON, Dissem.ORCON_USGOV, Dissem.IMCON, Dissem.PROPIN,
                Dissem.DSEN, Dissem.FISA)) {
            if (r.nextInt(12) == 0) {
                dissem.add(d);
            }
        }
        List<String> relTo = List.of();
        List<String> displayOnly = List.of();
        switch (r.nextInt(7)) {
            case 0 -> dissem.add(Dissem.NOFORN);
            case 1, 2 -> {
                dissem.add(Dissem.REL_TO);
                relTo = relList();
            }
            case 3 -> dissem.add(Dissem.RELIDO);
            case 4 -> {
                dissem.add(Dissem.REL_TO);
                relTo = relList();
                if (r.nextBoolean()) {
                    dissem.add(Dissem.RELIDO);
                } else {
                    dissem.add(Dissem.DISPLAY_ONLY);
                    displayOnly = sorted(codes(1, true), false);
                }
            }
            case 5 -> {
                dissem.add(Dissem.DISPLAY_ONLY);
                displayOnly = sorted(codes(1 + r.nextInt(2), true), false);
            }
            default -> { }
        }
        if (c instanceof Classification.Joint j && !dissem.contains(Dissem.REL_TO) && r.nextInt(4) > 0) {
            dissem.remove(Dissem.NOFORN);
            dissem.add(Dissem.REL_TO);
            List<String> rel = new ArrayList<>(j.owners());
            relTo = sorted(rel, true);
        }
        if (!sci.isEmpty() && r.nextInt(3) > 0 && !(c instanceof Classification.Joint)) {
            dissem.removeAll(List.of(Dissem.REL_TO, Dissem.RELIDO, Dissem.DISPLAY_ONLY, Dissem.ORCON_USGOV));
            relTo = List.of();
            displayOnly = List.of();
            dissem.add(Dissem.NOFORN);
            dissem.add(Dissem.ORCON);
        }
        if (aea.contains(AeaControl.RD) && r.nextInt(4) > 0) {
            dissem.removeAll(List.of(Dissem.REL_TO, Dissem.RELIDO, Dissem.DISPLAY_ONLY));
            relTo = List.of();
            displayOnly = List.of();
            dissem.add(Dissem.NOFORN);
        }
        Set<NonIc> nonIc = EnumSet.noneOf(NonIc.class);
        if (r.nextInt(15) == 0) {
            nonIc.add(pick(NonIc.values()));
            if (nonIc.contains(NonIc.EXDIS) || nonIc.contains(NonIc.NODIS)) {
                dissem.removeAll(List.of(Dissem.REL_TO, Dissem.RELIDO, Dissem.DISPLAY_ONLY));
                relTo = List.of();
                displayOnly = List.of();
                dissem.add(Dissem.NOFORN);
            }
        }
        return new Marking(c, sci, sap, new Aea(aea, sigmas), fgi, dissem, relTo, displayOnly, List.of(), nonIc, nato);
    }

    private ControlSystem system(String name, Level level) {
        return switch (name) {
            case "SI" -> level == Level.TOP_SECRET && r.nextBoolean()
                    ? new ControlSystem("SI", List.of(new Compartment(pick("G", "MMM", "EU", "NK"), r.nextBoolean() ? List.of("ABCD") : List.of())))
                    : new ControlSystem("SI", List.of());
            case "TK" -> r.nextBoolean() ? new ControlSystem("TK", List.of())
                    : new ControlSystem("TK", List.of(new Compartment(pick("BLFH", "IDIT", "KAND"), r.nextBoolean() ? List.of("XY12") : List.of())));
            case "HCS" -> new ControlSystem("HCS", List.of(new Compartment(pick("O", "P"), level == Level.TOP_SECRET && r.nextBoolean() ? List.of("ABC123") : List.of())));
            case "RSV" -> new ControlSystem("RSV", List.of(new Compartment(pick("ABC", "X1Z"), List.of())));
            default -> new ControlSystem(name, List.of());
        };
    }

    private List<String> relList() {
        List<String> codes = codes(1 + r.nextInt(4), true);
        codes.add("USA");
        return sorted(codes, true);
    }

    /** Distinct codes: nations, and tetragraphs when allowed. */
    private List<String> codes(int n, boolean tetragraphs) {
        TreeSet<String> out = new TreeSet<>();
        while (out.size() < n) {
            out.add(tetragraphs && r.nextInt(4) == 0 ? TETRAS.get(r.nextInt(TETRAS.size())) : NATIONS.get(r.nextInt(NATIONS.size())));
        }
        return new ArrayList<>(out);
    }

    static List<String> sorted(List<String> codes, boolean usaFirst) {
        List<String> out = new ArrayList<>(new TreeSet<>(codes));
        out.sort((a, b) -> {
            if (usaFirst && (a.equals("USA") || b.equals("USA"))) {
                return a.equals(b) ? 0 : a.equals("USA") ? -1 : 1;
            }
            return a.length() != b.length() ? a.length() - b.length() : a.compareTo(b);
        });
        return out;
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgnorst0123456789 //,,--()\u0000\t\u0421\u0415\u00e9";

    /** Damage a spelling: case, spaces, order, deletions, insertions, swaps, duplication, truncation. */
    String mutate(String s) {
        StringBuilder sb = new StringBuilder(s);
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops; i++) {
            int n = sb.length();
            int at = n == 0 ? 0 : r.nextInt(n + 1);
            switch (r.nextInt(10)) {
                case 0 -> { if (at < n) sb.deleteCharAt(at); }
                case 1 -> sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 2 -> { if (at < n) sb.setCharAt(at, Character.toLowerCase(sb.charAt(at))); }
                case 3 -> sb.insert(at, ' ');
                case 4 -> { // swap two categories
                    String[] parts = sb.toString().split("//", -1);
                    if (parts.length > 2) {
                        int a = 1 + r.nextInt(parts.length - 1);
                        int b = 1 + r.nextInt(parts.length - 1);
                        String t = parts[a];
                        parts[a] = parts[b];
                        parts[b] = t;
                        sb.setLength(0);
                        sb.append(String.join("//", parts));
                    }
                }
                case 5 -> { // duplicate a slice
                    if (n > 0) {
                        int from = r.nextInt(n);
                        int to = Math.min(n, from + 1 + r.nextInt(8));
                        sb.insert(to, sb.substring(from, to));
                    }
                }
                case 6 -> { if (at < n) sb.setLength(at); }
                case 7 -> sb.insert(at, pick("//", "/", ", ", "-", " ", "REL TO ", "NOFORN", "NF", "USA", "FVEY", "SI-G", "(", ")"));
                case 8 -> { // swap neighbouring characters
                    if (at + 1 < n) {
                        char t = sb.charAt(at);
                        sb.setCharAt(at, sb.charAt(at + 1));
                        sb.setCharAt(at + 1, t);
                    }
                }
                default -> sb.replace(0, sb.length(), sb.toString().toLowerCase());
            }
        }
        return sb.toString();
    }

    /** A random string over the marking alphabet and beyond. */
    String garbage() {
        int n = r.nextInt(40);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextInt(10) == 0 ? (char) r.nextInt(0x500) : ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static final List<String> PORTION_REL_CODES = List.of("AUS", "CAN", "GBR", "JPN", "NZL", "PHL", "KOR", "FVEY",
            "ACGU", "TEYE", "NATO");
    private static final String[] PORTION_LEVELS = {"U", "C", "S", "TS"};

    /**
     * A random portion marking spelled as an author would write it (not all valid: callers keep those the
     * rules accept); draws from {@code rnd} only, so a caller's seed replays the same spellings.
     */
    public static String portion(RandomGenerator rnd) {
        if (rnd.nextInt(8) == 0) { // a partner's own marking
            String owner = List.of("GBR", "JPN", "AUS", "CAN").get(rnd.nextInt(4));
            return "(//" + owner + " " + PORTION_LEVELS[1 + rnd.nextInt(3)] + "//REL TO USA, " + owner + ")";
        }
        String level = PORTION_LEVELS[rnd.nextInt(PORTION_LEVELS.length)];
        if (level.equals("U")) {
            return rnd.nextInt(4) == 0 ? "(U//NF)" : "(U)";
        }
        String sci = "";
        if (!level.equals("C") && rnd.nextInt(4) == 0) {
            sci = "//" + List.of("SI", "TK", "SI/TK").get(rnd.nextInt(3));
        }
        List<String> ctl = new ArrayList<>();
        if (rnd.nextInt(5) == 0) {
            ctl.add("OC");
        }
        int kind = rnd.nextInt(3);
        if (kind == 0) {
            ctl.add("NF");
        } else if (kind == 1) {
            TreeSet<String> tri = new TreeSet<>();
            TreeSet<String> tetra = new TreeSet<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                String code = PORTION_REL_CODES.get(rnd.nextInt(PORTION_REL_CODES.size()));
                (code.length() == 3 ? tri : tetra).add(code);
            }
            List<String> codes = new ArrayList<>(List.of("USA"));
            codes.addAll(tri);
            codes.addAll(tetra);
            ctl.add("REL TO " + String.join(", ", codes));
        }
        return "(" + level + sci + (ctl.isEmpty() ? "" : "//" + String.join("/", ctl)) + ")";
    }
}
