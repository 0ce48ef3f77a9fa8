package io.tearline.audit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.tearline.audit.AuditException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Canonical JSON for log entries: object keys sorted by UTF-16 code units (as RFC 8785 does), no
 * insignificant whitespace, only values that have one spelling (strings, booleans, integers, arrays,
 * objects; no floating point, no null). Jackson does the escaping. The same value always gives the same
 * bytes, and {@link #parse} accepts exactly the bytes {@link #write} produces. For this value domain
 * (integers only) the bytes are those of the JSON Canonicalization Scheme, RFC 8785.
 */
public final class Canonical {

    // Raw UTF-8 for every non-ASCII character (no \\uD83D escapes for surrogate pairs) and lower-case
    // hex in the escapes of control characters: the spelling RFC 8785 uses.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    private Canonical() {
    }

    /**
     * Copies a caller's value into the canonical model: unmodifiable sorted maps, lists, strings,
     * booleans, Long or BigInteger. Enums become their names. Anything else is refused with its path.
     */
    public static Object normalise(Object value, String path) {
        if (value == null) {
            throw new AuditException("entry.null", path, "null has no place in an entry: leave the key out");
        }
        if (value instanceof String s) {
            checkString(s, path);
            return s;
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Map<?, ?> m) {
            TreeMap<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> en : m.entrySet()) {
                if (!(en.getKey() instanceof String key)) {
                    throw new AuditException("entry.key", path, "object keys must be strings, got "
                            + (en.getKey() == null ? "null" : en.getKey().getClass().getSimpleName()));
                }
                String sub = path + "." + key;
                checkString(key, sub);
                out.put(key, normalise(en.getValue(), sub));
            }
            return Collections.unmodifiableSortedMap(out);
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object o : c) {
                out.add(normalise(o, path + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Object[] a) {
            return normalise(Arrays.asList(a), path);
        }
        if (value instanceof Optional<?>) {
            throw new AuditException("entry.optional", path, "unwrap Optional values: put the key only when present");
        }
        if (value instanceof Number) {
            throw new AuditException("entry.number", path, value.getClass().getSimpleName()
                    + " has no single canonical spelling: use an integer or a string");
        }
        throw new AuditException("entry.type", path, "cannot put a " + value.getClass().getName()
                + " in an entry: use strings, booleans, integers, lists and maps");
    }

    private static void checkString(String s, String path) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new AuditException("entry.string", path, "unpaired surrogate at offset " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new AuditException("entry.string", path, "unpaired surrogate at offset " + i);
            }
        }
    }

    /** The canonical bytes of a normalised value. */
    public static byte[] write(Object normalised) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeValue(g, normalised);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof SortedMap<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> en : m.entrySet()) {
                g.writeFieldName((String) en.getKey());
                writeValue(g, en.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalStateException("not normalised: " + v.getClass());
        }
    }

    /**
     * Parses canonical JSON back into the model; refuses anything that is not exactly canonical
     * (whitespace, key order, duplicates, floats, null, a trailing value).
     */
    public static Object parse(byte[] json) {
        Object value;
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new AuditException("json.empty", "$", "no JSON value");
            }
            value = read(p, t, "$");
            if (p.nextToken() != null) {
                throw new AuditException("json.trailing", "$", "more than one JSON value");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AuditException("json.syntax", "$", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Arrays.equals(write(value), json)) {
            throw new AuditException("json.not-canonical", "$",
                    "JSON is not in canonical form (sorted keys, no whitespace)");
        }
        return value;
    }

    private static Object read(JsonParser p, JsonToken t, String path) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                TreeMap<String, Object> m = new TreeMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, read(p, p.nextToken(), path + "." + k));
                }
                return Collections.unmodifiableSortedMap(m);
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                int i = 0;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, n, path + "[" + i++ + "]"));
                }
                return Collections.unmodifiableList(l);
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NUMBER_INT -> {
                BigInteger b = p.getBigIntegerValue();
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            default -> throw new AuditException("json.value", path, "not allowed in canonical entries: " + t);
        }
    }
}
