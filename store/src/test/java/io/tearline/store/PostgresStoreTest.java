package io.tearline.store;

import java.nio.file.Path;

/** The store contract on PostgreSQL (skipped, saying why, when TEARLINE_TEST_PG_URL is unset). */
class PostgresStoreTest extends StoreContract {
    @Override
    TestDatabases.Handle openDatabase(Path dir) {
        return TestDatabases.postgres();
    }
}
