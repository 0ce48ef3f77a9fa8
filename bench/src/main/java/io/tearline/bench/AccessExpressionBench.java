package io.tearline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tearline.access.AccessEvaluator;
import io.tearline.access.Authorizations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.accumulo.access.Access;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse-and-evaluate throughput of access expressions: Tearline's one-pass evaluator against the anchor,
 * Apache accumulo-access-core's {@code AccessEvaluator.canAccess(String)}. Both get the 129 valid
 * expressions of accumulo-access's conformance data, each with the authorization sets its group gives
 * (one set, or two that must both grant), through evaluators built once in setup, as accumulo-access's own
 * benchmark does. Scores are expressions per second; the target is tearline / accumuloAccess >= 1.5.
 *
 * <p>The data is read from {@code access/src/test/resources/accumulo-access-testdata.json}, found from the
 * working directory upwards, or from {@code -Dtearline.accessTestData=<path>}. Run from the project root:
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main AccessExpressionBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(AccessExpressionBench.EXPRESSIONS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class AccessExpressionBench {

    static final int EXPRESSIONS = 129;
    static final String DATA = "access/src/test/resources/accumulo-access-testdata.json";

    /** One conformance group: its evaluators and its valid expressions. */
    record Group(AccessEvaluator tearline, org.apache.accumulo.access.AccessEvaluator reference,
            String[] expressions) {
    }

    private Group[] groups;

    @Setup
    public void setup() throws IOException {
        Access access = Access.builder().build();
        List<Group> out = new ArrayList<>();
        int count = 0;
        for (JsonNode group : new ObjectMapper().readTree(Files.readString(dataFile()))) {
            List<Set<String>> sets = new ArrayList<>();
            for (JsonNode set : group.get("auths")) {
                Set<String> auths = new HashSet<>();
                set.forEach(a -> auths.add(a.asText()));
                sets.add(auths);
            }
            List<String> expressions = new ArrayList<>();
            for (JsonNode test : group.get("tests")) {
                if (!test.get("expectedResult").asText().equals("ERROR")) {
                    test.get("expressions").forEach(e -> expressions.add(e.asText()));
                }
            }
            if (expressions.isEmpty()) {
                continue;
            }
            AccessEvaluator tearline = AccessEvaluator.of(sets.stream().map(Authorizations::of).toList());
            var reference = sets.size() == 1 ? access.newEvaluator(sets.get(0)) : access.newEvaluator(sets);
            for (String e : expressions) {
                if (tearline.canAccess(e) != reference.canAccess(e)) {
                    throw new IllegalStateException("the two evaluators disagree on " + e);
                }
            }
            out.add(new Group(tearline, reference, expressions.toArray(String[]::new)));
            count += expressions.size();
        }
        if (count != EXPRESSIONS) {
            throw new IllegalStateException("expected " + EXPRESSIONS + " valid expressions, found " + count);
        }
        groups = out.toArray(Group[]::new);
    }

    static Path dataFile() {
        String configured = System.getProperty("tearline.accessTestData");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DATA))) {
                return dir.resolve(DATA);
            }
        }
        throw new IllegalStateException("cannot find " + DATA + " above " + Path.of("").toAbsolutePath()
                + "; run from the project or set -Dtearline.accessTestData");
    }

    @Benchmark
    public void tearline(Blackhole bh) {
        for (Group g : groups) {
            AccessEvaluator ev = g.tearline();
            for (String e : g.expressions()) {
                bh.consume(ev.canAccess(e));
            }
        }
    }

    @Benchmark
    public void accumuloAccess(Blackhole bh) {
        for (Group g : groups) {
            org.apache.accumulo.access.AccessEvaluator ev = g.reference();
            for (String e : g.expressions()) {
                bh.consume(ev.canAccess(e));
            }
        }
    }
}
