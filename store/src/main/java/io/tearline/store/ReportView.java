package io.tearline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one reader may see of a report, and nothing that depends on what they may not: only the visible
 * portions, numbered among themselves; a banner rolled up from those alone; a version that is a digest
 * of this view (it moves when something the reader sees changes, never when only a withheld portion
 * does); the ORCON dissemination list only for a reader who sees at least one ORCON portion. A reader
 * who may see no portion gets no view at all.
 *
 * @param org      the originating organisation (a fact of the whole report, fixed when it was created)
 * @param orcon    the ORCON dissemination list when the reader sees an ORCON portion, else empty
 * @param title    the title when visible
 * @param portions the visible body portions, in order, numbered 1..n
 * @param banner   rolled up from the visible portions only
 * @param version  a short digest of this view (hex)
 * @param created  when the report was first created
 */
public record ReportView(String id, String owner, String org, List<String> orcon, Optional<Portion> title,
                         List<VisiblePortion> portions, String banner, String version, Instant created) {
    public ReportView {
        orcon = List.copyOf(orcon);
        portions = List.copyOf(portions);
    }

    /** The reader's number of the portion at stored position {@code stored}: 0 for the title, empty when withheld. */
    public Optional<Integer> numberOf(int stored) {
        if (stored == 0) {
            return title.map(t -> 0);
        }
        for (VisiblePortion p : portions) {
            if (p.portion().index() == stored) {
                return Optional.of(p.index());
            }
        }
        return Optional.empty();
    }
}
