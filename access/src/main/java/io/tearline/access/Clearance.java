package io.tearline.access;

import io.tearline.markings.Level;

/** A person's US-equivalent clearance. NONE still reads unclassified material. */
public enum Clearance {
    NONE(Level.UNCLASSIFIED),
    CONFIDENTIAL(Level.CONFIDENTIAL),
    SECRET(Level.SECRET),
    TOP_SECRET(Level.TOP_SECRET);

    private final Level highest;

    Clearance(Level highest) {
        this.highest = highest;
    }

    /** The highest level this clearance reads. */
    public Level highest() {
        return highest;
    }

    public boolean covers(Level level) {
        return highest.dominates(level);
    }

    /** Parses {@code TOP_SECRET}, {@code TOP SECRET}, {@code TS}, {@code S}, {@code NONE}..., case-insensitively. */
    public static Clearance parse(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT).replace(' ', '_');
        return switch (t) {
            case "NONE", "U", "UNCLASSIFIED" -> NONE;
            case "C", "CONFIDENTIAL" -> CONFIDENTIAL;
            case "S", "SECRET" -> SECRET;
            case "TS", "TOP_SECRET" -> TOP_SECRET;
            default -> throw new IllegalArgumentException(
                    "unknown clearance '" + s + "': use NONE, CONFIDENTIAL, SECRET or TOP_SECRET");
        };
    }
}
