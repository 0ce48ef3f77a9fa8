package io.tearline.server;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tearline.server.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revoked sessions: per subject, the time before which its tokens are refused. Kept in a file of the
 * data directory ({@code revocations.json}) so that a revocation survives a restart. Token issue times
 * have whole seconds, so a revocation at 12:00:00.400 refuses every token issued at 12:00:00 as well: a
 * new token is accepted from the next second on. Thread-safe.
 */
public final class Revocations {

    public static final String FILE = "revocations.json";

    private final Path file; // null: kept in memory only
    private final Map<String, Instant> before = new ConcurrentHashMap<>();
    private final Object lock = new Object(); // one writer at a time of the map and its file

    private Revocations(Path file) {
        this.file = file;
    }

    /** Revocations kept in {@code file} (read now if it exists). */
    public static Revocations open(Path file) throws IOException {
        Revocations r = new Revocations(file);
        if (Files.exists(file)) {
            Map<String, Instant> read = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeReference<TreeMap<String, Instant>>() {});
            r.before.putAll(read);
        }
        return r;
    }

    /** Revocations that last as long as this object (tests). */
    public static Revocations inMemory() {
        return new Revocations(null);
    }

    /** Refuses {@code subject}'s tokens issued before {@code at} (rounded up to the next whole second). */
    public Instant revoke(String subject, Instant at) throws IOException {
        synchronized (lock) {
            Instant cut = at.getNano() == 0 ? at : at.plusSeconds(1).minusNanos(at.getNano());
            before.merge(subject, cut, (a, b) -> a.isAfter(b) ? a : b);
            if (file != null) {
                Path dir = file.toAbsolutePath().getParent();
                if (dir == null) {
                    throw new IOException(file + " is not in a directory");
                }
                Path tmp = Files.createTempFile(dir, ".revocations", ".tmp");
                Files.writeString(tmp, Json.string(new TreeMap<>(before)), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return before.get(subject);
        }
    }

    /** Whether a token of {@code subject} issued at {@code issuedAt} is revoked. */
    public boolean revoked(String subject, Instant issuedAt) {
        Instant cut = before.get(subject);
        return cut != null && issuedAt.isBefore(cut);
    }

    public Optional<Instant> revokedBefore(String subject) {
        return Optional.ofNullable(before.get(subject));
    }
}
