package io.tearline.store;

import java.util.List;
import java.util.Objects;

/**
 * A new report as submitted.
 *
 * @param title    the title, itself a marked portion
 * @param owner    the owner nation (ISO 3166 trigraph)
 * @param org      the originating organisation
 * @param orcon    the ORCON dissemination list (organisations); order and duplicates do not matter
 * @param portions the body portions, in order
 * @param author   who submits it
 */
public record ReportDraft(PortionText title, String owner, String org, List<String> orcon,
                          List<PortionText> portions, String author) {
    public ReportDraft {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(author, "author");
        orcon = List.copyOf(orcon);
        portions = List.copyOf(portions);
    }
}
