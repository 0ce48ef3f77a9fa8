package io.tearline.store.internal;

import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;

/**
 * An IndexSearcher over the index as one reader sees it ({@link VisibleReader}): term statistics
 * come from the visible vocabulary of each segment, collection statistics are summed over the visible
 * documents. Adding, changing or deleting a document the reader cannot see therefore changes no score
 * the reader gets, and a term only hidden documents hold costs what a term that exists nowhere costs.
 * One instance per search.
 */
public final class VisibleSearcher extends IndexSearcher {

    private final VisibilityCache.Leaf[] leaves;

    private VisibleSearcher(VisibleReader reader) {
        super(reader);
        setQueryCache(null);
        List<LeafReaderContext> contexts = reader.leaves();
        this.leaves = new VisibilityCache.Leaf[contexts.size()];
        for (LeafReaderContext ctx : contexts) {
            leaves[ctx.ord] = ((VisibleReader.Leaf) ctx.reader()).visibleDocs;
        }
    }

    static VisibleSearcher create(DirectoryReader reader, VisibleLabels visible, VisibilityCache cache,
            VisibleVocabulary vocabulary, SearchLimits.Budget budget) throws IOException {
        return new VisibleSearcher(VisibleReader.wrap(reader, visible, cache, vocabulary, budget));
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
