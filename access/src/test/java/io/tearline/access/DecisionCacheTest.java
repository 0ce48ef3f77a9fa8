package io.tearline.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.markings.Dissem;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

    @Test
    void cachedDecisionsEqualFreshOnes() {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        DecisionCache cache = new DecisionCache(Fixtures.ENGINE, 16, 50_000);
        for (int i = 0; i < 20_000; i++) {
            Principal p = CompiledAgreementTest.randomPrincipal(rnd);
            Marking m = CompiledAgreementTest.randomMarking(rnd);
            Set<String> list = CompiledAgreementTest.pick(rnd, CompiledAgreementTest.ORGS, 2);
            String owner = CompiledAgreementTest.randomOwner(rnd, m, p);
            assertThat(cache.decide(p, cache.resource(m, owner, list)))
                    .as("seed %d case %d", seed, i).isEqualTo(Fixtures.ENGINE.decide(p, m, owner, list));
        }
    }

    @Test
    void equalResourcesShareOneIdAndAFullCacheStillDecidesCorrectly() {
        DecisionCache cache = new DecisionCache(Fixtures.ENGINE, 4, 3);
        var a = cache.resource(Fixtures.us(Level.SECRET).d(Dissem.NOFORN).m(), Set.of("DIA"));
        assertThat(cache.resource(Fixtures.us(Level.SECRET).d(Dissem.NOFORN).m(), Set.of("DIA"))).isSameAs(a);
        cache.resource(Fixtures.us(Level.SECRET).m(), Set.of());
        cache.resource(Fixtures.us(Level.CONFIDENTIAL).m(), Set.of());
        var overflow = cache.resource(Fixtures.us(Level.TOP_SECRET).m(), Set.of());
        assertThat(overflow.id()).isEqualTo(-1);
        Principal s = new Principal("s", "USA", Clearance.SECRET, Set.of(), Set.of(), Set.of());
        assertThat(cache.decide(s, overflow).permitsDisplay()).isFalse();
        assertThat(cache.decide(s, a).permitsDisplay()).isTrue();
        assertThat(cache.decide(s, a)).isSameAs(cache.decide(s, a));
    }

    @Test
    void theReportOwnerIsPartOfTheResource() {
        DecisionCache cache = new DecisionCache(Fixtures.ENGINE, 16, 50_000);
        Marking fgi = Fixtures.foreign("JPN", Level.SECRET).m();
        Resource inUsReport = cache.resource(fgi, "USA", Set.of());
        Resource inJpnReport = cache.resource(fgi, "JPN", Set.of());
        assertThat(inUsReport).isNotSameAs(inJpnReport);
        assertThat(cache.resource(fgi, Set.of())).isSameAs(inUsReport);
        Principal kenji = new Principal("kenji", "JPN", Clearance.SECRET, Set.of(), Set.of(), Set.of());
        assertThat(cache.decide(kenji, inJpnReport).permitsDisplay()).isTrue();
        assertThat(cache.decide(kenji, inUsReport).permitsDisplay()).isFalse();
    }

    @Test
    void theKeyIsTheAttributeSetNotTheName() {
        DecisionCache cache = new DecisionCache(Fixtures.ENGINE, 16, 50_000);
        Principal a = new Principal("a", "USA", Clearance.SECRET, Set.of(), Set.of("DIA"), Set.of("analyst"));
        Principal b = new Principal("b", "USA", Clearance.SECRET, Set.of(), Set.of("DIA"), Set.of("auditor"));
        Principal c = new Principal("c", "USA", Clearance.CONFIDENTIAL, Set.of(), Set.of("DIA"), Set.of());
        assertThat(cache.reader(a)).isSameAs(cache.reader(b));
        assertThat(cache.reader(a)).isNotSameAs(cache.reader(c));
        Resource r = cache.resource(Fixtures.us(Level.SECRET).d(Dissem.NOFORN).m(), Set.of());
        assertThat(cache.decide(a, r).permitsDisplay()).isTrue();
        assertThat(cache.decide(c, r).permitsDisplay()).isFalse();
    }
}
