package io.tearline.store;

import io.tearline.markings.Marking;
import java.util.List;

/**
 * A distinct (normalised portion marking, owner nation, ORCON dissemination list): everything a read
 * decision depends on besides the reader. Every stored portion and index document carries one.
 *
 * @param id        small, dense, never reused
 * @param marking   the normalised portion marking
 * @param owner     the owner nation of the report
 * @param orconOrgs the report's ORCON dissemination list, sorted
 */
public record Label(int id, Marking marking, String owner, List<String> orconOrgs) {
    public Label {
        orconOrgs = List.copyOf(orconOrgs);
    }
}
