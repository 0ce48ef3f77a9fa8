package io.tearline.audit;

import java.sql.Connection;

/**
 * A change to store in the same transaction as its audit entry. It runs on the log's writer thread and
 * connection, inside the group commit's transaction, under its own savepoint: it must not commit, roll
 * back, close or change auto-commit (the connection it gets refuses to), must not wait for the log
 * itself (it runs on the log's only writer), and should be quick, since every entry of the batch waits
 * for it.
 */
@FunctionalInterface
public interface JdbcWork<T> {
    T run(Connection connection) throws Exception;
}
