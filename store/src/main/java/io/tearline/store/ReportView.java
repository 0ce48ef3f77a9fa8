package io.tearline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one reader may see of a report: only the visible portions (by their original indexes), and
 * a banner rolled up from those alone. A reader who may see no portion gets no view at all.
 *
 * @param title    the title when visible
 * @param portions the visible body portions, in order
 * @param banner   rolled up from the visible portions only
 */
public record ReportView(String id, String owner, String org, List<String> orcon, Optional<Portion> title,
                         List<Portion> portions, String banner, int version, Instant created, Instant updated,
                         String author) {
    public ReportView {
        orcon = List.copyOf(orcon);
        portions = List.copyOf(portions);
    }
}
