package io.tearline.bench;

import io.tearline.access.AccessEvaluator;
import io.tearline.access.Authorizations;
import io.tearline.access.Clearance;
import io.tearline.access.DecisionCache;
import io.tearline.access.DecisionEngine;
import io.tearline.access.Equivalence;
import io.tearline.access.MarkingCompiler;
import io.tearline.access.Membership;
import io.tearline.access.Principal;
import io.tearline.access.Resource;
import io.tearline.markings.Check;
import io.tearline.markings.Marking;
import io.tearline.markings.Markings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
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
 * Read decisions on one core, over {@value #CORPUS} valid markings from {@link MarkingsBench}'s corpus
 * and {@value #PEOPLE} people of the scenario's nations.
 *
 * <ul>
 *   <li>{@code cachedDecision}: a decision from {@link DecisionCache} for a held reader (ns per decision;
 *       target under 20 ns); anchor {@code anchorMapGet}, a {@link ConcurrentHashMap} lookup of the same
 *       resources, the least a cache can cost.</li>
 *   <li>{@code uncachedDecision}: {@link DecisionEngine#decide} from scratch (decisions per second; target
 *       at least 1,000,000); anchor {@code anchorCompiledExpression}, evaluating the same markings'
 *       compiled access expressions against the same people's authorizations, the other way to decide.</li>
 * </ul>
 *
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main DecisionBench
 * </pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(1)
public class DecisionBench {

    static final int CORPUS = 1024;
    static final int PEOPLE = 16;

    Principal[] people;
    Marking[] markings;
    Resource[] resources;
    Set<String> list = Set.of("DIA", "DI");
    DecisionEngine engine;
    DecisionCache.Reader reader;
    ConcurrentHashMap<Resource, Boolean> map;
    String[] expressions;
    AccessEvaluator[] evaluators;

    @Setup
    public void setup() {
        Markings m = Markings.standard();
        engine = new DecisionEngine(Membership.of(m.register()), Equivalence.of(m.register()));
        MarkingsBench.Corpus corpus = new MarkingsBench.Corpus(new SplittableRandom(MarkingsBench.SEED));
        List<Marking> valid = new ArrayList<>();
        while (valid.size() < CORPUS) {
            if (m.check(corpus.portion()) instanceof Check.Accepted a) {
                valid.add(a.marking());
            }
        }
        markings = valid.toArray(Marking[]::new);
        DecisionCache cache = new DecisionCache(engine, 64, 4 * CORPUS);
        resources = valid.stream().map(x -> cache.resource(x, list)).toArray(Resource[]::new);
        String[] nations = {"USA", "JPN", "PHL", "GBR", "AUS", "CAN", "NZL", "KOR"};
        people = new Principal[PEOPLE];
        for (int i = 0; i < PEOPLE; i++) {
            people[i] = new Principal("p" + i, nations[i % nations.length], Clearance.values()[(i / 2) % 4],
                    i % 3 == 0 ? Set.of("SI", "TK") : Set.of(), Set.of(i % 2 == 0 ? "DIA" : "DI"), Set.of());
        }
        reader = cache.reader(people[0]);
        map = new ConcurrentHashMap<>();
        for (Resource r : resources) {
            reader.decide(r);
            map.put(r, Boolean.TRUE);
        }
        MarkingCompiler compiler = new MarkingCompiler(engine);
        expressions = new String[CORPUS];
        for (int i = 0; i < CORPUS; i++) {
            expressions[i] = compiler.compile(markings[i], list);
        }
        evaluators = new AccessEvaluator[PEOPLE];
        for (int i = 0; i < PEOPLE; i++) {
            evaluators[i] = AccessEvaluator.of(Authorizations.of(compiler.authorizations(people[i])));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(CORPUS)
    public void cachedDecision(Blackhole bh) {
        for (Resource r : resources) {
            bh.consume(reader.decide(r));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(CORPUS)
    public void anchorMapGet(Blackhole bh) {
        for (Resource r : resources) {
            bh.consume(map.get(r));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS)
    public void uncachedDecision(Blackhole bh) {
        for (int i = 0; i < CORPUS; i++) {
            bh.consume(engine.decide(people[i % PEOPLE], markings[i], list));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS)
    public void anchorCompiledExpression(Blackhole bh) {
        for (int i = 0; i < CORPUS; i++) {
            bh.consume(evaluators[i % PEOPLE].canAccess(expressions[i]));
        }
    }
}
