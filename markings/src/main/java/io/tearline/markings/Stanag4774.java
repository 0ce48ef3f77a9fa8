package io.tearline.markings;

import io.tearline.markings.internal.interchange.IsmMapping;
import io.tearline.markings.internal.interchange.LabelMapping;
import java.time.Instant;

/**
 * Markings as NATO STANAG 4774 confidentiality labels (MARKINGS.md section 6), both ways.
 *
 * <pre>{@code
 * Marking m = Markings.standard().parse("//COSMIC TOP SECRET//BOHEMIA");
 * ConfidentialityLabel l = Stanag4774.label(m, Instant.parse("2026-01-15T09:00:00Z"));
 *   // policy urn:oid:1.3.26.1.3.1 (NATO), classification COSMIC TOP SECRET,
 *   // category "Additional Sensitivity" RESTRICTIVE [BOHEMIA]
 * Stanag4774.marking(l).equals(m);   // true
 * }</pre>
 *
 * <p>NATO markings map to the NATO policy; a national marking ({@code //GBR SECRET}, {@code //JPN S//REL TO
 * USA, JPN}) maps to its owner's policy; a US marking maps to a US policy following section 6.3. Markings
 * that name no single policy (JOINT, several foreign owners, a concealed source) are refused with
 * {@code stanag4774.unmappable}. The categories and their types are listed in {@code LabelMapping}; XML
 * forms and the ADatP-4778 binding are in {@link Interchange}. Stateless and thread-safe.
 */
public final class Stanag4774 {

    private Stanag4774() {}

    /**
     * The label of a marking.
     *
     * @throws InterchangeException {@code stanag4774.unmappable} when no single policy owns the marking
     */
    public static ConfidentialityLabel label(Marking marking, Instant created) {
        return LabelMapping.label(marking, created);
    }

    /**
     * The marking a label describes: VALID under Tearline's validator, and the label must be the canonical
     * one for it.
     *
     * @throws InterchangeException naming the policy, classification or category at fault
     */
    public static Marking marking(ConfidentialityLabel label) {
        return LabelMapping.marking(label, IsmMapping.Where.NOWHERE);
    }
}
