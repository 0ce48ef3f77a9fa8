package io.tearline.store;

import java.time.Instant;
import java.util.List;

/**
 * One version of a report, complete. Only trusted callers get this type; readers get a
 * {@link ReportView} holding only what they may see.
 *
 * @param id       16 lowercase hex characters (a random 64-bit value)
 * @param title    the title portion (index 0)
 * @param portions the body portions (indexes 1..n)
 * @param banner   the banner rolled up from the title and every portion
 * @param created  when the report was first created
 * @param updated  when this version was written
 * @param author   who wrote this version
 */
public record Report(String id, String owner, String org, List<String> orcon, Portion title,
                     List<Portion> portions, String banner, int version, Instant created, Instant updated,
                     String author) {
    public Report {
        orcon = List.copyOf(orcon);
        portions = List.copyOf(portions);
    }

    /** The title followed by the body portions: every portion of this version, by index. */
    public List<Portion> allPortions() {
        var all = new java.util.ArrayList<Portion>(portions.size() + 1);
        all.add(title);
        all.addAll(portions);
        return List.copyOf(all);
    }
}
