package io.tearline.access;

/** One unmet requirement: a stable code and a sentence a person understands. */
public record Reason(String code, String message) {}
