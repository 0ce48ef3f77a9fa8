package io.tearline.server.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 document, generated from the route table so that the two never disagree. */
final class OpenApi {

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private OpenApi() {}

    static Map<String, Object> document(List<Routes.Route> routes) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Routes.Route r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("operationId", operationId(r));
            List<Map<String, Object>> params = new ArrayList<>();
            Matcher m = PARAM.matcher(r.path());
            while (m.find()) {
                params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
            }
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "OK"));
            responses.put("400", problem("Bad input: every error located"));
            if (r.guard() instanceof Routes.Guard.SignedIn s) {
                op.put("security", List.of(Map.of("bearer", List.of())));
                responses.put("401", problem("Missing or refused bearer token"));
                if (!s.anyRole().isEmpty()) {
                    op.put("x-roles", s.anyRole().stream().sorted().toList());
                    responses.put("403", problem("Missing role"));
                }
            }
            responses.put("404", problem("Not found, or nothing the caller may see"));
            op.put("responses", responses);
            if (r.audited()) {
                op.put("x-audited", "answers carry Tearline-Audit-Index and Tearline-Audit-Leaf");
            }
            item.put(r.method().name().toLowerCase(Locale.ROOT), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Tearline", "version", "1",
                "description", "Per-portion security decisions over marked reports, with a verifiable audit log."));
        doc.put("paths", paths);
        doc.put("components", Map.of("securitySchemes",
                Map.of("bearer", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"))));
        return doc;
    }

    private static Map<String, Object> problem(String description) {
        return Map.of("description", description, "content", Map.of(Http.PROBLEM, Map.of("schema", Map.of("type", "object"))));
    }

    private static String operationId(Routes.Route r) {
        String path = PARAM.matcher(r.path()).replaceAll("by-$1").replaceAll("[^A-Za-z0-9]+", "-");
        return r.method().name().toLowerCase(Locale.ROOT) + path.replaceAll("-$", "");
    }
}
