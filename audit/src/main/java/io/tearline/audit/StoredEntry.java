package io.tearline.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An appended entry as stored: the exact leaf bytes, their leaf hash, and the access metadata beside them. */
public record StoredEntry(long index, byte[] leaf, Hash leafHash, Access access) {

    public StoredEntry {
        leaf = leaf.clone();
    }

    @Override
    public byte[] leaf() {
        return leaf.clone();
    }

    /** The leaf as text (it is canonical JSON in UTF-8). */
    public String json() {
        return new String(leaf, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEntry s && index == s.index && Arrays.equals(leaf, s.leaf)
                && leafHash.equals(s.leafHash) && access.equals(s.access);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + leafHash.hashCode();
    }

    @Override
    public String toString() {
        return "StoredEntry[" + index + ": " + json() + "]";
    }
}
