package io.tearline.store.internal;

import io.tearline.store.VisibleLabels;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.FilterWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.Bits;

/**
 * A query restricted to the documents one reader may see: it matches what the wrapped query matches
 * among the live documents whose label is in the visible set (the cached per-segment bitset), with the
 * wrapped query's scores. The restriction is part of matching, never a filter over hits: where most of
 * a segment is visible the bitset is handed to the scorer as its accepted documents (as Lucene does
 * with deletions), elsewhere the bitset leads a conjunction and the wrapped scorer skips to it.
 */
public final class VisibleQuery extends Query {

    private final Query query;
    private final VisibleLabels visible;
    private final VisibilityCache cache;

    public VisibleQuery(Query query, VisibleLabels visible, VisibilityCache cache) {
        this.query = Objects.requireNonNull(query);
        this.visible = Objects.requireNonNull(visible);
        this.cache = Objects.requireNonNull(cache);
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query rewritten = query.rewrite(searcher);
        return rewritten == query ? this : new VisibleQuery(rewritten, visible, cache);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight inner = searcher.createWeight(query, scoreMode, boost);
        return new FilterWeight(this, inner) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                VisibilityCache.Leaf leaf = cache.get(context.reader(), visible);
                if (leaf.count() == 0) {
                    return null;
                }
                ScorerSupplier supplier = in.scorerSupplier(context);
                if (supplier == null) {
                    return null;
                }
                boolean dense = leaf.count() >= context.reader().maxDoc() / 2;
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        return new Restricted(supplier.get(Math.min(leadCost, leaf.count())), leaf);
                    }

                    @Override
                    public BulkScorer bulkScorer() throws IOException {
                        if (!dense) {
                            return new DefaultBulkScorer(get(Long.MAX_VALUE));
                        }
                        BulkScorer all = supplier.bulkScorer();
                        Bits bits = leaf.bits(); // a subset of the live documents
                        return new BulkScorer() {
                            @Override
                            public int score(LeafCollector collector, Bits acceptDocs, int min, int max)
                                    throws IOException {
                                return all.score(collector, bits, min, max);
                            }

                            @Override
                            public long cost() {
                                return Math.min(all.cost(), leaf.count());
                            }
                        };
                    }

                    @Override
                    public long cost() {
                        return Math.min(supplier.cost(), leaf.count());
                    }

                    @Override
                    public void setTopLevelScoringClause() throws IOException {
                        supplier.setTopLevelScoringClause();
                    }
                };
            }

            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                return visibleDoc(context, doc) ? in.explain(context, doc) : Explanation.noMatch("not visible");
            }

            @Override
            public Matches matches(LeafReaderContext context, int doc) throws IOException {
                return visibleDoc(context, doc) ? in.matches(context, doc) : null;
            }

            @Override
            public int count(LeafReaderContext context) {
                return -1; // not knowable without matching
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }
        };
    }

    private boolean visibleDoc(LeafReaderContext context, int doc) throws IOException {
        VisibilityCache.Leaf leaf = cache.get(context.reader(), visible);
        return doc < leaf.bits().length() && leaf.bits().get(doc);
    }

    /** The wrapped scorer intersected with the visible documents (which lead when sparse). */
    private static final class Restricted extends Scorer {
        private final Scorer scorer;
        private final DocIdSetIterator iterator;

        Restricted(Scorer scorer, VisibilityCache.Leaf leaf) {
            this.scorer = scorer;
            Scorer visibleDocs = new ConstantScoreScorer(0f, ScoreMode.COMPLETE_NO_SCORES,
                    new BitSetIterator(leaf.bits(), leaf.count()));
            this.iterator = ConjunctionUtils.intersectScorers(List.of(scorer, visibleDocs));
        }

        @Override
        public int docID() {
            return iterator.docID();
        }

        @Override
        public DocIdSetIterator iterator() {
            return iterator;
        }

        @Override
        public TwoPhaseIterator twoPhaseIterator() {
            return null; // the conjunction already verifies two-phase matches
        }

        @Override
        public float score() throws IOException {
            return scorer.score();
        }

        @Override
        public float getMaxScore(int upTo) throws IOException {
            return scorer.getMaxScore(upTo);
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        query.visit(visitor.getSubVisitor(org.apache.lucene.search.BooleanClause.Occur.MUST, this));
    }

    @Override
    public String toString(String field) {
        return "visible(" + query.toString(field) + ", " + visible.size() + " labels)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VisibleQuery o && sameClassAs(o) && query.equals(o.query)
                && visible.equals(o.visible) && cache == o.cache;
    }

    @Override
    public int hashCode() {
        return (classHash() * 31 + query.hashCode()) * 31 + visible.hashCode();
    }
}
