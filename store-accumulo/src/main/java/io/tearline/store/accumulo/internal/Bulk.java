package io.tearline.store.accumulo.internal;

import io.tearline.store.accumulo.AccumuloStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/** Bulk import: the cells of a batch sorted into one RFile per table, each imported as a directory. */
public final class Bulk {

    private Bulk() {}

    public static void load(AccumuloClient client, List<Cells.Cell> cells, Map<Cells.Table, String> tables, Path workDir) {
        Map<Cells.Table, TreeMap<Key, Value>> sorted = new TreeMap<>();
        for (Cells.Cell c : cells) {
            if (c.delete()) {
                throw new IllegalArgumentException("a bulk load writes no deletions");
            }
            TreeMap<Key, Value> t = sorted.computeIfAbsent(c.table(), k -> new TreeMap<>());
            Key k = new Key(c.row().getBytes(StandardCharsets.UTF_8), c.family().getBytes(StandardCharsets.UTF_8),
                    c.qualifier().getBytes(StandardCharsets.UTF_8), c.visibility().getBytes(StandardCharsets.UTF_8), c.timestamp());
            if (c.table() == Cells.Table.TERMS) {
                // counts of one key summed here, as the table's combiner would: an RFile holds each key once
                Value old = t.get(k);
                long n = Long.parseLong(new String(c.value(), StandardCharsets.UTF_8));
                if (old != null) {
                    n += Long.parseLong(old.toString());
                }
                t.put(k, new Value(Long.toString(n)));
            } else if (t.put(k, new Value(c.value())) != null) {
                throw new IllegalArgumentException("two cells at " + k);
            }
        }
        try {
            FileSystem fs = FileSystem.getLocal(new Configuration());
            for (Map.Entry<Cells.Table, TreeMap<Key, Value>> e : sorted.entrySet()) {
                Path dir = workDir.resolve(e.getKey().name().toLowerCase(java.util.Locale.ROOT));
                Files.createDirectories(dir);
                try (RFileWriter w = RFile.newWriter().to(dir.resolve("cells.rf").toString()).withFileSystem(fs).build()) {
                    w.append(e.getValue().entrySet());
                }
                client.tableOperations().importDirectory(dir.toUri().toString()).to(tables.get(e.getKey())).load();
            }
        } catch (IOException | AccumuloException | AccumuloSecurityException | TableNotFoundException e) {
            throw new AccumuloStoreException("bulk loading into " + tables.values(), e);
        }
    }
}
