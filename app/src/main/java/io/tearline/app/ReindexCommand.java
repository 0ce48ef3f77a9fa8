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
        Logging.quietForCommand();
        Config c = where.load();
        try (Tearline t = Tearline.open(c, where.dataDir(c))) {
            try (Progress progress = Progress.onStderr("reindex", "reports", t.store().reportCount())) {
                t.store().reindex(progress);
            }
        }
        return 0;
    }
}
