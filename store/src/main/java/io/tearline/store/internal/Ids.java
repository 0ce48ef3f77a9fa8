package io.tearline.store.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Report ids: random 64-bit values as 16 lowercase hex characters, so that no counts leak through them. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private Ids() {}

    public static String next() {
        return HexFormat.of().toHexDigits(RANDOM.nextLong());
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The id as the long the index keeps in its doc values. */
    public static long toLong(String id) {
        return Long.parseUnsignedLong(id, 16);
    }

    public static String fromLong(long id) {
        return HexFormat.of().toHexDigits(id);
    }
}
