package io.tearline.store;

import java.util.List;

/**
 * One page of search results, per report, computed from visible portions only.
 *
 * @param total the number of distinct reports with at least one visible matching portion
 * @param hits  the requested page, best first (score descending, then report id)
 */
public record SearchResult(long total, List<Hit> hits) {
    public SearchResult {
        hits = List.copyOf(hits);
    }

    /**
     * One report.
     *
     * @param reportId the report
     * @param score    the score of its best visible matching portion
     * @param portion  that portion's index (0 = title)
     * @param snippet  that portion's text with the matches wrapped in {@code <mark>}/{@code </mark>};
     *                 the text is HTML-escaped
     */
    public record Hit(String reportId, float score, int portion, String snippet) {}
}
