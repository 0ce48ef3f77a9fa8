package io.tearline.markings;

/** The outcome of checking one marking (MARKINGS.md section 7). */
public enum Verdict {
    /** Accepted as written: the input is the canonical spelling. */
    VALID,
    /** Legal content written non-canonically (order, case, spacing, banner/portion forms); the normalised form is returned. */
    NONCANON,
    /** Rejected: at least one rule is violated. Never normalised or "fixed". */
    INVALID
}
