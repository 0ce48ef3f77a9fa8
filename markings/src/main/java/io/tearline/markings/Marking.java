package io.tearline.markings;

import io.tearline.markings.internal.Renderer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed, validated security marking: the content, independent of banner or portion spelling.
 * Lists are canonical (sorted as the Register requires); sets are unmodifiable.
 *
 * @param classification US, non-US or JOINT
 * @param sci            SCI control systems, sorted
 * @param sap            SAP programs, sorted
 * @param aea            Atomic Energy Act markings
 * @param fgi            foreign government information, when present
 * @param dissem         IC dissemination controls
 * @param relTo          the REL TO list, USA first, when {@link Dissem#REL_TO} is present; otherwise empty
 * @param displayOnly    the DISPLAY ONLY list when {@link Dissem#DISPLAY_ONLY} is present; otherwise empty
 * @param eyes           the legacy EYES ONLY list when {@link Dissem#EYES} is present; otherwise empty. The
 *                       parser rejects EYES ONLY (legacy since 1 Oct 2017), so parsed markings never carry it
 * @param nonIc          non-IC dissemination controls
 * @param natoControls   NATO control markings (ATOMAL, BOHEMIA, BALK)
 */
public record Marking(
        Classification classification,
        List<ControlSystem> sci,
        List<ControlSystem> sap,
        Aea aea,
        Optional<Fgi> fgi,
        Set<Dissem> dissem,
        List<String> relTo,
        List<String> displayOnly,
        List<String> eyes,
        Set<NonIc> nonIc,
        Set<NatoControl> natoControls) {

    public Marking {
        sci = List.copyOf(sci);
        sap = List.copyOf(sap);
        dissem = Set.copyOf(dissem);
        relTo = List.copyOf(relTo);
        displayOnly = List.copyOf(displayOnly);
        eyes = List.copyOf(eyes);
        nonIc = Set.copyOf(nonIc);
        natoControls = Set.copyOf(natoControls);
    }

    public Level level() {
        return classification.level();
    }

    public boolean has(Dissem control) {
        return dissem.contains(control);
    }

    public boolean has(NonIc control) {
        return nonIc.contains(control);
    }

    /** The canonical banner spelling, e.g. {@code TOP SECRET//SI/TK//NOFORN}. */
    public String banner() {
        return Renderer.banner(this);
    }

    /** The canonical portion spelling, in parentheses, e.g. {@code (TS//SI/TK//NF)}. */
    public String portion() {
        return Renderer.portion(this);
    }
}
