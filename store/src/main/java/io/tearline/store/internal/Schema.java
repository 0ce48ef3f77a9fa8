package io.tearline.store.internal;

import io.tearline.db.Database;

/** The store's migrations: location db/store, its own history table, so modules migrate independently. */
public final class Schema {

    public static final String LOCATION = "classpath:db/store";
    public static final String HISTORY = "store_schema_history";

    private Schema() {}

    public static void migrate(Database db) {
        db.migrate(LOCATION, HISTORY);
    }
}
