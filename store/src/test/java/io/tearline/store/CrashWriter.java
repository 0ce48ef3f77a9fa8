package io.tearline.store;

import io.tearline.db.Database;
import io.tearline.db.DataDir;

import static io.tearline.store.Fixtures.p;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The child process of {@link CrashTest}: bulk-loads reports into a data directory and prints each
 * report id on its own line once {@code createAll} has returned (committed and indexed), until killed.
 */
public final class CrashWriter {

    private CrashWriter() {}

    public static void main(String[] args) {
        DataDir dir = new DataDir(Path.of(args[0]));
        SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[1]));
        Database db = Database.open(dir);
        ReportStore store = ReportStore.open(db, dir.index());
        List<String> markings = List.of("(U)", "(S//REL TO USA, JPN)", "(S//NF)", "(C//REL TO USA, FVEY)", "(TS//NF)");
        for (int n = 0; ; n++) {
            List<ReportDraft> batch = new ArrayList<>();
            int size = 1 + rnd.nextInt(20);
            for (int i = 0; i < size; i++) {
                List<PortionText> portions = new ArrayList<>();
                for (int j = 0, k = 1 + rnd.nextInt(5); j < k; j++) {
                    portions.add(p(markings.get(rnd.nextInt(markings.size())), "crash load portion " + j
                            + " batch" + n + " filler text about the shoal and the harbour"));
                }
                batch.add(new ReportDraft(p("(U)", "crash report batch" + n), "USA", "DIA", List.of(), portions,
                        "loader"));
            }
            for (Report r : store.createAll(batch)) {
                System.out.println(r.id());
            }
            System.out.flush();
        }
    }
}
