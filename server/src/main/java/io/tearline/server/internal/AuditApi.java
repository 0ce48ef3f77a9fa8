package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Principal;
import io.tearline.audit.AuditException;
import io.tearline.audit.AuditLog;
import io.tearline.audit.Hash;
import io.tearline.audit.Opening;
import io.tearline.audit.StoredEntry;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transparency log over HTTP. Checkpoints, the verifier key and proofs are public: they reveal
 * hashes and the log's size only. Entries are for auditors: those of the operating nation read every
 * entry, a partner nation's auditors the entries of their readers or their reports; reading one is
 * itself audited.
 */
public final class AuditApi {

    private final AuditLog audit;
    private final Receipts receipts;
    private final String operatorNation;

    public AuditApi(AuditLog audit, Receipts receipts, String operatorNation) {
        this.audit = audit;
        this.receipts = receipts;
        this.operatorNation = operatorNation;
    }

    public void checkpoint(Context ctx) {
        Http.text(ctx, audit.checkpoint());
    }

    public void key(Context ctx) {
        Http.text(ctx, audit.verifierKey().toString());
    }

    public void inclusion(Context ctx) {
        long index = longParam(ctx, "index");
        long size = longParam(ctx, "size");
        List<Hash> proof = proof(() -> audit.inclusionProof(index, size));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", index);
        out.put("size", size);
        out.put("hashes", proof.stream().map(Hash::base64).toList());
        Http.json(ctx, out);
    }

    public void consistency(Context ctx) {
        long from = longParam(ctx, "from");
        long to = longParam(ctx, "to");
        List<Hash> proof = proof(() -> audit.consistencyProof(from, to));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", to);
        out.put("hashes", proof.stream().map(Hash::base64).toList());
        Http.json(ctx, out);
    }

    /** The entry's exact leaf bytes, so that SHA-256(0x00 || body) is its leaf hash. */
    public void entry(Context ctx, Principal p) {
        StoredEntry e = readable(ctx, p);
        receipts.record(ctx, new AuditEvent.AuditRead(p, e.index()));
        ctx.contentType(Http.JSON).result(e.leaf());
    }

    /** The openings of the entry's commitments that the auditor's nation may see. */
    public void openings(Context ctx, Principal p) {
        StoredEntry e = readable(ctx, p);
        List<Opening> openings = p.nation().equals(operatorNation) ? audit.open(e.index()) : audit.open(e.index(), p.nation());
        receipts.record(ctx, new AuditEvent.AuditOpen(p, e.index(), openings.stream().map(Opening::field).toList()));
        Http.json(ctx, openings.stream().map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", o.field());
            m.put("nation", o.nation());
            m.put("salt", Base64.getEncoder().encodeToString(o.salt()));
            m.put("secret", o.secretValue());
            m.put("commitment", o.commitment());
            return m;
        }).toList());
    }

    private StoredEntry readable(Context ctx, Principal p) {
        long index;
        try {
            index = Long.parseLong(ctx.pathParam("index"));
        } catch (NumberFormatException ex) {
            throw Problem.notFound();
        }
        if (index < 0 || index >= audit.size()) {
            throw Problem.notFound();
        }
        StoredEntry e = audit.entry(index);
        if (!p.nation().equals(operatorNation) && !e.access().concerns(p.nation())) {
            throw Problem.notFound();
        }
        return e;
    }

    private static List<Hash> proof(java.util.function.Supplier<List<Hash>> f) {
        try {
            return f.get();
        } catch (AuditException e) {
            throw Problem.badRequest("audit." + e.rule(), e.getMessage());
        }
    }

    private static long longParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            throw Problem.badRequest("query." + name, "the query parameter '" + name + "' is required");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("query." + name, name + " must be a whole number, not '" + v + "'");
        }
    }
}
