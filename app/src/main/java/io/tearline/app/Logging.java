package io.tearline.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * The command line's logging: Logback, human-readable lines on standard error by default
 * ({@code logback.xml}), one JSON object per line on request ({@code --log-format json} or the
 * configuration's {@code server.logFormat}). Libraries log at WARN; java.util.logging (Lucene) is
 * routed through the same configuration.
 */
final class Logging {

    /** How log lines are written. */
    enum Format {
        TEXT, JSON;

        static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("log format must be text or json, not " + s);
            };
        }
    }

    /** Reads {@code --log-format}. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.parse(value);
        }
    }

    private static Format current = Format.TEXT;
    private static boolean chosen;

    private Logging() {}

    /** Routes java.util.logging into SLF4J (idempotent). */
    static synchronized void bridgeJul() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** The format asked for on the command line; wins over the configuration file's. */
    static synchronized void chooseOnCommandLine(Format f) {
        chosen = true;
        use(f);
    }

    /** The configuration file's format, unless the command line chose one. */
    static synchronized void fromConfig(String logFormat) {
        if (!chosen && logFormat != null && !logFormat.isBlank()) {
            use(Format.parse(logFormat));
        }
    }

    /**
     * For commands that work on a data directory and answer on standard output (reindex, audit verify,
     * what-if): Tearline's own INFO lines (the index caught up, the log opened) are chatter there, and
     * would break a progress bar; warnings still show.
     */
    static void quietForCommand() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger("io.tearline").setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static synchronized Format current() {
        return current;
    }

    static synchronized void use(Format f) {
        bridgeJul();
        if (f == current) {
            return;
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J backend: leave its configuration alone
        }
        ctx.reset();
        try {
            if (f == Format.JSON) {
                JoranConfigurator jc = new JoranConfigurator();
                jc.setContext(ctx);
                jc.doConfigure(Logging.class.getClassLoader().getResource("io/tearline/app/logback-json.xml"));
            } else {
                new ContextInitializer(ctx).autoConfig(); // logback.xml (logback-test.xml in tests)
            }
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging as " + f, e);
        }
        current = f;
    }
}
