package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tearline.access.Principal;
import io.tearline.server.internal.Problem;
import io.tearline.server.internal.Receipts;
import io.tearline.server.internal.ReportsApi;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, items 1 and 2: a reader cannot tell by timing a report they may not see from a report that
 * does not exist (GET and PUT), nor a word that occurs only in portions they may not see from a word
 * that occurs nowhere (search). Measured in process through the Reports API's domain path (everything a
 * request does but the HTTP framing and the audit append, whose entry is built and sealed here and
 * whose cost depends only on the entry's size class), on a store where the hidden report and the hidden
 * word really exist in quantity. Each comparison has a control pair with a real difference that the
 * same measurement must detect.
 */
@Tag("slow")
class SideChannelTimingTest {

    static final int WARMUP = 3_000;
    /** Pairs for the comparisons that must find no difference: more than the minimum, to be strict. */
    static final int PAIRS = Integer.getInteger("tearline.pairs", 5_000);
    /** Pairs for the controls, whose differences are large: the minimum keeps the suite short. */
    static final int CONTROL_WARMUP = 1_000;
    static final int CONTROL_PAIRS = 1_000;
    /** Same length as each other, so the query strings cost the same to parse. */
    static final String HIDDEN_WORD = "zqhiddenword";
    static final String ABSENT_WORD = "zqabsentword";
    static final String VISIBLE_WORD = "zqvisibleword";

    static DemoFixture demo;
    static ReportsApi api;
    static Principal kenji;
    static String hidden;
    static final List<String> hiddenIds = new ArrayList<>();
    static final List<String> missingIds = new ArrayList<>();
    static String visible;
    static String missing;
    static String kenjis;
    static long seed;

    @BeforeAll
    static void start() throws IOException {
        seed = Long.getLong("tearline.seed", System.nanoTime());
        demo = new DemoFixture();
        Tearline t = demo.tearline;
        api = new ReportsApi(t, new Receipts(t.audit(), new SimpleMeterRegistry()));
        kenji = t.users().principal("kenji").orElseThrow();
        List<ReportDraft> drafts = new ArrayList<>();
        // one large report kenji may see nothing of (NOFORN), and 60 more whose 480 portions hold the hidden word
        drafts.add(report("(S//NF)", HIDDEN_WORD, 300, "USA"));
        for (int i = 0; i < 60; i++) {
            drafts.add(report("(S//NF)", HIDDEN_WORD, 8, "USA"));
        }
        // the controls: 60 reports with 480 portions kenji may see holding the visible word
        for (int i = 0; i < 60; i++) {
            drafts.add(report("(S//REL TO USA, JPN)", VISIBLE_WORD, 8, "USA"));
        }
        List<Report> stored = t.store().createAll(drafts);
        hidden = stored.get(0).id();
        // pools of ids on both sides, visited in turn, so that where an id falls in the database's index
        // (the page it shares, the row after it) averages out: the question is hidden against missing,
        // not one id against another
        for (int i = 0; i <= 60; i++) {
            String h = stored.get(i).id();
            hiddenIds.add(h);
            missingIds.add(sameShape(h));
        }
        for (String m : missingIds) {
            assertThat(t.store().read(m)).isEmpty();
        }
        visible = demo.id("R7"); // one unclassified portion: the smallest real difference a read makes
        kenjis = demo.id("R8"); // kenji's own nation's report, all of which he sees
        missing = sameShape(hidden);
        assertThat(t.store().read(missing)).isEmpty();
        // the store is real: the hidden report and word exist, kenji sees neither
        assertThat(t.store().read(hidden)).isPresent();
        assertThat(t.store().searchUnrestricted(HIDDEN_WORD, 10, 0).total()).isEqualTo(61);
        assertThat(api.read(kenji, hidden).view()).isEmpty();
        assertThat(api.search(kenji, HIDDEN_WORD, 10, 0).result().total()).isZero();
        assertThat(api.search(kenji, VISIBLE_WORD, 10, 0).result().total()).isEqualTo(60);
    }

    @AfterAll
    static void stop() throws IOException {
        if (demo != null) {
            demo.close();
        }
    }

    /**
     * Another id of the same shape: each digit replaced by another digit and each letter by another
     * letter, so that the two pools cost the same to validate (a character class matches a digit in
     * fewer steps than a letter), and only whether the report exists tells them apart.
     */
    static String sameShape(String id) {
        StringBuilder b = new StringBuilder(id.length());
        for (char c : id.toCharArray()) {
            b.append(c <= '9' ? (char) ('0' + (c - '0' + 5) % 10) : (char) ('a' + (c - 'a' + 3) % 6));
        }
        return b.toString();
    }

    private static ReportDraft report(String marking, String word, int portions, String owner) {
        SplittableRandom rnd = new SplittableRandom(portions * 31L + word.hashCode());
        List<PortionText> body = new ArrayList<>();
        for (int i = 0; i < portions; i++) {
            body.add(new PortionText(marking, "EXERCISE " + word + " notional paragraph " + i + " of vessel movement "
                    + Long.toHexString(rnd.nextLong()) + " near the shoal."));
        }
        return new ReportDraft(new PortionText(marking, "EXERCISE " + word + " title"), owner, "DIA", List.of(), body, "ava");
    }

    /**
     * The ids in turn, each as a new string decoded from its own bytes, as a request's path gives it: the
     * stored report's id object (allocated among its portions, long ago) never reaches a request, and
     * where it lies in memory must not decide the comparison. The bytes of both pools are allocated
     * side by side.
     */
    private static Supplier<String> inTurn(List<String> ids) {
        byte[][] bytes = ids.stream().map(id -> id.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        int[] next = {0};
        return () -> new String(bytes[next[0]++ % bytes.length], StandardCharsets.US_ASCII);
    }

    private static Runnable get(String id) {
        return get(List.of(id));
    }

    /** Reads the ids in turn. */
    private static Runnable get(List<String> ids) {
        Supplier<String> id = inTurn(ids);
        return () -> api.read(kenji, id.get());
    }

    private static Runnable put(String id) {
        return put(List.of(id));
    }

    /** Puts to the ids in turn, naming a version none of them is at. */
    private static Runnable put(List<String> ids) {
        ReportsApi.ReportUpdate body = new ReportsApi.ReportUpdate("0000000000000000",
                new ReportsApi.PortionIn(null, "(U)", "overwrite"), List.of(new ReportsApi.PortionIn(null, "(U)", "x")), null);
        Supplier<String> id = inTurn(ids);
        return () -> {
            String each = id.get();
            try {
                api.update(kenji, each, body);
                throw new AssertionError("PUT of " + each + " by kenji succeeded");
            } catch (Problem expected) {
                // 404 (or the control's 409)
            }
        };
    }

    private static Runnable search(String word) {
        return () -> api.search(kenji, word, 10, 0);
    }

    private static void indistinguishable(PairedTimings.Result r) {
        System.out.println(r);
        assertThat(Math.abs(r.z())).as("%s", r).isLessThan(3);
    }

    private static void detected(PairedTimings.Result r) {
        System.out.println(r);
        assertThat(Math.abs(r.z())).as("control: %s", r).isGreaterThan(3);
    }

    @Test
    void getOfAHiddenReportCostsWhatAMissingIdCosts() {
        indistinguishable(PairedTimings.compare("GET hidden vs missing", WARMUP, PAIRS, seed, get(hiddenIds), get(missingIds)));
    }

    @Test
    void getControlAVisibleReportIsDetected() {
        detected(PairedTimings.compare("GET visible vs missing (control)", CONTROL_WARMUP, CONTROL_PAIRS, seed, get(visible), get(missing)));
    }

    @Test
    void putOfAHiddenReportCostsWhatAMissingIdCosts() {
        indistinguishable(PairedTimings.compare("PUT hidden vs missing", WARMUP, PAIRS, seed, put(hiddenIds), put(missingIds)));
    }

    @Test
    void putControlAReportTheWriterSeesWhollyIsDetected() {
        // a stale version of a report kenji may revise: the view is loaded and digested before the 409
        detected(PairedTimings.compare("PUT visible vs missing (control)", CONTROL_WARMUP, CONTROL_PAIRS, seed, put(kenjis), put(missing)));
    }

    @Test
    void searchForAWordOnlyInHiddenPortionsCostsWhatAWordThatIsNowhereCosts() {
        indistinguishable(PairedTimings.compare("search hidden word vs absent word", WARMUP, PAIRS, seed,
                search(HIDDEN_WORD), search(ABSENT_WORD)));
    }

    @Test
    void searchControlAWordInManyVisiblePortionsIsDetected() {
        detected(PairedTimings.compare("search visible word vs absent word (control)", CONTROL_WARMUP, CONTROL_PAIRS, seed,
                search(VISIBLE_WORD), search(ABSENT_WORD)));
    }
}
