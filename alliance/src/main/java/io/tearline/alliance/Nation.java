package io.tearline.alliance;

/** A nation taking part in the alliance, by ISO 3166 trigraph. */
public record Nation(String code, String name) {}
