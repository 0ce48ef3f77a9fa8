package io.tearline.store.internal;

import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.util.FixedBitSet;

/**
 * An IndexSearcher whose ranking statistics come only from the documents one reader may see: term
 * statistics from postings intersected with the visible set, collection statistics summed over the
 * visible documents. Adding, changing or deleting a document the reader cannot see therefore changes
 * no score the reader gets. One instance per search.
 */
public final class VisibleSearcher extends IndexSearcher {

    private final VisibilityCache.Leaf[] leaves;
    private final Map<Term, TermStatistics> termStats = new HashMap<>();

    public VisibleSearcher(IndexReader reader, VisibleLabels visible, VisibilityCache cache) throws IOException {
        super(reader);
        setQueryCache(null);
        List<LeafReaderContext> contexts = reader.leaves();
        this.leaves = new VisibilityCache.Leaf[contexts.size()];
        for (LeafReaderContext ctx : contexts) {
            leaves[ctx.ord] = cache.get(ctx.reader(), visible);
        }
    }

    /** Live visible documents in the whole reader. */
    public long visibleDocs() {
        long n = 0;
        for (VisibilityCache.Leaf leaf : leaves) {
            n += leaf.count();
        }
        return n;
    }

    @Override
    public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        TermStatistics cached = termStats.get(term);
        if (cached != null) {
            return cached;
        }
        long df = 0;
        long ttf = 0;
        for (LeafReaderContext ctx : getIndexReader().leaves()) {
            VisibilityCache.Leaf leaf = leaves[ctx.ord];
            if (leaf.count() == 0) {
                continue;
            }
            Terms terms = ctx.reader().terms(term.field());
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (!te.seekExact(term.bytes())) {
                continue;
            }
            PostingsEnum postings = te.postings(null, PostingsEnum.FREQS);
            FixedBitSet bits = leaf.bits();
            if (leaf.count() < te.docFreq() / 8) {
                // few visible documents: walk them and skip through the postings
                int doc = postings.nextDoc();
                while (doc != DocIdSetIterator.NO_MORE_DOCS) {
                    int next = doc >= bits.length() ? DocIdSetIterator.NO_MORE_DOCS : bits.nextSetBit(doc);
                    if (next == DocIdSetIterator.NO_MORE_DOCS) {
                        break;
                    }
                    if (next == doc) {
                        df++;
                        ttf += postings.freq();
                        doc = postings.nextDoc();
                    } else {
                        doc = postings.advance(next);
                    }
                }
            } else {
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (bits.get(doc)) {
                        df++;
                        ttf += postings.freq();
                    }
                }
            }
        }
        // No visible document holds the term: it matches nothing the reader gets, so these placeholder
        // statistics never reach a score; Lucene only requires them to be positive.
        TermStatistics stats = df == 0 ? new TermStatistics(term.bytes(), 1, 1)
                : new TermStatistics(term.bytes(), df, ttf);
        termStats.put(term, stats);
        return stats;
    }

    @Override
    public CollectionStatistics collectionStatistics(String field) throws IOException {
        long docs = 0;
        long withText = 0;
        long tokens = 0;
        long distinct = 0;
        for (VisibilityCache.Leaf leaf : leaves) {
            docs += leaf.count();
            withText += leaf.withText();
            tokens += leaf.sumTokens();
            distinct += leaf.sumDistinct();
        }
        if (withText == 0) {
            // nothing visible: nothing will be scored; placeholders keep Lucene's invariants
            return new CollectionStatistics(field, 1, 1, 1, 1);
        }
        return new CollectionStatistics(field, docs, withText, tokens, distinct);
    }
}
