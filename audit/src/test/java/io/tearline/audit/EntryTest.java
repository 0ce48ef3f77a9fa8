package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.audit.internal.Canonical;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Canonical JSON leaves, the log's own "index" field, commitments and their openings. */
class EntryTest {

    static String leaf(Entry e, long index) {
        return new String(e.leaf(index), StandardCharsets.UTF_8);
    }

    @Test
    void keysAreSortedAtEveryDepthWithoutWhitespace() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("zulu", 1);
        inner.put("alpha", List.of("b", "a"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "read");
        m.put("b", inner);
        m.put("a", true);
        m.put("big", new BigInteger("123456789012345678901234567890"));
        assertThat(leaf(Entry.of(m), 7)).isEqualTo(
                "{\"a\":true,\"b\":{\"alpha\":[\"b\",\"a\"],\"zulu\":1},"
                        + "\"big\":123456789012345678901234567890,\"index\":7,\"type\":\"read\"}");
        assertThat(leaf(Entry.of(Map.of()), 0)).isEqualTo("{\"index\":0}");
        assertThat(leaf(Entry.of(Map.of("a", 1)), 3)).isEqualTo("{\"a\":1,\"index\":3}");
        assertThat(leaf(Entry.of(Map.of("z", 1)), 3)).isEqualTo("{\"index\":3,\"z\":1}");
    }

    @Test
    void sortingIsByUtf16CodeUnitsAndEscapingIsStable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\u00e9", "caf\u00e9");
        m.put("Z", "line\nbreak \"quoted\" back\\slash \u0001");
        m.put("\ud83d\ude00", "emoji");
        m.put("\uff21", "fullwidth");
        String json = leaf(Entry.of(m), 1);
        // 'Z' (0x5A) < "index" < 'é' (0xE9) < surrogate 0xD83D? no: 0xD83D < 0xFF21, and 0xE9 < 0xD83D
        assertThat(json).isEqualTo("{\"Z\":\"line\\nbreak \\\"quoted\\\" back\\\\slash \\u0001\",\"index\":1,"
                + "\"\u00e9\":\"caf\u00e9\",\"\ud83d\ude00\":\"emoji\",\"\uff21\":\"fullwidth\"}");
        assertThat(Canonical.parse(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(SortedMap.class);
    }

    @Test
    void theSpliceOfIndexEqualsTheCanonicalFormOfTheWholeObject() {
        long seed = Long.getLong("audit.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] keys = {"a", "b", "h", "i", "ind", "index0", "indey", "indexa", "j", "type", "z", "Index", "_"};
        for (int round = 0; round < 2000; round++) {
            Map<String, Object> m = new TreeMap<>();
            int n = rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                m.put(keys[rnd.nextInt(keys.length)], rnd.nextBoolean() ? rnd.nextLong() : "v" + rnd.nextInt(100));
            }
            long index = rnd.nextLong(Long.MAX_VALUE);
            Map<String, Object> whole = new TreeMap<>(m);
            whole.put("index", index);
            assertThat(leaf(Entry.of(m), index)).as("seed %d round %d", seed, round)
                    .isEqualTo(new String(Canonical.write(Canonical.normalise(whole, "$")), StandardCharsets.UTF_8));
        }
    }

    @Test
    void refusesValuesWithoutOneSpellingAndSaysWhere() {
        assertThatThrownBy(() -> Entry.of(Map.of("a", Map.of("b", 1.5))))
                .isInstanceOfSatisfying(AuditException.class, e -> {
                    assertThat(e.rule()).isEqualTo("entry.number");
                    assertThat(e.position()).isEqualTo("$.a.b");
                });
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("x", null);
        assertThatThrownBy(() -> Entry.of(Map.of("list", List.of(1, withNull))))
                .isInstanceOfSatisfying(AuditException.class, e -> {
                    assertThat(e.rule()).isEqualTo("entry.null");
                    assertThat(e.position()).isEqualTo("$.list[1].x");
                });
        assertThatThrownBy(() -> Entry.of(Map.of("when", java.time.Instant.EPOCH)))
                .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.rule()).isEqualTo("entry.type"));
        assertThatThrownBy(() -> Entry.of(Map.of("s", "bad \ud800 surrogate")))
                .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.rule()).isEqualTo("entry.string"));
        assertThatThrownBy(() -> Entry.of(Map.of("index", 3)))
                .isInstanceOfSatisfying(AuditException.class, e -> {
                    assertThat(e.rule()).isEqualTo("entry.reserved");
                    assertThat(e.position()).isEqualTo("$.index");
                });
        assertThatThrownBy(() -> Entry.builder().put("a", 1).put("a", 2))
                .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.rule()).isEqualTo("entry.duplicate"));
        assertThatThrownBy(() -> Entry.of(Map.of("huge", "x".repeat(Entry.MAX_LEAF_BYTES))))
                .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.rule()).isEqualTo("entry.too-large"));
        // and the permitted neighbours of those values go through
        assertThat(leaf(Entry.of(Map.of("a", Map.of("b", 2L), "s", "ok \ud83d\ude00")), 0)).contains("\"b\":2");
    }

    @Test
    void parseAcceptsOnlyCanonicalBytes() {
        assertThat(Canonical.parse("{\"a\":[1,true,\"x\"],\"b\":{}}".getBytes(StandardCharsets.UTF_8))).isNotNull();
        for (String bad : List.of("{\"b\":1,\"a\":2}", "{\"a\": 1}", "{\"a\":1.0}", "{\"a\":null}", "{\"a\":1,\"a\":1}",
                "{\"a\":1} ", "{\"a\":1}{}", "{\"a\":01}", "{\"a\":-0}", "", "{\"a\":\"\\u0041\"}")) {
            assertThatThrownBy(() -> Canonical.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(AuditException.class);
        }
    }

    @Test
    void aCommitmentHidesTheSecretAndOnlyItsOpeningOpensIt() {
        Entry e = Entry.builder()
                .put("type", "read.denied")
                .commit("withheld", Map.of("report", "0123456789abcdef", "marking", "S//NF"), "USA")
                .access(Access.of("JPN", List.of("USA")))
                .build();
        byte[] leaf = e.leaf(42);
        String json = new String(leaf, StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("0123456789abcdef").doesNotContain("S//NF");
        Opening o = e.openings().get(0);
        assertThat(o.nation()).isEqualTo("USA");
        assertThat(o.salt()).hasSize(32);
        assertThat(o.secretJson()).isEqualTo("{\"marking\":\"S//NF\",\"report\":\"0123456789abcdef\"}");
        assertThat(json).contains("\"withheld\":\"" + o.commitment() + "\"");
        assertThat(o.verify(leaf)).isTrue();
        // deny: another secret, another salt, another field, another leaf
        byte[] otherSalt = o.salt();
        otherSalt[0] ^= 1;
        assertThat(new Opening("withheld", "USA", otherSalt, o.secret()).verify(leaf)).isFalse();
        assertThat(new Opening("withheld", "USA", o.salt(),
                "{\"marking\":\"U\",\"report\":\"0123456789abcdef\"}".getBytes(StandardCharsets.UTF_8)).verify(leaf)).isFalse();
        assertThat(new Opening("type", "USA", o.salt(), o.secret()).verify(leaf)).isFalse();
        assertThat(o.verify(Entry.of(Map.of("type", "read.denied")).leaf(42))).isFalse();
        // two commitments to the same secret do not look alike (the salt)
        Entry again = Entry.builder().commit("withheld", Map.of("report", "0123456789abcdef", "marking", "S//NF"), "USA").build();
        assertThat(again.fields().get("withheld")).isNotEqualTo(e.fields().get("withheld"));
        assertThat(Base64.getDecoder().decode((String) e.fields().get("withheld"))).hasSize(32);
    }

    @Test
    void accessMetadataIsValidatedAndAnswersWhoItConcerns() {
        Access a = Access.of("JPN", List.of("USA", "GBR"));
        assertThat(a.owners()).containsExactly("GBR", "USA");
        assertThat(a.concerns("JPN")).isTrue();
        assertThat(a.concerns("USA")).isTrue();
        assertThat(a.concerns("FRA")).isFalse();
        assertThat(Access.NONE.concerns("USA")).isFalse();
        assertThatThrownBy(() -> Access.of("jpn", List.of())).isInstanceOf(AuditException.class);
        assertThatThrownBy(() -> Access.owners(List.of("US,A"))).isInstanceOf(AuditException.class);
        assertThatThrownBy(() -> Entry.builder().commit("x", "secret", "not a nation"))
                .isInstanceOf(AuditException.class);
    }
}
