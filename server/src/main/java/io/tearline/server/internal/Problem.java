package io.tearline.server.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: thrown by handlers, rendered as {@code application/problem+json} by the one
 * exception mapper in {@link Routes}. {@code type} is a stable URN naming the rule.
 */
public final class Problem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;

    public Problem(int status, String rule, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
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
