package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import io.tearline.markings.Level;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.security.Authorizations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads through the tablet servers: visible portions only, heads that hide existence, versions, the gate. */
class ReadsTest {

    static AccumuloClient client;
    static AccumuloReports store;
    static final Set<Gate> ALL_GATES = AccumuloReports.gates(List.of("USA", "GBR", "JPN"), (o, l) -> true);
    static final Principal US_TS = new Principal("u", "USA", Clearance.TOP_SECRET, Set.of("SI"), Set.of(), Set.of());
    static final Principal JPN_S = new Principal("j", "JPN", Clearance.SECRET, Set.of(), Set.of(), Set.of());

    @BeforeAll
    static void start() {
        client = TestAccumulo.rootClient();
        store = new AccumuloReports(client, TestAccumulo.freshPrefix("reads"), Corpus.MARKINGS, Corpus.COMPILER, 4);
        store.createTables();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    static Report report(String id, int version, String owner, List<String> orcon, Portion title, Portion... body) {
        Instant t = Instant.parse("2026-03-01T10:00:00.123456Z").plusSeconds(version);
        return new Report(id, owner, "DIA", orcon, title, List.of(body), "SECRET//NOFORN", version, t, t, "ava");
    }

    static Portion p(int index, String marking, String text) {
        return Corpus.portion(index, marking, text);
    }

    Authorizations auths(Principal p, Set<Gate> gates) {
        return store.authorizations(p, gates);
    }

    @Test
    void aReaderGetsOnlyTheVisiblePortionsAndTheBannerOnlyWhenTheySeeThemAll() {
        Report r = report("00000000000000a1", 1, "USA", List.of(), p(0, "(U)", "Shoal incident"),
                p(1, "(U)", "Public summary."), p(2, "(S//REL TO USA, JPN)", "Track for partners."),
                p(3, "(S//NF)", "Sourcing note."));
        store.write(r);
        VisibleReport us = store.read(r.id(), auths(US_TS, ALL_GATES)).orElseThrow();
        assertThat(us.allPortions()).containsExactlyElementsOf(r.allPortions());
        assertThat(us.banner()).contains("SECRET//NOFORN");
        assertThat(us.created()).isEqualTo(r.created());
        VisibleReport jp = store.read(r.id(), auths(JPN_S, ALL_GATES)).orElseThrow();
        assertThat(jp.allPortions()).extracting(Portion::index).containsExactly(0, 1, 2);
        assertThat(jp.banner()).isEmpty();
        // the gate closed for USA SECRET portions: the JPN reader loses the REL TO portion
        Set<Gate> noSecret = AccumuloReports.gates(List.of("USA"), (o, l) -> l != Level.SECRET);
        assertThat(store.read(r.id(), auths(JPN_S, noSecret)).orElseThrow().allPortions())
                .extracting(Portion::index).containsExactly(0, 1);
        // and no gate at all: nothing, not even the head
        assertThat(store.read(r.id(), auths(JPN_S, Set.of()))).isEmpty();
    }

    @Test
    void aWhollyInvisibleReportReadsLikeAMissingOne() {
        Report r = report("00000000000000b1", 1, "USA", List.of(), p(0, "(S//NF)", "Title"), p(1, "(TS//SI//NF)", "Body"));
        store.write(r);
        assertThat(store.read(r.id(), auths(JPN_S, ALL_GATES))).isEmpty();
        assertThat(store.read("00000000000000b2", auths(JPN_S, ALL_GATES))).isEmpty();
        assertThat(store.read(r.id(), 1, auths(JPN_S, ALL_GATES))).isEmpty();
        assertThat(store.read(r.id(), auths(US_TS, ALL_GATES))).isPresent();
    }

    @Test
    void versionsAreKeptAndOnlyTheCurrentOneIsCurrent() {
        Report v1 = report("00000000000000c1", 1, "USA", List.of(), p(0, "(U)", "First title"), p(1, "(S//REL TO USA, JPN)", "Old body"));
        Report v2 = report("00000000000000c1", 2, "USA", List.of(), p(0, "(S//NF)", "Second title"), p(1, "(S//NF)", "New body"));
        store.write(v1);
        store.write(v2);
        VisibleReport current = store.read(v1.id(), auths(US_TS, ALL_GATES)).orElseThrow();
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.current()).isTrue();
        assertThat(current.allPortions()).containsExactlyElementsOf(v2.allPortions());
        VisibleReport old = store.read(v1.id(), 1, auths(US_TS, ALL_GATES)).orElseThrow();
        assertThat(old.current()).isFalse();
        assertThat(old.allPortions()).containsExactlyElementsOf(v1.allPortions());
        // JPN saw all of version 1 and sees nothing of version 2: no current version for them, not the old one
        assertThat(store.read(v1.id(), auths(JPN_S, ALL_GATES))).isEmpty();
        assertThat(store.read(v1.id(), 1, auths(JPN_S, ALL_GATES))).isPresent();
        // and the index moved: the old words are gone, the new ones there
        assertThat(store.search("old", auths(US_TS, ALL_GATES), 10, 0).hits()).extracting(h -> h.reportId())
                .doesNotContain(v1.id());
        assertThat(store.search("new body", auths(US_TS, ALL_GATES), 10, 0).hits()).extracting(h -> h.reportId())
                .contains(v1.id());
        assertThat(store.search("new body", auths(JPN_S, ALL_GATES), 10, 0).hits()).extracting(h -> h.reportId())
                .doesNotContain(v1.id());
    }

    @Test
    void theOrconListGoesOnlyToAReaderOfAnOrconPortion() {
        Principal dia = new Principal("d", "USA", Clearance.SECRET, Set.of(), Set.of("DIA"), Set.of());
        Principal other = new Principal("o", "USA", Clearance.SECRET, Set.of(), Set.of("STATE"), Set.of());
        Report r = report("00000000000000d1", 1, "USA", List.of("DIA"), p(0, "(U)", "Title"), p(1, "(S//OC/NF)", "Controlled"));
        store.write(r);
        assertThat(store.read(r.id(), auths(dia, ALL_GATES)).orElseThrow().orcon()).containsExactly("DIA");
        VisibleReport o = store.read(r.id(), auths(other, ALL_GATES)).orElseThrow();
        assertThat(o.orcon()).isEmpty();
        assertThat(o.allPortions()).extracting(Portion::index).containsExactly(0);
    }
}
