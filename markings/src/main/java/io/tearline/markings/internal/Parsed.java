package io.tearline.markings.internal;

import io.tearline.markings.Level;
import io.tearline.markings.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scanner read from one marking, with the position of every element so that the validator can
 * locate its findings. Mutable and confined to one check.
 */
final class Parsed {

    static final int NONE = 0;
    static final int US = 1;
    static final int FOREIGN = 2;
    static final int JOINT = 3;

    /** Findings beyond this many are dropped: one hostile input must not build a huge list. */
    static final int MAX_FINDINGS = 100;

    // offset slots in off[]: dissem 0..12, non-IC 13..20, AEA 21..27, NATO 28..30
    static final int OFF_DISSEM = 0;
    static final int OFF_NON_IC = 13;
    static final int OFF_AEA = 21;
    static final int OFF_NATO = 28;

    final String input;
    /** Offsets in the text the scanner read (the input, or its case- and space-normalised copy) mapped to the
        input; null when that text is the input. */
    int[] map;
    int mapEnd;

    boolean portion;
    List<Violation> findings;
    boolean invalid;
    boolean truncated;

    int classKind = NONE;
    Level level;
    int classOffset;
    /** Foreign owners (empty when concealed) or JOINT owners, as written. */
    CodeList owners;
    boolean concealed;
    boolean nato;
    boolean jointShort;

    List<Node> sci;
    List<Node> sap;
    int sapOffset = -1;
    int natoMask;
    int aeaMask;
    int[] sigmas;
    int sigmaCount;

    boolean fgi;
    int fgiOffset = -1;
    CodeList fgiCodes;

    int dissemMask;
    CodeList relTo;
    CodeList displayOnly;
    boolean relShort;
    int nonIcMask;
    final int[] off = new int[31];

    Parsed(String input) {
        this.input = input;
    }

    /** The input offset of a text offset. */
    int orig(int offset) {
        if (map == null) {
            return offset;
        }
        if (offset < map.length) {
            return map[Math.max(offset, 0)];
        }
        return mapEnd;
    }

    void report(String rule, String message, int textOffset) {
        reportAt(rule, message, orig(textOffset));
    }

    void reportAt(String rule, String message, int inputOffset) {
        if (!Rules.isForm(rule)) {
            invalid = true;
        }
        if (findings == null) {
            findings = new ArrayList<>(4);
        }
        if (findings.size() >= MAX_FINDINGS) {
            truncated = true;
            return;
        }
        findings.add(new Violation(rule, message, inputOffset));
    }

    boolean has(io.tearline.markings.Dissem d) {
        return (dissemMask & (1 << d.ordinal())) != 0;
    }

    boolean has(io.tearline.markings.NonIc n) {
        return (nonIcMask & (1 << n.ordinal())) != 0;
    }

    boolean has(io.tearline.markings.AeaControl a) {
        return (aeaMask & (1 << a.ordinal())) != 0;
    }

    int offset(io.tearline.markings.Dissem d) {
        return off[OFF_DISSEM + d.ordinal()];
    }

    int offset(io.tearline.markings.NonIc n) {
        return off[OFF_NON_IC + n.ordinal()];
    }

    int offset(io.tearline.markings.AeaControl a) {
        return off[OFF_AEA + a.ordinal()];
    }

    /** A system or program, a compartment, or a sub-compartment, with where it was written. */
    static final class Node {
        final String name;
        final int offset;
        List<Node> children;

        Node(String name, int offset) {
            this.name = name;
            this.offset = offset;
        }

        List<Node> kids() {
            return children == null ? List.of() : children;
        }

        Node add(Node child) {
            if (children == null) {
                children = new ArrayList<>(2);
            }
            children.add(child);
            return child;
        }
    }

    /** Codes as written (canonical strings from the register) with their offsets. */
    static final class CodeList {
        String[] codes = new String[4];
        int[] offsets = new int[4];
        int size;
        int offset;

        CodeList(int offset) {
            this.offset = offset;
        }

        void add(String code, int at) {
            if (size == codes.length) {
                codes = java.util.Arrays.copyOf(codes, size * 2);
                offsets = java.util.Arrays.copyOf(offsets, size * 2);
            }
            codes[size] = code;
            offsets[size] = at;
            size++;
        }

        boolean contains(String code) {
            for (int i = 0; i < size; i++) {
                if (codes[i].equals(code)) {
                    return true;
                }
            }
            return false;
        }
    }
}
