package io.tearline.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the OpenAPI document says about one route beyond its method, path and guard: parameters, the
 * request body and the answer. Shapes are either Java types that Jackson reads or writes (their schemas
 * are derived from the same properties Jackson uses, see {@link OpenApi}) or small declarations for
 * answers built by hand.
 */
public record Doc(List<Param> params, Optional<Shape> body, int status, Shape answer) {

    static final Doc NONE = new Doc(List.of(), Optional.empty(), 200, Shape.anyObject("OK"));

    public Doc {
        params = List.copyOf(params);
    }

    Doc withParam(Param p) {
        List<Param> ps = new ArrayList<>(params);
        ps.removeIf(q -> q.name().equals(p.name()) && q.in() == p.in());
        ps.add(p);
        return new Doc(ps, body, status, answer);
    }

    /** Where a parameter is. */
    public enum In { PATH, QUERY }

    /** Scalar (and simple list) types of parameters and hand-declared properties. */
    public enum Type {
        STRING(Map.of("type", "string")),
        INTEGER(Map.of("type", "integer", "format", "int64")),
        BOOLEAN(Map.of("type", "boolean")),
        STRING_LIST(Map.of("type", "array", "items", Map.of("type", "string"))),
        OBJECT_LIST(Map.of("type", "array", "items", Map.of("type", "object"))),
        ANY(Map.of());

        final Map<String, Object> schema;

        Type(Map<String, Object> schema) {
            this.schema = schema;
        }
    }

    public record Param(String name, In in, Type type, boolean required, String description) {}

    /** The shape of a body. */
    public sealed interface Shape {
        /** No body (204). */
        Shape NOTHING = new Text("", "no content");

        /** JSON of this Java type (a record, an enum, a list of them...). */
        record Of(Class<?> type) implements Shape {}

        /** A JSON array of another shape. */
        record ListOf(Shape item) implements Shape {}

        /** A named JSON object declared here, property by property. */
        record Declared(String name, Map<String, Type> properties) implements Shape {}

        /** Any JSON object. */
        record AnyObject(String description) implements Shape {}

        /** A non-JSON body. */
        record Text(String mediaType, String description) implements Shape {}

        static Shape of(Class<?> type) {
            return new Of(type);
        }

        static Shape listOf(Class<?> type) {
            return new ListOf(new Of(type));
        }

        static Shape listOf(Shape item) {
            return new ListOf(item);
        }

        static Shape object(String name, Map<String, Type> properties) {
            return new Declared(name, properties);
        }

        static Shape anyObject(String description) {
            return new AnyObject(description);
        }

        static Shape text(String mediaType, String description) {
            return new Text(mediaType, description);
        }
    }
}
