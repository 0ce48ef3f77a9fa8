package io.tearline.store;

import io.tearline.db.Database;
import io.tearline.db.DataDir;
import io.tearline.db.TestSchema;

import java.nio.file.Path;

/**
 * Databases for tests: an H2 file database in a temporary directory, or a fresh schema in the shared
 * PostgreSQL named by TEARLINE_TEST_PG_URL (dropped afterwards).
 */
final class TestDatabases {

    private TestDatabases() {}

    /** An open database and how to get rid of it. */
    record Handle(Database db, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
            drop.run();
        }
    }

    static Handle h2(Path dir) {
        return new Handle(Database.open(new DataDir(dir)), () -> {});
    }

    static Handle postgres() {
        TestSchema schema = TestSchema.create("store_t_");
        return new Handle(Database.open(schema.url()), schema::close);
    }
}
