package io.tearline.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON and YAML mappers: strict on input (unknown fields and keys given twice are errors, so that
 * no reader of the same bytes can see another value), compact on output.
 */
public final class Json {

    public static final ObjectMapper MAPPER = configure(new ObjectMapper());
    public static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));

    // Jackson's words for a key given twice in one object
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    private Json() {}

    private static ObjectMapper configure(ObjectMapper m) {
        return m.registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_ABSENT);
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Reads a request body; a malformed body or an unknown field is a 400 that says where. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw Problem.badRequest("body.empty", "the request needs a JSON body");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw Problem.badRequest("body.unknown-field", "unknown field '" + e.getPropertyName() + "'"
                    + location(e), Map.of("field", e.getPropertyName()));
        } catch (JsonProcessingException e) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.lookingAt()) {
                throw Problem.badRequest("body.duplicate-key", "the key '" + duplicate.group(1) + "' is given twice"
                        + location(e), Map.of("field", duplicate.group(1)));
            }
            throw Problem.badRequest("body.malformed", "the body is not valid JSON for this request: "
                    + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw Problem.badRequest("body.unreadable", "the body could not be read");
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
