package io.tearline.store;

/** An update named a version that is no longer the current one; nothing was written (HTTP 409). */
public final class StaleVersionException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String reportId;
    private final int expected;
    private final int current;

    public StaleVersionException(String reportId, int expected, int current) {
        super(STALE_VERSION, "report " + reportId + " is at version " + current + ", not " + expected);
        this.reportId = reportId;
        this.expected = expected;
        this.current = current;
    }

    public String reportId() {
        return reportId;
    }

    public int expected() {
        return expected;
    }

    public int current() {
        return current;
    }
}
