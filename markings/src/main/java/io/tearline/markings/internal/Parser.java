package io.tearline.markings.internal;

import static io.tearline.markings.internal.Rules.*;

import io.tearline.markings.AeaControl;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import io.tearline.markings.internal.Parsed.CodeList;
import io.tearline.markings.internal.Parsed.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The single-pass marking scanner (MARKINGS.md section 1). It reads a banner or a portion, records every
 * element with its position, and reports form findings (NONCANON) and syntax and register findings
 * (INVALID) as it goes; {@link Validator} then applies the combination rules.
 *
 * <p>Lowercase and irregular spaces are handled up front: when there are any, the body is copied once
 * into canonical case and spacing with an offset map, so the scanner proper only ever sees canonical
 * spacing and reports positions in the caller's input. Everything is linear in the input's length: no
 * regular expressions, no backtracking, and no allocation for known words and codes.
 *
 * <p>Thread-safe (stateless apart from the immutable register); one {@link Run} per call.
 */
final class Parser {

    /** Longer inputs are rejected: real banners are a few hundred characters. */
    static final int MAX_LENGTH = 4096;
    /** Longest SCI or SAP name, compartment or sub-compartment accepted. */
    static final int MAX_NAME = 20;

    // category types, in canonical order (MARKINGS.md 1.1)
    static final int T_SCI = 1;
    static final int T_SAP = 2;
    static final int T_AEA = 3;
    static final int T_FGI = 4;
    static final int T_DISSEM = 5;
    static final int T_NON_IC = 6;
    static final int T_CLASS = 7;

    private static final String[] TYPE_NAMES = {"", "SCI", "SAP", "AEA", "FGI", "dissemination control", "non-IC dissemination control", "classification"};

    // code-list kinds
    static final int L_REL = 0;
    static final int L_DISPLAY = 1;
    static final int L_FGI = 2;
    static final int L_OWNERS = 3;
    static final int L_JOINT = 4;

    private static final Level[] LEVELS = Level.values();
    private static final Dissem[] DISSEMS = Dissem.values();
    private static final NonIc[] NON_ICS = NonIc.values();
    private static final AeaControl[] AEAS = AeaControl.values();
    private static final NatoControl[] NATOS = NatoControl.values();

    private final RegisterTables reg;

    Parser(RegisterTables reg) {
        this.reg = reg;
    }

    /**
     * Scans one marking.
     *
     * @param portionRequired the caller expects a portion: a marking without parentheses is read as one (NONCANON)
     * @param allowShort      accept the portion short forms {@code REL} and {@code //JOINT S//REL}, which only
     *                        mean something inside a document (roll-up)
     */
    Parsed parse(String input, boolean portionRequired, boolean allowShort) {
        Parsed p = new Parsed(input);
        new Run(p, allowShort).scan(portionRequired);
        if (!p.invalid || p.level != null) {
            Validator.validate(p, reg);
        }
        return p;
    }

    /** The state of one scan. */
    private final class Run {
        final Parsed p;
        final boolean allowShort;
        String t;

        Run(Parsed p, boolean allowShort) {
            this.p = p;
            this.allowShort = allowShort;
        }

        // ------------------------------------------------------------------ outer layer

        void scan(boolean portionRequired) {
            String in = p.input;
            int n = in.length();
            if (n == 0) {
                p.reportAt(EMPTY, "the marking is empty", 0);
                return;
            }
            // one pass: characters outside the alphabet, lowercase, irregular spacing, parentheses
            int bad = -1;
            int badCount = 0;
            int lower = -1;
            int ws = -1;
            int parens = 0;
            char prev = 0;
            for (int i = 0; i < n; i++) {
                char c = in.charAt(i);
                if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/') {
                    prev = c;
                    continue;
                }
                if (c == ' ') {
                    if (ws < 0 && (prev == ' ' || prev == '/' || prev == '-' || prev == '(')) {
                        ws = i;
                    }
                    if (ws < 0 && i + 1 < n) {
                        char b = in.charAt(i + 1);
                        if (b == '/' || b == '-' || b == ',' || b == ')') {
                            ws = i;
                        }
                    }
                } else if (c == ',') {
                    if (ws < 0 && (i + 1 == n || in.charAt(i + 1) != ' ')) {
                        ws = i;
                    }
                } else if (c == '-') {
                    // nothing: spaces next to it are caught at the space
                } else if (c >= 'a' && c <= 'z') {
                    if (lower < 0) {
                        lower = i;
                    }
                } else if (c == '(' || c == ')') {
                    parens++;
                } else {
                    if (bad < 0) {
                        bad = i;
                    }
                    badCount++;
                }
                prev = c;
            }
            if (n > MAX_LENGTH) {
                p.reportAt(TOO_LONG, "the marking is " + n + " characters long; markings are at most " + MAX_LENGTH, MAX_LENGTH);
            }
            if (bad >= 0) {
                p.reportAt(CHARACTER, describe(in, bad) + " is not allowed in a marking: markings use A-Z, 0-9, space, "
                        + "/ , - and enclosing parentheses" + (badCount > 1 ? " (" + badCount + " such characters)" : ""), bad);
            }
            if (p.invalid) {
                return;
            }
            int from = 0;
            int to = n;
            while (from < to && in.charAt(from) == ' ') {
                from++;
            }
            while (to > from && in.charAt(to - 1) == ' ') {
                to--;
            }
            if (from == to) {
                p.reportAt(EMPTY, "the marking is blank", 0);
                return;
            }
            if (from > 0 || to < n) {
                int outer = from > 0 ? 0 : to;
                ws = ws < 0 ? outer : Math.min(ws, outer);
            }
            boolean open = in.charAt(from) == '(';
            boolean close = in.charAt(to - 1) == ')';
            int bf;
            int bt;
            if (open && close && to - from >= 2) {
                p.portion = true;
                bf = from + 1;
                bt = to - 1;
            } else if (open) {
                p.reportAt(UNBALANCED, "a portion marking opened with ( must end with )", to);
                return;
            } else if (close) {
                p.reportAt(UNBALANCED, "unexpected ) without an opening (", to - 1);
                return;
            } else {
                bf = from;
                bt = to;
                if (portionRequired) {
                    p.portion = true;
                    p.reportAt(PARENTHESES, "a portion marking is enclosed in parentheses, e.g. (S//NF)", from);
                }
            }
            if (parens != (p.portion && bf > from ? 2 : 0)) {
                for (int i = bf; i < bt; i++) {
                    char c = in.charAt(i);
                    if (c == '(' || c == ')') {
                        p.reportAt(UNBALANCED, "parentheses only enclose a whole portion marking", i);
                        return;
                    }
                }
            }
            boolean blank = true;
            for (int i = bf; i < bt && blank; i++) {
                blank = in.charAt(i) == ' ';
            }
            if (blank) {
                p.reportAt(EMPTY, "the portion marking is empty", bf);
                return;
            }
            if (lower >= 0) {
                p.reportAt(LOWERCASE, "markings are written in capitals", lower);
            }
            if (ws >= 0) {
                p.reportAt(WHITESPACE, "no spaces around // / and -, one space between words, \", \" between list codes, "
                        + "and none at either end", ws);
            }
            if (lower >= 0 || ws >= 0) {
                normalise(bf, bt);
                body(0, t.length());
            } else {
                t = in;
                body(bf, bt);
            }
        }

        /** Copies the body in capitals with canonical spacing, keeping an offset map back to the input. */
        void normalise(int bf, int bt) {
            String in = p.input;
            StringBuilder sb = new StringBuilder(bt - bf + 8);
            int[] map = new int[(bt - bf) * 2 + 1];
            boolean pending = false;
            int pendingAt = bf;
            for (int i = bf; i < bt; i++) {
                char c = in.charAt(i);
                if (c >= 'a' && c <= 'z') {
                    c = (char) (c - 32);
                }
                if (c == ' ') {
                    if (!pending) {
                        pending = true;
                        pendingAt = i;
                    }
                    continue;
                }
                if (c == ',') {
                    map[sb.length()] = i;
                    sb.append(',');
                    pending = true;
                    pendingAt = Math.min(i + 1, bt - 1);
                    continue;
                }
                if (pending) {
                    int len = sb.length();
                    char last = len == 0 ? '/' : sb.charAt(len - 1);
                    if (len > 0 && last == '/' && c == '/') {
                        // "/ /" is an empty value, not a spaced-out "//": never close it up
                        p.reportAt(EMPTY_VALUE, "empty value: only a space between / and /", pendingAt);
                    }
                    if (last != '/' && last != '-' && c != '/' && c != '-') {
                        map[len] = pendingAt;
                        sb.append(' ');
                    }
                    pending = false;
                }
                map[sb.length()] = i;
                sb.append(c);
            }
            t = sb.toString();
            p.map = map;
            p.mapEnd = bt;
        }

        // ------------------------------------------------------------------ categories

        void body(int from, int to) {
            int pos = from;
            boolean nonUs = false;
            if (to - from >= 2 && t.charAt(from) == '/' && t.charAt(from + 1) == '/') {
                nonUs = true;
                pos = from + 2;
            }
            // category boundaries: every "//" ends a category
            int[] cats = new int[16];
            int count = 0;
            int start = pos;
            for (int i = pos; i < to; ) {
                if (t.charAt(i) == '/' && i + 1 < to && t.charAt(i + 1) == '/') {
                    if (count + 2 > cats.length) {
                        cats = java.util.Arrays.copyOf(cats, cats.length * 2);
                    }
                    cats[count++] = start;
                    cats[count++] = i;
                    i += 2;
                    start = i;
                } else {
                    i++;
                }
            }
            if (count + 2 > cats.length) {
                cats = java.util.Arrays.copyOf(cats, cats.length + 2);
            }
            cats[count++] = start;
            cats[count++] = to;

            if (nonUs) {
                nonUsClassification(cats[0], cats[1]);
            } else {
                usClassification(cats[0], cats[1]);
            }
            int seen = 0;
            int last = 0;
            for (int c = 2; c < count; c += 2) {
                int cs = cats[c];
                int ce = cats[c + 1];
                if (cs == ce) {
                    p.report(EMPTY_CATEGORY, "empty category: nothing between // and //"
                            + (ce == to ? " (the marking ends with //)" : ""), cs);
                    continue;
                }
                if (mayBeDeclass(cs) && declass(cs, valueEnd(cs, ce))) {
                    misplacedDeclass(cs, valueEnd(cs, ce));
                    continue;
                }
                int type = type(cs, ce);
                if (type == T_CLASS) {
                    p.report(CLASS_EXCLUSIVE, "a marking has exactly one classification (US, non-US or JOINT): "
                            + t.substring(cs, Math.min(ce, cs + 40)) + " is a second one (S1 §H.1)", cs);
                    continue;
                }
                if ((seen & (1 << type)) != 0) {
                    p.report(DUPLICATE_CATEGORY, "a second " + TYPE_NAMES[type] + " category: all " + TYPE_NAMES[type]
                            + " markings go in one category, separated by /", cs);
                    continue;
                }
                if (type < last) {
                    p.report(ORDER_CATEGORIES, "the " + TYPE_NAMES[type] + " category comes before the " + TYPE_NAMES[last]
                            + " category (order: classification, SCI, SAP, AEA, FGI, dissemination, non-IC)", cs);
                }
                seen |= 1 << type;
                last = Math.max(last, type);
                switch (type) {
                    case T_SCI -> sci(cs, ce);
                    case T_SAP -> sap(cs, ce);
                    case T_AEA -> aea(cs, ce);
                    case T_FGI -> fgi(cs, ce);
                    case T_DISSEM -> dissem(cs, ce);
                    default -> nonIc(cs, ce);
                }
            }
        }

        /** Which category a run between // belongs to, from its first value. */
        int type(int cs, int ce) {
            int ve = indexOf('/', cs, ce);
            if (ve < 0) {
                ve = ce;
            }
            if (starts(cs, ve, "SAR-") || starts(cs, ve, "SPECIAL ACCESS REQUIRED-")) {
                return T_SAP;
            }
            if (is(cs, ve, "FGI") || starts(cs, ve, "FGI ") || starts(cs, ve, "FOREIGN GOVERNMENT INFORMATION")) {
                return T_FGI;
            }
            int e = Vocab.lookup(t, cs, ve);
            if (e >= 0) {
                switch (Vocab.kind(e)) {
                    case Vocab.DISSEM: return T_DISSEM;
                    case Vocab.NON_IC: return T_NON_IC;
                    case Vocab.AEA: return T_AEA;
                    case Vocab.NATO: return NATOS[Vocab.value(e)] == NatoControl.ATOMAL ? T_AEA : T_SCI;
                    case Vocab.SCI_NAME: return T_SCI;
                    default: return T_CLASS;
                }
            }
            if (starts(cs, ve, "REL TO") || is(cs, ve, "REL") || starts(cs, ve, "DISPLAY ONLY")
                    || starts(cs, ve, "AUTHORIZED FOR RELEASE TO") || is(cs, ve, "EYES") || ends(cs, ve, "EYES ONLY")) {
                return T_DISSEM;
            }
            if (ve - cs == 3 && reg.trigraph(t, cs) != null && indexOf("EYES", cs, ce) >= 0) {
                return T_DISSEM; // the legacy USA/GBR EYES ONLY form
            }
            if (aeaHead(cs, ve) != 0) {
                return T_AEA;
            }
            if (starts(cs, ve, "JOINT ") || foreignClassification(cs, ve)) {
                return T_CLASS;
            }
            return T_SCI;
        }

        /** "GBR SECRET", "CAN GBR S": an owner code followed by a level. */
        boolean foreignClassification(int cs, int ve) {
            int sp = indexOf(' ', cs, ve);
            if (sp < 0 || reg.code(t, cs, sp) == null) {
                return false;
            }
            int lastSp = t.lastIndexOf(' ', ve - 1);
            int e = Vocab.lookup(t, lastSp + 1, ve);
            return e >= 0 && Vocab.kind(e) == Vocab.LEVEL;
        }

        // ------------------------------------------------------------------ classification

        void usClassification(int cs, int ce) {
            p.classOffset = cs;
            if (cs == ce) {
                p.report(CLASS_MISSING, "a marking starts with its classification", cs);
                return;
            }
            int e = Vocab.lookup(t, cs, ce);
            if (e >= 0 && Vocab.kind(e) == Vocab.LEVEL) {
                Level l = LEVELS[Vocab.value(e)];
                levelForm(e, l, cs);
                if (l == Level.RESTRICTED) {
                    p.report(US_RESTRICTED, "RESTRICTED is not a US classification; a non-US owner writes it as //GBR RESTRICTED "
                            + "or //NATO RESTRICTED (ISM-ID-00040)", cs);
                }
                p.level = l;
                p.classKind = Parsed.US;
                return;
            }
            if (e >= 0 && Vocab.kind(e) == Vocab.NATO_LEVEL) {
                p.report(CLASS_MISSING, "non-US classifications start with //, e.g. //" + t.substring(cs, ce), cs);
                return;
            }
            if (starts(cs, ce, "JOINT ")) {
                p.report(CLASS_MISSING, "JOINT classifications start with //, e.g. //JOINT SECRET CAN USA", cs);
                return;
            }
            if (foreignClassification(cs, ce)) {
                p.report(CLASS_MISSING, "non-US classifications start with //, e.g. //" + t.substring(cs, ce), cs);
                return;
            }
            // a level followed by something that is not //
            for (int i = cs + 1; i < ce; i++) {
                char c = t.charAt(i);
                if (c == ' ' || c == '/' || c == '-' || c == ',') {
                    int le = Vocab.lookup(t, cs, i);
                    if (le >= 0 && Vocab.kind(le) == Vocab.LEVEL) {
                        p.report(EXPECTED_SEPARATOR, "expected // after the classification " + t.substring(cs, i), i);
                        p.level = LEVELS[Vocab.value(le)];
                        p.classKind = Parsed.US;
                        return;
                    }
                }
            }
            p.report(CLASS_MISSING, "a marking starts with its classification: TOP SECRET, SECRET, CONFIDENTIAL or UNCLASSIFIED "
                    + "(TS, S, C or U in portions), or //OWNER LEVEL for non-US and JOINT; found " + quote(cs, ce), cs);
        }

        /** Reports a banner/portion mix-up in how a level is written. */
        void levelForm(int e, Level l, int at) {
            int f = Vocab.form(e);
            if (p.portion && f == Vocab.BANNER) {
                p.report(PORTION_ABBREVIATION, "portions abbreviate the classification: " + l.portion() + ", not " + l.banner(), at);
            } else if (!p.portion && f == Vocab.PORTION) {
                p.report(BANNER_ABBREVIATION, "banners spell out the classification: " + l.banner() + ", not " + l.portion()
                        + " (S1 §D.1)", at);
            }
        }

        void nonUsClassification(int cs, int ce) {
            p.classOffset = cs;
            if (cs == ce) {
                p.report(CLASS_MISSING, "a non-US marking names its owner and level after //, e.g. //GBR SECRET", cs);
                return;
            }
            if (starts(cs, ce, "JOINT ") || is(cs, ce, "JOINT")) {
                joint(cs, ce);
                return;
            }
            if (starts(cs, ce, "FGI ") || is(cs, ce, "FGI")) {
                int ls = Math.min(cs + 4, ce);
                int e = Vocab.lookup(t, ls, ce);
                if (ls == ce || e < 0 || Vocab.kind(e) != Vocab.LEVEL) {
                    p.report(CLASS_MISSING, "a source-concealed foreign portion is written //FGI and its level, e.g. (//FGI S)", ls);
                    return;
                }
                Level l = LEVELS[Vocab.value(e)];
                levelForm(e, l, ls);
                p.level = l;
                p.classKind = Parsed.FOREIGN;
                p.concealed = true;
                p.owners = new CodeList(cs);
                return;
            }
            int e = Vocab.lookup(t, cs, ce);
            if (e >= 0 && Vocab.kind(e) == Vocab.NATO_LEVEL) {
                Level l = LEVELS[Vocab.value(e)];
                int f = Vocab.form(e);
                if (p.portion && f == Vocab.BANNER) {
                    p.report(PORTION_ABBREVIATION, "portions abbreviate NATO classifications: " + natoPortion(l), cs);
                } else if (!p.portion && f == Vocab.PORTION) {
                    p.report(BANNER_ABBREVIATION, "banners spell out NATO classifications: " + natoBanner(l), cs);
                }
                natoOwner(l, cs);
                return;
            }
            // owners, then the level: the last word, or the last two for TOP SECRET
            int lastSp = t.lastIndexOf(' ', ce - 1);
            if (lastSp < cs) {
                p.report(CLASS_MISSING, "a non-US classification names its owner and level, e.g. //GBR SECRET (or //GBR S "
                        + "in portions); found //" + quote(cs, ce), cs);
                return;
            }
            int ls = lastSp + 1;
            int le = Vocab.lookup(t, ls, ce);
            if (le < 0 || Vocab.kind(le) != Vocab.LEVEL) {
                p.report(CLASS_MISSING, "a non-US classification ends with its level, e.g. //GBR SECRET; "
                        + quote(ls, ce) + " is not a level", ls);
                return;
            }
            // TOP SECRET is two words: take "TOP" only when a space separates it from the owners
            if (LEVELS[Vocab.value(le)] == Level.SECRET && ls - cs >= 5 && t.charAt(ls - 5) == ' '
                    && starts(ls - 4, ce, "TOP SECRET")) {
                ls -= 4;
                le = Vocab.lookup(t, ls, ce);
            }
            Level l = LEVELS[Vocab.value(le)];
            int codesEnd = ls - 1;
            if (codesEnd <= cs) {
                p.report(CLASS_MISSING, "name the owner before the level, e.g. //GBR SECRET", cs);
                return;
            }
            CodeList owners = codes(cs, codesEnd, L_OWNERS);
            if (owners.size == 1 && owners.codes[0].equals("NATO")) {
                String canonical = p.portion ? natoPortion(l) : natoBanner(l);
                if (l == Level.TOP_SECRET) {
                    p.report(UNKNOWN, "NATO TOP SECRET is written " + canonical, cs);
                } else {
                    p.report(p.portion ? PORTION_ABBREVIATION : BANNER_ABBREVIATION,
                            "NATO classifications are written " + canonical, cs);
                }
                natoOwner(l, cs);
                return;
            }
            levelForm(le, l, ls);
            p.level = l;
            p.classKind = Parsed.FOREIGN;
            p.owners = owners;
            if (owners.size == 0) {
                p.report(CLASS_MISSING, "name the owner before the level, e.g. //GBR SECRET", cs);
            }
        }

        void natoOwner(Level l, int at) {
            p.level = l;
            p.classKind = Parsed.FOREIGN;
            p.nato = true;
            p.owners = new CodeList(at);
            p.owners.add("NATO", at);
        }

        void joint(int cs, int ce) {
            int ls = Math.min(cs + 6, ce);
            int le = ls;
            while (le < ce && t.charAt(le) != ' ') {
                le++;
            }
            if (starts(ls, ce, "TOP SECRET")) {
                le = ls + 10;
            }
            int e = Vocab.lookup(t, ls, le);
            if (ls == ce || e < 0 || Vocab.kind(e) != Vocab.LEVEL) {
                p.report(CLASS_MISSING, "JOINT is followed by its level and co-owners, e.g. //JOINT SECRET CAN GBR USA", ls);
                return;
            }
            if (le < ce && t.charAt(le) != ' ') {
                p.report(CLASS_MISSING, "JOINT is followed by its level and co-owners, e.g. //JOINT SECRET CAN GBR USA", le);
                return;
            }
            Level l = LEVELS[Vocab.value(e)];
            levelForm(e, l, ls);
            p.level = l;
            p.classKind = Parsed.JOINT;
            if (l == Level.RESTRICTED) {
                p.report(JOINT_RESTRICTED, "JOINT is never RESTRICTED (S1 §H.3)", ls);
            }
            if (le >= ce) {
                p.owners = new CodeList(le);
                if (allowShort && p.portion) {
                    p.jointShort = true;
                } else {
                    p.report(JOINT_OWNERS, "JOINT names its co-owners, USA included, e.g. //JOINT SECRET CAN GBR USA "
                            + "(the short form (//JOINT S//REL) is valid only inside a document)", le);
                }
                return;
            }
            p.owners = codes(le + 1, ce, L_JOINT);
        }

        // ------------------------------------------------------------------ code lists

        /** Reads codes separated by ", " (REL TO, DISPLAY ONLY) or by spaces (FGI, owners, JOINT). */
        CodeList codes(int from, int to, int kind) {
            CodeList list = new CodeList(from);
            boolean commaList = kind == L_REL || kind == L_DISPLAY;
            boolean separatorReported = false;
            int i = from;
            while (i < to) {
                int s = i;
                while (i < to && t.charAt(i) != ' ' && t.charAt(i) != ',') {
                    i++;
                }
                if (i == s) {
                    p.report(EMPTY_VALUE, "an empty code in a list", s);
                } else {
                    String code = reg.code(t, s, i);
                    if (code == null) {
                        p.report(UNKNOWN, quote(s, i) + " is not a registered country trigraph or tetragraph", s);
                    } else {
                        if (code.length() == 4 && reg.isDeprecated(code)) {
                            p.report(DEPRECATED, code + " was deprecated on " + reg.deprecated(code).get()
                                    + " and may not be used in new markings", s);
                        }
                        list.add(code, s);
                    }
                }
                if (i >= to) {
                    break;
                }
                // separator: ", " or " "
                boolean comma = t.charAt(i) == ',';
                int sepAt = i;
                i += comma ? 2 : 1;
                if (comma && i - 1 < to && t.charAt(i - 1) != ' ') {
                    i--;
                }
                if (comma != commaList && !separatorReported) {
                    separatorReported = true;
                    p.report(SEPARATOR, commaList ? "codes in this list are separated by a comma and a space"
                            : "codes in this list are separated by a single space, without commas", sepAt);
                }
                if (i >= to) {
                    p.report(EMPTY_VALUE, "the list ends with a separator", sepAt);
                }
            }
            checkCodes(list, kind);
            return list;
        }

        void checkCodes(CodeList list, int kind) {
            int usa = -1;
            for (int i = 0; i < list.size; i++) {
                if (list.codes[i].equals("USA")) {
                    usa = i;
                    break;
                }
            }
            switch (kind) {
                case L_REL -> {
                    if (usa < 0) {
                        if (list.size > 0) {
                            p.report(REL_TO_USA_MISSING, "REL TO starts with USA; it is never added for the originator, "
                                    + "send the marking back (S1 REL TO template; ISM-ID-00214)", list.offset);
                        }
                    } else if (usa > 0) {
                        p.report(REL_TO_USA_FIRST, "USA comes first in REL TO (ISM-ID-00214)", list.offsets[usa]);
                    }
                    if (usa >= 0 && list.size == 1) {
                        p.report(REL_TO_USA_ALONE, "REL TO USA alone is not an authorized marking: name at least one "
                                + "other country or tetragraph, or use NOFORN (ISM-ID-00319)", list.offset);
                    }
                }
                case L_DISPLAY, L_FGI -> {
                    if (usa >= 0) {
                        p.report(kind == L_DISPLAY ? DISPLAY_ONLY_USA : FGI_USA, kind == L_DISPLAY
                                ? "DISPLAY ONLY never lists USA" : "FGI lists foreign sources only, never USA", list.offsets[usa]);
                    }
                }
                case L_OWNERS -> {
                    if (usa >= 0) {
                        p.report(FOREIGN_USA, "a non-US classification cannot be owned by USA: use a US classification, "
                                + "or //JOINT for US co-owned information", list.offsets[usa]);
                    }
                }
                default -> {
                    if (usa < 0 && list.size > 0) {
                        p.report(JOINT_USA_MISSING, "the JOINT list includes USA (S1 §H.3)", list.offset);
                    } else if (list.size == 1) {
                        p.report(JOINT_OWNERS, "JOINT needs at least one co-owner besides USA", list.offset);
                    }
                }
            }
            // order: USA first for REL TO, then trigraphs, then tetragraphs, each alphabetical
            boolean orderReported = false;
            for (int i = 1; i < list.size; i++) {
                String a = list.codes[i - 1];
                String b = list.codes[i];
                if (kind == L_REL && (a.equals("USA") || b.equals("USA"))) {
                    continue;
                }
                int c = compareCodes(a, b);
                if (c > 0 && !orderReported) {
                    orderReported = true;
                    String rule = switch (kind) {
                        case L_REL -> REL_TO_ORDER;
                        case L_DISPLAY -> DISPLAY_ONLY_ORDER;
                        case L_FGI -> FGI_ORDER;
                        case L_JOINT -> JOINT_ORDER;
                        default -> ORDER_OWNERS;
                    };
                    p.report(rule, "codes are listed trigraphs first, then tetragraphs, each in alphabetical order"
                            + (kind == L_JOINT ? " (USA takes its alphabetical place in the JOINT list)" : "")
                            + ": " + b + " comes before " + a, list.offsets[i]);
                }
            }
            int dup = firstDuplicate(list);
            if (dup >= 0) {
                p.report(kind == L_REL ? REL_TO_DUPLICATE : DUPLICATE, list.codes[dup] + " is listed twice", list.offsets[dup]);
            }
        }

        // ------------------------------------------------------------------ SCI and SAP

        void sci(int cs, int ce) {
            if (p.sci == null) {
                p.sci = new ArrayList<>(2);
            }
            boolean sawNato = false;
            int lastNato = -1;
            for (int vs = cs; vs <= ce; ) {
                int ve = valueEnd(vs, ce);
                if (emptyValue(vs, ve)) {
                } else {
                    int e = Vocab.lookup(t, vs, ve);
                    if (e >= 0 && Vocab.kind(e) == Vocab.NATO) {
                        int v = Vocab.value(e);
                        lastNato = nato(v, vs, T_SCI, lastNato);
                        sawNato = true;
                    } else if (e >= 0 && Vocab.kind(e) != Vocab.SCI_NAME) {
                        mixed(e, vs, ve, T_SCI);
                    } else if (e < 0 && declass(vs, ve)) {
                        misplacedDeclass(vs, ve);
                    } else {
                        if (sawNato) {
                            p.report(ORDER_SCI, "NATO control markings follow the SCI control systems", vs);
                            sawNato = false;
                        }
                        Node n = tree(vs, ve, true);
                        if (n != null) {
                            p.sci.add(n);
                        }
                    }
                }
                vs = ve + 1;
            }
            checkTree(p.sci, ORDER_SCI, "SCI");
        }

        void sap(int cs, int ce) {
            if (p.sap == null) {
                p.sap = new ArrayList<>(2);
            }
            p.sapOffset = cs;
            boolean first = true;
            for (int vs = cs; vs <= ce; ) {
                int ve = valueEnd(vs, ce);
                int s = vs;
                if (emptyValue(vs, ve)) {
                } else {
                    int e = Vocab.lookup(t, vs, ve);
                    if (e >= 0 && Vocab.kind(e) != Vocab.SCI_NAME) {
                        mixed(e, vs, ve, T_SAP);
                        s = -1;
                    } else if (starts(vs, ve, "SPECIAL ACCESS REQUIRED-")) {
                        s = vs + 24;
                        if (first) {
                            p.report(p.portion ? PORTION_ABBREVIATION : TITLE, "write SAR- for SPECIAL ACCESS REQUIRED-", vs);
                        } else {
                            p.report(LEGACY_SPELLING, "the SAR- indicator is written once, before the first program (since December 2011)", vs);
                        }
                    } else if (starts(vs, ve, "SAR-")) {
                        s = vs + 4;
                        if (!first) {
                            p.report(LEGACY_SPELLING, "the SAR- indicator is written once, before the first program (since December 2011)", vs);
                        }
                    }
                    if (s >= 0) {
                        if (s >= ve) {
                            p.report(SAP_FORMAT, "SAR- is followed by a program identifier, e.g. SAR-BP", vs);
                        } else {
                            Node n = tree(s, ve, false);
                            if (n != null) {
                                p.sap.add(n);
                            }
                        }
                    }
                }
                first = false;
                vs = ve + 1;
            }
            checkTree(p.sap, ORDER_SAP, "SAP");
        }

        /** NAME *("-" NAME *(" " NAME)): a system or program with its compartments and sub-compartments. */
        Node tree(int vs, int ve, boolean sci) {
            String rule = sci ? SCI_FORMAT : SAP_FORMAT;
            int ne = nameEnd(vs, ve);
            if (ne == vs) {
                p.report(rule, "expected a " + (sci ? "control system" : "program") + " name (letters and digits) at "
                        + quote(vs, Math.min(ve, vs + 10)), vs);
                return null;
            }
            Node top = new Node(name(vs, ne, rule), vs);
            int i = ne;
            if (i < ve && t.charAt(i) == ' ') {
                p.report(sci ? SCI_PARENT : SAP_FORMAT, "a sub-compartment (after a space) follows a compartment "
                        + "(after -), as in SI-G ABCD", i + 1);
                return top;
            }
            while (i < ve) {
                if (t.charAt(i) != '-') {
                    p.report(rule, "unexpected " + quote(i, i + 1) + ": names are letters and digits, compartments "
                            + "follow -, sub-compartments follow a space", i);
                    return top;
                }
                i++;
                ne = nameEnd(i, ve);
                if (ne == i) {
                    p.report(rule, "expected a compartment name after -", i);
                    return top;
                }
                Node comp = top.add(new Node(name(i, ne, rule), i));
                i = ne;
                while (i < ve && t.charAt(i) == ' ') {
                    i++;
                    ne = nameEnd(i, ve);
                    if (ne == i) {
                        p.report(rule, "expected a sub-compartment name after the space", i);
                        return top;
                    }
                    comp.add(new Node(name(i, ne, rule), i));
                    i = ne;
                }
            }
            return top;
        }

        int nameEnd(int i, int ve) {
            while (i < ve) {
                char c = t.charAt(i);
                if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                    i++;
                } else {
                    break;
                }
            }
            return i;
        }

        String name(int from, int to, String rule) {
            if (to - from > MAX_NAME) {
                p.report(rule, "names are at most " + MAX_NAME + " characters", from);
            }
            int e = Vocab.lookup(t, from, to);
            if (e >= 0 && Vocab.kind(e) == Vocab.SCI_NAME) {
                return Vocab.SCI_NAMES[Vocab.value(e)];
            }
            return t.substring(from, to);
        }

        /** Sorted and unique at every level: systems, compartments, sub-compartments. */
        void checkTree(List<Node> nodes, String orderRule, String what) {
            sortedUnique(nodes, orderRule, what, null, null);
            for (Node n : nodes) {
                if (n.children != null) {
                    sortedUnique(n.children, orderRule, what, n, null);
                    for (Node c : n.children) {
                        if (c.children != null) {
                            sortedUnique(c.children, orderRule, what, n, c);
                        }
                    }
                }
            }
        }

        void sortedUnique(List<Node> nodes, String orderRule, String what, Node top, Node comp) {
            if (nodes.size() < 2) {
                return;
            }
            for (int i = 1; i < nodes.size(); i++) {
                if (nodes.get(i - 1).name.compareTo(nodes.get(i).name) > 0) {
                    p.report(orderRule, which(what, top, comp) + " are sorted (numbers first, then letters): "
                            + nodes.get(i).name + " comes before " + nodes.get(i - 1).name, nodes.get(i).offset);
                    break;
                }
            }
            Set<String> seen = nodes.size() > 8 ? new HashSet<>() : null;
            for (int i = 0; i < nodes.size(); i++) {
                String name = nodes.get(i).name;
                boolean dup = false;
                if (seen != null) {
                    dup = !seen.add(name);
                } else {
                    for (int j = 0; j < i && !dup; j++) {
                        dup = nodes.get(j).name.equals(name);
                    }
                }
                if (dup) {
                    p.report(DUPLICATE, name + " is repeated among the " + which(what, top, comp)
                            + " (no value may be repeated)", nodes.get(i).offset);
                    break;
                }
            }
        }

        String which(String what, Node top, Node comp) {
            if (top == null) {
                return what.equals("SAP") ? "SAP programs" : "SCI control systems";
            }
            return comp == null ? "compartments of " + top.name : "sub-compartments of " + top.name + "-" + comp.name;
        }

        /** A NATO control marking; returns its ordinal so the caller can check their order. */
        int nato(int v, int at, int category, int lastNato) {
            NatoControl c = NATOS[v];
            int expected = c == NatoControl.ATOMAL ? T_AEA : T_SCI;
            int bit = 1 << v;
            if ((p.natoMask & bit) != 0) {
                p.report(DUPLICATE, c + " is repeated", at);
            }
            p.natoMask |= bit;
            p.off[Parsed.OFF_NATO + v] = at;
            if (category != expected) {
                p.report(ORDER_CATEGORIES, c + (expected == T_AEA ? " goes with the AEA markings (after RD/FRD)"
                        : " goes in the SCI position"), at);
                return lastNato;
            }
            // BALK before BOHEMIA (alphabetical); ATOMAL is the only one in the AEA position
            int rank = c == NatoControl.BOHEMIA ? 1 : 0;
            if (rank < lastNato) {
                p.report(ORDER_SCI, "NATO control markings are in alphabetical order", at);
            }
            return Math.max(rank, lastNato);
        }

        // ------------------------------------------------------------------ AEA

        static final int RD_HEAD = 1;
        static final int FRD_HEAD = 2;
        static final int CNWDI_ORPHAN = 3;
        static final int SIGMA_ORPHAN = 4;

        /** What an AEA value starts with: RD, FRD, or a sub-marking written without its parent. */
        int aeaHead(int vs, int ve) {
            int he = indexOf('-', vs, ve);
            if (he < 0) {
                he = ve;
            }
            if (is(vs, he, "RD") || is(vs, he, "RESTRICTED DATA")) {
                return RD_HEAD;
            }
            if (is(vs, he, "FRD") || is(vs, he, "FORMERLY RESTRICTED DATA")) {
                return FRD_HEAD;
            }
            if (is(vs, he, "CNWDI") || is(vs, he, "CRITICAL NUCLEAR WEAPON DESIGN INFORMATION")) {
                return CNWDI_ORPHAN;
            }
            if ((starts(vs, he, "SIGMA ") || starts(vs, he, "SG ")) && he > vs && Character.isDigit(t.charAt(he - 1))) {
                return SIGMA_ORPHAN;
            }
            return 0;
        }

        /** The end of the value starting at {@code vs}: the next '/' of the category, or its end. */
        private int valueEnd(int vs, int ce) {
            int ve = indexOf('/', vs, ce);
            return ve < 0 ? ce : ve;
        }

        /** Reports an empty value ("/ /" or a trailing '/'): an empty slot may hide a stripped value. */
        private boolean emptyValue(int vs, int ve) {
            if (vs != ve) {
                return false;
            }
            p.report(EMPTY_VALUE, "empty value: nothing between / and /", vs);
            return true;
        }

        void aea(int cs, int ce) {
            int lastRank = -1;
            int lastNato = -1;
            for (int vs = cs; vs <= ce; ) {
                int ve = valueEnd(vs, ce);
                if (emptyValue(vs, ve)) {
                    vs = ve + 1;
                    continue;
                }
                int rank = -1;
                int e = Vocab.lookup(t, vs, ve);
                if (e >= 0 && Vocab.kind(e) == Vocab.AEA) {
                    AeaControl a = AEAS[Vocab.value(e)];
                    form(e, vs, Vocab.AEA_BANNER[a.ordinal()], Vocab.AEA_PORTION[a.ordinal()]);
                    rank = a == AeaControl.DOD_UCNI ? 2 : a == AeaControl.DOE_UCNI ? 3 : 4;
                    setAea(a, vs);
                } else if (e >= 0 && Vocab.kind(e) == Vocab.NATO) {
                    lastNato = nato(Vocab.value(e), vs, T_AEA, lastNato);
                    rank = 5;
                } else if (e >= 0) {
                    mixed(e, vs, ve, T_AEA);
                } else {
                    int head = aeaHead(vs, ve);
                    switch (head) {
                        case RD_HEAD -> {
                            rank = 0;
                            rdFrd(vs, ve, AeaControl.RD);
                        }
                        case FRD_HEAD -> {
                            rank = 1;
                            rdFrd(vs, ve, AeaControl.FRD);
                        }
                        case CNWDI_ORPHAN -> p.report(AEA_PARENT, "CNWDI is a subset of RESTRICTED DATA: write RD-CNWDI", vs);
                        case SIGMA_ORPHAN -> p.report(AEA_PARENT, "SIGMA follows RD or FRD, e.g. RD-SIGMA 14 (portion RD-SG 14)", vs);
                        default -> unknown(vs, ve, "an AEA marking (RD, FRD, DOD UCNI, DOE UCNI, TFNI)");
                    }
                }
                if (rank >= 0) {
                    if (rank < lastRank) {
                        p.report(ORDER_AEA, "AEA markings follow Register order: RD, FRD, DOD UCNI, DOE UCNI, TFNI, then ATOMAL", vs);
                    } else if (rank == lastRank && rank < 5) {
                        p.report(DUPLICATE, quote(vs, ve) + " repeats an AEA marking", vs);
                    }
                    lastRank = Math.max(lastRank, rank);
                }
                vs = ve + 1;
            }
        }

        void setAea(AeaControl a, int at) {
            int bit = 1 << a.ordinal();
            if ((p.aeaMask & bit) != 0) {
                p.report(DUPLICATE, Vocab.AEA_BANNER[a.ordinal()] + " is repeated", at);
            }
            p.aeaMask |= bit;
            p.off[Parsed.OFF_AEA + a.ordinal()] = at;
        }

        /** RD or FRD with its -CNWDI and -SIGMA n... sub-markings. */
        void rdFrd(int vs, int ve, AeaControl head) {
            int he = indexOf('-', vs, ve);
            if (he < 0) {
                he = ve;
            }
            if (he - vs > 3) {
                p.report(p.portion ? PORTION_ABBREVIATION : TITLE, "write " + head.name() + " for " + t.substring(vs, he), vs);
            }
            setAea(head, vs);
            boolean sigmaSeen = false;
            int i = he;
            while (i < ve) {
                int ps = i + 1;
                int pe = indexOf('-', ps, ve);
                if (pe < 0) {
                    pe = ve;
                }
                if (is(ps, pe, "CNWDI") || is(ps, pe, "CRITICAL NUCLEAR WEAPON DESIGN INFORMATION") || is(ps, pe, "N")) {
                    if (pe - ps > 5) {
                        p.report(p.portion ? PORTION_ABBREVIATION : TITLE, "write CNWDI for " + t.substring(ps, pe), ps);
                    } else if (pe - ps == 1) {
                        p.report(LEGACY_SPELLING, "DoD's RD-N is re-marked RD-CNWDI when sourced (S1 CNWDI template)", ps);
                    }
                    if (head != AeaControl.RD) {
                        p.report(AEA_PARENT, "CNWDI is a subset of RESTRICTED DATA, not of " + head.name(), ps);
                    }
                    if (sigmaSeen) {
                        p.report(ORDER_AEA, "CNWDI comes before SIGMA", ps);
                    }
                    setAea(AeaControl.CNWDI, ps);
                } else if (starts(ps, pe, "SIGMA") || starts(ps, pe, "SG")) {
                    boolean banner = starts(ps, pe, "SIGMA");
                    int ns = ps + (banner ? 5 : 2);
                    if (p.portion && banner) {
                        p.report(PORTION_ABBREVIATION, "portions write SIGMA as SG", ps);
                    } else if (!p.portion && !banner) {
                        p.report(BANNER_ABBREVIATION, "banners write SG as SIGMA", ps);
                    }
                    if (ns >= pe || t.charAt(ns) != ' ') {
                        p.report(AEA_SIGMA, "SIGMA is followed by its numbers, e.g. SIGMA 14 20", ps);
                    } else {
                        sigmas(ns + 1, pe, ps);
                    }
                    sigmaSeen = true;
                    setAea(AeaControl.SIGMA, ps);
                } else {
                    unknown(ps, pe, "an RD or FRD sub-marking (CNWDI, SIGMA)");
                }
                i = pe;
            }
        }

        void sigmas(int from, int to, int at) {
            int last = -1;
            boolean orderReported = false;
            int i = from;
            while (i <= to) {
                int e = indexOf(' ', i, to);
                if (e < 0) {
                    e = to;
                }
                if (e == i || e - i > 3) {
                    p.report(AEA_SIGMA, "SIGMA numbers are one to three digits separated by a space", i);
                    return;
                }
                int v = 0;
                for (int k = i; k < e; k++) {
                    char c = t.charAt(k);
                    if (c < '0' || c > '9') {
                        p.report(AEA_SIGMA, "SIGMA numbers are digits, not " + quote(i, e), i);
                        return;
                    }
                    v = v * 10 + (c - '0');
                }
                if ((v >= 1 && v <= 5) || (v >= 9 && v <= 13)) {
                    p.report(AEA_SIGMA, "SIGMA " + v + " is obsolete: convert it to a current SIGMA category (14, 15, 18, 20) "
                            + "before reuse (S1 SIGMA template)", i);
                } else if (v != 14 && v != 15 && v != 18 && v != 20) {
                    p.report(AEA_SIGMA, "SIGMA " + v + " is not a SIGMA category; the current ones are 14, 15, 18 and 20", i);
                }
                if (v == last) {
                    p.report(DUPLICATE, "SIGMA " + v + " is repeated", i);
                } else if (v < last && !orderReported) {
                    orderReported = true;
                    p.report(ORDER_AEA, "SIGMA numbers are listed in numerical order", i);
                }
                if (p.sigmas == null) {
                    p.sigmas = new int[4];
                } else if (p.sigmaCount == p.sigmas.length) {
                    p.sigmas = java.util.Arrays.copyOf(p.sigmas, p.sigmaCount * 2);
                }
                boolean seen = false;
                for (int k = 0; k < p.sigmaCount && !seen; k++) { // at most a handful: duplicates are not added
                    seen = p.sigmas[k] == v;
                }
                if (seen && v != last) {
                    p.report(DUPLICATE, "SIGMA " + v + " is repeated", i);
                }
                if (!seen) {
                    p.sigmas[p.sigmaCount++] = v;
                }
                last = Math.max(last, v);
                i = e + 1;
            }
        }

        // ------------------------------------------------------------------ FGI

        void fgi(int cs, int ce) {
            p.fgi = true;
            p.fgiOffset = cs;
            int slash = indexOf('/', cs, ce);
            if (slash >= 0) {
                p.report(EXPECTED_SEPARATOR, "the FGI category holds FGI and its source codes separated by spaces; "
                        + "other markings go in their own category after //", slash);
                ce = slash;
            }
            int i;
            if (starts(cs, ce, "FOREIGN GOVERNMENT INFORMATION")) {
                p.report(p.portion ? PORTION_ABBREVIATION : TITLE, "write FGI for FOREIGN GOVERNMENT INFORMATION", cs);
                i = cs + 30;
            } else {
                i = cs + 3;
            }
            if (i >= ce) {
                return; // source concealed
            }
            if (t.charAt(i) != ' ') {
                unknown(cs, ce, "FGI followed by its source codes");
                return;
            }
            p.fgiCodes = codes(i + 1, ce, L_FGI);
        }

        // ------------------------------------------------------------------ dissemination controls

        void dissem(int cs, int ce) {
            boolean eyesInCategory = indexOf("EYES", cs, ce) >= 0;
            int last = -1;
            for (int vs = cs; vs <= ce; ) {
                int ve = valueEnd(vs, ce);
                if (emptyValue(vs, ve)) {
                    vs = ve + 1;
                    continue;
                }
                int d = -1;
                if (starts(vs, ve, "REL TO ")) {
                    d = Dissem.REL_TO.ordinal();
                    relTo(vs, vs + 7, ve);
                } else if (is(vs, ve, "REL TO")) {
                    d = Dissem.REL_TO.ordinal();
                    p.report(REL_TO_EMPTY, "REL TO needs its list: REL TO USA and at least one code", vs);
                } else if (starts(vs, ve, "AUTHORIZED FOR RELEASE TO ")) {
                    d = Dissem.REL_TO.ordinal();
                    p.report(p.portion ? PORTION_ABBREVIATION : TITLE, "write REL TO for AUTHORIZED FOR RELEASE TO", vs);
                    relTo(vs, vs + 26, ve);
                } else if (is(vs, ve, "REL")) {
                    d = Dissem.REL_TO.ordinal();
                    if (allowShort && p.portion) {
                        p.relShort = true;
                    } else {
                        p.report(REL_TO_SHORT_FORM, "REL stands for the banner's REL TO list: it is valid only in a portion "
                                + "inside a document (roll-up), never on its own", vs);
                    }
                } else if (starts(vs, ve, "DISPLAY ONLY ")) {
                    d = Dissem.DISPLAY_ONLY.ordinal();
                    p.displayOnly = codes(vs + 13, ve, L_DISPLAY);
                    if (p.displayOnly.size == 0) {
                        p.report(DISPLAY_ONLY_EMPTY, "DISPLAY ONLY needs at least one code", vs);
                    }
                } else if (is(vs, ve, "DISPLAY ONLY")) {
                    d = Dissem.DISPLAY_ONLY.ordinal();
                    p.report(DISPLAY_ONLY_EMPTY, "DISPLAY ONLY needs at least one code", vs);
                } else if (is(vs, ve, "EYES") || is(vs, ve, "EYES ONLY") || ends(vs, ve, " EYES ONLY")) {
                    d = Dissem.EYES.ordinal();
                    p.report(EYES_LEGACY, "USA/[LIST] EYES ONLY is legacy (NSA waiver expired 1 Oct 2017): re-mark it "
                            + "as REL TO USA, [LIST]", vs);
                } else if (eyesInCategory && ve - vs == 3 && reg.trigraph(t, vs) != null) {
                    vs = ve + 1; // a code of the legacy USA/GBR EYES ONLY list
                    continue;
                } else {
                    int e = Vocab.lookup(t, vs, ve);
                    if (e >= 0 && Vocab.kind(e) == Vocab.DISSEM) {
                        d = Vocab.value(e);
                        form(e, vs, Vocab.DISSEM_BANNER[d], Vocab.DISSEM_PORTION[d]);
                    } else if (e >= 0) {
                        mixed(e, vs, ve, T_DISSEM);
                    } else {
                        unknown(vs, ve, "a dissemination control");
                    }
                }
                if (d >= 0) {
                    int bit = 1 << d;
                    if ((p.dissemMask & bit) != 0) {
                        p.report(DUPLICATE, DISSEMS[d] == Dissem.REL_TO ? "a second REL TO list" : Vocab.DISSEM_BANNER[d]
                                + " is repeated", vs);
                    } else if (d < last) {
                        p.report(ORDER_DISSEM, (p.portion ? Vocab.DISSEM_PORTION[d] : Vocab.DISSEM_BANNER[d])
                                + " comes before " + (p.portion ? Vocab.DISSEM_PORTION[last] : Vocab.DISSEM_BANNER[last])
                                + ": dissemination controls follow Register order (S1 §H.8)", vs);
                    }
                    p.dissemMask |= bit;
                    p.off[Parsed.OFF_DISSEM + d] = vs;
                    last = Math.max(last, d);
                }
                vs = ve + 1;
            }
        }

        void relTo(int at, int listFrom, int ve) {
            CodeList list = codes(listFrom, ve, L_REL);
            list.offset = at;
            if (p.relTo != null) {
                return; // reported as a duplicate by the caller
            }
            p.relTo = list;
            if (list.size == 0) {
                p.report(REL_TO_EMPTY, "REL TO needs its list: REL TO USA and at least one code", at);
            }
        }

        void nonIc(int cs, int ce) {
            int last = -1;
            for (int vs = cs; vs <= ce; ) {
                int ve = valueEnd(vs, ce);
                if (emptyValue(vs, ve)) {
                    vs = ve + 1;
                    continue;
                }
                int e = Vocab.lookup(t, vs, ve);
                if (e >= 0 && Vocab.kind(e) == Vocab.NON_IC) {
                    int d = Vocab.value(e);
                    form(e, vs, Vocab.NON_IC_BANNER[d], Vocab.NON_IC_PORTION[d]);
                    int bit = 1 << d;
                    if ((p.nonIcMask & bit) != 0) {
                        p.report(DUPLICATE, Vocab.NON_IC_BANNER[d] + " is repeated", vs);
                    } else if (d < last) {
                        p.report(ORDER_NON_IC, "non-IC controls follow Register order: LIMDIS, EXDIS, NODIS, SBU, SBU NOFORN, "
                                + "LES, LES NOFORN, SSI", vs);
                    }
                    p.nonIcMask |= bit;
                    p.off[Parsed.OFF_NON_IC + d] = vs;
                    last = Math.max(last, d);
                } else if (e >= 0) {
                    mixed(e, vs, ve, T_NON_IC);
                } else {
                    unknown(vs, ve, "a non-IC dissemination control");
                }
                vs = ve + 1;
            }
        }

        // ------------------------------------------------------------------ helpers

        /** Reports a banner/portion/title mix-up for a vocabulary word. */
        void form(int e, int at, String banner, String portion) {
            int f = Vocab.form(e);
            if (p.portion && f == Vocab.BANNER) {
                p.report(PORTION_ABBREVIATION, "portions write " + portion + ", not the banner form " + banner, at);
            } else if (p.portion && f == Vocab.TITLE) {
                p.report(PORTION_ABBREVIATION, "portions write " + portion + ", not the spelled-out title", at);
            } else if (!p.portion && f == Vocab.PORTION) {
                p.report(BANNER_ABBREVIATION, "banners write " + banner + " for the portion mark " + portion, at);
            } else if (!p.portion && f == Vocab.TITLE) {
                p.report(TITLE, "banners use the abbreviation " + banner + " rather than the spelled-out title", at);
            }
        }

        void mixed(int e, int vs, int ve, int category) {
            int kind = Vocab.kind(e);
            String what = switch (kind) {
                case Vocab.DISSEM -> "a dissemination control";
                case Vocab.NON_IC -> "a non-IC dissemination control";
                case Vocab.AEA -> "an AEA marking";
                case Vocab.NATO -> "a NATO control marking";
                case Vocab.SCI_NAME -> "an SCI name";
                default -> "a classification";
            };
            if (kind == Vocab.LEVEL || kind == Vocab.NATO_LEVEL || kind == Vocab.CLASS) {
                p.report(CLASS_EXCLUSIVE, "a marking has exactly one classification: " + quote(vs, ve) + " is a second one", vs);
                return;
            }
            p.report(MIXED_CATEGORY, quote(vs, ve) + " is " + what + ", not " + (category == T_AEA ? "an " : "a ")
                    + TYPE_NAMES[category] + " marking: categories are separated by //", vs);
        }

        void unknown(int vs, int ve, String expected) {
            if (declass(vs, ve)) {
                misplacedDeclass(vs, ve);
                return;
            }
            String miss = Vocab.nearMiss(t, vs, ve);
            p.report(UNKNOWN, quote(vs, ve) + " is not in the register: expected " + expected
                    + (miss != null ? " (did you mean " + miss + "?)" : ""), vs);
        }

        /**
         * A declassification instruction (MARKINGS.md 1.3, S1 §E.1): an exemption from automatic
         * declassification ({@code 25X1}, {@code 50X1-HUM}, {@code 75X2}; legacy {@code X1} to {@code X8},
         * {@code OADR}), a date ({@code 20351231}, {@code 2035-12-31}) or a Declassify On line
         * ({@code DECL ON 20351231}, {@code DECLASSIFY ON ...}). Cheap on every other value: one character
         * decides most of them.
         */
        boolean declass(int from, int to) {
            int len = to - from;
            if (len < 2) {
                return false;
            }
            char c = t.charAt(from);
            if (c >= '0' && c <= '9') {
                if (len >= 4 && t.charAt(from + 2) == 'X' && digit(from + 3) && t.charAt(from + 3) != '0'
                        && (len == 4 || t.charAt(from + 4) == '-')
                        && (starts(from, to, "25") || starts(from, to, "50") || starts(from, to, "75"))) {
                    return true;
                }
                if (len == 8 && digits(from, to)) {
                    return date(from, from + 4, from + 6);
                }
                return len == 10 && digits(from, from + 4) && t.charAt(from + 4) == '-' && digits(from + 5, from + 7)
                        && t.charAt(from + 7) == '-' && digits(from + 8, to) && date(from, from + 5, from + 8);
            }
            return switch (c) {
                case 'X' -> len == 2 && t.charAt(from + 1) >= '1' && t.charAt(from + 1) <= '8';
                case 'O' -> is(from, to, "OADR");
                case 'D' -> is(from, to, "DECL") || starts(from, to, "DECL ") || starts(from, to, "DECLASSIFY");
                default -> false;
            };
        }

        /** A one- or four-character test that rules out almost every category before {@link #declass} looks. */
        private boolean mayBeDeclass(int at) {
            char c = t.charAt(at);
            return c >= '0' && c <= '9'
                    || c == 'X' && at + 1 < t.length() && t.charAt(at + 1) >= '1' && t.charAt(at + 1) <= '8'
                    || c == 'O' && t.startsWith("OADR", at)
                    || c == 'D' && t.startsWith("DECL", at);
        }

        /** A plausible calendar date: year 19xx or 20xx, month 01 to 12, day 01 to 31. */
        private boolean date(int year, int month, int day) {
            int y = (t.charAt(year) - '0') * 10 + (t.charAt(year + 1) - '0');
            int m = (t.charAt(month) - '0') * 10 + (t.charAt(month + 1) - '0');
            int d = (t.charAt(day) - '0') * 10 + (t.charAt(day + 1) - '0');
            return (y == 19 || y == 20) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
        }

        private boolean digit(int i) {
            char c = t.charAt(i);
            return c >= '0' && c <= '9';
        }

        private boolean digits(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!digit(i)) {
                    return false;
                }
            }
            return true;
        }

        void misplacedDeclass(int from, int to) {
            p.report(DECLASS_MISPLACED, quote(from, to) + " is a declassification instruction: it belongs in the "
                    + "classification authority block (the Declassify On line), never in a banner or portion mark "
                    + "(S1 §E.1)", from);
        }

        String quote(int from, int to) {
            to = Math.min(to, from + 60);
            return "'" + t.substring(from, Math.max(from, to)) + "'";
        }

        int indexOf(char c, int from, int to) {
            for (int i = from; i < to; i++) {
                if (t.charAt(i) == c) {
                    return i;
                }
            }
            return -1;
        }

        int indexOf(String s, int from, int to) {
            int last = to - s.length();
            for (int i = from; i <= last; i++) {
                if (t.startsWith(s, i)) {
                    return i;
                }
            }
            return -1;
        }

        boolean is(int from, int to, String s) {
            return to - from == s.length() && t.startsWith(s, from);
        }

        boolean starts(int from, int to, String s) {
            return to - from >= s.length() && t.startsWith(s, from);
        }

        boolean ends(int from, int to, String s) {
            return to - from >= s.length() && t.startsWith(s, to - s.length());
        }
    }

    static int compareCodes(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() - b.length();
        }
        return a.compareTo(b);
    }

    static int firstDuplicate(CodeList list) {
        if (list.size < 2) {
            return -1;
        }
        if (list.size > 16) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size; i++) {
                if (!seen.add(list.codes[i])) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 1; i < list.size; i++) {
            for (int j = 0; j < i; j++) {
                if (list.codes[i].equals(list.codes[j])) {
                    return i;
                }
            }
        }
        return -1;
    }

    static String natoBanner(Level l) {
        return switch (l) {
            case TOP_SECRET -> "COSMIC TOP SECRET";
            case SECRET -> "NATO SECRET";
            case CONFIDENTIAL -> "NATO CONFIDENTIAL";
            case RESTRICTED -> "NATO RESTRICTED";
            case UNCLASSIFIED -> "NATO UNCLASSIFIED";
        };
    }

    static String natoPortion(Level l) {
        return switch (l) {
            case TOP_SECRET -> "CTS";
            case SECRET -> "NS";
            case CONFIDENTIAL -> "NC";
            case RESTRICTED -> "NR";
            case UNCLASSIFIED -> "NU";
        };
    }

    static String describe(String s, int i) {
        int cp = s.codePointAt(i);
        String name = Character.getName(cp);
        String hex = String.format("U+%04X", cp);
        if (cp < 0x20 || cp == 0x7f) {
            return hex + " (a control character)";
        }
        return hex + (name != null ? " " + name : "") + (Character.isLetter(cp) && cp > 0x7f ? " (not an ASCII letter)" : "");
    }
}
