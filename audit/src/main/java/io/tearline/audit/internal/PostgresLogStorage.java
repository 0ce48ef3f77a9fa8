package io.tearline.audit.internal;

import io.tearline.db.Database;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The log on PostgreSQL. The JDBC driver streams a result set with a fetch size only inside a
 * transaction, and a read committed transaction takes a new snapshot per statement: a snapshot here is
 * a REPEATABLE READ, READ ONLY transaction, so the cursors that the verifier advances in step see one
 * state of the log.
 */
public final class PostgresLogStorage extends JdbcLogStorage {

    public PostgresLogStorage(Database db) {
        super(db);
    }

    @Override
    protected void beginSnapshot(Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
    }

    @Override
    protected int fetchSize() {
        return 4096;
    }
}
