package io.tearline.markings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ISM (ODNI ISM.XML v10, namespace {@code urn:us:gov:ic:ism}) security attributes of one element, by
 * local name, in the order Tearline writes them. Values are the attribute values as written: a single
 * token ({@code classification}) or space-separated token lists ({@code releasableTo="USA GBR JPN FVEY"},
 * {@code SCIcontrols="SI SI-G SI-G-ABCD"}, {@code disseminationControls="OC NF"}).
 *
 * <p>Absent attributes are absent from the map; no value is empty.
 */
public record IsmAttributes(Map<String, String> values) {

    public static final String CLASSIFICATION = "classification";
    public static final String OWNER_PRODUCER = "ownerProducer";
    /** Not in ISM v10 (added by later ISM releases); Tearline writes it on JOINT markings. */
    public static final String JOINT = "joint";
    public static final String SCI_CONTROLS = "SCIcontrols";
    public static final String SAR_IDENTIFIER = "SARIdentifier";
    public static final String ATOMIC_ENERGY_MARKINGS = "atomicEnergyMarkings";
    public static final String FGI_SOURCE_OPEN = "FGIsourceOpen";
    public static final String FGI_SOURCE_PROTECTED = "FGIsourceProtected";
    public static final String DISSEMINATION_CONTROLS = "disseminationControls";
    public static final String RELEASABLE_TO = "releasableTo";
    public static final String DISPLAY_ONLY_TO = "displayOnlyTo";
    public static final String NON_IC_MARKINGS = "nonICmarkings";
    public static final String NON_US_CONTROLS = "nonUSControls";

    public IsmAttributes {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        values.forEach((k, v) -> {
            if (k == null || v == null || v.isEmpty()) {
                throw new IllegalArgumentException("ISM attribute " + k + " needs a value");
            }
        });
    }

    public Optional<String> get(String localName) {
        return Optional.ofNullable(values.get(localName));
    }
}
