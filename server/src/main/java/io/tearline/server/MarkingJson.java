package io.tearline.server;

import io.tearline.markings.Check;
import io.tearline.markings.Rollup;
import io.tearline.markings.Violation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of marking checks and roll-ups, shared by {@code POST /api/v1/markings/...} and
 * {@code tearline marking ... --json}: tools script against it, so it has one definition.
 */
public final class MarkingJson {

    private MarkingJson() {}

    /** One check result: {@code input}, {@code verdict}, {@code banner} and {@code portion} unless INVALID, {@code errors}. */
    public static Map<String, Object> check(Check c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("input", c.input());
        o.put("verdict", c.verdict().name());
        if (c instanceof Check.Accepted a) {
            o.put("banner", a.marking().banner());
            o.put("portion", a.marking().portion());
        }
        o.put("errors", c.findings().stream().map(MarkingJson::violation).toList());
        return o;
    }

    /** A roll-up result: {@code verdict}, {@code banner} (absent when INVALID), {@code errors} located by portion. */
    public static Map<String, Object> rollup(Rollup r) {
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
