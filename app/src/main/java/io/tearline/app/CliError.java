package io.tearline.app;

import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * A usage or environment error of the command line: one line on stderr and an exit status that tells
 * the kind of problem, never a stack trace. The statuses are stable (scripts key on them, README.md
 * lists them); 3 is the launcher's own (no JDK, no Maven, build failed).
 */
final class CliError extends RuntimeException {

    /** The command ran and answered no: INVALID marking, failed verification, refused witness round, ... */
    static final int NEGATIVE = 1;
    /** Usage: unknown option, missing or malformed argument. */
    static final int USAGE = 2;
    /** The data directory, its configuration or its store does not exist. */
    static final int MISSING = 4;
    /** The configuration exists but cannot be read or is not valid. */
    static final int CONFIG = 5;
    /** The port to listen on is taken. */
    static final int PORT_IN_USE = 6;
    /** The database or the search index is held by another process (usually a running server). */
    static final int LOCKED = 7;
    /** A key file cannot be read or holds no usable key. */
    static final int KEY = 8;
    /** Any other input/output failure (permissions, a full disk, ...). */
    static final int IO = 9;
    /** A bug: an unexpected exception. */
    static final int INTERNAL = 70;

    /** Set to 1 to print stack traces of errors (as --debug does). */
    static final String DEBUG_ENV = "TEARLINE_DEBUG";

    final int exit;

    CliError(int exit, String message) {
        super(message);
        this.exit = exit;
    }

    CliError(int exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = exit;
    }

    /** Prints a parameter (usage) error as one line with a pointer to the help. */
    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
        cl.getErr().flush();
        return USAGE;
    }

    /** Prints an exception of a command as one line (stack trace only when debugging) and returns its status. */
    static int execution(Exception e, CommandLine cl, ParseResult parsed) {
        String name = cl.getCommandSpec().qualifiedName();
        CliError known = e instanceof CliError c ? c : classify(e);
        var err = cl.getErr();
        boolean debug = debug(parsed);
        if (known != null) {
            err.println(name + ": " + oneLine(known.getMessage()));
        } else {
            err.println(name + ": internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))
                    + (debug ? "" : " (run with --debug or " + DEBUG_ENV + "=1 to see the stack trace)"));
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return known != null ? known.exit : INTERNAL;
    }

    /** The environment errors recognised anywhere in a cause chain; null for anything else (a bug). */
    static CliError classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CliError c) {
                return c;
            }
            if (t instanceof BindException) {
                return new CliError(PORT_IN_USE, "cannot listen: " + t.getMessage()
                        + " (is another server, or the demo, already running on that port?)", e);
            }
            if (t instanceof SQLException s && (s.getErrorCode() == 90020 || String.valueOf(s.getMessage()).contains("already in use"))) {
                return new CliError(LOCKED, "the database is in use by another process (stop the running server "
                        + "first: the embedded store belongs to one process at a time)", e);
            }
            if (t.getClass().getName().equals("org.apache.lucene.store.LockObtainFailedException")) {
                return new CliError(LOCKED, "the search index is in use by another process (stop the running server "
                        + "first: the index belongs to one process at a time)", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSuchFileException n) {
                return new CliError(MISSING, "no such file or directory: " + n.getFile(), e);
            }
            if (t instanceof AccessDeniedException a) {
                return new CliError(IO, "permission denied: " + a.getFile(), e);
            }
            if (t instanceof java.io.IOException io) {
                return new CliError(IO, io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage(), e);
            }
        }
        return null;
    }

    private static boolean debug(ParseResult parsed) {
        if ("1".equals(System.getenv(DEBUG_ENV))) {
            return true;
        }
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails with {@link #PORT_IN_USE} when {@code host:port} cannot be bound, before anything is opened
     * (the server's own bind failure is the backstop: it also maps to {@link #PORT_IN_USE}).
     */
    static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new CliError(PORT_IN_USE, "cannot listen on " + host + ":" + port + ": the port is in use "
                    + "(is another server, or the demo, already running? pass --port)", e);
        } catch (java.io.IOException e) {
            throw new CliError(IO, "cannot listen on " + host + ":" + port + ": " + describe(e), e);
        }
    }

    /** An I/O failure in words: "no such file" rather than the exception's bare path. */
    static String describe(java.io.IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
