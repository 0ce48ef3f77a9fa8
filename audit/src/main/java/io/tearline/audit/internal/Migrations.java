package io.tearline.audit.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The audit module's schema, migrated on its own: location {@code db/audit}, history table
 * {@code audit_schema_history}. Other modules' tables may already be in the schema, so an unknown
 * non-empty schema is baselined at version 0 and our V1 still runs.
 */
public final class Migrations {

    public static final String LOCATION = "classpath:db/audit";
    public static final String HISTORY_TABLE = "audit_schema_history";

    private Migrations() {
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
