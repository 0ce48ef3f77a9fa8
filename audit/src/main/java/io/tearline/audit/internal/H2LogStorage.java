package io.tearline.audit.internal;

import io.tearline.db.Database;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The log on the embedded H2 database. H2 keeps a query's result in memory or spills it to a
 * temporary file itself, so a snapshot needs no streaming set-up; its MVCC gives a repeatable read
 * within the snapshot's transaction.
 */
public final class H2LogStorage extends JdbcLogStorage {

    public H2LogStorage(Database db) {
        super(db);
    }

    @Override
    protected void beginSnapshot(Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    }

    @Override
    protected int fetchSize() {
        return 0; // the driver's default: H2 decides
    }
}
