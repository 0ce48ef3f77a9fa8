package io.tearline.store.internal;

import io.tearline.store.VisibleLabels;
import java.io.IOException;
import org.apache.lucene.index.BaseTermsEnum;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * The index as one reader sees it: in each segment, the text field's terms dictionary holds only the
 * terms of the reader's visible live documents, with their statistics over those documents (from
 * {@link VisibleVocabulary}). A term that only hidden documents hold is absent, exactly like a term
 * that exists nowhere: looking it up costs a search in the visible vocabulary and nothing else, and
 * multi-term queries (prefix, wildcard, regular expression, fuzzy) expand over visible terms only.
 * Postings are read from the segment only for visible terms; the query still restricts matches to
 * visible documents ({@link VisibleQuery}). Other fields have no terms. One instance per search;
 * enumerating terms checks the search's time budget.
 */
final class VisibleReader extends FilterDirectoryReader {

    private VisibleReader(DirectoryReader in, SubReaderWrapper wrapper) throws IOException {
        super(in, wrapper);
    }

    static VisibleReader wrap(DirectoryReader in, VisibleLabels visible, VisibilityCache visibility,
            VisibleVocabulary vocabulary, SearchLimits.Budget budget) throws IOException {
        return new VisibleReader(in, new SubReaderWrapper() {
            @Override
            public LeafReader wrap(LeafReader reader) {
                try {
                    VisibilityCache.Leaf docs = visibility.get(reader, visible);
                    return new Leaf(reader, docs, vocabulary.get(reader, visible, docs), budget);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    /** A reader that only bounds term enumeration by the search's time budget (unrestricted searches). */
    static DirectoryReader bounded(DirectoryReader in, SearchLimits.Budget budget) throws IOException {
        return new FilterDirectoryReader(in, new SubReaderWrapper() {
            @Override
            public LeafReader wrap(LeafReader reader) {
                return new FilterLeafReader(reader) {
                    @Override
                    public Terms terms(String field) throws IOException {
                        Terms terms = in.terms(field);
                        return terms == null ? null : new BoundedTerms(terms, budget);
                    }

                    @Override
                    public CacheHelper getCoreCacheHelper() {
                        return in.getCoreCacheHelper();
                    }

                    @Override
                    public CacheHelper getReaderCacheHelper() {
                        return in.getReaderCacheHelper();
                    }
                };
            }
        }) {
            @Override
            protected DirectoryReader doWrapDirectoryReader(DirectoryReader reader) {
                throw new UnsupportedOperationException("one wrapper per search");
            }

            @Override
            public CacheHelper getReaderCacheHelper() {
                return null;
            }
        };
    }

    @Override
    protected DirectoryReader doWrapDirectoryReader(DirectoryReader reader) {
        throw new UnsupportedOperationException("one wrapper per search");
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
        return null;
    }

    /** One segment as the reader sees it. */
    static final class Leaf extends FilterLeafReader {
        final VisibilityCache.Leaf visibleDocs;
        private final VisibleVocabulary.Lexicon lexicon;
        private final SearchLimits.Budget budget;

        Leaf(LeafReader in, VisibilityCache.Leaf visibleDocs, VisibleVocabulary.Lexicon lexicon,
                SearchLimits.Budget budget) {
            super(in);
            this.visibleDocs = visibleDocs;
            this.lexicon = lexicon;
            this.budget = budget;
        }

        @Override
        public Terms terms(String field) throws IOException {
            if (!QueryParsing.TEXT.equals(field) || lexicon.size() == 0) {
                return null;
            }
            Terms raw = in.terms(field);
            return raw == null ? null : new VisibleTerms(raw, lexicon, visibleDocs, budget);
        }

        @Override
        public CacheHelper getCoreCacheHelper() {
            return in.getCoreCacheHelper();
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return in.getReaderCacheHelper();
        }
    }

    /** The visible part of a segment's terms, with visible statistics. */
    private static final class VisibleTerms extends Terms {
        private final Terms raw;
        private final VisibleVocabulary.Lexicon lexicon;
        private final VisibilityCache.Leaf docs;
        private final SearchLimits.Budget budget;

        VisibleTerms(Terms raw, VisibleVocabulary.Lexicon lexicon, VisibilityCache.Leaf docs, SearchLimits.Budget budget) {
            this.raw = raw;
            this.lexicon = lexicon;
            this.docs = docs;
            this.budget = budget;
        }

        @Override
        public TermsEnum iterator() {
            return new VisibleTermsEnum(raw, lexicon, budget);
        }

        @Override
        public long size() {
            return -1;
        }

        @Override
        public long getSumTotalTermFreq() {
            return Math.max(1, docs.sumTokens());
        }

        @Override
        public long getSumDocFreq() {
            return Math.max(1, docs.sumDistinct());
        }

        @Override
        public int getDocCount() {
            return Math.max(1, docs.withText());
        }

        @Override
        public boolean hasFreqs() {
            return raw.hasFreqs();
        }

        @Override
        public boolean hasOffsets() {
            return raw.hasOffsets();
        }

        @Override
        public boolean hasPositions() {
            return raw.hasPositions();
        }

        @Override
        public boolean hasPayloads() {
            return raw.hasPayloads();
        }
    }

    /**
     * Walks the visible vocabulary; the segment's own terms enum is opened and positioned only when
     * the postings, impacts or state of a visible term are asked for.
     */
    private static final class VisibleTermsEnum extends BaseTermsEnum {
        private final Terms raw;
        private final VisibleVocabulary.Lexicon lexicon;
        private final SearchLimits.Budget budget;
        private final BytesRef current = new BytesRef();
        private TermsEnum rawEnum;
        private int pos = -1;
        private int rawAt = -1;
        private int calls;

        VisibleTermsEnum(Terms raw, VisibleVocabulary.Lexicon lexicon, SearchLimits.Budget budget) {
            this.raw = raw;
            this.lexicon = lexicon;
            this.budget = budget;
        }

        private void tick() {
            if ((++calls & 63) == 0) {
                budget.check();
            }
        }

        /** The first term at or after {@code i} that visible live documents still hold. */
        private int live(int i) {
            int n = lexicon.size();
            while (i < n && lexicon.docFreq(i) == 0) {
                i++;
            }
            return i;
        }

        @Override
        public BytesRef next() {
            tick();
            int n = lexicon.size();
            if (pos >= n) {
                return null;
            }
            pos = live(pos + 1);
            return pos < n ? lexicon.term(pos, current) : null;
        }

        @Override
        public SeekStatus seekCeil(BytesRef text) {
            tick();
            int i = live(lexicon.ceil(text));
            if (i >= lexicon.size()) {
                pos = lexicon.size();
                return SeekStatus.END;
            }
            pos = i;
            lexicon.term(i, current);
            return lexicon.equalsAt(i, text) ? SeekStatus.FOUND : SeekStatus.NOT_FOUND;
        }

        @Override
        public boolean seekExact(BytesRef text) {
            int i = lexicon.ceil(text);
            if (i < lexicon.size() && lexicon.docFreq(i) > 0 && lexicon.equalsAt(i, text)) {
                pos = i;
                lexicon.term(i, current);
                return true;
            }
            pos = lexicon.size();
            return false;
        }

        @Override
        public void seekExact(BytesRef term, TermState state) throws IOException {
            if (!seekExact(term)) {
                throw new IllegalStateException("term state for a term that is not visible");
            }
            if (rawEnum == null) {
                rawEnum = raw.iterator();
            }
            rawEnum.seekExact(term, state);
            rawAt = pos;
        }

        @Override
        public void seekExact(long ord) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long ord() {
            throw new UnsupportedOperationException();
        }

        @Override
        public BytesRef term() {
            return current;
        }

        @Override
        public int docFreq() {
            return lexicon.docFreq(pos);
        }

        @Override
        public long totalTermFreq() {
            return lexicon.totalTermFreq(pos);
        }

        private TermsEnum positioned() throws IOException {
            if (rawAt != pos) {
                if (rawEnum == null) {
                    rawEnum = raw.iterator();
                }
                if (!rawEnum.seekExact(current)) {
                    throw new IllegalStateException("a visible term is missing from its segment");
                }
                rawAt = pos;
            }
            return rawEnum;
        }

        @Override
        public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
            return positioned().postings(reuse, flags);
        }

        @Override
        public ImpactsEnum impacts(int flags) throws IOException {
            return positioned().impacts(flags);
        }

        @Override
        public TermState termState() throws IOException {
            return positioned().termState();
        }
    }

    /** A segment's terms whose enumeration checks the time budget. */
    private static final class BoundedTerms extends org.apache.lucene.index.FilterLeafReader.FilterTerms {
        private final SearchLimits.Budget budget;

        BoundedTerms(Terms in, SearchLimits.Budget budget) {
            super(in);
            this.budget = budget;
        }

        @Override
        public TermsEnum iterator() throws IOException {
            return new BoundedTermsEnum(in.iterator(), budget);
        }

        @Override
        public TermsEnum intersect(CompiledAutomaton compiled, BytesRef startTerm) throws IOException {
            return new BoundedTermsEnum(in.intersect(compiled, startTerm), budget);
        }
    }

    private static final class BoundedTermsEnum extends org.apache.lucene.index.FilterLeafReader.FilterTermsEnum {
        private final SearchLimits.Budget budget;
        private int calls;

        BoundedTermsEnum(TermsEnum in, SearchLimits.Budget budget) {
            super(in);
            this.budget = budget;
        }

        @Override
        public BytesRef next() throws IOException {
            if ((++calls & 63) == 0) {
                budget.check();
            }
            return in.next();
        }
    }
}
