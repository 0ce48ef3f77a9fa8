package io.tearline.app;

import io.tearline.server.Config;
import io.tearline.db.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR} (default ./tearline-data) or {@code --config FILE}: which Tearline a command works on. */
final class DataOption {

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: ${DEFAULT-VALUE})",
            defaultValue = "tearline-data")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (instead of DIR/tearline.yaml)")
    Path config;

    /** The configuration file: --config, else the data directory's own. */
    Path configFile() {
        return config != null ? config : new DataDir(data).config();
    }

    Config load() throws IOException {
        Path file = configFile();
        if (!Files.exists(file)) {
            throw new IOException("no configuration at " + file + " (run ./tearline demo first, or pass --config)");
        }
        return Config.load(file);
    }

    DataDir dataDir(Config c) {
        return config != null ? c.dataDir(config) : new DataDir(data);
    }
}
