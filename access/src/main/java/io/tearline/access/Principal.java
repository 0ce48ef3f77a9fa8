package io.tearline.access;

import java.util.Set;

/**
 * Who is reading. Every account is government-affiliated, so nation USA satisfies NOFORN and the
 * US-government affiliation that FOUO, FISA, ORCON-USGOV and the non-IC controls ask for.
 *
 * @param name      the account name (not part of any decision)
 * @param nation    ISO 3166 trigraph of the person's nation
 * @param clearance US-equivalent clearance
 * @param accesses  read-ins: SCI paths ({@code SI}, {@code SI-G}, {@code SI-G ABCD}), SAP paths
 *                  ({@code SAR-BP}), {@code NATO}, {@code Q}, {@code CNWDI}, {@code SIGMA 14}...
 * @param orgs      organisations (ORCON and EXDIS dissemination lists name organisations)
 * @param roles     roles in Tearline (analyst, auditor...); no effect on read decisions
 */
public record Principal(String name, String nation, Clearance clearance, Set<String> accesses, Set<String> orgs,
                        Set<String> roles) {

    public Principal {
        accesses = Set.copyOf(accesses);
        orgs = Set.copyOf(orgs);
        roles = Set.copyOf(roles);
    }

    /** The attributes that decide reads; two principals with equal attributes get equal decisions. */
    public Attributes attributes() {
        return new Attributes(nation, clearance, accesses, orgs);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The part of a principal that read decisions depend on: the key of every decision cache. */
    public record Attributes(String nation, Clearance clearance, Set<String> accesses, Set<String> orgs) {}
}
