package io.tearline.store;

import io.tearline.markings.Marking;
import java.util.List;

/**
 * The writer of a report, as the store's write rules need them. The store enforces, on every write
 * that names an author:
 * <ul>
 *   <li>a report is owned by its author's nation (a create for another owner is refused with rule
 *       {@code report.owner}; an update of another nation's report is refused as not found);</li>
 *   <li>an author may not store a portion they may not read (rule {@code report.author-cannot-read},
 *       one located error per such portion); no one marks above their own clearance.</li>
 * </ul>
 * The store does not decide reads: the caller answers {@link #whyNotRead} with its read policy.
 */
public interface Author {

    /** The author's nation: the owner of everything they write. */
    String nation();

    /**
     * Why this author may not read a portion marked {@code marking} in a report owned by {@code owner}
     * with ORCON dissemination list {@code orcon}; empty when they may.
     */
    List<String> whyNotRead(Marking marking, String owner, List<String> orcon);
}
