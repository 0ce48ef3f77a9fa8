package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Principal;
import io.tearline.markings.Check;
import io.tearline.markings.Markings;
import io.tearline.markings.Rollup;
import io.tearline.markings.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
            out.add(checkJson(portion ? markings.checkPortion(m) : markings.check(m)));
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
        Http.json(ctx, rollupJson(markings.rollup(in.portions())));
    }

    /** One check result: {@code input}, {@code verdict}, {@code banner} and {@code portion} unless INVALID, {@code errors}. */
    public static Map<String, Object> checkJson(Check c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("input", c.input());
        o.put("verdict", c.verdict().name());
        if (c instanceof Check.Accepted a) {
            o.put("banner", a.marking().banner());
            o.put("portion", a.marking().portion());
        }
        o.put("errors", c.findings().stream().map(MarkingsApi::violation).toList());
        return o;
    }

    /** A roll-up result: {@code verdict}, {@code banner} (absent when INVALID), {@code errors} located by portion. */
    public static Map<String, Object> rollupJson(Rollup r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("verdict", r.verdict().name());
        if (r instanceof Rollup.Accepted a) {
            o.put("banner", a.bannerText());
        }
        o.put("errors", r.findings().stream().map(l -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("portion", l.portion());
            e.putAll(violation(l.violation()));
            return e;
        }).toList());
        return o;
    }

    private static Map<String, Object> violation(Violation v) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("rule", v.rule());
        e.put("message", v.message());
        e.put("offset", v.offset());
        return e;
    }
}
