package io.tearline.alliance;

/** A control of the information-security standard, e.g. {@code NET-1}. */
public record Control(String id, String requirement) {}
