package io.tearline.markings;

import io.tearline.markings.internal.interchange.IsmMapping;

/**
 * Markings as ISM security attributes (ODNI ISM.XML v10, MARKINGS.md source S2), both ways.
 *
 * <pre>{@code
 * Marking m = Markings.standard().parse("TOP SECRET//SI-G ABCD//ORCON/NOFORN");
 * Ism.attributes(m).values();
 *   // {classification=TS, ownerProducer=USA, SCIcontrols=SI SI-G SI-G-ABCD, disseminationControls=OC NF}
 * Ism.marking(Ism.attributes(m)).equals(m);   // true
 * }</pre>
 *
 * <p>The same mapping serves the resource element (the banner) and each portion. Documents are read and
 * written by {@link Interchange}. Stateless and thread-safe.
 */
public final class Ism {

    private Ism() {}

    /**
     * The ISM attributes of a marking.
     *
     * @throws InterchangeException when the marking carries something ISM cannot (the legacy EYES ONLY list)
     */
    public static IsmAttributes attributes(Marking marking) {
        return IsmMapping.attributes(marking);
    }

    /**
     * The marking that ISM attributes describe. Strict: every token must be in the ISM lists Tearline
     * accepts, lists in canonical order, and the marking VALID under Tearline's validator.
     *
     * @throws InterchangeException naming the attribute at fault and the rule
     */
    public static Marking marking(IsmAttributes attributes) {
        return IsmMapping.marking(attributes, IsmMapping.Where.NOWHERE);
    }
}
