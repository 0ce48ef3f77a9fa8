package io.tearline.store.internal;

import io.tearline.store.Database;
import org.flywaydb.core.Flyway;

/** The store's migrations: location db/store, its own history table, so modules migrate independently. */
public final class Schema {

    public static final String LOCATION = "classpath:db/store";
    public static final String HISTORY = "store_schema_history";

    private Schema() {}

    public static void migrate(Database db) {
        Flyway.configure(Schema.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations(LOCATION)
                .table(HISTORY)
                // other modules' tables may already be in the schema: start this module's history at 0
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
