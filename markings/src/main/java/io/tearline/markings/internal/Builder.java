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
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import io.tearline.markings.internal.Parsed.CodeList;
import io.tearline.markings.internal.Parsed.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Builds the canonical {@link Marking} from what the scanner read: lists sorted and deduplicated, enum
 * sets shared. Immutable sets are interned by bit mask so that the common markings allocate little.
 */
final class Builder {

    private Builder() {}

    private static final Classification.Us[] US = new Classification.Us[Level.values().length];
    private static final Optional<Fgi> CONCEALED_FGI = Optional.of(new Fgi(List.of()));

    static {
        for (Level l : Level.values()) {
            US[l.ordinal()] = new Classification.Us(l);
        }
    }

    private static final AtomicReferenceArray<Set<Dissem>> DISSEM_SETS = new AtomicReferenceArray<>(1 << Dissem.values().length);
    private static final AtomicReferenceArray<Set<NonIc>> NON_IC_SETS = new AtomicReferenceArray<>(1 << NonIc.values().length);
    private static final AtomicReferenceArray<Set<AeaControl>> AEA_SETS = new AtomicReferenceArray<>(1 << AeaControl.values().length);
    private static final AtomicReferenceArray<Set<NatoControl>> NATO_SETS = new AtomicReferenceArray<>(1 << NatoControl.values().length);

    static Set<Dissem> dissem(int mask) {
        return set(DISSEM_SETS, mask, Dissem.class);
    }

    static Set<NonIc> nonIc(int mask) {
        return set(NON_IC_SETS, mask, NonIc.class);
    }

    static Set<AeaControl> aea(int mask) {
        return set(AEA_SETS, mask, AeaControl.class);
    }

    static Set<NatoControl> nato(int mask) {
        return set(NATO_SETS, mask, NatoControl.class);
    }

    private static <E extends Enum<E>> Set<E> set(AtomicReferenceArray<Set<E>> cache, int mask, Class<E> type) {
        Set<E> s = cache.get(mask);
        if (s == null) {
            EnumSet<E> e = EnumSet.noneOf(type);
            for (E v : type.getEnumConstants()) {
                if ((mask & (1 << v.ordinal())) != 0) {
                    e.add(v);
                }
            }
            s = Set.copyOf(e);
            cache.set(mask, s);
        }
        return s;
    }

    static int mask(Set<? extends Enum<?>> set) {
        int m = 0;
        for (Enum<?> e : set) {
            m |= 1 << e.ordinal();
        }
        return m;
    }

    static Classification.Us us(Level l) {
        return US[l.ordinal()];
    }

    static Marking build(Parsed p) {
        Classification c;
        switch (p.classKind) {
            case Parsed.US -> c = US[p.level.ordinal()];
            case Parsed.FOREIGN -> c = p.concealed ? Classification.Foreign.concealed(p.level)
                    : p.nato ? NATO[p.level.ordinal()]
                    : p.owners.size == 1 ? new Classification.Foreign(p.owners.codes[0], p.level)
                    : Classification.Foreign.of(p.level, codes(p.owners, false));
            default -> c = new Classification.Joint(p.level, codes(p.owners, false));
        }
        List<ControlSystem> sci = p.sci == null || p.sci.isEmpty() ? List.of() : systems(p.sci);
        List<ControlSystem> sap = p.sap == null || p.sap.isEmpty() ? List.of() : systems(p.sap);
        Aea aea = p.aeaMask == 0 ? Aea.NONE : new Aea(aea(p.aeaMask), sigmas(p));
        Optional<Fgi> fgi = !p.fgi ? Optional.empty()
                : p.fgiCodes == null || p.fgiCodes.size == 0 ? CONCEALED_FGI
                : Optional.of(new Fgi(codes(p.fgiCodes, false)));
        List<String> relTo = p.relTo == null || p.relShort ? List.of() : codes(p.relTo, true);
        List<String> displayOnly = p.displayOnly == null ? List.of() : codes(p.displayOnly, false);
        return new Marking(c, sci, sap, aea, fgi, dissem(p.dissemMask), relTo, displayOnly, List.of(),
                nonIc(p.nonIcMask), nato(p.natoMask));
    }

    private static final Classification.Foreign[] NATO = new Classification.Foreign[Level.values().length];

    static {
        for (Level l : Level.values()) {
            NATO[l.ordinal()] = new Classification.Foreign("NATO", l);
        }
    }

    private static List<Integer> sigmas(Parsed p) {
        if (p.sigmaCount == 0) {
            return List.of();
        }
        int[] s = Arrays.copyOf(p.sigmas, p.sigmaCount);
        Arrays.sort(s);
        Integer[] boxed = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            boxed[i] = s[i];
        }
        return List.of(boxed);
    }

    /** USA first (REL TO only), then trigraphs, then tetragraphs, each alphabetical; duplicates dropped. */
    static List<String> codes(CodeList list, boolean usaFirst) {
        int n = list.size;
        if (n == 0) {
            return List.of();
        }
        String[] a = Arrays.copyOf(list.codes, n);
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = compare(a[i - 1], a[i], usaFirst) < 0;
        }
        if (!sorted) {
            Arrays.sort(a, (x, y) -> compare(x, y, usaFirst));
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (k == 0 || !a[k - 1].equals(a[i])) {
                    a[k++] = a[i];
                }
            }
            a = Arrays.copyOf(a, k);
        }
        return List.of(a);
    }

    static int compare(String x, String y, boolean usaFirst) {
        if (usaFirst) {
            boolean ux = x.equals("USA");
            boolean uy = y.equals("USA");
            if (ux || uy) {
                return ux == uy ? 0 : ux ? -1 : 1;
            }
        }
        return Parser.compareCodes(x, y);
    }

    private static List<ControlSystem> systems(List<Node> nodes) {
        List<Node> sorted = sortedUnique(nodes);
        List<ControlSystem> out = new ArrayList<>(sorted.size());
        for (Node n : sorted) {
            List<Compartment> comps;
            if (n.children == null) {
                comps = List.of();
            } else {
                List<Node> cs = sortedUnique(n.children);
                Compartment[] arr = new Compartment[cs.size()];
                for (int i = 0; i < arr.length; i++) {
                    Node c = cs.get(i);
                    List<String> subs = List.of();
                    if (c.children != null) {
                        List<Node> ss = sortedUnique(c.children);
                        String[] names = new String[ss.size()];
                        for (int j = 0; j < names.length; j++) {
                            names[j] = ss.get(j).name;
                        }
                        subs = List.of(names);
                    }
                    arr[i] = new Compartment(c.name, subs);
                }
                comps = List.of(arr);
            }
            out.add(new ControlSystem(n.name, comps));
        }
        return List.copyOf(out);
    }

    private static List<Node> sortedUnique(List<Node> nodes) {
        boolean sorted = true;
        for (int i = 1; i < nodes.size() && sorted; i++) {
            sorted = nodes.get(i - 1).name.compareTo(nodes.get(i).name) < 0;
        }
        if (sorted) {
            return nodes;
        }
        List<Node> copy = new ArrayList<>(nodes);
        copy.sort(Comparator.comparing(n -> n.name));
        List<Node> out = new ArrayList<>(copy.size());
        for (Node n : copy) {
            if (out.isEmpty() || !out.get(out.size() - 1).name.equals(n.name)) {
                out.add(n);
            }
        }
        return out;
    }
}
