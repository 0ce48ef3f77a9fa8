package io.tearline.store;

/**
 * A portion of a report's current version, without its text: enough to count or decide on it.
 *
 * @param reportId the report
 * @param index    0 for the title, 1..n for the body portions
 * @param label    its label id
 */
public record PortionRef(String reportId, int index, int label) {}
