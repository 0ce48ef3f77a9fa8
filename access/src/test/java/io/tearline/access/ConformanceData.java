package io.tearline.access;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Apache accumulo-access's conformance data (src/test/resources/accumulo-access-testdata.json, see the
 * NOTICE beside it). Read strictly: an unknown field is an error, not a skipped case.
 */
record ConformanceData(List<Group> groups) {

    static final String RESOURCE = "/accumulo-access-testdata.json";

    /** Auths: the sets an expression must pass, each alone. */
    record Group(String description, List<List<String>> auths, List<Expected> tests) {
    }

    /** expectedResult is ACCESSIBLE, INACCESSIBLE or ERROR. */
    record Expected(String expectedResult, List<String> expressions) {
    }

    static ConformanceData load() {
        try (InputStream in = ConformanceData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return new ConformanceData(new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                    .readValue(in, new TypeReference<List<Group>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
