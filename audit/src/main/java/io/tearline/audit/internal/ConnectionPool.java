package io.tearline.audit.internal;

import io.tearline.audit.AuditStorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.DataSource;

/**
 * A few idle read connections kept open, so that a proof or an entry read does not pay for a new
 * session. Reads only (auto-commit on); a connection that failed is closed instead of returned.
 */
final class ConnectionPool implements AutoCloseable {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource source;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    ConnectionPool(DataSource source, int maxIdle) {
        this.source = source;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    <T> T with(String what, Work<T> work) {
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = source.getConnection();
                c.setAutoCommit(true);
            }
            T result = work.run(c);
            if (closed || !idle.offer(c)) {
                c.close();
            }
            return result;
        } catch (SQLException e) {
            quietClose(c);
            throw new AuditStorageException("audit log: " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            quietClose(c);
            throw e;
        }
    }

    static void quietClose(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a broken connection: nothing to do
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            quietClose(c);
        }
    }
}
