package io.tearline.server.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document, generated from the route table so that the two never disagree. Schemas of
 * Java types come from the properties Jackson itself reads (request bodies) or writes (answers), so a
 * renamed record component changes the document with the wire format.
 */
final class OpenApi {

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private final Map<String, Object> schemas = new TreeMap<>();
    private final Map<String, Class<?>> named = new LinkedHashMap<>();
    private final Map<Class<?>, String> names = new LinkedHashMap<>();

    private OpenApi() {}

    static Map<String, Object> document(List<Routes.Route> routes) {
        return new OpenApi().build(routes);
    }

    private Map<String, Object> build(List<Routes.Route> routes) {
        schemas.put("Problem", problemSchema());
        schemas.put("LocatedError", locatedErrorSchema());
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Routes.Route r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
            item.put(r.method().name().toLowerCase(Locale.ROOT), operation(r));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Tearline", "version", "1",
                "description", "Per-portion security decisions over marked reports, with a verifiable audit log. "
                        + "Errors are RFC 9457 problem details; audited answers carry Tearline-Audit-Index and "
                        + "Tearline-Audit-Leaf; every answer carries Tearline-Request-Id."));
        doc.put("security", List.of(Map.of("bearer", List.of())));
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT",
                "description", "a JWT from the configured issuer (EdDSA, ES256 or RS256)")));
        components.put("schemas", schemas);
        doc.put("components", components);
        return doc;
    }

    private Map<String, Object> operation(Routes.Route r) {
        Doc d = r.doc();
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", r.summary());
        op.put("operationId", operationId(r));
        op.put("tags", List.of(tag(r.path())));
        List<Map<String, Object>> params = new ArrayList<>();
        Matcher m = PARAM.matcher(r.path());
        while (m.find()) {
            String name = m.group(1);
            Doc.Param p = d.params().stream().filter(x -> x.in() == Doc.In.PATH && x.name().equals(name)).findFirst()
                    .orElse(new Doc.Param(name, Doc.In.PATH, Doc.Type.STRING, true, ""));
            params.add(param(p));
        }
        d.params().stream().filter(p -> p.in() == Doc.In.QUERY).forEach(p -> params.add(param(p)));
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        d.body().ifPresent(b -> op.put("requestBody", Map.of("required", true,
                "content", Map.of(Http.JSON, Map.of("schema", schema(b, false))))));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(Integer.toString(d.status()), answer(d.status(), d.answer(), r.audited()));
        responses.put("400", problem("Bad input: every error located (rule, field or portion, offset)"));
        if (r.guard() instanceof Routes.Guard.SignedIn s) {
            op.put("security", List.of(Map.of("bearer", List.of())));
            responses.put("401", problem("Missing or refused bearer token (with WWW-Authenticate)"));
            if (!s.anyRole().isEmpty()) {
                op.put("x-roles", s.anyRole().stream().sorted().toList());
                responses.put("403", problem("The caller lacks the role " + String.join(" or ", s.anyRole().stream().sorted().toList())));
            }
        } else {
            op.put("security", List.of()); // public
        }
        responses.put("404", problem("Not found, or nothing the caller may see (the same answer)"));
        if (r.method().name().equals("PUT") && r.path().startsWith("/api/v1/reports")) {
            responses.put("409", problem("The version named is not the current one"));
        }
        if (d.body().isPresent()) {
            responses.put("413", problem("The body is over the configured limit"));
        }
        responses.put("500", problem("The request failed; it is logged with its request id"));
        op.put("responses", responses);
        if (r.audited()) {
            op.put("x-audited", "answers carry Tearline-Audit-Index and Tearline-Audit-Leaf");
        }
        return op;
    }

    private Map<String, Object> answer(int status, Doc.Shape shape, boolean audited) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("description", switch (shape) {
            case Doc.Shape.Text t -> t.description();
            case Doc.Shape.AnyObject o -> o.description();
            default -> status == 201 ? "Created" : "OK";
        });
        if (shape != Doc.Shape.NOTHING) {
            String media = shape instanceof Doc.Shape.Text t ? t.mediaType() : Http.JSON;
            a.put("content", Map.of(media, Map.of("schema", schema(shape, true))));
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(RequestLog.HEADER, Map.of("description", "the request's id, as in the access log",
                "schema", Map.of("type", "string")));
        if (audited) {
            headers.put(Receipts.INDEX, Map.of("description", "the audit entry's index", "schema", Map.of("type", "integer")));
            headers.put(Receipts.LEAF, Map.of("description", "the audit entry's leaf hash (base64)", "schema", Map.of("type", "string")));
        }
        a.put("headers", headers);
        return a;
    }

    private static Map<String, Object> param(Doc.Param p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("in", p.in().name().toLowerCase(Locale.ROOT));
        m.put("required", p.required());
        if (!p.description().isEmpty()) {
            m.put("description", p.description());
        }
        m.put("schema", p.type().schema);
        return m;
    }

    private Object schema(Doc.Shape shape, boolean answer) {
        return switch (shape) {
            case Doc.Shape.Of o -> schema(Json.MAPPER.constructType(o.type()), answer);
            case Doc.Shape.ListOf l -> Map.of("type", "array", "items", schema(l.item(), answer));
            case Doc.Shape.Declared d -> {
                if (!schemas.containsKey(d.name())) {
                    Map<String, Object> props = new TreeMap<>();
                    d.properties().forEach((k, v) -> props.put(k, v.schema));
                    schemas.put(d.name(), Map.of("type", "object", "properties", props));
                }
                yield ref(d.name());
            }
            case Doc.Shape.AnyObject o -> Map.of("type", "object");
            case Doc.Shape.Text t -> Map.of("type", "string");
        };
    }

    /** The schema of a Java type as Jackson writes ({@code answer}) or reads it. */
    private Object schema(JavaType t, boolean answer) {
        Class<?> c = t.getRawClass();
        if (t.isReferenceType()) { // Optional
            return schema(t.getReferencedType(), answer);
        }
        if (c == byte[].class) {
            return Map.of("type", "string", "contentEncoding", "base64");
        }
        if (t.isArrayType() || t.isCollectionLikeType()) {
            return Map.of("type", "array", "items", schema(t.getContentType(), answer));
        }
        if (t.isMapLikeType()) {
            return Map.of("type", "object", "additionalProperties", schema(t.getContentType(), answer));
        }
        if (c.isEnum()) {
            return Map.of("type", "string", "enum", Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList());
        }
        if (c == String.class || CharSequence.class.isAssignableFrom(c) || c == char.class || c == Character.class) {
            return Map.of("type", "string");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class || c == byte.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == float.class || c == Float.class || c == double.class || c == Double.class || Number.class.isAssignableFrom(c)) {
            return Map.of("type", "number");
        }
        if (c == Instant.class || c == OffsetDateTime.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (c == Object.class) {
            return Map.of();
        }
        String name = nameOf(c);
        if (!schemas.containsKey(name)) {
            schemas.put(name, Map.of()); // a placeholder while the properties are worked out (recursive types)
            BeanDescription bd = answer ? Json.MAPPER.getSerializationConfig().introspect(t)
                    : Json.MAPPER.getDeserializationConfig().introspect(t);
            Map<String, Object> props = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (BeanPropertyDefinition p : bd.findProperties()) {
                JavaType pt = p.getPrimaryType();
                props.put(p.getName(), schema(pt, answer));
                if (answer && pt.isPrimitive()) {
                    required.add(p.getName());
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "object");
            s.put("properties", props);
            if (!required.isEmpty()) {
                s.put("required", required);
            }
            if (!answer) {
                s.put("additionalProperties", false); // unknown fields are refused
            }
            schemas.put(name, s);
        }
        return ref(name);
    }

    /** A component name: the class's simple name, qualified by its enclosing class when that is taken. */
    private String nameOf(Class<?> c) {
        String known = names.get(c);
        if (known != null) {
            return known;
        }
        String name = c.getSimpleName();
        if (named.containsKey(name) || name.length() <= 3) {
            name = Optional.ofNullable(c.getEnclosingClass()).map(Class::getSimpleName).orElse("") + name;
        }
        named.put(name, c);
        names.put(c, name);
        return name;
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    private static Map<String, Object> problem(String description) {
        return Map.of("description", description, "content", Map.of(Http.PROBLEM, Map.of("schema", Map.of("$ref", PROBLEM_REF))));
    }

    private static Map<String, Object> problemSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", Map.of("type", "string", "description", "urn:tearline:problem:<rule>"));
        props.put("title", Map.of("type", "string"));
        props.put("status", Map.of("type", "integer"));
        props.put("detail", Map.of("type", "string"));
        props.put("errors", Map.of("type", "array", "items", ref("LocatedError")));
        return Map.of("type", "object", "description", "RFC 9457 problem details", "properties", props,
                "required", List.of("type", "title", "status", "detail"));
    }

    private static Map<String, Object> locatedErrorSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("portion", Map.of("type", "integer", "description", "0 for the title, 1.. for portions"));
        props.put("field", Map.of("type", "string"));
        props.put("rule", Map.of("type", "string"));
        props.put("message", Map.of("type", "string"));
        props.put("offset", Map.of("type", "integer", "description", "character offset in the marking"));
        return Map.of("type", "object", "properties", props, "required", List.of("rule", "message"));
    }

    private static String tag(String path) {
        String[] parts = path.split("/");
        return parts.length > 3 && parts[1].equals("api") && parts[2].equals("v1") ? parts[3]
                : parts.length > 2 && parts[1].equals("api") ? parts[2] : "system";
    }

    private static String operationId(Routes.Route r) {
        String path = PARAM.matcher(r.path()).replaceAll("by-$1").replaceAll("[^A-Za-z0-9]+", "-");
        return r.method().name().toLowerCase(Locale.ROOT) + path.replaceAll("-$", "");
    }
}
