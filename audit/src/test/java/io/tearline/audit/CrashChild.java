package io.tearline.audit;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link CrashTest}: appends under load from several threads (each entry with a change
 * in the same transaction) and prints {@code R index leafHash changeId} for every receipt once its future
 * has completed, until it is killed.
 */
public final class CrashChild {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path keys = Path.of(args[1]);
        AuditLog log = AuditLog.openOwningDatabase(AuditConfig.of(io.tearline.db.Database.open(url), keys)
                .withCheckpointInterval(Duration.ofMillis(100)));
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS crash_change (id BIGINT PRIMARY KEY, note VARCHAR(40))");
        }
        System.out.println("READY " + log.size());
        System.out.flush();
        AtomicLong ids = new AtomicLong(System.nanoTime() & 0xffffffffL);
        for (int t = 0; t < 6; t++) {
            Thread th = new Thread(() -> {
                while (true) {
                    long id = ids.incrementAndGet();
                    log.appendWith(c -> {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO crash_change (id, note) VALUES (?, ?)")) {
                            ps.setLong(1, id);
                            ps.setString(2, "change " + id);
                            ps.executeUpdate();
                        }
                        return id;
                    }, x -> Entry.of(Map.of("type", "crash.load", "change", x))).whenComplete((r, e) -> {
                        if (r != null) {
                            synchronized (System.out) {
                                System.out.println("R " + r.receipt().index() + " " + r.receipt().leafHash() + " " + r.value());
                                System.out.flush();
                            }
                        }
                    }).join();
                }
            });
            th.setDaemon(true);
            th.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
