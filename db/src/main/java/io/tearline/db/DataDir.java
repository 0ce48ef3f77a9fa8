package io.tearline.db;

import java.nio.file.Path;

/**
 * The layout of a Tearline data directory: the embedded H2 database, the derived Lucene index and
 * the keys. Every command that takes {@code --data DIR} resolves paths through this record.
 */
public record DataDir(Path root) {

    public DataDir {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * JDBC URL of the embedded store. WRITE_DELAY=0: a commit reaches the file before it returns. The
     * user is part of the URL so that every opener (a pool, DriverManager, a verifier) agrees on it.
     */
    public String h2Url() {
        return "jdbc:h2:file:" + root.resolve("db").resolve("tearline") + ";WRITE_DELAY=0;USER=sa";
    }

    public Path index() {
        return root.resolve("index");
    }

    public Path keys() {
        return root.resolve("keys");
    }

    /** The configuration the demo writes (nations, communities, people) and the server reads. */
    public Path config() {
        return root.resolve("tearline.yaml");
    }
}
