package io.tearline.markings;

/** IC dissemination controls, declared in Register order (MARKINGS.md section 1.4). */
public enum Dissem {
    RSEN, FOUO, ORCON, ORCON_USGOV, IMCON, NOFORN, PROPIN, REL_TO, RELIDO, EYES, DSEN, FISA, DISPLAY_ONLY
}
