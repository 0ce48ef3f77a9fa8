package io.tearline.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tearline.alliance.Alliance;
import io.tearline.store.ReportStore;
import io.tearline.store.VersionedDocument;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The alliance's versions, kept in the store as the versioned document "alliance". */
public final class AllianceVersions {

    static final String KIND = "alliance";

    private final ReportStore store;

    public AllianceVersions(ReportStore store) {
        this.store = store;
    }

    public Optional<Alliance> latest() {
        Optional<VersionedDocument> d = store.latestDocument(KIND);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(d.get().document(), Alliance.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the alliance from the store: " + e.getMessage(), e);
        }
    }

    /** Writes a version on the caller's connection, inside the caller's transaction. */
    public void write(Connection c, Alliance a, String by, String reason) throws SQLException {
        store.writeDocument(c, new VersionedDocument(KIND, a.version(), Json.string(a), Instant.now(), by, reason));
    }
}
