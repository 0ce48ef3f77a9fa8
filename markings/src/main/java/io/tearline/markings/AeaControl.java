package io.tearline.markings;

/** Atomic Energy Act markings (MARKINGS.md section 1.1, category 4). */
public enum AeaControl {
    RD, CNWDI, SIGMA, FRD, DOD_UCNI, DOE_UCNI, TFNI
}
