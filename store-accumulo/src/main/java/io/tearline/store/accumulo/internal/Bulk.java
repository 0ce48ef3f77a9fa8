package io.tearline.store.accumulo.internal;

import io.tearline.store.accumulo.AccumuloStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.client.AccumuloException;
import org.apache.accumulo.core.client.AccumuloSecurityException;
import org.apache.accumulo.core.client.TableNotFoundException;
import org.apache.accumulo.core.client.rfile.RFile;
import org.apache.accumulo.core.client.rfile.RFileWriter;
import org.apache.accumulo.core.data.Key;
import org.apache.accumulo.core.data.Value;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Bulk import: the cells of a batch sorted into one RFile per table, each imported as a directory. The
 * cells are sorted as raw byte arrays (vectorised unsigned comparisons, in parallel) rather than as
 * {@link Key}s in a tree: at a million cells a batch, Key comparison was most of a load's CPU time.
 */
public final class Bulk {

    private Bulk() {}

    /** A cell as the RFile orders it: row, family, qualifier, visibility, then newest first. */
    private record Raw(byte[] row, byte[] family, byte[] qualifier, byte[] visibility, long timestamp, byte[] value) {

        static final Comparator<Raw> ORDER = (a, b) -> {
            int c = Arrays.compareUnsigned(a.row, b.row);
            if (c == 0) {
                c = Arrays.compareUnsigned(a.family, b.family);
            }
            if (c == 0) {
                c = Arrays.compareUnsigned(a.qualifier, b.qualifier);
            }
            if (c == 0) {
                c = Arrays.compareUnsigned(a.visibility, b.visibility);
            }
            return c != 0 ? c : Long.compare(b.timestamp, a.timestamp);
        };

        Key key() {
            return new Key(row, family, qualifier, visibility, timestamp);
        }
    }

    private record Counted(String row, String family, String qualifier, String visibility, long timestamp) {}

    public static void load(AccumuloClient client, List<Cells.Cell> cells, Map<Cells.Table, String> tables, Path workDir) {
        Map<Cells.Table, List<Raw>> byTable = new EnumMap<>(Cells.Table.class);
        // counts of one key in the terms table summed first, as the table's combiner would (an RFile
        // holds each key once); a batch's millions of counts are a few distinct keys each
        Map<Counted, long[]> counts = new HashMap<>();
        for (Cells.Cell c : cells) {
            if (c.delete()) {
                throw new IllegalArgumentException("a bulk load writes no deletions");
            }
            if (c.table() == Cells.Table.TERMS) {
                counts.computeIfAbsent(new Counted(c.row(), c.family(), c.qualifier(), c.visibility(), c.timestamp()),
                        k -> new long[1])[0] += Long.parseLong(new String(c.value(), StandardCharsets.UTF_8));
                continue;
            }
            byTable.computeIfAbsent(c.table(), k -> new ArrayList<>()).add(new Raw(utf8(c.row()), utf8(c.family()),
                    utf8(c.qualifier()), utf8(c.visibility()), c.timestamp(), c.value()));
        }
        counts.forEach((k, n) -> byTable.computeIfAbsent(Cells.Table.TERMS, t -> new ArrayList<>()).add(new Raw(utf8(k.row()),
                utf8(k.family()), utf8(k.qualifier()), utf8(k.visibility()), k.timestamp(), utf8(Long.toString(n[0])))));
        try {
            FileSystem fs = FileSystem.getLocal(new Configuration());
            for (Map.Entry<Cells.Table, List<Raw>> e : byTable.entrySet()) {
                Raw[] sorted = e.getValue().toArray(Raw[]::new);
                Arrays.parallelSort(sorted, Raw.ORDER);
                Path dir = workDir.resolve(e.getKey().name().toLowerCase(java.util.Locale.ROOT));
                Files.createDirectories(dir);
                try (RFileWriter w = RFile.newWriter().to(dir.resolve("cells.rf").toString()).withFileSystem(fs).build()) {
                    write(w, sorted);
                }
                client.tableOperations().importDirectory(dir.toUri().toString()).to(tables.get(e.getKey())).load();
            }
        } catch (IOException | AccumuloException | AccumuloSecurityException | TableNotFoundException e) {
            throw new AccumuloStoreException("bulk loading into " + tables.values(), e);
        }
    }

    /** Appends sorted cells; two at one key are a bug in the caller. */
    private static void write(RFileWriter w, Raw[] sorted) throws IOException {
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && Raw.ORDER.compare(sorted[i - 1], sorted[i]) == 0) {
                throw new IllegalArgumentException("two cells at " + sorted[i].key());
            }
            w.append(sorted[i].key(), new Value(sorted[i].value()));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
