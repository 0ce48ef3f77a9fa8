package io.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tearline portions and disclosure requests in the store (H2). */
class ReleaseStoreTest {

    @RegisterExtension
    final TempStore temp = new TempStore();
    ReportStore store;

    @BeforeEach
    void open() {
        store = temp.store();
    }


    Revision withTearline(Report r, PortionText extra) {
        List<PortionText> body = new ArrayList<>();
        r.portions().forEach(p -> body.add(new PortionText(p.marking(), p.text(), p.tearline(), p.derivedFrom())));
        body.add(extra);
        return new Revision(new PortionText(r.title().marking(), r.title().text()), r.orcon(), body, "ben");
    }

    @Test
    void aTearlinePortionIsStoredAndReadBackWithWhatItDerivesFrom() {
        Report r = store.create(Fixtures.r1());
        Report next = store.update(r.id(), 1, withTearline(r,
                new PortionText("(S//REL TO USA, JPN)", "EXERCISE releasable paraphrase", true, 4)));
        Portion tearline = store.read(r.id()).orElseThrow().portions().get(4);
        assertThat(tearline.tearline()).isTrue();
        assertThat(tearline.derivedFrom()).isEqualTo(4);
        assertThat(tearline.text()).isEqualTo("EXERCISE releasable paraphrase");
        assertThat(next.portions().get(3).tearline()).isFalse();
        assertThat(next.portions().get(3).derivedFrom()).isZero();
        // version 1 is kept as it was
        assertThat(store.read(r.id(), 1).orElseThrow().portions()).hasSize(4);
    }

    @Test
    void aTearlineMustDeriveFromAnEarlierBodyPortionThatIsNotATearline() {
        Report r = store.create(Fixtures.r1());
        assertThatThrownBy(() -> store.update(r.id(), 1, withTearline(r,
                new PortionText("(U)", "EXERCISE paraphrase", true, 5))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.errors())
                        .anyMatch(x -> x.rule().equals("report.tearline-source")));
        assertThatThrownBy(() -> new PortionText("(U)", "x", true, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.versions(r.id())).containsExactly(1);
    }

    @Test
    void disclosureRequestsMoveOnlyFromTheStatusTheyAreIn() throws Exception {
        Report r = store.create(Fixtures.r1());
        String id = store.newDisclosureId();
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        Disclosure d = new Disclosure(id, r.id(), "USA", "DIA", "ava", "PENDING", 1, now, now, "{}");
        try (Connection c = store.database().connection()) {
            store.insertDisclosure(c, d);
            assertThat(store.updateDisclosure(c, id, "AWAITING_ORIGINATOR", "PENDING", 1, "{}", now)).isFalse();
            assertThat(store.updateDisclosure(c, id, "PENDING", "APPROVED", 2, "{\"a\":1}", now.plusSeconds(1))).isTrue();
            assertThat(store.updateDisclosure(c, id, "PENDING", "DENIED", 2, "{}", now)).isFalse();
        }
        Disclosure stored = store.disclosure(id).orElseThrow();
        assertThat(stored.status()).isEqualTo("APPROVED");
        assertThat(stored.reportVersion()).isEqualTo(2);
        assertThat(stored.document()).isEqualTo("{\"a\":1}");
        assertThat(store.disclosures("USA", "nobody", Optional.empty(), 10)).extracting(Disclosure::id).containsExactly(id);
        assertThat(store.disclosures("JPN", "ava", Optional.empty(), 10)).extracting(Disclosure::id).containsExactly(id);
        assertThat(store.disclosures("JPN", "ben", Optional.empty(), 10)).isEmpty();
        assertThat(store.disclosures("USA", "", Optional.of("PENDING"), 10)).isEmpty();
        assertThat(store.disclosure("not-an-id")).isEmpty();
    }
}
