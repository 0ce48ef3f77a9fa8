package io.tearline.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * The visible vocabulary of a segment equals a brute-force count over the visible live documents'
 * text, whether built afresh or derived from a cached one across deletions.
 */
class VisibleVocabularyTest {

    private static final List<String> WORDS = List.of("shoal", "cannon", "water", "coast", "guard", "vessel", "radar",
            "convoy", "reef", "signal", "harbour", "patrol", "island", "lunar", "summit", "fleet");

    private final Analyzer analyzer = TextAnalysis.analyzer();

    @Test
    void derivedAcrossDeletionsEqualsABruteForceCount() throws IOException {
        long seed = Long.getLong("tearline.seed", new SplittableRandom().nextLong());
        SplittableRandom rnd = new SplittableRandom(seed);
        VisibleLabels visible = VisibleLabels.of(0, 2, 3, 5, 7);
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
                IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analyzer)
                        .setMergePolicy(NoMergePolicy.INSTANCE))) {
            int docs = 0;
            for (int segment = 0; segment < 3; segment++) {
                for (int i = 0; i < 150; i++) {
                    Document d = new Document();
                    d.add(new StringField("id", Integer.toString(docs++), Field.Store.NO));
                    d.add(new NumericDocValuesField(VisibilityCache.LABEL, rnd.nextInt(9)));
                    StringBuilder text = new StringBuilder();
                    for (int w = 0, n = rnd.nextInt(12); w < n; w++) {
                        text.append(w == 0 ? "" : " ").append(WORDS.get(rnd.nextInt(WORDS.size())));
                        if (rnd.nextInt(40) == 0) {
                            text.append(" rare").append(rnd.nextInt(1000));
                        }
                    }
                    d.add(new TextField(QueryParsing.TEXT, text.toString(), Field.Store.YES));
                    writer.addDocument(d);
                }
                writer.flush();
            }
            VisibilityCache visibility = new VisibilityCache();
            VisibleVocabulary cached = new VisibleVocabulary(analyzer, 64L << 20);
            DirectoryReader reader = DirectoryReader.open(writer);
            for (int round = 0; round < 6; round++) {
                for (LeafReaderContext ctx : reader.leaves()) {
                    LeafReader leaf = ctx.reader();
                    VisibilityCache.Leaf docsOf = visibility.get(leaf, visible);
                    Map<String, List<Long>> want = bruteForce(leaf, visible);
                    String why = "seed=" + seed + " round=" + round + " segment=" + ctx.ord;
                    assertThat(asMap(cached.get(leaf, visible, docsOf))).as(why).isEqualTo(want);
                    VisibleVocabulary fresh = new VisibleVocabulary(analyzer, 64L << 20);
                    assertThat(asMap(fresh.get(leaf, visible, docsOf))).as(why).isEqualTo(want);
                }
                for (int i = 0; i < 40; i++) {
                    writer.deleteDocuments(new Term("id", Integer.toString(rnd.nextInt(docs))));
                }
                DirectoryReader next = DirectoryReader.openIfChanged(reader, writer);
                if (next != null) {
                    reader.close();
                    reader = next;
                }
            }
            reader.close();
            assertThat(cached.derivations()).as("seed=" + seed).isPositive();
        }
    }

    /** Visible terms with docFreq > 0 and their [docFreq, totalTermFreq]. */
    private static Map<String, List<Long>> asMap(VisibleVocabulary.Lexicon lexicon) {
        Map<String, List<Long>> out = new TreeMap<>();
        BytesRef scratch = new BytesRef();
        for (int i = 0; i < lexicon.size(); i++) {
            if (lexicon.docFreq(i) > 0) {
                out.put(lexicon.term(i, scratch).utf8ToString(), List.of((long) lexicon.docFreq(i), lexicon.totalTermFreq(i)));
            }
        }
        return out;
    }

    private Map<String, List<Long>> bruteForce(LeafReader leaf, VisibleLabels visible) throws IOException {
        Map<String, long[]> out = new TreeMap<>();
        NumericDocValues labels = DocValues.getNumeric(leaf, VisibilityCache.LABEL);
        Bits live = leaf.getLiveDocs();
        for (int doc = 0; doc < leaf.maxDoc(); doc++) {
            if ((live != null && !live.get(doc)) || !labels.advanceExact(doc) || !visible.contains((int) labels.longValue())) {
                continue;
            }
            String text = leaf.storedFields().document(doc).get(QueryParsing.TEXT);
            List<String> tokens = new ArrayList<>();
            try (TokenStream ts = analyzer.tokenStream(QueryParsing.TEXT, text)) {
                CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    tokens.add(t.toString());
                }
                ts.end();
            }
            for (String t : tokens) {
                out.computeIfAbsent(t, k -> new long[2])[1]++;
            }
            for (String t : new java.util.HashSet<>(tokens)) {
                out.get(t)[0]++;
            }
        }
        Map<String, List<Long>> lists = new TreeMap<>();
        out.forEach((k, v) -> lists.put(k, List.of(v[0], v[1])));
        return lists;
    }
}
