package io.tearline.access;

import io.tearline.markings.Marking;
import java.util.Set;

/**
 * What a read decision is about: a portion's marking, the owner nation of its report and the
 * originator's dissemination list, with the small dense id its {@link DecisionCache} gave it, so that
 * a cached decision is an array lookup.
 * Obtain one from {@link DecisionCache#resource}; equal content gets the same instance.
 */
public final class Resource {

    private final Marking marking;
    private final String owner;
    private final Set<String> disseminationList;
    private final int id;

    Resource(Marking marking, String owner, Set<String> disseminationList, int id) {
        this.marking = marking;
        this.owner = owner;
        this.disseminationList = disseminationList;
        this.id = id;
    }

    public Marking marking() {
        return marking;
    }

    /** The owner nation of the report the portion belongs to. */
    public String owner() {
        return owner;
    }

    public Set<String> disseminationList() {
        return disseminationList;
    }

    /** The id within its cache; -1 when the cache was full and this resource is decided afresh each time. */
    public int id() {
        return id;
    }

    @Override
    public String toString() {
        return "Resource[" + id + ", " + marking + ", " + owner + ", " + disseminationList + "]";
    }
}
