package io.tearline.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.db.DataDir;
import io.tearline.db.Database;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head tables against a hash map on random ids and writes (printed seed): every report is found
 * with its newest head, every other id is a miss decided as invisible, across the small table, its
 * merges into the large one, and the edges of the id space.
 */
class HeadsTest {

    @TempDir
    Path tmp;

    @Test
    void everyReportIsFoundWithItsNewestHeadAndEveryOtherIdMisses() throws Exception {
        long seed = Long.getLong("tearline.seed", System.nanoTime());
        System.out.println("HeadsTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Database db = Database.open(new DataDir(tmp))) {
            Schema.migrate(db);
            Heads heads = new Heads(db);
            Map<String, Report> reference = new HashMap<>();
            List<String> ids = new ArrayList<>(List.of("0000000000000000", "ffffffffffffffff", "7fffffffffffffff",
                    "8000000000000000"));
            int written = 0;
            while (written < 3 * Heads.RECENT_MAX) {
                List<Report> batch = new ArrayList<>();
                for (int i = rnd.nextInt(1, 600); i > 0; i--) {
                    String id = !reference.isEmpty() && rnd.nextInt(4) == 0 ? ids.get(rnd.nextInt(ids.size()))
                            : ids.size() < 8 ? ids.get(ids.size() - 1 - (written % 4)) : Ids.fromLong(rnd.nextLong());
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                    Report had = reference.get(id);
                    // a newer version, or (one time in five) an older one arriving late, which must not win
                    int version = had == null ? 1 : rnd.nextInt(5) == 0 ? Math.max(1, had.version() - 1) : had.version() + 1;
                    Report r = report(id, version, rnd);
                    batch.add(r);
                    if (had == null || version >= had.version()) {
                        reference.put(id, r);
                    }
                }
                heads.apply(batch);
                written += batch.size();
                for (int probe = 0; probe < 200; probe++) {
                    String id = rnd.nextInt(2) == 0 ? ids.get(rnd.nextInt(ids.size())) : Ids.fromLong(rnd.nextLong());
                    check(heads, reference, id);
                }
            }
            for (String id : reference.keySet()) {
                check(heads, reference, id);
            }
            // a neighbour of every stored id misses
            for (String id : reference.keySet()) {
                long v = Ids.toLong(id);
                check(heads, reference, Ids.fromLong(v + 1));
                check(heads, reference, Ids.fromLong(v - 1));
            }
        }
    }

    @Test
    void anEmptyStoreMissesEveryId() throws Exception {
        try (Database db = Database.open(new DataDir(tmp))) {
            Schema.migrate(db);
            Heads heads = new Heads(db);
            for (String id : List.of("0000000000000000", "ffffffffffffffff", "7fffffffffffffff", "0123456789abcdef")) {
                check(heads, Map.of(), id);
            }
        }
    }

    @Test
    void theKeyOfAnIdIsItsHexValueAndLessIsSignedLessThan() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long x = rnd.nextLong();
            long y = i % 3 == 0 ? x : rnd.nextLong();
            if (i % 5 == 0) {
                x = i % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            assertThat(Heads.key(Ids.fromLong(x))).isEqualTo(x);
            assertThat(Heads.less(x, y)).as("%d < %d", x, y).isEqualTo(x < y ? -1L : 0L);
        }
    }

    private static void check(Heads heads, Map<String, Report> reference, String id) {
        Heads.Head h = heads.get(id);
        Report r = reference.get(id);
        assertThat(h.labels().length % Heads.LABEL_PAD).as("labels of %s padded", id).isZero();
        if (r == null) {
            assertThat(Heads.exists(h)).as("%s is missing", id).isFalse();
            assertThat(h.owner()).isEqualTo(Heads.NONE.owner());
            assertThat(h.labels()).as("a miss decides only label 0").containsOnly(0);
        } else {
            assertThat(Heads.exists(h)).as("%s exists", id).isTrue();
            assertThat(h.version()).as("version of %s", id).isEqualTo(r.version());
            assertThat(h.owner()).isEqualTo(r.owner());
            int[] distinct = r.allPortions().stream().mapToInt(Portion::label).distinct().sorted().toArray();
            assertThat(java.util.Arrays.stream(h.labels()).distinct().toArray()).isEqualTo(distinct);
        }
    }

    private static Report report(String id, int version, SplittableRandom rnd) {
        List<Portion> body = new ArrayList<>();
        for (int i = 1; i <= rnd.nextInt(1, 12); i++) {
            body.add(new Portion(i, "(U)", "(U)", rnd.nextInt(1, 40), "x"));
        }
        String owner = List.of("USA", "JPN", "GBR").get(rnd.nextInt(3));
        return new Report(id, owner, "ORG", List.of(), new Portion(0, "(U)", "(U)", rnd.nextInt(1, 40), "t"), body, "UNCLASSIFIED",
                version, Instant.EPOCH, Instant.EPOCH, "a");
    }
}
