package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.audit.Witness.Outcome;
import io.tearline.audit.Witness.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partner's witness against an in-test HTTP server that serves from real logs: an honest log that
 * grows is accepted; a forked log (same key, rewritten history), a rolled-back log and a log signed by
 * another key are refused, and the remembered checkpoint stays as it was.
 */
class WitnessTest {

    static final String TOKEN = "partner-token";

    @TempDir
    Path dir;

    /** A log in its own H2 store, signing with the key under {@code keys}. */
    static AuditLog log(Path dir, String name, Path keys) {
        TestDb db;
        try {
            db = TestDb.open("h2", dir.resolve(name));
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return AuditLog.open(AuditConfig.of(db.database(), keys));
    }

    static void grow(AuditLog log, int from, int to, String flavour) {
        for (int i = from; i < to; i++) {
            log.append(Entry.of(Map.of("type", "report.read", "n", i, "flavour", flavour))).join();
        }
        log.checkpointNow();
    }

    @Test
    void holdsTheOperatorToOneHistory() throws Exception {
        Path keys = dir.resolve("keys");
        Path state = dir.resolve("witness/state");
        try (AuditLog honest = log(dir, "honest", keys);
             AuditLog forked = log(dir, "forked", keys);
             AuditLog sameSizeFork = log(dir, "same-size", keys);
             AuditLog rolledBack = log(dir, "rolled-back", keys);
             AuditLog stranger = log(dir, "stranger", dir.resolve("other-keys"));
             LogHttpServer http = new LogHttpServer(honest, TOKEN)) {
            VerifierKey key = honest.verifierKey();
            Witness w = new Witness(http.url(), key, state, Optional.of(TOKEN));

            grow(honest, 0, 10, "a");
            assertThat(w.run()).isInstanceOfSatisfying(Outcome.First.class, o -> assertThat(o.checkpoint().size()).isEqualTo(10));
            assertThat(Files.readString(state)).isEqualTo(honest.checkpoint());
            assertThat(w.run()).isInstanceOf(Outcome.Unchanged.class);
            grow(honest, 10, 15, "a");
            assertThat(w.run()).isInstanceOfSatisfying(Outcome.Extended.class, o -> {
                assertThat(o.from().size()).isEqualTo(10);
                assertThat(o.to().size()).isEqualTo(15);
            });
            String remembered = Files.readString(state);
            assertThat(SignedNotes.verifyCheckpoint(remembered, key).size()).isEqualTo(15);

            // fork: the same key, the same first 12 entries, then another history, grown past 15
            grow(forked, 0, 12, "a");
            grow(forked, 12, 20, "b");
            http.log.set(forked);
            Outcome fork = w.run();
            assertThat(fork).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
                assertThat(r.reason()).isEqualTo(Reason.FORK);
                assertThat(r.message()).contains("FORK", "size 20", "size 15");
            });
            assertThat(Files.readString(state)).isEqualTo(remembered);

            // fork at the very size the witness knows
            grow(sameSizeFork, 0, 14, "a");
            grow(sameSizeFork, 14, 15, "c");
            http.log.set(sameSizeFork);
            assertThat(w.run()).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
                assertThat(r.reason()).isEqualTo(Reason.FORK);
                assertThat(r.message()).contains("two signed checkpoints of size 15");
            });

            // rollback: a genuine earlier state of the honest log
            grow(rolledBack, 0, 12, "a");
            http.log.set(rolledBack);
            assertThat(w.run()).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
                assertThat(r.reason()).isEqualTo(Reason.ROLLBACK);
                assertThat(r.message()).contains("shrank from 15 to 12");
            });

            // another key entirely
            grow(stranger, 0, 20, "a");
            http.log.set(stranger);
            assertThat(w.run()).isInstanceOfSatisfying(Outcome.Refused.class,
                    r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE));

            // without the token the operator's API answers 401: the witness says so and keeps its state
            http.log.set(honest);
            assertThat(new Witness(http.url(), key, state, Optional.empty()).run())
                    .isInstanceOfSatisfying(Outcome.Refused.class, r -> {
                        assertThat(r.reason()).isEqualTo(Reason.UNREACHABLE);
                        assertThat(r.message()).contains("401");
                    });
            assertThat(Files.readString(state)).isEqualTo(remembered);

            // the honest log, grown further, is still accepted after all the refusals
            grow(honest, 15, 40, "a");
            assertThat(w.run()).isInstanceOfSatisfying(Outcome.Extended.class, o -> assertThat(o.to().size()).isEqualTo(40));
        }
    }

    @Test
    void aTamperedStateFileIsNotTrusted() throws Exception {
        Path keys = dir.resolve("keys");
        Path state = dir.resolve("state");
        try (AuditLog honest = log(dir, "honest", keys); LogHttpServer http = new LogHttpServer(honest, TOKEN)) {
            grow(honest, 0, 3, "a");
            Witness w = new Witness(http.url(), honest.verifierKey(), state, Optional.of(TOKEN));
            assertThat(w.run().ok()).isTrue();
            Files.writeString(state, Files.readString(state).replace("\n3\n", "\n2\n"));
            assertThat(w.run()).isInstanceOfSatisfying(Outcome.Refused.class,
                    r -> assertThat(r.reason()).isEqualTo(Reason.BAD_STATE));
        }
    }
}
