package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Principal;
import io.tearline.markings.Markings;
import io.tearline.server.MarkingJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Marking checks and roll-ups as a service, in the same JSON as {@code tearline marking check --json}
 * and {@code tearline marking rollup --json}. Nothing is stored, so nothing is audited.
 */
public final class MarkingsApi {

    private static final int MAX_ITEMS = 1000;

    private final Markings markings;

    public MarkingsApi(Markings markings) {
        this.markings = markings;
    }

    public record CheckIn(List<String> markings, Boolean portion) {}

    public record RollupIn(List<String> portions) {}

    public void check(Context ctx, Principal p) {
        CheckIn in = Json.read(ctx.bodyAsBytes(), CheckIn.class);
        if (in.markings() == null || in.markings().isEmpty() || in.markings().size() > MAX_ITEMS) {
            throw Problem.badRequest("markings.count", "send 1 to " + MAX_ITEMS + " markings: {\"markings\": [\"...\"]}");
        }
        boolean portion = Boolean.TRUE.equals(in.portion());
        List<Map<String, Object>> out = new ArrayList<>();
        for (String m : in.markings()) {
            if (m == null) {
                throw Problem.badRequest("markings.null", "a marking may not be null");
            }
            out.add(MarkingJson.check(portion ? markings.checkPortion(m) : markings.check(m)));
        }
        Http.json(ctx, out);
    }

    public void rollup(Context ctx, Principal p) {
        RollupIn in = Json.read(ctx.bodyAsBytes(), RollupIn.class);
        if (in.portions() == null || in.portions().isEmpty() || in.portions().size() > MAX_ITEMS) {
            throw Problem.badRequest("rollup.count", "send 1 to " + MAX_ITEMS + " portion markings: {\"portions\": [\"(S)\"]}");
        }
        if (in.portions().contains(null)) {
            throw Problem.badRequest("rollup.null", "a portion marking may not be null");
        }
        Http.json(ctx, MarkingJson.rollup(markings.rollup(in.portions())));
    }
}
