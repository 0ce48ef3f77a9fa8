package io.tearline.app;

import io.tearline.server.Config;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import java.io.IOException;
import java.nio.file.Files;
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
        if (!Files.exists(config)) {
            throw new CliError(CliError.MISSING, "no configuration at " + config.toAbsolutePath().normalize());
        }
        Config c;
        try {
            c = Config.load(config);
        } catch (IOException | RuntimeException e) {
            throw new CliError(CliError.CONFIG, "cannot read the configuration " + config + ": " + e.getMessage(), e);
        }
        Logging.fromConfig(c.server().logFormat());
        CliError.requireFreePort(c.server().host(), c.server().port());
        Tearline t = Tearline.open(c, c.dataDir(config));
        TearlineServer server;
        try {
            server = TearlineServer.start(t);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            t.close();
            stopped.countDown();
        }, "tearline-shutdown"));
        Startup.log(t, (c.server().tls() == null ? "http" : "https") + "://" + c.server().host() + ":" + server.port());
        stopped.await();
        return 0;
    }
}
