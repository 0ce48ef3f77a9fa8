package io.tearline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import io.tearline.db.DataDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Long commands' progress: a bar on a terminal, one summary line when piped (as here, under the test runner). */
class ProgressTest {

    @TempDir
    static Path root;
    static long reports;
    static long portions;

    @BeforeAll
    static void demo() throws Exception {
        DataDir dir = new DataDir(root);
        Config c = Demo.prepare(dir, 0);
        try (Tearline t = Tearline.open(c, dir)) {
            Demo.loadReports(t, TearlineServer.create(t));
            reports = t.store().reportCount();
            portions = t.store().portionCount();
        }
    }

    /** A clock the test moves. */
    static final class Clock {
        long now;
    }

    @Test
    void pipedPrintsNothingWhileRunningAndOneSummaryLine() {
        StringWriter s = new StringWriter();
        Clock clock = new Clock();
        Progress p = new Progress("reindex", "reports", 1000, new PrintWriter(s), false, () -> clock.now);
        for (int i = 1; i <= 1000; i++) {
            clock.now += 2_000_000L; // 2 ms each
            p.accept(i);
        }
        assertThat(s.toString()).isEmpty();
        p.close();
        p.close(); // once only
        assertThat(s.toString()).isEqualTo("reindex: 1,000 reports in 2.0 s (500 reports/s)" + System.lineSeparator());
    }

    @Test
    void onATerminalABarWithCountRateAndTimeLeftRedrawnAtMostTenTimesASecond() {
        StringWriter s = new StringWriter();
        Clock clock = new Clock();
        Progress p = new Progress("audit verify", "entries", 10_000, new PrintWriter(s), true, () -> clock.now);
        clock.now = 1_000_000_000L;
        p.accept(2_500); // 2,500 in 1 s: 3 s left
        String first = s.toString();
        assertThat(first).startsWith("\raudit verify [######------------------] 2,500/10,000 entries  2,500 entries/s  3 s left");
        clock.now += 10_000_000L; // 10 ms later: not redrawn
        p.accept(2_600);
        assertThat(s.toString()).isEqualTo(first);
        clock.now += 200_000_000L;
        p.accept(5_000);
        assertThat(s.toString()).hasSizeGreaterThan(first.length()).contains("5,000/10,000");
        p.finish(10_000);
        assertThat(s.toString()).contains("[########################] 10,000/10,000 entries").contains("done in 1 s").endsWith("\n");
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(Progress.duration(42)).isEqualTo("42 s");
        assertThat(Progress.duration(125)).isEqualTo("2 min 5 s");
        assertThat(Progress.duration(3 * 3600 + 120)).isEqualTo("3 h 2 min");
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            StringWriter cliErr = new StringWriter();
            int exit = new CommandLine(new Main()).setErr(new PrintWriter(cliErr, true)).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + cliErr);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static List<String> lines(String s) {
        return s.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void reindexPipedSaysOneLine() {
        Run r = run("reindex", "--data", root.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(reports).isGreaterThan(0);
        assertThat(lines(r.err())).singleElement().asString()
                .matches("reindex: " + reports + " reports in \\d+\\.\\d s \\([\\d,]+ reports/s\\)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void auditVerifyPipedSaysOneProgressLineBesideItsVerdict() {
        Run r = run("audit", "verify", "--data", root.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines(r.err())).singleElement().asString()
                .matches("audit verify: [\\d,]+ entries in \\d+\\.\\d s \\([\\d,]+ entries/s\\)");
        assertThat(r.out()).startsWith("audit verify: OK: ");
    }

    @Test
    void whatIfPipedSaysOneLineAndKeepsItsJsonClean() {
        Run r = run("alliance", "what-if", "--admit", "JPN", "--to", "FVEY", "--json", "--data", root.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines(r.err())).singleElement().asString()
                .matches("what-if: " + portions + " portions in \\d+\\.\\d s \\([\\d,]+ portions/s\\)");
        assertThat(r.out().strip()).startsWith("{").endsWith("}");
    }
}
