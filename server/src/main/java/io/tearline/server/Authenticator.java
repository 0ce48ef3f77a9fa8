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
import io.tearline.server.internal.ClientCertificates;
import io.tearline.server.internal.JwtKeys;
import io.tearline.server.internal.ProviderKeys;
import io.tearline.access.Clearance;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * signatures; unsigned tokens never pass) and client certificates, and maps them to a principal.
 *
 * <p>Two kinds of issuer are trusted. {@code auth.issuer}'s tokens name a user of the user directory,
 * which gives every attribute: such a token can never raise a clearance or change a nation. A nation's
 * identity provider ({@code federation}) describes its own people in claims: a {@code nationality}
 * other than the provider's nation is refused whatever else the token says, a clearance above the
 * nation's {@code maxClearance} is lowered to it, accesses and roles the nation may not grant are
 * dropped, and every such cap is part of the {@link Identity}. A revoked subject's tokens issued before
 * its revocation are refused. With a client certificate, a token must name the same person (name and
 * nation) as the certificate. Thread-safe.
 */
public final class Authenticator {

    private static final Set<String> SUPPORTED = Set.of("EdDSA", "ES256", "RS256");

    /** A verifier for one issuer's tokens and the mapping of its claims to an identity. */
    private record Trusted(DefaultJWTProcessor<SecurityContext> processor, Config.NationTrust nation,
                           Config.Provider provider) {}

    private final Config.Auth auth;
    private final Trusted directoryIssuer;
    private final Map<String, Trusted> providers = new HashMap<>();
    private final Map<String, ProviderKeys> providerKeys = new HashMap<>();
    private final UserDirectory users;
    private final Revocations revocations;
    private final ClientCertificates certificates; // null: no client certificates
    private final long skewMillis;
    private final long maxLifetimeMillis;
    // a signature check costs far more than the rest of a read: remember tokens already verified,
    // byte for byte, until they expire
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(java.time.Duration.ofMinutes(10)).build();

    private record Verified(Identity identity, String subject, long issuedAtMillis, long expiresAtMillis) {}

    public Authenticator(Config.Auth auth, JWKSource<SecurityContext> keys, UserDirectory users) {
        this(auth, keys, users, Map.of(), Revocations.inMemory(), null);
    }

    /**
     * @param providers    per federated provider, its nation's trust and its key source
     * @param certificates client certificates' CAs and revocation list, or null for none
     */
    public Authenticator(Config.Auth auth, JWKSource<SecurityContext> keys, UserDirectory users,
                         Map<Config.Provider, Map.Entry<Config.NationTrust, JWKSource<SecurityContext>>> providers,
                         Revocations revocations, ClientCertificates certificates) {
        this.auth = auth;
        this.users = users;
        this.revocations = revocations;
        this.certificates = certificates;
        Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
        for (String a : auth.algorithms()) {
            if (!SUPPORTED.contains(a)) {
                throw new IllegalArgumentException("auth.algorithms: '" + a + "' is not allowed; choose from " + SUPPORTED);
            }
            allowed.add(JWSAlgorithm.parse(a));
        }
        this.skewMillis = 1000L * Math.min(auth.clockSkewSeconds(), 60);
        this.maxLifetimeMillis = auth.maxTokenLifetime().toMillis();
        this.directoryIssuer = new Trusted(processor(allowed, keys, auth.issuer(), auth.audience()), null, null);
        for (var e : providers.entrySet()) {
            Config.Provider p = e.getKey();
            if (p.issuer().equals(auth.issuer()) || this.providers.containsKey(p.issuer())) {
                throw new IllegalArgumentException("federation: the issuer " + p.issuer() + " is trusted twice");
            }
            this.providers.put(p.issuer(), new Trusted(processor(allowed, e.getValue().getValue(), p.issuer(),
                    p.audience() == null ? auth.audience() : p.audience()), e.getValue().getKey(), p));
            if (e.getValue().getValue() instanceof ProviderKeys pk) {
                providerKeys.put(p.issuer(), pk);
            }
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(Set<JWSAlgorithm> allowed, JWKSource<SecurityContext> keys,
                                                          String issuer, String audience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(JwtKeys.selector(allowed, keys));
        processor.setJWSVerifierFactory(JwtKeys.verifiers());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(Set.of("exp", "iat")));
        claims.setMaxClockSkew(Math.min(auth.clockSkewSeconds(), 60));
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    /**
     * The authenticator a configuration describes: {@code auth}'s issuer, every federated provider
     * (keys cached per provider), the client certificates' CAs when mutual TLS is configured.
     */
    public static Authenticator open(Config config, Path dataDir, UserDirectory users, Revocations revocations,
                                     Clock clock) throws IOException {
        Map<Config.Provider, Map.Entry<Config.NationTrust, JWKSource<SecurityContext>>> providers = new LinkedHashMap<>();
        Config.Federation f = config.federation();
        Set<String> nations = new HashSet<>();
        for (Config.NationTrust n : f.nations()) {
            if (!nations.add(n.nation())) {
                throw new IllegalArgumentException("federation.nations: " + n.nation() + " is listed twice");
            }
            Clearance.parse(n.maxClearance());
            for (Config.Provider p : n.providers()) {
                providers.put(p, Map.entry(n, new ProviderKeys(p.issuer(), ProviderKeys.source(p.jwks(), p.discovery(), dataDir),
                        f.keyCacheTtl(), f.minRefreshInterval(), clock)));
            }
        }
        ClientCertificates certs = null;
        Optional<Config.Tls> tls = config.server().tlsIfAny();
        if (tls.isPresent() && tls.get().mutual()) {
            certs = new ClientCertificates(tls.get().clients(), dataDir, Optional.ofNullable(tls.get().crl()));
        }
        return new Authenticator(config.auth(), keys(config, dataDir), users, providers, revocations, certs);
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

    /** The client certificates this authenticator accepts, if mutual TLS is configured. */
    public Optional<ClientCertificates> certificates() {
        return Optional.ofNullable(certificates);
    }

    /** How often each federated provider's key set was fetched so far, by issuer. */
    public Map<String, Long> keyFetches() {
        Map<String, Long> out = new TreeMap<>();
        providerKeys.forEach((issuer, k) -> out.put(issuer, k.fetches()));
        return out;
    }

    /** The principal of an {@code Authorization} header value. */
    public Principal authenticate(String authorization) throws AuthException {
        return identify(authorization, null).principal();
    }

    /**
     * The identity of a request: its {@code Authorization} header value (may be null) and the client
     * certificate chain its connection presented (null or empty: none).
     */
    public Identity identify(String authorization, X509Certificate[] chain) throws AuthException {
        boolean token = authorization != null && !authorization.isBlank();
        ClientCertificates.Named cert = null;
        if (chain != null && chain.length > 0) {
            if (certificates == null) {
                throw new AuthException(Failure.INVALID, "certificate.untrusted", "client certificates are not accepted");
            }
            cert = certificates.identify(chain);
        }
        if (!token) {
            if (cert == null) {
                throw new AuthException(Failure.MISSING, "credentials.missing", "a bearer token is required");
            }
            ClientCertificates.Named c = cert;
            Principal p = users.principal(c.name()).filter(u -> u.nation().equals(c.nation()))
                    .orElseThrow(() -> new AuthException(Failure.INVALID, "certificate.person",
                            "the certificate names no person of its nation"));
            return new Identity(p, new Identity.Source.Certificate(c.subject(), c.issuer(), c.nation()), Optional.empty(),
                    List.of());
        }
        Identity id = bearer(authorization);
        if (cert == null) {
            return id;
        }
        if (!cert.name().equals(id.principal().name()) || !cert.nation().equals(id.principal().nation())) {
            throw new AuthException(Failure.INVALID, "token.certificate-mismatch",
                    "the token and the client certificate name different people", null, id.principal().name());
        }
        return new Identity(id.principal(), id.source(), Optional.of(cert.subject()), id.caps());
    }

    private Identity bearer(String authorization) throws AuthException {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthException(Failure.MALFORMED, "credentials.scheme", "the Authorization header must be 'Bearer <token>'");
        }
        String token = authorization.substring(7).trim();
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            if (System.currentTimeMillis() > known.expiresAtMillis() + skewMillis) {
                verified.invalidate(token);
                throw new AuthException(Failure.EXPIRED, "token.expired", "the token has expired", null, known.subject());
            }
            if (revocations.revoked(known.subject(), Instant.ofEpochMilli(known.issuedAtMillis()))) {
                verified.invalidate(token);
                throw new AuthException(Failure.INVALID, "token.revoked", "the token's session is revoked", null, known.subject());
            }
            return known.identity();
        }
        SignedJWT jwt;
        JWTClaimsSet unverified;
        try {
            jwt = SignedJWT.parse(token);
            unverified = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthException(Failure.MALFORMED, "token.not-jwt", "the token is not a signed JWT");
        }
        String claimed = unverified.getSubject();
        if (JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) && jwt.getSignature().decode().length == 64
                && !JwtKeys.canonicalEcdsa(jwt.getSignature())) {
            throw new AuthException(Failure.INVALID, "token.high-s", "the ES256 signature is not canonical (s > n/2)", null, claimed);
        }
        String iss = unverified.getIssuer();
        Trusted trusted = iss != null && iss.equals(auth.issuer()) ? directoryIssuer : iss == null ? null : providers.get(iss);
        if (trusted == null) {
            throw new AuthException(Failure.INVALID, "token.issuer", "the token's issuer is not trusted", null, claimed);
        }
        JWTClaimsSet claims;
        try {
            claims = trusted.processor().process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new AuthException(Failure.EXPIRED, "token.expired", "the token has expired", e, claimed);
        } catch (BadJWTException e) {
            throw new AuthException(Failure.INVALID, "token.claims", "the token's claims were refused: " + e.getMessage(), e, claimed);
        } catch (BadJWSException e) {
            throw new AuthException(Failure.INVALID, "token.signature", "the token's signature was refused: " + e.getMessage(), e, claimed);
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthException(Failure.INVALID, "token.key", "the token was refused: " + e.getMessage(), e, claimed);
        }
        requireBoundedLifetime(claims, claimed);
        Identity id = trusted.nation() == null ? directory(claims) : federated(claims, trusted);
        String subject = id.principal().name();
        if (revocations.revoked(subject, claims.getIssueTime().toInstant())) {
            throw new AuthException(Failure.INVALID, "token.revoked", "the token's session is revoked", null, subject);
        }
        verified.put(token, new Verified(id, subject, claims.getIssueTime().getTime(), claims.getExpirationTime().getTime()));
        return id;
    }

    private Identity directory(JWTClaimsSet claims) throws AuthException {
        Principal p = users.principal(claims.getSubject())
                .orElseThrow(() -> new AuthException(Failure.INVALID, "token.subject", "the token's subject is not a known user",
                        null, claims.getSubject()));
        return new Identity(p, new Identity.Source.Directory(auth.issuer()), Optional.empty(), List.of());
    }

    /** A federated provider's claims, mapped to a principal of its nation and capped by what the alliance accepts. */
    private static Identity federated(JWTClaimsSet claims, Trusted t) throws AuthException {
        Config.ClaimNames names = t.provider().claims();
        Config.NationTrust nation = t.nation();
        String subject = string(claims, names.subject());
        if (subject == null || subject.isBlank()) {
            throw new AuthException(Failure.INVALID, "token.subject", "the token names no subject");
        }
        String nationality = string(claims, names.nationality());
        if (!nation.nation().equals(nationality)) {
            throw new AuthException(Failure.INVALID, "token.nationality",
                    "a provider of " + nation.nation() + " asserted the nationality " + nationality, null, subject);
        }
        List<String> caps = new ArrayList<>();
        Clearance asserted;
        try {
            String c = string(claims, names.clearance());
            asserted = c == null ? Clearance.NONE : Clearance.parse(c);
        } catch (IllegalArgumentException e) {
            throw new AuthException(Failure.INVALID, "token.clearance", "the token's clearance is not known", null, subject);
        }
        Clearance max = Clearance.parse(nation.maxClearance());
        Clearance clearance = asserted;
        if (asserted.compareTo(max) > 0) {
            clearance = max;
            caps.add("clearance " + asserted.name() + " lowered to " + max.name() + ", the most accepted from " + nation.nation());
        }
        Set<String> accesses = new TreeSet<>();
        for (String a : strings(claims, names.accesses(), subject)) {
            if (nation.accesses().contains(a)) {
                accesses.add(a);
            } else {
                caps.add("access " + a + " dropped: " + nation.nation() + " may not grant it");
            }
        }
        Set<String> roles = new TreeSet<>();
        for (String r : strings(claims, names.roles(), subject)) {
            if (nation.roles().contains(r)) {
                roles.add(r);
            } else {
                caps.add("role " + r + " dropped: " + nation.nation() + " may not grant it");
            }
        }
        Set<String> orgs = new TreeSet<>(strings(claims, names.orgs(), subject));
        Principal p = new Principal(subject, nation.nation(), clearance, accesses, orgs, roles);
        return new Identity(p, new Identity.Source.Provider(t.provider().issuer(), nation.nation()), Optional.empty(), caps);
    }

    private static String string(JWTClaimsSet claims, String name) throws AuthException {
        Object v = claims.getClaim(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new AuthException(Failure.INVALID, "token.claim-type", "the claim " + name + " is not a string");
        }
        return s;
    }

    /** A list of strings, or one string of space-separated values (as OAuth scopes are written). */
    private static List<String> strings(JWTClaimsSet claims, String name, String subject) throws AuthException {
        Object v = claims.getClaim(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new AuthException(Failure.INVALID, "token.claim-type", "the claim " + name + " is not a list of strings", null, subject);
    }

    /**
     * A token is valid for at most {@code auth.maxTokenLifetime}: counted from its issue time, and from
     * now (so that a token issued "in the future" gains nothing); it may not be issued later than now.
     */
    private void requireBoundedLifetime(JWTClaimsSet claims, String claimed) throws AuthException {
        long now = System.currentTimeMillis();
        long iat = claims.getIssueTime().getTime();
        long exp = claims.getExpirationTime().getTime();
        if (iat > now + skewMillis) {
            throw new AuthException(Failure.INVALID, "token.issued-in-future", "the token is issued in the future", null, claimed);
        }
        if (exp - iat > maxLifetimeMillis || exp - now > maxLifetimeMillis + skewMillis) {
            throw new AuthException(Failure.INVALID, "token.lifetime", "the token is valid for longer than "
                    + java.time.Duration.ofMillis(maxLifetimeMillis), null, claimed);
        }
    }
}
