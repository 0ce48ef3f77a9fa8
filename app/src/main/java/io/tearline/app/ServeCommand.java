package io.tearline.app;

import io.tearline.server.Config;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tearline serve --config tearline.yaml}: the API for a real deployment. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the API with the given configuration.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the configuration file")
    Path config;

    @Override
    public Integer call() throws Exception {
        Config c = Config.load(config);
        Tearline t = Tearline.open(c, c.dataDir(config));
        TearlineServer server = TearlineServer.start(t);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            t.close();
            stopped.countDown();
        }, "tearline-shutdown"));
        System.out.println("Tearline on " + (c.server().tls() == null ? "http" : "https") + "://" + c.server().host() + ":" + server.port());
        stopped.await();
        return 0;
    }
}
