package io.tearline.db;

import java.sql.SQLException;

/** A unit of SQL failed (the database is unreachable, a statement failed, the pool timed out). */
public final class DatabaseException extends RuntimeException {

    public DatabaseException(String message, SQLException cause) {
        super(message, cause);
    }

    public DatabaseException(String message, RuntimeException cause) {
        super(message, cause);
    }

}
