package io.tearline.server;

import io.tearline.db.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo in a child JVM for crash tests: serves DIR on a free port and writes the port to DIR/port. */
public final class DemoServerMain {

    private DemoServerMain() {}

    public static void main(String[] args) throws Exception {
        DataDir dir = new DataDir(Path.of(args[0]));
        Config config = Demo.prepare(dir, 0);
        Tearline t = Tearline.open(config, dir);
        TearlineServer server = TearlineServer.create(t);
        Demo.loadReports(t, server);
        server.listen();
        Path tmp = dir.root().resolve("port.tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, dir.root().resolve("port"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
