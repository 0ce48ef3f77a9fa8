package io.tearline.store.internal;

import java.util.List;
import java.util.TreeSet;

/** The ORCON dissemination list: trimmed, distinct, sorted; stored one organisation per line. */
public final class Orcon {

    private Orcon() {}

    public static List<String> canonical(List<String> orgs) {
        TreeSet<String> set = new TreeSet<>();
        for (String o : orgs) {
            set.add(o.strip());
        }
        return List.copyOf(set);
    }

    public static String encode(List<String> canonical) {
        return String.join("\n", canonical);
    }

    public static List<String> decode(String stored) {
        return stored.isEmpty() ? List.of() : List.of(stored.split("\n", -1));
    }
}
