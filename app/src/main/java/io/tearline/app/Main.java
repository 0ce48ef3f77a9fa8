package io.tearline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code tearline} command line. Subcommands are listed here, in one place. */
@Command(name = "tearline", mixinStandardHelpOptions = true, version = "tearline 0.1.0",
        description = "Multinational intelligence sharing with per-portion security decisions and a verifiable audit log.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, ServeCommand.class, TokenCommand.class,
                MarkingCommand.class, AccessCommand.class, AllianceCommand.class, AuditCommand.class, ReindexCommand.class,
                ImportCommand.class})
public final class Main implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "print the stack trace of an error (also: TEARLINE_DEBUG=1)")
    boolean debug;

    /**
     * Lucene announces on stderr, through java.util.logging, whether it found the vector module; an error
     * message must be the only line there. Held here so that the setting is not collected.
     */
    private static final java.util.logging.Logger LUCENE_VECTORS =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(java.util.logging.Level.SEVERE);
        Logging.bridgeJul();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling: a usage error prints one line and exits 2; an
     * environment error (missing data directory, unreadable configuration, port in use, store locked by
     * a running server, unreadable key) prints one line and exits with its own status
     * ({@link CliError}); anything else is a bug and prints one line with a hint to rerun with --debug.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(CliError::usage);
        cl.setExecutionExceptionHandler(CliError::execution);
        return cl;
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
