package io.tearline.store.accumulo;

import io.tearline.access.Clearance;
import io.tearline.access.DecisionEngine;
import io.tearline.access.Equivalence;
import io.tearline.access.MarkingCompiler;
import io.tearline.access.Membership;
import io.tearline.access.Principal;
import io.tearline.markings.Check;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.MarkingGen;
import io.tearline.markings.Markings;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Random reports and readers for the Accumulo tests, and the decision engine's answer for each pair. */
final class Corpus {

    static final Markings MARKINGS = Markings.standard();
    static final DecisionEngine ENGINE = new DecisionEngine(Membership.of(MARKINGS.register()),
            Equivalence.of(MARKINGS.register()));
    static final MarkingCompiler COMPILER = new MarkingCompiler(ENGINE);

    static final String[] NATIONS = {"USA", "JPN", "PHL", "AUS", "CAN", "GBR", "NZL", "KOR", "DEU"};
    static final String[] OWNERS = {"USA", "USA", "GBR", "JPN", "AUS", "CAN"};
    static final String[] ORGS = {"DIA", "DI", "INDOPACOM", "STATE", "JSDF-DIH"};
    static final String[] ACCESSES = {"SI", "TK", "SI-G", "HCS", "NATO"};
    static final String[] WORDS = {"vessel", "track", "water", "cannon", "shoal", "resupply", "boat", "order", "source",
            "summary", "incident", "coast", "guard", "assessment", "intent", "partner", "exercise", "report", "signal",
            "harbor", "harbour", "hardened", "radar", "patrol", "patrolling", "convoy", "island", "strait", "fleet", "north"};
    static final Level[] LEVELS = {Level.UNCLASSIFIED, Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET};

    private Corpus() {}

    /** A random accepted portion marking, normalised. */
    static String marking(SplittableRandom rnd) {
        while (true) {
            Check c = MARKINGS.checkPortion(MarkingGen.portion(rnd));
            if (c instanceof Check.Accepted a) {
                return a.marking().portion();
            }
        }
    }

    static String text(SplittableRandom rnd, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                b.append(rnd.nextInt(6) == 0 ? ", " : " ");
            }
            String w = WORDS[rnd.nextInt(WORDS.length)];
            b.append(rnd.nextInt(5) == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        }
        return b.append(rnd.nextInt(4) == 0 ? " <b>&\"x'</b>." : ".").toString();
    }

    static Portion portion(int index, String marking, String text) {
        return new Portion(index, marking, marking, index + 1, text);
    }

    static String id(SplittableRandom rnd) {
        return String.format("%016x", rnd.nextLong());
    }

    /** A report of {@code 1..maxPortions} body portions. */
    static Report report(SplittableRandom rnd, String id, int version, int maxPortions) {
        String owner = OWNERS[rnd.nextInt(OWNERS.length)];
        List<String> orcon = new ArrayList<>(pick(rnd, ORGS, 2));
        java.util.Collections.sort(orcon);
        Portion title = portion(0, marking(rnd), text(rnd, 3 + rnd.nextInt(4)));
        List<Portion> body = new ArrayList<>();
        int n = 1 + rnd.nextInt(maxPortions);
        for (int i = 1; i <= n; i++) {
            body.add(portion(i, marking(rnd), text(rnd, 4 + rnd.nextInt(14))));
        }
        Instant t = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(version * 60L + rnd.nextInt(1000)).plusNanos(rnd.nextInt(1_000_000) * 1000L);
        return new Report(id, owner, "DIA", orcon, title, body, "SECRET//NOFORN", version, t.minusSeconds(3600 * version),
                t, "ava");
    }

    static Principal principal(SplittableRandom rnd) {
        String nation = NATIONS[rnd.nextInt(NATIONS.length)];
        Clearance c = Clearance.values()[rnd.nextInt(Clearance.values().length)];
        return new Principal("p", nation, c, pick(rnd, ACCESSES, 3), pick(rnd, ORGS, 1), Set.of());
    }

    /** Each (owner, level) gate open with probability 3/4. */
    static Set<Gate> gates(SplittableRandom rnd) {
        Set<Gate> out = new HashSet<>();
        for (String o : new TreeSet<>(List.of(OWNERS))) {
            for (Level l : LEVELS) {
                if (rnd.nextInt(4) > 0) {
                    out.add(new Gate(o, l));
                }
            }
        }
        return out;
    }

    /** The decision engine's answer, and the gate's: may this reader be shown this portion? */
    static boolean permits(Principal p, Set<Gate> gates, Report r, Portion portion) {
        Marking m = MARKINGS.parse(portion.normalised());
        return ENGINE.decide(p, m, r.owner(), new TreeSet<>(r.orcon())).permitsDisplay()
                && gates.contains(new Gate(r.owner(), m.level()));
    }

    static Set<String> pick(SplittableRandom rnd, String[] from, int max) {
        Set<String> out = new HashSet<>();
        int n = rnd.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(from[rnd.nextInt(from.length)]);
        }
        return out;
    }

    static long seed() {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        System.out.println("seed " + seed + " (-Dtearline.seed=" + seed + ")");
        return seed;
    }
}
