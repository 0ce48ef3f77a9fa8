package io.tearline.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tearline.access.Principal;
import io.tearline.server.AuthException.Failure;
import io.tearline.server.internal.JwtKeys;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Verifies bearer JWTs (issuer, audience, expiry and not-before with bounded skew, an issue time and a
 * lifetime of at most {@code auth.maxTokenLifetime}, an allow-list of algorithms, canonical low-S ECDSA
 * signatures; unsigned tokens never pass) and maps the subject to a principal from the user directory.
 * A token names a user; it can never raise a clearance or change a nation. Thread-safe.
 */
public final class Authenticator {

    private static final Set<String> SUPPORTED = Set.of("EdDSA", "ES256", "RS256");

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final UserDirectory users;
    private final long skewMillis;
    private final long maxLifetimeMillis;
    // a signature check costs far more than the rest of a read: remember tokens already verified,
    // byte for byte, until they expire
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(java.time.Duration.ofMinutes(10)).build();

    private record Verified(Principal principal, long expiresAtMillis) {}

    public Authenticator(Config.Auth auth, JWKSource<SecurityContext> keys, UserDirectory users) {
        this.users = users;
        Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
        for (String a : auth.algorithms()) {
            if (!SUPPORTED.contains(a)) {
                throw new IllegalArgumentException("auth.algorithms: '" + a + "' is not allowed; choose from " + SUPPORTED);
            }
            allowed.add(JWSAlgorithm.parse(a));
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(JwtKeys.selector(allowed, keys));
        processor.setJWSVerifierFactory(JwtKeys.verifiers());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(auth.audience(),
                new JWTClaimsSet.Builder().issuer(auth.issuer()).build(), new HashSet<>(Set.of("sub", "exp", "iat")));
        claims.setMaxClockSkew(Math.min(auth.clockSkewSeconds(), 60));
        this.skewMillis = 1000L * Math.min(auth.clockSkewSeconds(), 60);
        this.maxLifetimeMillis = auth.maxTokenLifetime().toMillis();
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Keys from the configured JWKS file (relative to the data directory) or URL. */
    public static JWKSource<SecurityContext> keys(Config config, Path dataDir) throws IOException {
        if (config.jwksIsUrl()) {
            try {
                return JWKSourceBuilder.create(config.jwksUri().toURL()).build();
            } catch (MalformedURLException e) {
                throw new IOException("auth.jwks: bad URL " + config.auth().jwks(), e);
            }
        }
        try {
            return new ImmutableJWKSet<>(JWKSet.load(dataDir.resolve(config.auth().jwks()).toFile()));
        } catch (ParseException e) {
            throw new IOException("auth.jwks: " + config.auth().jwks() + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    /** The principal of an {@code Authorization} header value. */
    public Principal authenticate(String authorization) throws AuthException {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthException(Failure.MISSING, "credentials.missing", "a bearer token is required");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthException(Failure.MALFORMED, "credentials.scheme", "the Authorization header must be 'Bearer <token>'");
        }
        String token = authorization.substring(7).trim();
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            if (System.currentTimeMillis() <= known.expiresAtMillis() + skewMillis) {
                return known.principal();
            }
            verified.invalidate(token);
            throw new AuthException(Failure.EXPIRED, "token.expired", "the token has expired");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new AuthException(Failure.MALFORMED, "token.not-jwt", "the token is not a signed JWT");
        }
        if (JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) && jwt.getSignature().decode().length == 64
                && !JwtKeys.canonicalEcdsa(jwt.getSignature())) {
            throw new AuthException(Failure.INVALID, "token.high-s", "the ES256 signature is not canonical (s > n/2)");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new AuthException(Failure.EXPIRED, "token.expired", "the token has expired", e);
        } catch (BadJWTException e) {
            throw new AuthException(Failure.INVALID, "token.claims", "the token's claims were refused: " + e.getMessage(), e);
        } catch (BadJWSException e) {
            throw new AuthException(Failure.INVALID, "token.signature", "the token's signature was refused: " + e.getMessage(), e);
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthException(Failure.INVALID, "token.key", "the token was refused: " + e.getMessage(), e);
        }
        requireBoundedLifetime(claims);
        Principal p = users.principal(claims.getSubject())
                .orElseThrow(() -> new AuthException(Failure.INVALID, "token.subject", "the token's subject is not a known user"));
        verified.put(token, new Verified(p, claims.getExpirationTime().getTime()));
        return p;
    }

    /**
     * A token is valid for at most {@code auth.maxTokenLifetime}: counted from its issue time, and from
     * now (so that a token issued "in the future" gains nothing); it may not be issued later than now.
     */
    private void requireBoundedLifetime(JWTClaimsSet claims) throws AuthException {
        long now = System.currentTimeMillis();
        long iat = claims.getIssueTime().getTime();
        long exp = claims.getExpirationTime().getTime();
        if (iat > now + skewMillis) {
            throw new AuthException(Failure.INVALID, "token.issued-in-future", "the token is issued in the future");
        }
        if (exp - iat > maxLifetimeMillis || exp - now > maxLifetimeMillis + skewMillis) {
            throw new AuthException(Failure.INVALID, "token.lifetime", "the token is valid for longer than "
                    + java.time.Duration.ofMillis(maxLifetimeMillis));
        }
    }
}
