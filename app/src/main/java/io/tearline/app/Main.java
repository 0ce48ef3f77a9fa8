package io.tearline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code tearline} command line. Subcommands are listed here, in one place. */
@Command(name = "tearline", mixinStandardHelpOptions = true, version = "tearline 0.1.0",
        description = "Multinational intelligence sharing with per-portion security decisions and a verifiable audit log.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, ServeCommand.class, TokenCommand.class,
                MarkingCommand.class, AccessCommand.class, AllianceCommand.class, AuditCommand.class, ReindexCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        Logging.bridgeJul();
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Option(names = "--log-format", paramLabel = "FORMAT", scope = ScopeType.INHERIT, converter = Logging.FormatConverter.class,
            description = "text (default) or json: one JSON object per log line, on standard error")
    void logFormat(Logging.Format format) {
        Logging.chooseOnCommandLine(format);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
