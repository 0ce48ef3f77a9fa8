package io.tearline.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who belongs to which tetragraph (FVEY, ACGU...). REL TO and DISPLAY ONLY lists that name a tetragraph
 * release to its members. The alliance makes this follow community membership; a tetragraph not listed
 * here is opaque and releases to nobody by expansion.
 */
public record Membership(Map<String, Set<String>> tetragraphs) {

    public Membership {
        Map<String, Set<String>> copy = new HashMap<>();
        tetragraphs.forEach((t, m) -> copy.put(t, Set.copyOf(m)));
        tetragraphs = Map.copyOf(copy);
    }

    /** True when {@code code} is the nation itself or a tetragraph whose members include it. */
    public boolean covers(String code, String nation) {
        if (code.equals(nation)) {
            return true;
        }
        Set<String> members = tetragraphs.get(code);
        return members != null && members.contains(nation);
    }

    /** The tetragraphs the nation belongs to. */
    public Set<String> tetragraphsOf(String nation) {
        Set<String> out = new HashSet<>();
        tetragraphs.forEach((t, m) -> {
            if (m.contains(nation)) {
                out.add(t);
            }
        });
        return Set.copyOf(out);
    }
}
