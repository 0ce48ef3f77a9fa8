package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.access.Principal;
import io.tearline.server.release.Finding;
import io.tearline.server.release.Guards;
import io.tearline.server.release.Outgoing;
import io.tearline.server.release.ReleaseGuard;
import io.tearline.server.release.guard.Spillage;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standard release guard over the demo (SCENARIO.md's reports, people and guard terms). */
class ReleaseGuardTest {

    static DemoFixture demo;
    static ReleaseGuard guard;
    static Report r1;
    static Report r6;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
        guard = Guards.standard(demo.tearline);
        r1 = demo.tearline.store().read(demo.id("R1")).orElseThrow();
        r6 = demo.tearline.store().read(demo.id("R6")).orElseThrow();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static Principal who(String name) {
        return demo.tearline.users().principal(name).orElseThrow();
    }

    static List<Finding> check(Report r, Outgoing item, String target, String approver) {
        return guard.check(r.id(), List.of(item), Set.of(target), who(approver));
    }

    static Outgoing replacement(int portion, String marking, String text) {
        return new Outgoing(portion, true, marking, text);
    }

    @Test
    void r1Portion3ReMarkedForJapanIsClean() {
        String text = r1.portions().get(2).text();
        assertThat(check(r1, new Outgoing(3, false, "(S//REL TO USA, JPN, FVEY)", text), "JPN", "ben")).isEmpty();
    }

    @Test
    void aReplacementCopyingEightWordsOfTheNofornPortionIsSpillageNamedForAnApproverWhoMayReadIt() {
        String text = "Paraphrase of the sourcing note: notional sourcing for the water cannon reporting, as summarised.";
        List<Finding> f = check(r1, replacement(4, "(S//REL TO USA, JPN)", text), "JPN", "ben");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.check()).isEqualTo("spillage");
            assertThat(x.portion()).isEqualTo(4);
            assertThat(x.offset()).isEqualTo(text.indexOf("sourcing note"));
            assertThat(x.message()).contains("9 consecutive words", "JPN");
            assertThat(x.evidence()).contains("report " + r1.id() + " portion 4", "(S//NF)");
        });
    }

    @Test
    void theEvidenceNeverNamesMaterialTheApproverMayNotRead() {
        String text = "Paraphrase of the sourcing note: notional sourcing for the water cannon reporting, as summarised.";
        // sam (USA, no clearance) may not read the S//NF portion: only that it matches something unseen
        List<Finding> f = check(r1, replacement(4, "(S//REL TO USA, JPN)", text), "JPN", "sam");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.check()).isEqualTo("spillage");
            assertThat(x.evidence()).startsWith(Spillage.UNSEEN).doesNotContain(r1.id()).doesNotContain("NF");
        });
        // ben is not on R6's ORCON dissemination list: copying R6 to AUS is spillage, named for no one
        String r6text = r6.portions().get(0).text();
        List<Finding> g = check(r1, replacement(3, "(S//REL TO USA, AUS)", "Note: " + r6text), "AUS", "ben");
        assertThat(g).filteredOn(x -> x.check().equals("spillage")).singleElement()
                .satisfies(x -> assertThat(x.evidence()).startsWith(Spillage.UNSEEN).doesNotContain(r6.id()));
        // ava (DIA) may read it: named
        List<Finding> h = check(r1, replacement(3, "(S//REL TO USA, AUS)", "Note: " + r6text), "AUS", "ava");
        assertThat(h).filteredOn(x -> x.check().equals("spillage")).singleElement()
                .satisfies(x -> assertThat(x.evidence()).contains("report " + r6.id() + " portion 1"));
    }

    @Test
    void aReportStoredJustNowIsSpillageAtOnceAndStillAfterAReindex() {
        String secret = "Harbour pilots at Subic report a tug named Morning Crane shadowing the survey ship nightly.";
        String copy = "Summary: a tug named Morning Crane shadowing the survey ship nightly, per open sources.";
        Outgoing item = replacement(4, "(S//REL TO USA, JPN)", copy);
        assertThat(check(r1, item, "JPN", "ben")).isEmpty(); // not stored yet: nothing to spill
        Report stored = demo.tearline.store().create(new ReportDraft(new PortionText("(U)", "Harbour note"), "USA",
                "DIA", List.of(), List.of(new PortionText("(S//NF)", secret)), "ava"));
        for (int round = 0; round < 2; round++) {
            assertThat(check(r1, item, "JPN", "ben")).as(round == 0 ? "right after the write" : "after a reindex")
                    .singleElement().satisfies(x -> {
                        assertThat(x.check()).isEqualTo("spillage");
                        assertThat(x.evidence()).contains("report " + stored.id() + " portion 1", "(S//NF)");
                    });
            demo.tearline.store().reindex();
        }
    }

    @Test
    void fewerThanEightSharedWordsAndACleanParaphraseAreNotSpillage() {
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)",
                "Summary: notional sourcing for the water cannon reporting." /* 7 words */), "JPN", "ben")).isEmpty();
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)",
                "EXERCISE: reporting on the incident rests on notional sources."), "JPN", "ben")).isEmpty();
    }

    @Test
    void copyingMaterialTheTargetMayAlreadyReadIsNotSpillage() {
        // R1 portion 2 is S//REL TO USA, JPN, PHL: Japan's SECRET readers read it already
        String text = "Again: " + r1.portions().get(1).text();
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)", text), "JPN", "ben")).isEmpty();
        // but it is spillage to Australia, which may not read it
        assertThat(check(r1, replacement(4, "(S//REL TO USA, AUS)", text), "AUS", "ben"))
                .extracting(Finding::check).containsExactly("spillage");
    }

    @Test
    void aDemoTermWithAZeroWidthSpaceIsCaught() {
        String text = "EXERCISE the BLUE\u200BHERON track was notional.";
        List<Finding> f = check(r1, replacement(4, "(S//REL TO USA, JPN)", text), "JPN", "ben");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.check()).isEqualTo("dirty-word");
            assertThat(x.offset()).isEqualTo(text.indexOf("BLUE"));
            assertThat(x.evidence()).isEqualTo("BLUE\u200BHERON");
        });
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)", "EXERCISE a blue sky and a grey heron."), "JPN",
                "ben")).isEmpty();
    }

    @Test
    void embeddedMarkingsHigherOrNotReleasableAreFindings() {
        String ts = "EXERCISE as (TS//SI) reporting shows, notional.";
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)", ts), "JPN", "ben"))
                .filteredOn(x -> x.check().equals("embedded-marking")).singleElement().satisfies(x -> {
                    assertThat(x.offset()).isEqualTo(ts.indexOf('('));
                    assertThat(x.evidence()).isEqualTo("(TS//SI)");
                    assertThat(x.message()).contains("higher");
                });
        String nf = "EXERCISE (S//NF) notional.";
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)", nf), "JPN", "ben"))
                .filteredOn(x -> x.check().equals("embedded-marking")).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("not releasable to JPN"));
        String banner = "Header line SECRET//NOFORN then notional text.";
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)", banner), "JPN", "ben"))
                .filteredOn(x -> x.check().equals("embedded-marking")).singleElement().satisfies(x -> {
                    assertThat(x.offset()).isEqualTo(banner.indexOf("SECRET"));
                    assertThat(x.evidence()).isEqualTo("SECRET//NOFORN");
                });
        String lookAlike = "EXERCISE (\u0422S) notional."; // Cyrillic TE
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)", lookAlike), "JPN", "ben"))
                .extracting(Finding::check).containsExactly("embedded-marking");
    }

    @Test
    void embeddedMarkingsNoHigherAndReleasableAreNot() {
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)",
                "EXERCISE the (U) summary and the (S//REL TO USA, JPN) track (see annex)."), "JPN", "ben")).isEmpty();
        assertThat(check(r1, replacement(4, "(S//REL TO USA, JPN)", "A SECRET meeting (informal) was held."), "JPN",
                "ben")).isEmpty();
    }

    @Test
    void everyItemIsCheckedAndNumberedAsGiven() {
        List<Finding> f = guard.check(r1.id(), List.of(
                        new Outgoing(3, false, "(S//REL TO USA, JPN, FVEY)", r1.portions().get(2).text()),
                        replacement(4, "(S//REL TO USA, JPN)", "EXERCISE ORCON material, notional.")),
                Set.of("JPN"), who("ben"));
        assertThat(f).extracting(Finding::check, Finding::portion).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dirty-word", 4));
    }
}
