package io.tearline.audit.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers on raw 32-byte arrays, for the hot paths that should not allocate Hash values. */
public final class Digests {

    private Digests() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static byte[] leaf(MessageDigest md, byte[] leaf) {
        md.update((byte) 0);
        return md.digest(leaf);
    }

    public static byte[] node(MessageDigest md, byte[] left, byte[] right) {
        md.update((byte) 1);
        md.update(left);
        return md.digest(right);
    }
}
