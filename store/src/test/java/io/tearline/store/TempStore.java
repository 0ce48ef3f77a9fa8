package io.tearline.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A store on an embedded H2 database in a fresh directory, opened before each test and closed (and its
 * directory deleted) after it: {@code @RegisterExtension final TempStore temp = new TempStore();}.
 */
final class TempStore implements BeforeEachCallback, AfterEachCallback {

    private Path dir;
    private TestDatabases.Handle handle;
    private ReportStore store;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("tearline-store-test");
        handle = TestDatabases.h2(dir.resolve("data"));
        store = ReportStore.open(handle.db(), dir.resolve("index"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            store.close();
            handle.close();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    ReportStore store() {
        return store;
    }

    /** The test's own directory, for anything else it keeps beside the store. */
    Path dir() {
        return dir;
    }
}
