package io.tearline.store;

import java.nio.file.Path;

/** The store contract on the embedded H2 file database. */
class H2StoreTest extends StoreContract {
    @Override
    TestDatabases.Handle openDatabase(Path dir) {
        return TestDatabases.h2(dir);
    }
}
