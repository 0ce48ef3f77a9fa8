package io.tearline.store.accumulo.internal;

import io.tearline.access.MarkingCompiler;
import io.tearline.markings.Dissem;
import io.tearline.markings.Marking;
import io.tearline.markings.Markings;
import io.tearline.markings.NonIc;
import io.tearline.store.Portion;
import io.tearline.store.Report;
import io.tearline.store.accumulo.Gate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cells of one report version, for the live writer (mutations) and the bulk loader (RFiles) alike,
 * so that both write exactly the same thing. See {@link Layout} for where each cell goes.
 */
public final class Cells {

    /** Which table a cell belongs to. */
    public enum Table { REPORTS, SHARDS, TERMS }

    /**
     * One cell, or one deletion. A deletion at timestamp t hides the cells of the same key written at t or
     * before. Terms-table cells are counts, summed by the table's combiner, never deleted.
     */
    public record Cell(Table table, String row, String family, String qualifier, String visibility, long timestamp,
                       byte[] value, boolean delete) {}

    /** A stored portion with the visibility it was written under. */
    public record Stored(Portion portion, String visibility) {}

    /** What the writer must know of the version a new one replaces. */
    public record Previous(int version, String headVisibility, byte[] head, List<Stored> portions) {}

    private final Markings markings;
    private final MarkingCompiler compiler;
    private final int shards;

    public Cells(Markings markings, MarkingCompiler compiler, int shards) {
        this.markings = markings;
        this.compiler = compiler;
        this.shards = shards;
    }

    public int shards() {
        return shards;
    }

    /** What a portion's cells need of its marking, in its report. */
    private record Compiled(String visibility, boolean orcon) {}

    private record Label(String normalised, String owner, List<String> orcon) {}

    /** Compiled labels: few distinct ones, asked for each portion (cleared when large, never stale: a pure function). */
    private final java.util.concurrent.ConcurrentHashMap<Label, Compiled> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    private Compiled compiled(Portion p, Report r) {
        if (compiled.size() > 65_536) {
            compiled.clear();
        }
        return compiled.computeIfAbsent(new Label(p.normalised(), r.owner(), r.orcon()), l -> {
            Marking m = markings.parse(l.normalised());
            String vis = Layout.portionVisibility(compiler.compile(m, l.owner(), new TreeSet<>(l.orcon())), new Gate(l.owner(), m.level()));
            return new Compiled(vis, m.has(Dissem.ORCON) || m.has(NonIc.EXDIS));
        });
    }

    /** A portion's cell visibility in a report: the compiled expression of its marking AND its gate's token. */
    public String visibility(Portion p, Report r) {
        return compiled(p, r).visibility();
    }

    /** Every cell a version writes (with the deletions and rewrites of the version it replaces, if any). */
    public List<Cell> of(Report r, Previous previous) {
        List<Cell> out = new ArrayList<>();
        long ts = r.version();
        if (previous != null && previous.version() >= r.version()) {
            throw new IllegalArgumentException("version " + r.version() + " of " + r.id() + " does not follow " + previous.version());
        }
        Map<Portion, String> vis = new LinkedHashMap<>();
        for (Portion p : r.allPortions()) {
            vis.put(p, visibility(p, r));
        }
        String id = r.id();
        for (Map.Entry<Portion, String> e : vis.entrySet()) {
            Portion p = e.getKey();
            out.add(new Cell(Table.REPORTS, id, Layout.PORTION, Layout.portionQualifier(r.version(), p.index()), e.getValue(), ts,
                    portionValue(p), false));
        }
        out.add(new Cell(Table.REPORTS, id, Layout.HEAD, Layout.version(r.version()), Layout.anyOf(vis.values()), ts,
                head(r, true), false));
        // the banner rolls up every portion: only a reader who may see them all may see it
        out.add(new Cell(Table.REPORTS, id, "b", Layout.version(r.version()), allOf(vis.values()), ts,
                new Codec.Out().str(r.banner()).bytes(), false));
        List<String> orconVis = vis.entrySet().stream().filter(e -> compiled(e.getKey(), r).orcon()).map(Map.Entry::getValue).toList();
        if (!orconVis.isEmpty()) {
            out.add(new Cell(Table.REPORTS, id, "o", Layout.version(r.version()), Layout.anyOf(orconVis), ts,
                    new Codec.Out().strs(r.orcon()).bytes(), false));
        }
        String shard = Layout.shard(id, shards);
        if (previous != null) {
            byte[] head = withCurrent(previous.head(), false);
            out.add(new Cell(Table.REPORTS, id, Layout.HEAD, Layout.version(previous.version()), previous.headVisibility(), ts,
                    head, false));
            for (Stored s : previous.portions()) {
                index(out, shard, id, s.portion(), s.visibility(), ts - 1, -1);
            }
        }
        for (Map.Entry<Portion, String> e : vis.entrySet()) {
            index(out, shard, id, e.getKey(), e.getValue(), ts, 1);
        }
        return out;
    }

    /** The index cells of one portion: added ({@code sign} 1) or removed (-1, deletions at {@code ts}). */
    private static void index(List<Cell> out, String shard, String id, Portion p, String vis, long ts, int sign) {
        String doc = Layout.document(id, p.index());
        List<Analysis.Token> tokens = Analysis.tokens(p.text());
        Map<String, List<Integer>> positions = new HashMap<>();
        for (Analysis.Token t : tokens) {
            positions.computeIfAbsent(t.term(), k -> new ArrayList<>()).add(t.position());
        }
        boolean delete = sign < 0;
        for (Map.Entry<String, List<Integer>> e : positions.entrySet()) {
            out.add(new Cell(Table.SHARDS, shard, e.getKey(), doc, vis, ts, delete ? new byte[0] : posting(p.label(), tokens.size(), e.getValue()), delete));
            out.add(new Cell(Table.TERMS, e.getKey(), Layout.DF, "", vis, ts, count(sign), false));
        }
        out.add(new Cell(Table.TERMS, Layout.STATS, Layout.DOCS, "", vis, ts, count(sign), false));
        out.add(new Cell(Table.TERMS, Layout.STATS, Layout.TOKENS, "", vis, ts, count((long) sign * tokens.size()), false));
    }

    /**
     * The cell that counts one write (see {@link Layout#WRITES}): in the statistics row, so that a write's
     * count and its statistics arrive together.
     */
    public static Cell written() {
        return new Cell(Table.TERMS, Layout.STATS, Layout.WRITES, "", "", 1, count(1), false);
    }

    static byte[] count(long n) {
        return Long.toString(n).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A posting's value: the portion's label id, the document's length, then the term's positions
     * ({@code "7;12:0,7"}), so that a scan of a term's postings alone can rank its documents and a
     * caller can test each against its own label set without reading the portion.
     */
    static byte[] posting(int label, int length, List<Integer> ps) {
        StringBuilder b = new StringBuilder().append(label).append(';').append(length).append(':');
        for (int i = 0; i < ps.size(); i++) {
            b.append(i == 0 ? "" : ",").append(ps.get(i));
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A term's occurrences in a document of {@code length} tokens, in a portion of label {@code label}
     * ({@link #NO_LABEL} in a posting written without one, which no label set admits).
     */
    public record Posting(int label, int length, int[] positions) {}

    /** The label of a posting that carries none. */
    public static final int NO_LABEL = -1;

    public static Posting posting(byte[] value) {
        int semi = -1;
        int colon = 0;
        while (value[colon] != ':') {
            semi = value[colon] == ';' ? colon : semi;
            colon++;
        }
        int label = semi < 0 ? NO_LABEL : parse(value, 0, semi);
        int length = parse(value, semi + 1, colon);
        int n = 1;
        for (int i = colon + 1; i < value.length; i++) {
            n += value[i] == ',' ? 1 : 0;
        }
        int[] out = new int[n];
        for (int i = colon + 1, k = 0, from = i; i <= value.length; i++) {
            if (i == value.length || value[i] == ',') {
                out[k++] = parse(value, from, i);
                from = i + 1;
            }
        }
        return new Posting(label, length, out);
    }

    private static int parse(byte[] b, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static String allOf(java.util.Collection<String> visibilities) {
        Set<String> distinct = new java.util.LinkedHashSet<>(visibilities);
        if (distinct.size() == 1) {
            return distinct.iterator().next();
        }
        StringBuilder b = new StringBuilder();
        for (String v : distinct) {
            if (!b.isEmpty()) {
                b.append('&');
            }
            b.append('(').append(v).append(')');
        }
        return b.toString();
    }

    /** The authorizations every cell of this version names (the writer must hold them all). */
    public static Set<String> tokens(List<Cell> cells) {
        Set<String> out = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (Cell c : cells) {
            if (seen.add(c.visibility())) {
                out.addAll(Layout.tokens(c.visibility()));
            }
        }
        return out;
    }

    // ---- values ---------------------------------------------------------------------------

    static byte[] portionValue(Portion p) {
        return new Codec.Out().i(p.index()).str(p.marking()).str(p.normalised()).i(p.label()).str(p.text())
                .b(p.tearline()).i(p.derivedFrom()).bytes();
    }

    public static Portion portion(byte[] value) {
        Codec.In in = new Codec.In(value);
        return new Portion(in.i(), in.str(), in.str(), in.i(), in.str(), in.b(), in.i());
    }

    /** The head of a version: what any reader of one of its portions may know. */
    public record Head(String owner, String org, int version, Instant created, Instant updated, String author,
                       boolean current) {}

    static byte[] head(Report r, boolean current) {
        return head(new Head(r.owner(), r.org(), r.version(), r.created(), r.updated(), r.author(), current));
    }

    static byte[] head(Head h) {
        return new Codec.Out().str(h.owner()).str(h.org()).i(h.version()).l(h.created().getEpochSecond())
                .i(h.created().getNano()).l(h.updated().getEpochSecond()).i(h.updated().getNano()).str(h.author())
                .b(h.current()).bytes();
    }

    public static Head head(byte[] value) {
        Codec.In in = new Codec.In(value);
        return new Head(in.str(), in.str(), in.i(), Instant.ofEpochSecond(in.l(), in.i()), Instant.ofEpochSecond(in.l(), in.i()),
                in.str(), in.b());
    }

    static byte[] withCurrent(byte[] value, boolean current) {
        Head h = head(value);
        return head(new Head(h.owner(), h.org(), h.version(), h.created(), h.updated(), h.author(), current));
    }

    public static String banner(byte[] value) {
        return new Codec.In(value).str();
    }

    public static List<String> orcon(byte[] value) {
        return new Codec.In(value).strs();
    }
}
