package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.access.Principal;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.accumulo.internal.Layout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.client.Scanner;
import org.apache.accumulo.core.data.Key;
import org.apache.accumulo.core.data.Value;
import org.apache.accumulo.core.security.Authorizations;
import org.junit.jupiter.api.Test;

/**
 * The tablet servers enforce: a raw Scanner given a reader's compiled authorizations and open gate
 * tokens, bypassing {@link AccumuloReports} entirely, returns exactly the cells of the portions the
 * decision engine and the gate let that reader see (no cell more, none fewer), and of the index and
 * heads no more than those portions open.
 */
class EnforcementTest {

    @Test
    void aRawScannerReturnsExactlyWhatTheDecisionEnginePermits() throws Exception {
        long seed = Corpus.seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        try (AccumuloClient client = TestAccumulo.rootClient()) {
            AccumuloReports store = new AccumuloReports(client, TestAccumulo.freshPrefix("enforce"), Corpus.MARKINGS,
                    Corpus.COMPILER, 4);
            store.createTables();
            Map<String, Report> reports = new HashMap<>();
            for (int i = 0; i < Integer.getInteger("tearline.accumulo.reports", 80); i++) {
                Report r = Corpus.report(rnd, Corpus.id(rnd), 1, 5);
                store.write(r);
                reports.put(r.id(), r);
            }
            // a version 2 for some: the scan below reads current and old versions' cells alike
            for (Report r : new ArrayList<>(reports.values()).subList(0, 10)) {
                Report v2 = Corpus.report(rnd, r.id(), 2, 4);
                store.write(v2);
                reports.put(r.id() + "@1", r);
                reports.put(r.id(), v2);
            }
            String prefix = store.tables().get(0).replace("reports", "");
            int permits = 0;
            int denials = 0;
            for (int k = 0; k < Integer.getInteger("tearline.accumulo.readers", 150); k++) {
                Principal p = Corpus.principal(rnd);
                Set<Gate> gates = Corpus.gates(rnd);
                Set<String> tokens = new TreeSet<>(Corpus.COMPILER.authorizations(p));
                gates.forEach(g -> tokens.add(g.token()));
                // the scanning user must hold what it scans with; it holds more, the scanner is limited to these
                Set<String> held = new TreeSet<>();
                client.securityOperations().getUserAuthorizations("root").forEach(b -> held.add(new String(b, java.nio.charset.StandardCharsets.UTF_8)));
                if (!held.containsAll(tokens)) {
                    held.addAll(tokens);
                    client.securityOperations().changeUserAuthorizations("root", auths(held));
                }
                Authorizations auths = auths(tokens);
                String why = "seed " + seed + ", reader " + p + ", gates " + gates;

                Set<String> expectedPortions = new TreeSet<>();
                Set<String> expectedHeads = new TreeSet<>();
                Set<String> expectedDocs = new TreeSet<>();
                for (Map.Entry<String, Report> e : reports.entrySet()) {
                    Report r = e.getValue();
                    boolean any = false;
                    for (Portion portion : r.allPortions()) {
                        boolean ok = Corpus.permits(p, gates, r, portion);
                        if (ok) {
                            expectedPortions.add(r.id() + "/" + Layout.portionQualifier(r.version(), portion.index()));
                            if (!e.getKey().contains("@")) {
                                expectedDocs.add(Layout.document(r.id(), portion.index()));
                            }
                            permits++;
                        } else {
                            denials++;
                        }
                        any |= ok;
                    }
                    if (any) {
                        expectedHeads.add(r.id() + "/" + Layout.version(r.version()));
                    }
                }
                Set<String> portions = new TreeSet<>();
                Set<String> heads = new TreeSet<>();
                try (Scanner s = client.createScanner(prefix + "reports", auths)) {
                    for (Map.Entry<Key, Value> e : s) {
                        String cf = e.getKey().getColumnFamily().toString();
                        String at = e.getKey().getRow() + "/" + e.getKey().getColumnQualifier();
                        if (cf.equals(Layout.PORTION)) {
                            portions.add(at);
                        } else if (cf.equals(Layout.HEAD)) {
                            heads.add(at);
                        }
                    }
                }
                assertThat(portions).as(why).isEqualTo(expectedPortions);
                assertThat(heads).as(why).isEqualTo(expectedHeads);
                Set<String> docs = new HashSet<>();
                try (Scanner s = client.createScanner(prefix + "shards", auths)) {
                    for (Map.Entry<Key, Value> e : s) {
                        docs.add(e.getKey().getColumnQualifier().toString());
                    }
                }
                assertThat(new TreeSet<>(docs)).as("index cells, " + why).isEqualTo(expectedDocs);
            }
            // both answers exercised, or the equality proves little
            assertThat(permits).as("seed %d", seed).isGreaterThan(denials / 20);
            assertThat(denials).as("seed %d", seed).isGreaterThan(permits / 20);
        }
    }

    static Authorizations auths(Set<String> tokens) {
        return new Authorizations(tokens.stream().map(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList());
    }
}
