package io.tearline.store.accumulo;

import io.tearline.store.Portion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One version of a report as the tablet servers returned it to one reader: only the cells that reader's
 * authorizations open. DISPLAY ONLY obligations are not expressible as visibilities and are not applied
 * here: the caller applies them to these portions.
 *
 * @param title    the title when visible
 * @param portions the visible body portions, in stored order, with their stored indexes
 * @param banner   the stored banner (rolled up from every portion), present only for a reader who sees
 *                 every portion of the version; others roll one up from what they see
 * @param orcon    the ORCON dissemination list, only for a reader who sees an ORCON (or EXDIS) portion
 * @param current  whether this is the report's current version
 *
 * <p>{@code version}, {@code updated} and {@code author} are facts of the whole version: a reader who sees
 * one portion of it sees them, even when the version changed only portions they cannot see. A reader's
 * view should show what depends on the visible portions alone (as the store's ReportView does: a digest
 * of the visible content, and the creation time).
 */
public record VisibleReport(String id, String owner, String org, int version, Instant created, Instant updated,
                            String author, boolean current, Optional<Portion> title, List<Portion> portions,
                            Optional<String> banner, List<String> orcon) {
    public VisibleReport {
        portions = List.copyOf(portions);
        orcon = List.copyOf(orcon);
    }

    /** The visible portions, title first. */
    public List<Portion> allPortions() {
        var all = new java.util.ArrayList<Portion>(portions.size() + 1);
        title.ifPresent(all::add);
        all.addAll(portions);
        return List.copyOf(all);
    }
}
