package io.tearline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tearline.access.Principal;
import io.tearline.markings.Interchange;
import io.tearline.markings.MarkedDocument;
import io.tearline.server.internal.AuditEvent;
import io.tearline.server.internal.Json;
import io.tearline.server.internal.Problem;
import io.tearline.server.internal.Receipts;
import io.tearline.server.internal.ReportsApi;
import io.tearline.store.Author;
import io.tearline.store.PortionText;
import io.tearline.store.Report;
import io.tearline.store.ReportDraft;
import io.tearline.store.ReportStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Bulk import: JSON Lines records (each the body of {@code POST /api/v1/reports} plus an optional
 * {@code externalId}) or XML documents (ISM, or STANAG 4774 labels bound by 4778) stored under the same
 * rules as a create. Every record is checked once, before its batch (fields, markings, owner, the author
 * reads every portion); the checked drafts of a batch are then stored as checked in one transaction with
 * their import keys and one audit entry, so a report is stored whole or not at all, and a bad record
 * never takes good ones down; the stored reports are indexed from memory after the commit. A record's
 * key is its {@code externalId}, or the digest of its content when it has none; a key the author's
 * nation has stored before is skipped, so running an import again after an interrupt stores nothing
 * twice.
 *
 * <pre>{@code
 * Importer.Summary s = server.importer().jsonl(author, in, maxLine, listener);
 * }</pre>
 */
public final class Importer {

    /** Reports stored per transaction. */
    public static final int BATCH = 200;
    /** The longest accepted externalId. */
    public static final int MAX_EXTERNAL_ID = 256;

    private final Tearline t;
    private final ReportsApi reports;
    private final Receipts receipts;

    Importer(Tearline t, ReportsApi reports, Receipts receipts) {
        this.t = t;
        this.reports = reports;
        this.receipts = receipts;
    }

    /** What an import did. */
    public record Summary(long stored, long skipped, long rejected, long portions) {}

    /**
     * A rejected record: where it was ({@code file}, and {@code line} when it is a line of JSON Lines,
     * else 0), its externalId when it had one, and why (the rule, a message and the located errors).
     */
    public record Rejected(String file, long line, String externalId, String rule, String message,
                           List<Map<String, Object>> errors) {

        /** The rejects file's line: only the fields that are known. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (file != null) {
                m.put("file", file);
            }
            if (line > 0) {
                m.put("line", line);
            }
            if (externalId != null) {
                m.put("externalId", externalId);
            }
            m.put("rule", rule);
            m.put("message", message);
            m.put("errors", errors);
            return m;
        }

        public String toJson() {
            return Json.string(toMap());
        }
    }

    /** Hears about progress (after each batch) and each rejected record (as it is found). */
    public interface Listener {
        void progress(long records, long portions);

        void rejected(Rejected r);
    }

    /** One input record: a JSON text with where it came from, or a record already refused when it was read. */
    public sealed interface Item {
        record Text(String file, long line, String json) implements Item {}

        record Refused(Rejected why) implements Item {}
    }

    // ---- sources

    /**
     * The lines of a JSON Lines stream (blank lines skipped, numbered from 1). A line longer than
     * {@code maxLineBytes} is refused without being held in memory.
     */
    public static Iterator<Item> lines(InputStream in, String file, int maxLineBytes) {
        return new Iterator<>() {
            private long number;
            private Item next;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    next = read();
                }
                return next != null;
            }

            @Override
            public Item next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Item i = next;
                next = null;
                return i;
            }

            private Item read() {
                try {
                    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
                    boolean over = false;
                    int b;
                    while ((b = in.read()) != -1 && b != '\n') {
                        if (line.size() < maxLineBytes) {
                            line.write(b);
                        } else {
                            over = true;
                        }
                    }
                    if (b == -1) {
                        done = true;
                        if (line.size() == 0) {
                            return null;
                        }
                    }
                    number++;
                    if (over) {
                        return new Item.Refused(new Rejected(file, number, null, "import.line-too-large",
                                "a record is at most " + maxLineBytes + " bytes", List.of()));
                    }
                    String s = line.toString(StandardCharsets.UTF_8).strip();
                    return s.isEmpty() ? null : new Item.Text(file, number, s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * XML documents as records: {@code bound} requires a verified STANAG 4778 binding of 4774 labels
     * (format 4774), else ISM (a binding, when present, must verify). The document's id is the record's
     * externalId; a document that does not read is refused with its located error.
     */
    public static Iterator<Item> xml(List<Path> files, boolean bound) {
        Iterator<Path> it = files.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Item next() {
                Path f = it.next();
                String name = f.toString();
                try {
                    String xml = Files.readString(f, StandardCharsets.UTF_8);
                    MarkedDocument d = bound ? Interchange.fromBoundXml(xml) : Interchange.fromXml(xml);
                    return new Item.Text(name, 0, record(d));
                } catch (io.tearline.markings.InterchangeException e) {
                    Map<String, Object> err = new LinkedHashMap<>();
                    err.put("rule", e.rule());
                    err.put("message", e.getMessage());
                    err.put("line", e.line());
                    err.put("column", e.column());
                    if (e.attribute() != null) {
                        err.put("attribute", e.attribute());
                    }
                    return new Item.Refused(new Rejected(name, 0, null, e.rule(), e.getMessage(), List.of(err)));
                } catch (IOException | RuntimeException e) {
                    return new Item.Refused(new Rejected(name, 0, null, "import.unreadable",
                            "the file cannot be read: " + e.getMessage(), List.of()));
                }
            }
        };
    }

    /** A marked document as a JSON Lines record (its id as the externalId). */
    public static String record(MarkedDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("externalId", d.id());
        m.put("owner", d.owner());
        m.put("originator", d.originator());
        d.title().ifPresent(p -> m.put("title", Map.of("marking", p.marking().portion(), "text", p.text())));
        m.put("portions", d.portions().stream()
                .map(p -> Map.of("marking", p.marking().portion(), "text", p.text())).toList());
        return Json.string(m);
    }

    // ---- the import

    /** Imports a JSON Lines stream written by {@code author}. */
    public Summary jsonl(Principal author, InputStream in, String file, int maxLineBytes, Listener listener) {
        return run(author, lines(in, file, maxLineBytes), listener);
    }

    /** Imports records written by {@code author}, {@link #BATCH} per transaction. */
    public Summary run(Principal author, Iterator<Item> items, Listener listener) {
        Run r = new Run(author, listener);
        while (items.hasNext()) {
            r.add(items.next());
        }
        r.flush();
        return new Summary(r.stored, r.skipped, r.rejected, r.portions);
    }

    private record Good(Item.Text source, String externalId, String key, ReportStore.Checked checked) {}

    private final class Run {
        private final Principal author;
        private final Author writer;
        private final Listener listener;
        private final List<Good> batch = new ArrayList<>();
        private long records;
        private long stored;
        private long skipped;
        private long rejected;
        private long portions;

        Run(Principal author, Listener listener) {
            this.author = author;
            this.writer = t.reads(author).author();
            this.listener = listener;
        }

        void add(Item item) {
            records++;
            switch (item) {
                case Item.Refused f -> reject(f.why());
                case Item.Text text -> check(text);
            }
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        private void check(Item.Text text) {
            String externalId = null;
            try {
                JsonNode node = Json.MAPPER.readTree(text.json());
                if (!(node instanceof ObjectNode o)) {
                    throw Problem.badRequest("import.record", "a record is a JSON object");
                }
                JsonNode id = o.remove("externalId");
                if (id != null && !id.isNull()) {
                    if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > MAX_EXTERNAL_ID) {
                        throw Problem.badRequest("import.external-id", "externalId is a non-empty string of at most "
                                + MAX_EXTERNAL_ID + " characters");
                    }
                    externalId = id.asText();
                }
                ReportsApi.ReportIn in = Json.MAPPER.treeToValue(o, ReportsApi.ReportIn.class);
                ReportDraft draft = reports.draft(author, in);
                ReportStore.Checked checked = t.store().checked(draft, writer); // the only check: stored as checked
                String key = externalId != null ? "id:" + externalId : "sha256:" + digest(draft);
                batch.add(new Good(text, externalId, key, checked));
            } catch (Exception e) {
                reject(text, externalId, e);
            }
        }

        private void reject(Item.Text text, String externalId, Exception e) {
            Problem p = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? Problem.badRequest("import.json", "not a valid record: " + j.getOriginalMessage())
                    : TearlineServer.problem(e);
            Map<String, Object> body = p.body();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> errors = body.get("errors") instanceof List<?> l
                    ? (List<Map<String, Object>>) l : List.of();
            String detail = body.get("detail") == null ? p.rule() : body.get("detail").toString();
            reject(new Rejected(text.file(), text.line(), externalId, p.rule(), detail, errors));
        }

        private void reject(Rejected why) {
            rejected++;
            listener.rejected(why);
        }

        void flush() {
            if (batch.isEmpty()) {
                listener.progress(records, portions);
                return;
            }
            List<Good> fresh = fresh(batch);
            skipped += batch.size() - fresh.size();
            batch.clear();
            if (!fresh.isEmpty()) {
                try {
                    store(fresh);
                } catch (RuntimeException e) {
                    t.store().indexCommitted(); // whatever was committed before the failure
                    // another import stored one of these keys meanwhile: one at a time, each key looked up again
                    for (Good g : fresh) {
                        List<Good> one = fresh(List.of(g));
                        if (one.isEmpty()) {
                            skipped++;
                            continue;
                        }
                        try {
                            store(one);
                        } catch (RuntimeException again) {
                            reject(g.source(), g.externalId(), again);
                        }
                    }
                }
            }
            listener.progress(records, portions);
        }

        /** The records whose key was not stored before nor seen earlier in the batch. */
        private List<Good> fresh(List<Good> goods) {
            Set<String> keys = new HashSet<>();
            goods.forEach(g -> keys.add(g.key()));
            Set<String> known = new HashSet<>(t.store().importKeys(writer.nation(), keys).keySet());
            List<Good> out = new ArrayList<>();
            for (Good g : goods) {
                if (known.add(g.key())) {
                    out.add(g);
                }
            }
            return out;
        }

        private void store(List<Good> goods) {
            ReportStore store = t.store();
            List<ReportStore.Checked> checked = goods.stream().map(Good::checked).toList();
            List<String> keys = goods.stream().map(Good::key).toList();
            ReportStore.Created created = receipts.recordWith(c -> {
                ReportStore.Created written = store.createChecked(c, checked);
                store.recordImportKeys(c, written.reports(), keys);
                return written;
            }, written -> new AuditEvent.Import(author, written.reports(), keys)).value();
            store.indexCommitted(created); // from the reports in memory, as the store's own writes
            List<Report> done = created.reports();
            stored += done.size();
            for (Report r : done) {
                portions += r.allPortions().size();
            }
        }
    }

    /** The digest of everything a draft stores (length-prefixed fields, so no two drafts encode alike). */
    static String digest(ReportDraft d) {
        List<String> fields = new ArrayList<>();
        fields.add(d.owner());
        fields.add(d.org());
        fields.add(String.join("\n", d.orcon()));
        fields.add(d.title().marking());
        fields.add(d.title().text());
        for (PortionText p : d.portions()) {
            fields.add(p.marking());
            fields.add(p.text());
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String f : fields) {
                byte[] b = f.getBytes(StandardCharsets.UTF_8);
                md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
