package io.tearline.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One identity provider's key set, cached: fetched on first use, again once {@code ttl} has passed,
 * and again when a token names a key ({@code kid}) the cached set lacks (the provider rotated its
 * keys), but never more often than once per {@code minRefresh}: a flood of tokens with made-up key ids
 * costs the provider one fetch per interval, not one per request. The source is a file (re-read), an
 * http(s) URL, or an OpenID discovery document whose {@code jwks_uri} is followed. A failed fetch keeps
 * the keys already known. Thread-safe.
 */
public final class ProviderKeys implements JWKSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 1 << 20;

    /** Where the keys come from. */
    public sealed interface Source {
        record File(Path path) implements Source {}

        record Url(URI uri) implements Source {}

        record Discovery(URI uri) implements Source {}
    }

    private final String name;
    private final Source source;
    private final Duration ttl;
    private final Duration minRefresh;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicLong fetches = new AtomicLong();
    private volatile JWKSet keys; // null until the first successful fetch
    private volatile Instant fetchedAt = Instant.EPOCH;
    private volatile Instant triedAt = Instant.EPOCH;

    public ProviderKeys(String name, Source source, Duration ttl, Duration minRefresh, Clock clock) {
        this.name = name;
        this.source = source;
        this.ttl = ttl;
        this.minRefresh = minRefresh;
        this.clock = clock;
        this.http = source instanceof Source.File ? null
                : HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code jwks} (a file relative to {@code base}, or a URL) or {@code discovery} (a URL). */
    public static Source source(String jwks, String discovery, Path base) {
        if (discovery != null) {
            return new Source.Discovery(URI.create(discovery));
        }
        if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
            return new Source.Url(URI.create(jwks));
        }
        return new Source.File(base.resolve(jwks));
    }

    /** How many times the key set was fetched (or read) so far. */
    public long fetches() {
        return fetches.get();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Instant now = clock.instant();
        JWKSet current = keys;
        if (current == null || now.isAfter(fetchedAt.plus(ttl))) {
            current = refresh(now);
        }
        if (current == null) {
            throw new KeySourceException("the key set of " + name + " could not be fetched");
        }
        List<JWK> found = selector.select(current);
        if (found.isEmpty()) { // perhaps a rotation: fetch again, at most once per interval
            JWKSet again = refresh(now);
            if (again != null && again != current) {
                found = selector.select(again);
            }
        }
        return found;
    }

    /** Fetches the set unless a fetch was tried less than {@code minRefresh} ago; returns the set now known. */
    private synchronized JWKSet refresh(Instant now) {
        if (now.isBefore(triedAt.plus(minRefresh))) {
            return keys;
        }
        triedAt = now;
        fetches.incrementAndGet();
        try {
            keys = load();
            fetchedAt = now;
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warn("cannot fetch the key set of {}: {}", name, e.getMessage());
        }
        return keys;
    }

    private JWKSet load() throws IOException, ParseException {
        return switch (source) {
            case Source.File f -> JWKSet.parse(Files.readString(f.path(), StandardCharsets.UTF_8));
            case Source.Url u -> JWKSet.parse(fetch(u.uri()));
            case Source.Discovery d -> {
                JsonNode doc = Json.MAPPER.readTree(fetch(d.uri()));
                JsonNode uri = doc.get("jwks_uri");
                if (uri == null || !uri.isTextual()) {
                    throw new IOException("the discovery document " + d.uri() + " has no jwks_uri");
                }
                yield JWKSet.parse(fetch(d.uri().resolve(uri.asText())));
            }
        };
    }

    private String fetch(URI uri) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException(uri + " answered " + r.statusCode());
            }
            if (r.body().length > MAX_BYTES) {
                throw new IOException(uri + " sent more than " + MAX_BYTES + " bytes");
            }
            return new String(r.body(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }
}
