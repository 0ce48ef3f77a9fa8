package io.tearline.markings.internal;

import io.tearline.markings.AeaControl;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed marking vocabulary (MARKINGS.md sections 1.2-1.8, S1 Table 4): every spelling of every word,
 * with its category, its value and the form it belongs to. Looked up straight from a region of the
 * input through an open-addressing table, so the scanner allocates nothing for known words.
 */
final class Vocab {

    private Vocab() {}

    // kinds
    static final int DISSEM = 1;
    static final int NON_IC = 2;
    static final int AEA = 3;        // value: AeaControl ordinal (DOD_UCNI, DOE_UCNI, TFNI only)
    static final int NATO = 4;       // value: NatoControl ordinal
    static final int CLASS = 5;      // a classification word appearing after the first category
    static final int LEVEL = 6;      // value: Level ordinal (US and national levels)
    static final int NATO_LEVEL = 7; // value: Level ordinal (COSMIC TOP SECRET, NATO SECRET, NS...)
    static final int SCI_NAME = 8;   // value: index into SCI_NAMES (published systems and compartments)

    // forms
    static final int BANNER = 1;     // the canonical banner spelling
    static final int PORTION = 2;    // the canonical portion spelling
    static final int BOTH = 3;       // the same in banner and portion
    static final int TITLE = 4;      // a spelled-out banner title: accepted, not canonical

    static int kind(int entry) {
        return entry >>> 16;
    }

    static int form(int entry) {
        return (entry >>> 8) & 0xff;
    }

    static int value(int entry) {
        return entry & 0xff;
    }

    private static int entry(int kind, int form, int value) {
        return (kind << 16) | (form << 8) | value;
    }

    private static final int SIZE = 512;
    private static final String[] KEYS = new String[SIZE];
    private static final int[] VALUES = new int[SIZE];
    /** Single words (no space or hyphen) of four or more letters: the near-miss check compares unknown SCI names with them. */
    static final List<String> NEAR_MISS = new ArrayList<>();

    // canonical spellings, indexed by ordinal
    static final String[] DISSEM_BANNER = new String[Dissem.values().length];
    static final String[] DISSEM_PORTION = new String[Dissem.values().length];
    static final String[] NON_IC_BANNER = new String[NonIc.values().length];
    static final String[] NON_IC_PORTION = new String[NonIc.values().length];
    static final String[] AEA_BANNER = new String[AeaControl.values().length];
    static final String[] AEA_PORTION = new String[AeaControl.values().length];

    /** Published SCI system and compartment names (S1 Table 4, MARKINGS.md 1.3); interned so that parsing them allocates nothing. */
    static final String[] SCI_NAMES = {"SI", "TK", "HCS", "RSV", "G", "EU", "NK", "BLFH", "IDIT", "KAND", "O", "P"};

    static {
        for (int i = 0; i < SCI_NAMES.length; i++) {
            put(SCI_NAMES[i], entry(SCI_NAME, BOTH, i));
        }
        dissem(Dissem.RSEN, "RSEN", "RS", "RISK SENSITIVE");
        dissem(Dissem.FOUO, "FOUO", "FOUO", "FOR OFFICIAL USE ONLY");
        dissem(Dissem.ORCON, "ORCON", "OC", "ORIGINATOR CONTROLLED");
        dissem(Dissem.ORCON_USGOV, "ORCON-USGOV", "OC-USGOV", "ORIGINATOR CONTROLLED-USGOV");
        dissem(Dissem.IMCON, "IMCON", "IMC", "CONTROLLED IMAGERY");
        dissem(Dissem.NOFORN, "NOFORN", "NF", "NOT RELEASABLE TO FOREIGN NATIONALS");
        dissem(Dissem.PROPIN, "PROPIN", "PR", "CAUTION-PROPRIETARY INFORMATION INVOLVED");
        dissem(Dissem.RELIDO, "RELIDO", "RELIDO", "RELEASABLE BY INFORMATION DISCLOSURE OFFICIAL");
        // DEA SENSITIVE has no banner abbreviation: the title is the banner form
        dissem(Dissem.DSEN, "DEA SENSITIVE", "DSEN", null);
        dissem(Dissem.FISA, "FISA", "FISA", "FOREIGN INTELLIGENCE SURVEILLANCE ACT");
        DISSEM_BANNER[Dissem.REL_TO.ordinal()] = "REL TO";
        DISSEM_PORTION[Dissem.REL_TO.ordinal()] = "REL TO";
        DISSEM_BANNER[Dissem.DISPLAY_ONLY.ordinal()] = "DISPLAY ONLY";
        DISSEM_PORTION[Dissem.DISPLAY_ONLY.ordinal()] = "DISPLAY ONLY";
        DISSEM_BANNER[Dissem.EYES.ordinal()] = "EYES ONLY";
        DISSEM_PORTION[Dissem.EYES.ordinal()] = "EYES";
        nearMiss("EYES");

        nonIc(NonIc.LIMDIS, "LIMDIS", "DS", "LIMITED DISTRIBUTION");
        nonIc(NonIc.EXDIS, "EXDIS", "XD", "EXCLUSIVE DISTRIBUTION");
        nonIc(NonIc.NODIS, "NODIS", "ND", "NO DISTRIBUTION");
        nonIc(NonIc.SBU, "SBU", "SBU", "SENSITIVE BUT UNCLASSIFIED");
        nonIc(NonIc.SBU_NOFORN, "SBU NOFORN", "SBU-NF", "SENSITIVE BUT UNCLASSIFIED NOFORN");
        nonIc(NonIc.LES, "LES", "LES", "LAW ENFORCEMENT SENSITIVE");
        nonIc(NonIc.LES_NOFORN, "LES NOFORN", "LES-NF", "LAW ENFORCEMENT SENSITIVE NOFORN");
        nonIc(NonIc.SSI, "SSI", "SSI", "SENSITIVE SECURITY INFORMATION");

        aea(AeaControl.DOD_UCNI, "DOD UCNI", "DCNI", "DOD UNCLASSIFIED CONTROLLED NUCLEAR INFORMATION");
        aea(AeaControl.DOE_UCNI, "DOE UCNI", "UCNI", "DOE UNCLASSIFIED CONTROLLED NUCLEAR INFORMATION");
        aea(AeaControl.TFNI, "TFNI", "TFNI", "TRANSCLASSIFIED FOREIGN NUCLEAR INFORMATION");
        AEA_BANNER[AeaControl.RD.ordinal()] = "RD";
        AEA_PORTION[AeaControl.RD.ordinal()] = "RD";
        AEA_BANNER[AeaControl.FRD.ordinal()] = "FRD";
        AEA_PORTION[AeaControl.FRD.ordinal()] = "FRD";
        AEA_BANNER[AeaControl.CNWDI.ordinal()] = "CNWDI";
        AEA_PORTION[AeaControl.CNWDI.ordinal()] = "CNWDI";
        AEA_BANNER[AeaControl.SIGMA.ordinal()] = "SIGMA";
        AEA_PORTION[AeaControl.SIGMA.ordinal()] = "SG";
        for (String w : List.of("CNWDI", "SIGMA", "RESTRICTED DATA")) {
            nearMiss(w);
        }

        for (NatoControl c : NatoControl.values()) {
            put(c.name(), entry(NATO, BOTH, c.ordinal()));
            nearMiss(c.name());
        }

        level(Level.TOP_SECRET, "TOP SECRET", "TS");
        level(Level.SECRET, "SECRET", "S");
        level(Level.CONFIDENTIAL, "CONFIDENTIAL", "C");
        level(Level.RESTRICTED, "RESTRICTED", "R");
        level(Level.UNCLASSIFIED, "UNCLASSIFIED", "U");
        natoLevel(Level.TOP_SECRET, "COSMIC TOP SECRET", "CTS");
        natoLevel(Level.SECRET, "NATO SECRET", "NS");
        natoLevel(Level.CONFIDENTIAL, "NATO CONFIDENTIAL", "NC");
        natoLevel(Level.RESTRICTED, "NATO RESTRICTED", "NR");
        natoLevel(Level.UNCLASSIFIED, "NATO UNCLASSIFIED", "NU");
        put("JOINT", entry(CLASS, BOTH, 0));
        nearMiss("JOINT");
    }

    private static void dissem(Dissem d, String banner, String portion, String title) {
        DISSEM_BANNER[d.ordinal()] = banner;
        DISSEM_PORTION[d.ordinal()] = portion;
        words(DISSEM, d.ordinal(), banner, portion, title);
    }

    private static void nonIc(NonIc n, String banner, String portion, String title) {
        NON_IC_BANNER[n.ordinal()] = banner;
        NON_IC_PORTION[n.ordinal()] = portion;
        words(NON_IC, n.ordinal(), banner, portion, title);
    }

    private static void aea(AeaControl a, String banner, String portion, String title) {
        AEA_BANNER[a.ordinal()] = banner;
        AEA_PORTION[a.ordinal()] = portion;
        words(AEA, a.ordinal(), banner, portion, title);
    }

    private static void words(int kind, int value, String banner, String portion, String title) {
        if (banner.equals(portion)) {
            put(banner, entry(kind, BOTH, value));
        } else {
            put(banner, entry(kind, BANNER, value));
            put(portion, entry(kind, PORTION, value));
        }
        if (title != null) {
            put(title, entry(kind, TITLE, value));
        }
        nearMiss(banner);
        nearMiss(portion);
    }

    private static void level(Level l, String banner, String portion) {
        put(banner, entry(LEVEL, BANNER, l.ordinal()));
        put(portion, entry(LEVEL, PORTION, l.ordinal()));
        nearMiss(banner);
    }

    private static void natoLevel(Level l, String banner, String portion) {
        put(banner, entry(NATO_LEVEL, BANNER, l.ordinal()));
        put(portion, entry(NATO_LEVEL, PORTION, l.ordinal()));
    }

    private static void nearMiss(String word) {
        if (word.length() >= 4 && word.indexOf(' ') < 0 && word.indexOf('-') < 0 && !NEAR_MISS.contains(word)) {
            NEAR_MISS.add(word);
        }
    }

    private static int hash(CharSequence s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return (h ^ (h >>> 15)) * 0x2c1b3c6d;
    }

    private static void put(String word, int value) {
        int i = hash(word, 0, word.length()) & (SIZE - 1);
        while (KEYS[i] != null) {
            if (KEYS[i].equals(word)) {
                throw new IllegalStateException("duplicate vocabulary word " + word);
            }
            i = (i + 1) & (SIZE - 1);
        }
        KEYS[i] = word;
        VALUES[i] = value;
    }

    /** The entry for {@code s[from, to)}, or -1 when the text is no vocabulary word. */
    static int lookup(String s, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 48) {
            return -1;
        }
        int i = hash(s, from, to) & (SIZE - 1);
        String k;
        while ((k = KEYS[i]) != null) {
            if (k.length() == len && s.regionMatches(from, k, 0, len)) {
                return VALUES[i];
            }
            i = (i + 1) & (SIZE - 1);
        }
        return -1;
    }

    /** The vocabulary word within edit distance 1 (2 for words of seven letters or more), or null. */
    static String nearMiss(String s, int from, int to) {
        int len = to - from;
        if (len < 4 || len > 16) {
            return null;
        }
        for (String w : NEAR_MISS) {
            int max = w.length() >= 7 ? 2 : 1;
            if (Math.abs(w.length() - len) <= max && distance(s, from, to, w, max) <= max) {
                return w;
            }
        }
        return null;
    }

    /** Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent transpositions), capped at max + 1. */
    private static int distance(String s, int from, int to, String w, int max) {
        int n = to - from;
        int m = w.length();
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            char a = s.charAt(from + i - 1);
            for (int j = 1; j <= m; j++) {
                char b = w.charAt(j - 1);
                int cost = a == b ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a == w.charAt(j - 2) && s.charAt(from + i - 2) == b) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
