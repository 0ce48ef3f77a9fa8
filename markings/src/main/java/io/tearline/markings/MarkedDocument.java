package io.tearline.markings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A marked document as exchanged in XML: a report, or a reader's view of one (hidden portions are simply
 * absent, so indexes may have gaps). The banner is the roll-up of the title and the portions (MARKINGS.md
 * section 2); {@link #of} computes it, and export and import both insist on it.
 *
 * @param id         the report id
 * @param owner      the owning nation (trigraph)
 * @param originator the originating organisation
 * @param created    when the report was created
 * @param banner     the resource marking: the roll-up of title and portions
 * @param title      the title portion (index 0), absent from a view that may not show it
 * @param portions   the body portions in index order
 */
public record MarkedDocument(String id, String owner, String originator, Instant created, Marking banner,
                             Optional<Part> title, List<Part> portions) {

    public MarkedDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(banner, "banner");
        Objects.requireNonNull(title, "title");
        portions = List.copyOf(portions);
    }

    /** One marked portion: its index in the report (0 is the title), its marking and its text. */
    public record Part(int index, Marking marking, String text) {
        public Part {
            Objects.requireNonNull(marking, "marking");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A document whose banner is rolled up from its parts.
     *
     * @throws MarkingException when the parts do not roll up (an invalid portion, or none at all)
     */
    public static MarkedDocument of(String id, String owner, String originator, Instant created, Optional<Part> title,
                                    List<Part> portions) {
        return new MarkedDocument(id, owner, originator, created, rollup(title, portions), title, portions);
    }

    /** The title followed by the portions. */
    public List<Part> parts() {
        List<Part> all = new ArrayList<>(portions.size() + 1);
        title.ifPresent(all::add);
        all.addAll(portions);
        return List.copyOf(all);
    }

    /** The roll-up of the given parts' markings. */
    static Marking rollup(Optional<Part> title, List<Part> portions) {
        List<Marking> markings = new ArrayList<>();
        title.ifPresent(t -> markings.add(t.marking()));
        portions.forEach(p -> markings.add(p.marking()));
        return switch (Markings.standard().rollupMarkings(markings)) {
            case Rollup.Accepted a -> a.banner();
            case Rollup.Rejected r -> throw new MarkingException(String.valueOf(markings.size()) + " portions",
                    r.errors().stream().map(Rollup.Located::violation).toList());
        };
    }
}
