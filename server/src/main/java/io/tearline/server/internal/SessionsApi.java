package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Principal;
import io.tearline.server.Tearline;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sessions: an administrator revokes a subject's tokens issued before now. */
public final class SessionsApi {

    /** {@code {"subject": "kenji", "reason": "laptop lost"}}. */
    public record RevokeIn(String subject, String reason) {}

    private final Tearline t;
    private final Receipts receipts;

    public SessionsApi(Tearline t, Receipts receipts) {
        this.t = t;
        this.receipts = receipts;
    }

    public void revoke(Context ctx, Principal p) throws IOException {
        RevokeIn in = Json.read(ctx.bodyAsBytes(), RevokeIn.class);
        if (in.subject() == null || in.subject().isBlank() || in.subject().length() > 256) {
            throw Problem.badRequest("subject.required", "name the subject whose tokens are revoked (1 to 256 characters)");
        }
        String reason = in.reason() == null ? "" : in.reason();
        Instant before = t.revocations().revoke(in.subject(), Instant.now());
        receipts.record(ctx, new AuditEvent.SessionsRevoked(p, in.subject(), before, reason));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", in.subject());
        out.put("revokedBefore", before.toString());
        Http.json(ctx, out);
    }
}
