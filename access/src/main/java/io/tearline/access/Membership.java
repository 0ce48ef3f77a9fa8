package io.tearline.access;

import io.tearline.markings.Register;
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

    /** The tetragraphs whose members a marking register publishes (FVEY, ACGU, TEYE); others stay opaque. */
    public static Membership of(Register register) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String t : register.tetragraphs()) {
            register.members(t).ifPresent(m -> out.put(t, m));
        }
        return new Membership(out);
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
