package io.tearline.markings;

/** Non-IC dissemination controls, declared in Register order (MARKINGS.md section 1.4). */
public enum NonIc {
    LIMDIS, EXDIS, NODIS, SBU, SBU_NOFORN, LES, LES_NOFORN, SSI
}
