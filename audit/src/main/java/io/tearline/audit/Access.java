package io.tearline.audit;

import java.util.Collection;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who may read an entry, kept beside the leaf (not in it, not covered by the tree): the nation of the
 * reader the entry is about, and the owner nations of the reports concerned. The server decides; this
 * only carries it. Nation codes are upper-case trigraphs or tetragraphs.
 */
public record Access(Optional<String> reader, SortedSet<String> owners) {

    private static final Pattern NATION = Pattern.compile("[A-Z][A-Z0-9_]{1,15}");

    /** No nation named: an entry only the operator's own tools show. */
    public static final Access NONE = new Access(Optional.empty(), new TreeSet<>());

    public Access {
        reader.ifPresent(r -> check(r, "reader"));
        TreeSet<String> copy = new TreeSet<>();
        for (String o : owners) {
            check(o, "owners");
            copy.add(o);
        }
        owners = java.util.Collections.unmodifiableSortedSet(copy);
    }

    public static Access of(String reader, Collection<String> owners) {
        return new Access(Optional.of(reader), new TreeSet<>(owners));
    }

    public static Access owners(Collection<String> owners) {
        return new Access(Optional.empty(), new TreeSet<>(owners));
    }

    /** The reader's nation, or one of the owners. */
    public boolean concerns(String nation) {
        return reader.map(nation::equals).orElse(false) || owners.contains(nation);
    }

    static void check(String nation, String where) {
        if (nation == null || !NATION.matcher(nation).matches()) {
            throw new AuditException("access.nation", where, "not a nation code: " + nation);
        }
    }
}
