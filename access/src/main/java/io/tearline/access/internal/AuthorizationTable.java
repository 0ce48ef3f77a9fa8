package io.tearline.access.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * An immutable open-addressing hash set of authorizations that answers "is this token held?" for a range
 * of chars, so that evaluation never allocates a String per token. Thread-safe.
 *
 * <p>Hashing a token char by char is a chain of multiply-adds as long as the token; instead the table
 * hashes a sample (length, first, middle and last char), which costs the same for any token, whenever that
 * sample tells its authorizations apart well enough (at most {@value #MAX_SHARING} share one). Sets that
 * do not ({@code auth0001}...{@code auth9999}) fall back to hashing every char. Either way a hit is
 * confirmed by comparing every char: a hash never grants access.
 */
public final class AuthorizationTable {

    private static final int MAX_SHARING = 2;

    private final char[][] keys;
    private final int[] hashes;
    private final int mask;
    private final boolean sampled;

    public AuthorizationTable(Collection<String> authorizations) {
        // at most a quarter full, so that most misses end at the first, empty slot
        int capacity = Integer.highestOneBit(Math.max(1, authorizations.size()) * 4 - 1) << 1;
        keys = new char[capacity][];
        hashes = new int[capacity];
        mask = capacity - 1;
        Map<Integer, Integer> sharing = new HashMap<>();
        int worst = 0;
        for (String auth : authorizations) {
            worst = Math.max(worst, sharing.merge(sample(auth), 1, Integer::sum));
        }
        sampled = worst <= MAX_SHARING;
        for (String auth : authorizations) {
            char[] key = auth.toCharArray();
            int h = hash(key, 0, key.length);
            int i = h & mask;
            while (keys[i] != null && !Arrays.equals(keys[i], key)) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            hashes[i] = h;
        }
    }

    private static int mix(int len, char first, char middle, char last) {
        int h = (len << 24 ^ first << 16 ^ middle << 8 ^ last) * 0x9E3779B9;
        return h ^ h >>> 16;
    }

    private static int sample(String s) {
        int len = s.length();
        return len == 0 ? 0 : mix(len, s.charAt(0), s.charAt(len >> 1), s.charAt(len - 1));
    }

    private int hash(char[] s, int start, int end) {
        int len = end - start;
        if (sampled) {
            return mix(len, s[start], s[start + (len >> 1)], s[end - 1]);
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s[i];
        }
        return h ^ h >>> 16;
    }

    private int hash(String s) {
        if (sampled) {
            return sample(s);
        }
        int h = s.hashCode();
        return h ^ h >>> 16;
    }

    /** Whether {@code s[start, end)} (non-empty) is a held authorization. */
    public boolean contains(char[] s, int start, int end) {
        int h = hash(s, start, end);
        int i = h & mask;
        char[] key;
        while ((key = keys[i]) != null) {
            if (hashes[i] == h && equal(key, s, start, end)) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /** Whether {@code auth} (non-empty) is a held authorization. */
    public boolean contains(String auth) {
        int h = hash(auth);
        int i = h & mask;
        char[] key;
        while ((key = keys[i]) != null) {
            if (hashes[i] == h && equal(key, auth)) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private static boolean equal(char[] key, char[] s, int start, int end) {
        if (key.length != end - start) {
            return false;
        }
        for (int j = 0; j < key.length; j++) {
            if (key[j] != s[start + j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(char[] key, String s) {
        if (key.length != s.length()) {
            return false;
        }
        for (int j = 0; j < key.length; j++) {
            if (key[j] != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
