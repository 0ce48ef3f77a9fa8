package io.tearline.audit;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** A SHA-256 value: a leaf hash, a node hash or a tree root. Immutable (the bytes are copied in and out). */
public record Hash(byte[] bytes) {

    public static final int LENGTH = 32;

    public Hash {
        if (bytes == null || bytes.length != LENGTH) {
            throw new AuditException("hash.length", "hash",
                    "a hash is " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Standard base64 with padding, as in checkpoints and the HTTP API. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public static Hash ofBase64(String text) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new AuditException("hash.base64", "hash", "not standard base64: " + e.getMessage());
        }
        return new Hash(raw);
    }

    public static Hash ofHex(String hex) {
        return new Hash(HexFormat.of().parseHex(hex));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64();
    }
}
