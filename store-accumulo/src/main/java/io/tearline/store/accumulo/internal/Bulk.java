package io.tearline.store.accumulo.internal;

import io.tearline.store.accumulo.AccumuloStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Bulk import: the cells of a batch sorted into one RFile per table, each imported as a directory. A
 * batch has millions of cells but few distinct rows, families and visibilities, so each part of a key is
 * numbered in the RFile's order (unsigned bytes) among its table's distinct values, and the cells are
 * put in order by those numbers with one counting sort per part: comparing the bytes of every key (long
 * visibilities with long common prefixes included) was most of a load's CPU time.
 */
public final class Bulk {

    private Bulk() {}

    /** The distinct values of one part of a table's keys, numbered in unsigned byte order once all are known. */
    private static final class Parts {
        private final Map<String, Integer> number = new HashMap<>();
        private byte[][] bytes;

        /** The value's provisional number (its order of arrival); {@link #rank} renumbers. */
        int add(String value) {
            Integer n = number.get(value);
            if (n == null) {
                n = number.size();
                number.put(value, n);
            }
            return n;
        }

        int size() {
            return number.size();
        }

        /** Replaces each provisional number in {@code numbers} by the value's rank in byte order. */
        void rank(int[] numbers, int count) {
            byte[][] arrived = new byte[number.size()][];
            number.forEach((v, n) -> arrived[n] = v.getBytes(StandardCharsets.UTF_8));
            Integer[] order = new Integer[arrived.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(arrived[x], arrived[y]));
            int[] rank = new int[arrived.length];
            bytes = new byte[arrived.length][];
            for (int r = 0; r < order.length; r++) {
                rank[order[r]] = r;
                bytes[r] = arrived[order[r]];
            }
            for (int i = 0; i < count; i++) {
                numbers[i] = rank[numbers[i]];
            }
        }

        byte[] bytes(int rank) {
            return bytes[rank];
        }
    }

    /** One table's cells, each part of a key a number among that table's distinct values of it. */
    private static final class TableCells {
        final Parts rows = new Parts();
        final Parts families = new Parts();
        final Parts qualifiers = new Parts();
        final Parts visibilities = new Parts();
        int count;
        int[] row = new int[1024];
        int[] family = new int[1024];
        int[] qualifier = new int[1024];
        int[] visibility = new int[1024];
        long[] timestamp = new long[1024];
        byte[][] value = new byte[1024][];

        void add(String r, String f, String q, String v, long ts, byte[] val) {
            if (count == row.length) {
                int n = count * 2;
                row = Arrays.copyOf(row, n);
                family = Arrays.copyOf(family, n);
                qualifier = Arrays.copyOf(qualifier, n);
                visibility = Arrays.copyOf(visibility, n);
                timestamp = Arrays.copyOf(timestamp, n);
                value = Arrays.copyOf(value, n);
            }
            row[count] = rows.add(r);
            family[count] = families.add(f);
            qualifier[count] = qualifiers.add(q);
            visibility[count] = visibilities.add(v);
            timestamp[count] = ts;
            value[count] = val;
            count++;
        }

        /**
         * The cells' positions in the RFile's order: row, family, qualifier, visibility (a stable counting
         * sort per part, the least significant first), then newest first among cells of one key.
         */
        int[] order() {
            rows.rank(row, count);
            families.rank(family, count);
            qualifiers.rank(qualifier, count);
            visibilities.rank(visibility, count);
            int[] order = new int[count];
            Arrays.setAll(order, i -> i);
            order = bySorted(order, visibility, visibilities.size());
            order = bySorted(order, qualifier, qualifiers.size());
            order = bySorted(order, family, families.size());
            order = bySorted(order, row, rows.size());
            // a key's cells at several timestamps (counts of versions loaded together): newest first
            for (int i = 1; i < count; i++) {
                for (int j = i; j > 0 && sameKey(order[j - 1], order[j]) && timestamp[order[j - 1]] < timestamp[order[j]]; j--) {
                    int t = order[j];
                    order[j] = order[j - 1];
                    order[j - 1] = t;
                }
            }
            return order;
        }

        boolean sameKey(int a, int b) {
            return row[a] == row[b] && family[a] == family[b] && qualifier[a] == qualifier[b] && visibility[a] == visibility[b];
        }

        Key key(int i) {
            // the arrays are never changed once numbered: the key may share them
            return new Key(rows.bytes(row[i]), families.bytes(family[i]), qualifiers.bytes(qualifier[i]),
                    visibilities.bytes(visibility[i]), timestamp[i], false, false);
        }
    }

    /** {@code order} stably sorted by {@code key[order[i]]}, whose values are below {@code range}. */
    private static int[] bySorted(int[] order, int[] key, int range) {
        int[] start = new int[range + 1];
        for (int i : order) {
            start[key[i] + 1]++;
        }
        for (int r = 0; r < range; r++) {
            start[r + 1] += start[r];
        }
        int[] out = new int[order.length];
        for (int i : order) {
            out[start[key[i]]++] = i;
        }
        return out;
    }

    private record Counted(String row, String family, String qualifier, String visibility, long timestamp) {}

    public static void load(AccumuloClient client, List<Cells.Cell> cells, Map<Cells.Table, String> tables, Path workDir) {
        Map<Cells.Table, TableCells> byTable = new EnumMap<>(Cells.Table.class);
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
            byTable.computeIfAbsent(c.table(), k -> new TableCells()).add(c.row(), c.family(), c.qualifier(), c.visibility(),
                    c.timestamp(), c.value());
        }
        counts.forEach((k, n) -> byTable.computeIfAbsent(Cells.Table.TERMS, t -> new TableCells()).add(k.row(), k.family(),
                k.qualifier(), k.visibility(), k.timestamp(), utf8(Long.toString(n[0]))));
        try {
            FileSystem fs = FileSystem.getLocal(new Configuration());
            for (Map.Entry<Cells.Table, TableCells> e : byTable.entrySet()) {
                TableCells t = e.getValue();
                int[] order = t.order();
                Path dir = workDir.resolve(e.getKey().name().toLowerCase(java.util.Locale.ROOT));
                Files.createDirectories(dir);
                // the writer checks each distinct visibility once: room for all of this table's
                try (RFileWriter w = RFile.newWriter().to(dir.resolve("cells.rf").toString()).withFileSystem(fs)
                        .withVisibilityCacheSize(Math.max(1000, t.visibilities.size())).build()) {
                    write(w, t, order);
                }
                client.tableOperations().importDirectory(dir.toUri().toString()).to(tables.get(e.getKey())).load();
            }
        } catch (IOException | AccumuloException | AccumuloSecurityException | TableNotFoundException e) {
            throw new AccumuloStoreException("bulk loading into " + tables.values(), e);
        }
    }

    /** Appends the cells in order; two at one key and timestamp are a bug in the caller. */
    private static void write(RFileWriter w, TableCells t, int[] order) throws IOException {
        for (int i = 0; i < order.length; i++) {
            int c = order[i];
            if (i > 0 && t.sameKey(order[i - 1], c) && t.timestamp[order[i - 1]] == t.timestamp[c]) {
                throw new IllegalArgumentException("two cells at " + t.key(c));
            }
            w.append(t.key(c), new Value(t.value[c], false));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
