package io.tearline.markings;

/**
 * A classification level, lowest first: the declaration order is the dominance order. US markings use
 * U, C, S and TS; RESTRICTED exists only as a non-US or NATO level.
 */
public enum Level {
    UNCLASSIFIED("UNCLASSIFIED", "U"),
    RESTRICTED("RESTRICTED", "R"),
    CONFIDENTIAL("CONFIDENTIAL", "C"),
    SECRET("SECRET", "S"),
    TOP_SECRET("TOP SECRET", "TS");

    private final String banner;
    private final String portion;

    Level(String banner, String portion) {
        this.banner = banner;
        this.portion = portion;
    }

    /** The spelled-out form used in banners, e.g. {@code TOP SECRET}. */
    public String banner() {
        return banner;
    }

    /** The portion abbreviation, e.g. {@code TS}. */
    public String portion() {
        return portion;
    }

    public boolean isClassified() {
        return this != UNCLASSIFIED;
    }

    /** True when this level is at or above {@code other}. */
    public boolean dominates(Level other) {
        return compareTo(other) >= 0;
    }
}
