package io.tearline.access.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The buffer an expression is copied into for scanning. Evaluators are shared between threads, so the
 * buffer must not be: each {@code Scratch} keeps one for the first thread that uses it (confined to that
 * thread, so its fast path is a plain read and compare, no atomic operation) and gives any other thread
 * its own per-thread buffer. A ThreadLocal lookup on every call costs about as much as the rest of a short
 * evaluation, which is why the common one-thread case avoids it.
 */
public final class Scratch {

    /** Larger buffers are used once and dropped rather than kept for the thread. */
    private static final int KEPT = 4096;
    private static final ThreadLocal<char[]> PER_THREAD = ThreadLocal.withInitial(() -> new char[128]);

    private final AtomicLong owner = new AtomicLong(); // thread id; 0 before first use (ids start at 1)
    private char[] owners = new char[128];             // read and written by the owner thread only

    /** {@code expression}'s chars followed by a NUL, in a buffer no other thread is using. */
    public char[] load(String expression) {
        int size = expression.length() + 1;
        long me = Thread.currentThread().threadId();
        long o = owner.getPlain();
        char[] b;
        if (o == me || o == 0 && owner.compareAndSet(0, me)) {
            b = owners;
            if (b.length < size) {
                b = grow(b, size);
                if (b.length <= KEPT) {
                    owners = b;
                }
            }
        } else {
            b = PER_THREAD.get();
            if (b.length < size) {
                b = grow(b, size);
                if (b.length <= KEPT) {
                    PER_THREAD.set(b);
                }
            }
        }
        expression.getChars(0, size - 1, b, 0);
        b[size - 1] = 0;
        return b;
    }

    private static char[] grow(char[] b, int size) {
        return new char[Math.max(size, Math.min(b.length * 2, KEPT))];
    }
}
