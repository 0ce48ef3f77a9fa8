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

    /**
     * The configuration.
     *
     * @throws CliError {@link CliError#MISSING} when the data directory or its configuration does not
     *                  exist, {@link CliError#CONFIG} when the configuration cannot be read or parsed
     */
    Config load() {
        Path file = configFile();
        if (config == null && !Files.isDirectory(data)) {
            throw new CliError(CliError.MISSING, "no data directory at " + data.toAbsolutePath().normalize()
                    + " (run ./tearline demo first, or pass --data DIR or --config FILE)");
        }
        if (!Files.exists(file)) {
            throw new CliError(CliError.MISSING, "no configuration at " + file.toAbsolutePath().normalize()
                    + " (run ./tearline demo first, or pass --config)");
        }
        try {
            return Config.load(file);
        } catch (IOException | RuntimeException e) {
            throw new CliError(CliError.CONFIG, "cannot read the configuration " + file + ": " + e.getMessage(), e);
        }
    }

    DataDir dataDir(Config c) {
        return config != null ? c.dataDir(config) : new DataDir(data);
    }
}
