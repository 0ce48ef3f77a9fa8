package io.tearline.server.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: thrown by handlers, rendered as {@code application/problem+json} by the one
 * exception mapper in {@link Routes}. {@code type} is a stable URN naming the rule.
 */
public final class Problem extends RuntimeException {

    private final int status;
    private final String rule;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;

    public Problem(int status, String rule, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.rule = rule;
        this.type = "urn:tearline:problem:" + rule;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public static Problem badRequest(String rule, String detail) {
        return new Problem(400, rule, "Bad Request", detail, Map.of());
    }

    public static Problem badRequest(String rule, String detail, Map<String, Object> extensions) {
        return new Problem(400, rule, "Bad Request", detail, extensions);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "forbidden", "Forbidden", detail, Map.of());
    }

    /** The one answer for "no such thing" and "nothing you may see": no id, no hint. */
    public static Problem notFound() {
        return new Problem(404, "not-found", "Not Found", "no such resource", Map.of());
    }

    public static Problem conflict(String rule, String detail, Map<String, Object> extensions) {
        return new Problem(409, rule, "Conflict", detail, extensions);
    }

    public int status() {
        return status;
    }

    /** The rule id the problem's type names. */
    public String rule() {
        return rule;
    }

    /** Where each error is (portion, field, offset) and which rule it broke: the errors without their messages. */
    public List<Map<String, Object>> locatedRules() {
        if (!(extensions.get("errors") instanceof List<?> errors)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : errors) {
            if (e instanceof Map<?, ?> m) {
                Map<String, Object> kept = new LinkedHashMap<>();
                for (String k : List.of("rule", "portion", "field", "offset")) {
                    if (m.get(k) != null) {
                        kept.put(k, m.get(k));
                    }
                }
                out.add(kept);
            }
        }
        return out;
    }

    public Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", type);
        b.put("title", title);
        b.put("status", status);
        b.put("detail", getMessage());
        b.putAll(extensions);
        return b;
    }
}
