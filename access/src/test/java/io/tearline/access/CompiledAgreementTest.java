package io.tearline.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.markings.AeaControl;
import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.accumulo.access.Access;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two paths, one truth: the compiled expression, evaluated by Apache accumulo-access against the
 * principal's authorizations, is accessible exactly when the rule engine lets the portion be displayed.
 */
class CompiledAgreementTest {

    static final String[] NATIONS = {"USA", "JPN", "PHL", "AUS", "CAN", "GBR", "NZL", "KOR", "DEU"};
    static final String[] ORGS = {"DIA", "DI", "INDOPACOM", "STATE", "JSDF-DIH"};
    static final String[] ACCESSES = {"SI", "TK", "SI-G", "SI-G ABCD", "SAR-BP", "NATO", "Q", "CNWDI", "SIGMA 14",
            "BOHEMIA", "ATOMAL", "HCS", "HCS-P"};
    static final String[] CODES = {"USA", "JPN", "PHL", "AUS", "CAN", "GBR", "NZL", "KOR", "FVEY", "ACGU", "TEYE", "NATO"};

    @Test
    void compiledExpressionsAgreeWithTheRuleEngine() {
        agree(Integer.getInteger("tearline.cases", 200_000));
    }

    @Test
    @Tag("slow")
    void compiledExpressionsAgreeWithTheRuleEngineOnMillionsOfCases() {
        agree(Integer.getInteger("tearline.slowCases", 5_000_000));
    }

    static void agree(int cases) {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        MarkingCompiler compiler = new MarkingCompiler(Fixtures.ENGINE);
        Access access = Access.builder().build();
        List<Principal> principals = new ArrayList<>();
        List<org.apache.accumulo.access.AccessEvaluator> evaluators = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Principal p = randomPrincipal(rnd);
            principals.add(p);
            evaluators.add(access.newEvaluator(compiler.authorizations(p)));
        }
        int permits = 0;
        for (int i = 0; i < cases; i++) {
            Marking m = randomMarking(rnd);
            Set<String> list = pick(rnd, ORGS, 2);
            int k = rnd.nextInt(principals.size());
            String owner = randomOwner(rnd, m, principals.get(k));
            String expression = compiler.compile(m, owner, list);
            boolean rule = Fixtures.ENGINE.decide(principals.get(k), m, owner, list).permitsDisplay();
            boolean compiled = evaluators.get(k).canAccess(expression);
            assertThat(compiled).as("seed %d (-Dtearline.seed=%d), case %d: %s reading %s in a report of %s compiled to %s",
                    seed, seed, i, principals.get(k), m, owner, expression).isEqualTo(rule);
            permits += rule ? 1 : 0;
        }
        // the generator must exercise both answers, or the agreement means little
        assertThat(permits).as("seed %d", seed).isBetween(cases / 50, cases - cases / 50);
    }

    /**
     * The report's owner: often the reader's nation or one of the classification's owners (the cases
     * where reading as owner matters), otherwise any nation.
     */
    static String randomOwner(SplittableRandom rnd, Marking m, Principal reader) {
        return switch (rnd.nextInt(4)) {
            case 0 -> reader.nation();
            case 1 -> m.classification() instanceof io.tearline.markings.Classification.Foreign f && !f.owners().isEmpty()
                    ? f.owners().get(rnd.nextInt(f.owners().size())) : "USA";
            default -> NATIONS[rnd.nextInt(NATIONS.length)];
        };
    }

    static Principal randomPrincipal(SplittableRandom rnd) {
        String nation = NATIONS[rnd.nextInt(NATIONS.length)];
        Clearance c = Clearance.values()[rnd.nextInt(Clearance.values().length)];
        return new Principal("p", nation, c, pick(rnd, ACCESSES, 4), pick(rnd, ORGS, 1), Set.of());
    }

    static Set<String> pick(SplittableRandom rnd, String[] from, int max) {
        Set<String> out = new HashSet<>();
        int n = rnd.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(from[rnd.nextInt(from.length)]);
        }
        return out;
    }

    static Marking randomMarking(SplittableRandom rnd) {
        Level[] us = {Level.UNCLASSIFIED, Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET};
        Level any = Level.values()[rnd.nextInt(Level.values().length)];
        Fixtures.M b = switch (rnd.nextInt(8)) {
            case 0 -> Fixtures.foreign(rnd.nextBoolean() ? "NATO" : NATIONS[rnd.nextInt(NATIONS.length)], any);
            case 6 -> Fixtures.foreignOwners(any, "CAN", NATIONS[rnd.nextInt(NATIONS.length)].equals("KOR") ? "KOR" : "GBR");
            case 7 -> Fixtures.foreignOwners(any); // source concealed: //FGI
            case 1 -> Fixtures.joint(us[1 + rnd.nextInt(3)], "GBR", NATIONS[rnd.nextInt(NATIONS.length)], "USA");
            default -> Fixtures.us(us[rnd.nextInt(us.length)]);
        };
        if (rnd.nextInt(5) == 0) b.sci("SI", rnd.nextBoolean() ? new String[] {"G ABCD"} : new String[0]);
        if (rnd.nextInt(8) == 0) b.sci("TK");
        if (rnd.nextInt(10) == 0) b.sap("BP");
        if (rnd.nextInt(12) == 0) b.aea(AeaControl.values()[rnd.nextInt(AeaControl.values().length)], 14);
        if (rnd.nextInt(8) == 0) b.fgi(rnd.nextBoolean() ? "NATO" : "GBR");
        if (rnd.nextInt(10) == 0) b.nato(NatoControl.values()[rnd.nextInt(NatoControl.values().length)]);
        Dissem[] plain = {Dissem.RSEN, Dissem.FOUO, Dissem.ORCON, Dissem.ORCON_USGOV, Dissem.IMCON, Dissem.NOFORN,
                Dissem.PROPIN, Dissem.RELIDO, Dissem.DSEN, Dissem.FISA};
        for (int i = rnd.nextInt(3); i > 0; i--) b.d(plain[rnd.nextInt(plain.length)]);
        if (rnd.nextInt(3) > 0) b.rel(pickList(rnd, "USA"));
        if (rnd.nextInt(8) == 0) b.display(pickList(rnd, null));
        if (rnd.nextInt(20) == 0) b.eyes(pickList(rnd, null));
        if (rnd.nextInt(8) == 0) b.nonIc(NonIc.values()[rnd.nextInt(NonIc.values().length)]);
        return b.m();
    }

    static String[] pickList(SplittableRandom rnd, String first) {
        List<String> out = new ArrayList<>();
        if (first != null) out.add(first);
        for (String c : pick(rnd, CODES, 3)) if (!out.contains(c)) out.add(c);
        if (out.isEmpty()) out.add("GBR");
        return out.toArray(String[]::new);
    }
}
