package io.tearline.app;

import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import io.tearline.server.TokenIssuer;
import io.tearline.db.DataDir;
import io.tearline.store.accumulo.EmbeddedAccumulo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tearline demo}: the EXERCISE alliance of spec/SCENARIO.md on the embedded store, or on an embedded Accumulo cluster. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Create (or reuse) a demo data directory, load the scenario's people and reports, and serve.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "tearline-data",
            description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--federated", description = "one local token issuer per nation, each trusted for its own people only")
    boolean federated;

    /** Where reports are kept. */
    enum Backend { embedded, accumulo }

    @Option(names = "--store", paramLabel = "BACKEND", defaultValue = "embedded",
            description = "embedded (H2 and Lucene in the data directory) or accumulo (reports and search on an"
                    + " embedded Accumulo cluster started in DIR/accumulo; needs about 1.5 GiB of memory)"
                    + " (default: ${DEFAULT-VALUE})")
    Backend store;

    @Override
    public Integer call() throws Exception {
        DataDir dir = new DataDir(data);
        Config config = Demo.prepare(dir, port);
        CliError.requireFreePort(config.server().host(), config.server().port());
        if (federated) {
            config = Demo.federate(dir, config);
        }
        EmbeddedAccumulo accumulo = null;
        if (store == Backend.accumulo) {
            System.out.println("Starting an embedded Accumulo cluster in " + dir.root().resolve("accumulo")
                    + " (about 1.5 GiB of memory, ten seconds or so)...");
            System.out.flush();
            accumulo = AccumuloBackend.start(dir);
            config = config.withStore(AccumuloBackend.store(accumulo));
        }
        Tearline t;
        try {
            t = Tearline.open(config, dir);
        } catch (RuntimeException e) {
            if (accumulo != null) {
                accumulo.close();
            }
            throw e;
        }
        EmbeddedAccumulo cluster = accumulo;
        TearlineServer server;
        int added;
        try {
            server = TearlineServer.create(t).enableDemoSignIn(TokenIssuer.openOrCreate(dir.keys(), config.auth()));
            if (federated) {
                server.enableDemoIdentityProviders(dir); // the web application's "Sign in with" each nation's issuer
            }
            added = Demo.loadReports(t, server);
            server.listen();
        } catch (RuntimeException e) {
            t.close();
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            t.close();
            if (cluster != null) {
                cluster.close();
            }
            stopped.countDown();
        }, "tearline-shutdown"));
        String url = "http://" + config.server().host() + ":" + server.port();
        Startup.log(t, url);
        System.out.printf("""
                Tearline demo on %s (data in %s; %d demo reports added%s)
                  people: %s
                  a token:  ./tearline token ava --data %s
                  try:      curl -H "Authorization: Bearer $(./tearline token kenji --data %s)" '%s/api/v1/search?q=water+cannon'
                  API docs: %s/api/docs
                %sStop with Ctrl-C.
                """, url, dir.root(), added, cluster == null ? "" : "; reports and search on Accumulo instance "
                        + cluster.instanceName() + " at " + cluster.zooKeepers(), String.join(", ", t.users().all().stream().map(p -> p.name()).toList()),
                data, data, url, url, federated ? """
                  federated: each nation's issuer vouches for its own people, e.g.
                            ./tearline token kenji --issuer JPN --data %s
                            (JPN's token for ava is refused: ./tearline token ava --issuer JPN --data %s)
                """.formatted(data, data) : "");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
