package io.tearline.bench;

import io.tearline.markings.Check;
import io.tearline.markings.Markings;
import io.tearline.markings.Rollup;
import io.tearline.markings.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse-and-validate throughput of security markings on one core: {@link Markings#check} over a generated
 * corpus of {@value #CORPUS} realistic markings (mostly portion marks as documents carry them, some
 * banners, about 7% non-canonical and 3% invalid), seeded so every run reads the same corpus. Scores are
 * markings per second; the target is {@code check} >= 1,000,000.
 *
 * <p>The anchor, {@code anchorTokenize}, only cuts each marking into its categories and values with
 * {@code String.indexOf} and {@code substring}: the least work any parser does. {@code check / anchor} says
 * what full validation costs on top of tokenising. {@code rollup} rolls up documents of
 * {@value #PORTIONS} portions (scores are documents per second).
 *
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main MarkingsBench
 * </pre>
 * A quick smoke run: {@code ... org.openjdk.jmh.Main MarkingsBench -f 1 -wi 1 -i 1 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(1)
public class MarkingsBench {

    static final int CORPUS = 4096;
    static final int DOCUMENTS = 256;
    static final int PORTIONS = 8;
    static final long SEED = 20240410L;

    private final Markings markings = Markings.standard();
    private String[] corpus;
    private List<List<String>> documents;

    @Setup
    public void setup() {
        Corpus c = new Corpus(new SplittableRandom(SEED));
        corpus = new String[CORPUS];
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (int i = 0; i < CORPUS; i++) {
            corpus[i] = c.next();
            verdicts.merge(markings.check(corpus[i]).verdict(), 1, Integer::sum);
        }
        documents = new ArrayList<>(DOCUMENTS);
        for (int d = 0; d < DOCUMENTS; d++) {
            List<String> doc = new ArrayList<>(PORTIONS);
            while (doc.size() < PORTIONS) {
                String p = c.portion();
                if (markings.check(p).verdict() == Verdict.VALID) {
                    doc.add(p);
                }
            }
            documents.add(doc);
        }
        System.out.printf(Locale.ROOT, "%nMarkingsBench corpus: %d markings, seed %d, %s%n", CORPUS, SEED, verdicts);
    }

    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public void check(Blackhole bh) {
        for (String s : corpus) {
            bh.consume(markings.check(s));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CORPUS)
    public void anchorTokenize(Blackhole bh) {
        for (String s : corpus) {
            int from = 0;
            while (true) {
                int end = s.indexOf("//", from);
                String category = end < 0 ? s.substring(from) : s.substring(from, end);
                int v = 0;
                while (true) {
                    int slash = category.indexOf('/', v);
                    bh.consume(slash < 0 ? category.substring(v) : category.substring(v, slash));
                    if (slash < 0) {
                        break;
                    }
                    v = slash + 1;
                }
                if (end < 0) {
                    break;
                }
                from = end + 2;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(DOCUMENTS)
    public void rollup(Blackhole bh) {
        for (List<String> doc : documents) {
            Rollup r = markings.rollup(doc);
            bh.consume(r);
        }
    }

    /** Realistic markings: the shapes a partner-sharing service sees, with random lists. */
    static final class Corpus {
        private static final String[] NATIONS = {"AUS", "CAN", "DEU", "FRA", "GBR", "ISR", "JPN", "KOR", "NZL", "PHL"};
        private static final String[] TETRAS = {"FVEY", "ACGU", "TEYE", "NATO"};
        private static final String[] LEVELS = {"U", "C", "S", "S", "S", "TS"};
        private final SplittableRandom r;

        Corpus(SplittableRandom r) {
            this.r = r;
        }

        /** A marking as a check sees it: mostly portions, some banners, a few non-canonical or invalid. */
        String next() {
            String p = portion();
            int k = r.nextInt(100);
            if (k < 10) {
                return banner(p);
            }
            if (k < 14) {
                return p.toLowerCase(Locale.ROOT);
            }
            if (k < 17) {
                return p.replace("//NF", "//NOFORN").replace("(S//", "(SECRET//");
            }
            if (k < 20) {
                return p.replace("REL TO USA, ", "REL TO USA,").replace(")", " )");
            }
            if (k < 22) {
                return p.replace(")", "/NF)").replace("//NF/NF)", "//NF/NF)");
            }
            if (k < 23) {
                return p.replace("REL TO USA, ", "REL TO ");
            }
            return p;
        }

        String portion() {
            int k = r.nextInt(100);
            String level = LEVELS[r.nextInt(LEVELS.length)];
            if (k < 22) {
                return "(U)";
            }
            if (k < 30) {
                return "(U//FOUO)";
            }
            if (k < 45) {
                return "(" + (level.equals("U") ? "S" : level) + "//NF)";
            }
            if (k < 68) {
                return "(" + level + "//" + (r.nextInt(6) == 0 ? "OC/" : "") + "REL TO " + rel() + ")";
            }
            if (k < 76) {
                return switch (r.nextInt(5)) {
                    case 0 -> "(TS//SI//NF)";
                    case 1 -> "(TS//SI/TK//NF)";
                    case 2 -> "(TS//SI-G " + sub() + "//OC/NF)";
                    case 3 -> "(TS//SI//REL TO USA, FVEY)";
                    default -> "(S//HCS-P//NF)";
                };
            }
            if (k < 84) {
                String owner = NATIONS[r.nextInt(NATIONS.length)];
                return r.nextBoolean() ? "(//" + owner + " S//REL TO USA, " + owner + ")" : "(S//FGI " + owner + "//NF)";
            }
            if (k < 88) {
                return "(//JOINT S GBR USA//REL TO USA, GBR)";
            }
            if (k < 92) {
                return r.nextBoolean() ? "(//NS//REL TO USA, NATO)" : "(//CTS//BOHEMIA)";
            }
            if (k < 96) {
                return "(" + (level.equals("U") ? "C" : level) + "//RELIDO)";
            }
            return "(S//DISPLAY ONLY AFG, IRQ)";
        }

        private String rel() {
            TreeSet<String> codes = new TreeSet<>();
            int n = 1 + r.nextInt(4);
            while (codes.size() < n) {
                codes.add(NATIONS[r.nextInt(NATIONS.length)]);
            }
            StringBuilder sb = new StringBuilder("USA");
            for (String c : codes) {
                sb.append(", ").append(c);
            }
            if (r.nextInt(5) == 0) {
                sb.append(", ").append(TETRAS[r.nextInt(TETRAS.length)]);
            }
            return sb.toString();
        }

        private String sub() {
            return "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)) + "CD";
        }

        /** The banner spelling of a valid portion (via the library itself; setup only). */
        private static String banner(String portion) {
            Check c = Markings.standard().check(portion);
            return c instanceof Check.Accepted a ? a.marking().banner() : portion;
        }
    }
}
