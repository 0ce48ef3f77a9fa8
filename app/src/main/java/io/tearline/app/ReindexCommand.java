package io.tearline.app;

import io.tearline.server.Config;
import io.tearline.server.Tearline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tearline reindex}: rebuild the search index from the store (the store is the source of truth). */
@Command(name = "reindex", mixinStandardHelpOptions = true, description = "Rebuild the search index from the store.")
final class ReindexCommand implements Callable<Integer> {

    @Mixin
    DataOption where;

    @Override
    public Integer call() throws Exception {
        Config c = where.load();
        try (Tearline t = Tearline.open(c, where.dataDir(c))) {
            long start = System.nanoTime();
            t.store().reindex();
            System.out.printf("reindexed in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
