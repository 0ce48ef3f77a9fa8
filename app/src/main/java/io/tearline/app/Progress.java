package io.tearline.app;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on standard error: on a terminal, a bar redrawn in place with the count,
 * the rate and the time left; when the output is piped or redirected, nothing while it runs and one
 * summary line at the end. Standard output stays the command's answer either way.
 */
final class Progress implements LongConsumer, AutoCloseable {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final String what;
    private final String unit;
    private final long total;
    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long start;
    private final Object lock = new Object();
    private long done;
    private long lastDraw = Long.MIN_VALUE;
    private boolean closed;

    Progress(String what, String unit, long total, PrintWriter out, boolean terminal, LongSupplier nanos) {
        this.what = what;
        this.unit = unit;
        this.total = Math.max(0, total);
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** Progress on standard error, drawn as a bar when standard error's console is a terminal. */
    static Progress onStderr(String what, String unit, long total) {
        return on(new PrintWriter(System.err, true), what, unit, total);
    }

    /** Progress on {@code err} (a command's error writer), drawn as a bar when the process has a terminal. */
    static Progress on(PrintWriter err, String what, String unit, long total) {
        return new Progress(what, unit, total, err, isTerminal(), System::nanoTime);
    }

    /** Whether the process talks to a terminal (JDK 22+ returns a console even when redirected: ask it). */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    @Override
    public void accept(long count) {
        synchronized (lock) {
            update(count);
        }
    }

    private void update(long count) {
        done = Math.max(done, count);
        if (!terminal) {
            return;
        }
        long now = nanos.getAsLong();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        out.print("\r" + bar(now) + "\u001b[K");
        out.flush();
    }

    /** Ends the display: the last bar and a new line on a terminal, else the one summary line. */
    @Override
    public void close() {
        synchronized (lock) {
            end(done);
        }
    }

    /** Ends the display with the final count (when the work knows it better than the last update). */
    void finish(long finalCount) {
        synchronized (lock) {
            end(finalCount);
        }
    }

    private void end(long finalCount) {
        if (closed) {
            return;
        }
        closed = true;
        done = Math.max(done, finalCount);
        long now = nanos.getAsLong();
        if (terminal) {
            out.print("\r" + bar(now) + "\u001b[K\n");
        } else {
            out.println(summary(now));
        }
        out.flush();
    }

    String summary(long now) {
        double secs = seconds(now);
        return String.format(Locale.ROOT, "%s: %,d %s in %.1f s (%s)", what, done, unit, secs, rate(secs));
    }

    String bar(long now) {
        double secs = seconds(now);
        StringBuilder b = new StringBuilder(what).append(" [");
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        b.append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        b.append(String.format(Locale.ROOT, "%,d/%,d %s  %s", done, total, unit, rate(secs)));
        if (done > 0 && done < total && secs > 0) {
            double left = (total - done) / (done / secs);
            b.append(String.format(Locale.ROOT, "  %s left", duration(left)));
        } else if (done >= total) {
            b.append(String.format(Locale.ROOT, "  done in %s", duration(secs)));
        }
        return b.toString();
    }

    private double seconds(long now) {
        return Math.max(0, now - start) / 1e9;
    }

    private String rate(double secs) {
        return secs <= 0 ? "- " + unit + "/s" : String.format(Locale.ROOT, "%,.0f %s/s", done / secs, unit);
    }

    static String duration(double secs) {
        long s = Math.round(secs);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
