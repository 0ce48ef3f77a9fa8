package io.tearline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a partner nation runs to hold the operator to one history: fetch the log's latest signed
 * checkpoint over HTTP, check its signature against the pinned verifier key, prove it consistent with
 * the checkpoint remembered in a state file, and only then remember the new one. A rollback (smaller
 * tree), a fork (same size, other root; or a consistency proof that does not verify) or a bad signature
 * is refused and the state file is left as it was.
 *
 * <p>HTTP contract: {@code GET URL/api/v1/audit/checkpoint} (text/plain signed note) and
 * {@code GET URL/api/v1/audit/proof/consistency?from=OLD&to=NEW} ({@code {"hashes": [base64...]}}).
 */
public final class Witness {

    /** The outcome of one witnessing round. */
    public sealed interface Outcome {
        /** True when the log is held to one history so far (nothing refused). */
        default boolean ok() {
            return !(this instanceof Refused);
        }

        String message();

        /** No state yet: trust on first use of this signed checkpoint. */
        record First(Checkpoint checkpoint) implements Outcome {
            public String message() {
                return "first checkpoint remembered: size " + checkpoint.size() + ", root " + checkpoint.root();
            }
        }

        record Unchanged(Checkpoint checkpoint) implements Outcome {
            public String message() {
                return "log unchanged at size " + checkpoint.size();
            }
        }

        record Extended(Checkpoint from, Checkpoint to) implements Outcome {
            public String message() {
                return "log grew from " + from.size() + " to " + to.size() + " and the consistency proof verifies";
            }
        }

        record Refused(Reason reason, String message) implements Outcome {
        }
    }

    public enum Reason { BAD_SIGNATURE, ROLLBACK, FORK, BAD_RESPONSE, UNREACHABLE, BAD_STATE }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final VerifierKey key;
    private final Path state;
    private final Optional<String> token;
    private final HttpClient http;

    public Witness(URI base, VerifierKey key, Path state, Optional<String> token) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.key = key;
        this.state = state;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** One round: fetch, verify, prove, remember. Never throws for a misbehaving log: it says why. */
    public Outcome run() {
        String note;
        try {
            note = get("/api/v1/audit/checkpoint");
        } catch (IOException e) {
            return new Outcome.Refused(Reason.UNREACHABLE, "cannot fetch the checkpoint: " + e.getMessage());
        }
        Checkpoint now;
        try {
            now = SignedNotes.verifyCheckpoint(note, key);
        } catch (AuditException e) {
            return new Outcome.Refused(Reason.BAD_SIGNATURE, "the served checkpoint does not verify with "
                    + key.name() + "+" + key.keyIdHex() + ": " + e.getMessage());
        }
        Optional<Checkpoint> old;
        try {
            old = remembered();
        } catch (IOException | AuditException e) {
            return new Outcome.Refused(Reason.BAD_STATE, "state file " + state + " is unusable: " + e.getMessage());
        }
        if (old.isEmpty()) {
            return remember(note, new Outcome.First(now));
        }
        Checkpoint was = old.get();
        if (now.size() < was.size()) {
            return new Outcome.Refused(Reason.ROLLBACK, "ROLLBACK: the log shrank from " + was.size() + " to "
                    + now.size() + " entries; it must only grow");
        }
        if (now.size() == was.size()) {
            if (!now.root().equals(was.root())) {
                return new Outcome.Refused(Reason.FORK, "FORK: two signed checkpoints of size " + now.size()
                        + " with different roots (" + was.root() + " and " + now.root() + ")");
            }
            return new Outcome.Unchanged(now);
        }
        if (was.size() > 0) {
            List<Hash> proof;
            try {
                proof = consistency(was.size(), now.size());
            } catch (IOException e) {
                return new Outcome.Refused(Reason.BAD_RESPONSE, "cannot get the consistency proof " + was.size()
                        + " -> " + now.size() + ": " + e.getMessage());
            }
            if (!Merkle.verifyConsistency(was.size(), now.size(), was.root(), now.root(), proof)) {
                return new Outcome.Refused(Reason.FORK, "FORK: the log's checkpoint of size " + now.size()
                        + " is not consistent with the remembered checkpoint of size " + was.size()
                        + ": the consistency proof does not verify (history was rewritten)");
            }
        }
        return remember(note, new Outcome.Extended(was, now));
    }

    private Optional<Checkpoint> remembered() throws IOException {
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        return Optional.of(SignedNotes.verifyCheckpoint(Files.readString(state, StandardCharsets.UTF_8), key));
    }

    private Outcome remember(String note, Outcome outcome) {
        try {
            Path dir = state.toAbsolutePath().getParent();
            if (dir == null) {
                return new Outcome.Refused(Reason.BAD_STATE, "state file " + state + " is not in a directory");
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".witness", ".tmp");
            Files.writeString(tmp, note, StandardCharsets.UTF_8);
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return outcome;
        } catch (IOException e) {
            return new Outcome.Refused(Reason.BAD_STATE, "cannot write state file " + state + ": " + e.getMessage());
        }
    }

    private List<Hash> consistency(long from, long to) throws IOException {
        String body = get("/api/v1/audit/proof/consistency?from=" + from + "&to=" + to);
        JsonNode hashes = JSON.readTree(body).path("hashes");
        if (!hashes.isArray()) {
            throw new IOException("no \"hashes\" array in the consistency proof");
        }
        List<Hash> out = new ArrayList<>();
        for (JsonNode h : hashes) {
            try {
                out.add(Hash.ofBase64(h.asText()));
            } catch (AuditException e) {
                throw new IOException("bad hash in the proof: " + e.getMessage());
            }
        }
        return out;
    }

    private String get(String path) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).GET();
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (res.statusCode() != 200) {
            throw new IOException("GET " + path + " answered HTTP " + res.statusCode());
        }
        return res.body();
    }
}
