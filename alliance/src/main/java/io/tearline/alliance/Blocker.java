package io.tearline.alliance;

/**
 * A required control a nation does not currently meet: its status (MET but expired shows as EXPIRED,
 * never assessed as NOT_ASSESSED) and the assessment's evidence, if any.
 */
public record Blocker(String control, String status, String evidence) {}
