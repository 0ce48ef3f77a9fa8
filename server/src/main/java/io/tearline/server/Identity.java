package io.tearline.server;

import io.tearline.access.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who a request is and where that came from: the principal, the source that vouched for it, the
 * client certificate the connection presented (if any), and every cap the alliance applied to what the
 * source asserted ({@code GET /api/v1/me} shows all of it).
 */
public record Identity(Principal principal, Source source, Optional<String> certificate, List<String> caps) {

    public Identity {
        caps = List.copyOf(caps);
    }

    /** Where an identity came from. */
    public sealed interface Source {
        /** A token from {@code auth.issuer}; the person's attributes from the user directory. */
        record Directory(String issuer) implements Source {}

        /** A token from a nation's identity provider; the attributes from its claims, capped. */
        record Provider(String issuer, String nation) implements Source {}

        /** A client certificate from a nation's CA; the attributes from the user directory. */
        record Certificate(String subject, String issuer, String nation) implements Source {}
    }

    /** The source as shown by {@code GET /api/v1/me}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (source) {
            case Source.Directory d -> {
                m.put("kind", "directory");
                m.put("issuer", d.issuer());
            }
            case Source.Provider p -> {
                m.put("kind", "provider");
                m.put("issuer", p.issuer());
                m.put("nation", p.nation());
            }
            case Source.Certificate c -> {
                m.put("kind", "certificate");
                m.put("subject", c.subject());
                m.put("issuer", c.issuer());
                m.put("nation", c.nation());
            }
        }
        certificate.ifPresent(c -> m.put("certificate", c));
        return m;
    }
}
