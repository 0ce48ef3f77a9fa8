package io.tearline.alliance;

/** The outcome of an assessment; only MET, and only until it expires, counts towards eligibility. */
public enum Status { MET, PARTIAL, NOT_MET }
