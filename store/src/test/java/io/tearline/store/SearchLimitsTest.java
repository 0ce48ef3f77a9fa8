package io.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bounds on a search's cost: hostile queries (catastrophic regular expressions, fuzzy terms by the
 * hundred, expressions too complex to compile, patterns that expand to everything) answer a located
 * {@code search.limit.<name>} error quickly, and the same kind of query within the limits still
 * answers.
 */
class SearchLimitsTest {

    private static final long QUICK_MILLIS = 2_000;

    @RegisterExtension
    final TempStore temp = new TempStore();
    ReportStore store;
    VisibleLabels all;

    @BeforeEach
    void open() {
        store = temp.store();
        // a dense vocabulary: every word "a" + four letters of a..j (10,000 words), 100 per report
        List<ReportDraft> drafts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 10_000; w++) {
            text.append(' ').append('a').append((char) ('a' + w / 1000)).append((char) ('a' + w / 100 % 10))
                    .append((char) ('a' + w / 10 % 10)).append((char) ('a' + w % 10));
            if (w % 100 == 99) {
                drafts.add(Fixtures.single("(U)", "report " + w / 100, "water cannon" + text));
                text.setLength(0);
            }
        }
        store.createAll(drafts);
        all = store.visibleLabels("all", l -> true);
        store.search("water", all, 10, 0); // warm: the time limits are for queries, not for a cold start
    }


    /** Runs a query that must fail on {@code limit}, quickly and without logging an error. */
    private StoreException refused(String query, String limit) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        StoreException e;
        try {
            e = catchThrowableOfType(StoreException.class, () -> store.search(query, all, 10, 0));
        } finally {
            System.setErr(err);
        }
        long millis = (threads.getCurrentThreadCpuTime() - t0) / 1_000_000; // CPU time: the machine may be busy
        String shown = query.length() > 80 ? query.substring(0, 80) + "…" : query;
        assertThat(e).as(shown).isNotNull();
        assertThat(e.rule()).as(shown).isEqualTo("search.limit." + limit);
        assertThat(e.errors()).as(shown).singleElement().satisfies(err1 -> {
            assertThat(err1.rule()).isEqualTo("search.limit." + limit);
            assertThat(err1.location()).isEqualTo(new InputError.Location.Field("query"));
            assertThat(err1.offset()).isBetween(0, query.length());
        });
        assertThat(millis).as(shown + " took " + millis + " ms of CPU").isLessThan(QUICK_MILLIS);
        assertThat(captured.toString(StandardCharsets.UTF_8)).as(shown).doesNotContain("ERROR");
        return e;
    }

    @Test
    void catastrophicRegularExpressionsAreRefusedQuickly() {
        // nested bounded repetition: the automaton would have billions of states
        StoreException nested = refused("/((((a{1,9}){1,9}){1,9}){1,9})/", "regex-complexity");
        assertThat(nested.getMessage()).contains("4096");
        assertThat(nested.offset()).isEqualTo(1);
        // the classic exponential determinization: the n-th letter from the end is an a
        StoreException blowUp = refused("/[a-f]*a" + "[a-f]".repeat(20) + "/", "regex-complexity");
        assertThat(blowUp.getMessage()).contains("10000");
        refused("/((a|b){1,50}){1,50}c/", "regex-complexity");
        refused("/" + "a".repeat(200) + "/", "regex-length");
        // an invalid expression is a located syntax error, not a failure of the server
        StoreException invalid = catchThrowableOfType(StoreException.class, () -> store.search("water /[a/", all, 10, 0));
        assertThat(invalid.rule()).isEqualTo(StoreException.BAD_QUERY);
        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("search.syntax");
            assertThat(e.offset()).isEqualTo(7);
        });
        // within the limits a regular expression answers
        assertThat(store.search("/wat.r/", all, 10, 0).total()).isEqualTo(100);
        assertThat(store.search("/[a-z]{1,20}annon/", all, 10, 0).total()).isEqualTo(100);
        assertThat(store.search("/aab[a-c]j/", all, 10, 0).total()).isEqualTo(1);
    }

    @Test
    void fuzzyTermsAreBounded() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            many.append(i == 0 ? "" : " OR ").append("abcde").append((char) ('a' + i % 26)).append("~2");
        }
        StoreException e = refused(many.toString(), "patterns");
        assertThat(e.getMessage()).contains("16");
        refused("water~3", "fuzzy-edits");
        refused("ab~2", "fuzzy-length");
        refused("a~1", "fuzzy-length");
        // one fuzzy term over a dense vocabulary expands to more terms than a pattern may
        refused("aabcd~2", "expansions");
        // within the limits
        assertThat(store.search("cannnon~1", all, 10, 0).total()).isEqualTo(100);
        assertThat(store.search("watr~1", all, 10, 0).total()).isEqualTo(100);
        // one edit from aabcd: aa?cd (reports 0-9), a?bcd (reports 1, 11, .., 91), aab?d and aabc? (report 1),
        // and the transposition abacd (report 10)
        assertThat(store.search("aabcd~1", all, 100, 0).total()).isEqualTo(20);
    }

    @Test
    void patternsAndClausesAreBounded() {
        refused("*ater", "leading-wildcard");
        refused("?ater", "leading-wildcard");
        StoreException leading = refused("water *nnon", "leading-wildcard");
        assertThat(leading.offset()).isEqualTo(6);
        refused("a*", "expansions");
        refused("a????", "expansions");
        refused("[a TO b]", "expansions");
        refused("x ".repeat(1100), "clauses");
        // expansions add up: patterns each under the limit, together over the clause limit
        StringBuilder prefixes = new StringBuilder();
        for (int i = 0; i < 11; i++) { // aaa* .. aaj*, aba*: 100 terms each
            prefixes.append(i == 0 ? "" : " OR ").append(i < 10 ? "aa" + (char) ('a' + i) : "aba").append('*');
        }
        refused(prefixes.toString(), "clauses");
        refused("water ".repeat(1000), "query-length");
        // within the limits
        assertThat(store.search("wat*", all, 10, 0).total()).isEqualTo(100);
        assertThat(store.search("w?ter cann*", all, 10, 0).total()).isEqualTo(100);
        assertThat(store.search("aab*", all, 10, 0).total()).isEqualTo(1);
        assertThat(store.search("aab* OR aac* OR aad*", all, 10, 0).total()).isEqualTo(3);
    }

    @Test
    void theTimeBudgetEndsASearchWithAnErrorNeverPartialResults() {
        store.index().timeBudget(Duration.ofNanos(1));
        try {
            refused("water", "time");
            refused("a*", "time");
            refused("/a.*b.*c/", "time");
        } finally {
            store.index().timeBudget(Duration.ofSeconds(2));
        }
        assertThat(store.search("water", all, 10, 0).total()).isEqualTo(100);
    }

    @Test
    void theLimitsApplyToUnrestrictedSearchesToo() {
        StoreException e = catchThrowableOfType(StoreException.class, () -> store.searchUnrestricted("a*", 10, 0));
        assertThat(e.rule()).isEqualTo("search.limit.expansions");
        e = catchThrowableOfType(StoreException.class,
                () -> store.searchUnrestricted("/((((a{1,9}){1,9}){1,9}){1,9})/", 10, 0));
        assertThat(e.rule()).isEqualTo("search.limit.regex-complexity");
        assertThat(store.searchUnrestricted("wat*", 10, 0).total()).isEqualTo(100);
    }
}
