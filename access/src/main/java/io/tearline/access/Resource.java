package io.tearline.access;

import io.tearline.markings.Marking;
import java.util.Objects;
import java.util.Set;

/**
 * What a read decision is about: a portion's marking and the originator's dissemination list. A class
 * rather than a record so that its hash is computed once: it keys the decision cache on the hot path.
 */
public final class Resource {

    private final Marking marking;
    private final Set<String> disseminationList;
    private final int hash;

    public Resource(Marking marking, Set<String> disseminationList) {
        this.marking = Objects.requireNonNull(marking);
        this.disseminationList = Set.copyOf(disseminationList);
        this.hash = 31 * marking.hashCode() + this.disseminationList.hashCode();
    }

    public Marking marking() {
        return marking;
    }

    public Set<String> disseminationList() {
        return disseminationList;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Resource r && r.hash == hash && r.marking.equals(marking)
                && r.disseminationList.equals(disseminationList));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "Resource[" + marking + ", " + disseminationList + "]";
    }
}
