package io.tearline.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.util.Base64URL;
import io.tearline.server.internal.JwtKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The demo's token issuer: an ES256 key kept in the data directory ({@code keys/token-signing.jwk},
 * readable by its owner only) whose public half is the JWKS the server trusts ({@code keys/jwks.json}).
 * Real deployments trust their identity provider's JWKS instead.
 */
public final class TokenIssuer {

    public static final String SIGNING_KEY = "token-signing.jwk";
    public static final String JWKS = "jwks.json";

    private final ECKey key;
    private final Config.Auth auth;

    private TokenIssuer(ECKey key, Config.Auth auth) {
        this.key = key;
        this.auth = auth;
    }

    /** Loads the key from {@code keys}, creating it (and the JWKS beside it) on first use. */
    public static TokenIssuer openOrCreate(Path keys, Config.Auth auth) throws IOException {
        Path file = keys.resolve(SIGNING_KEY);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(keys);
                ECKey fresh = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                        .keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.ES256).generate();
                writePrivate(file, fresh.toJSONString());
                writeAtomically(keys.resolve(JWKS), new JWKSet(fresh.toPublicJWK()).toString());
            }
            return new TokenIssuer(ECKey.parse(Files.readString(file)), auth);
        } catch (JOSEException | ParseException e) {
            throw new IOException("token signing key " + file + ": " + e.getMessage(), e);
        }
    }

    /** A signed bearer token for {@code user}, valid for {@code ttl}. */
    public String issue(String user, Duration ttl) {
        return sign(claims(user, ttl).build());
    }

    /**
     * A token as a nation's identity provider issues it: the person's attributes as claims
     * ({@code nationality}, {@code clearance}, {@code accesses}, {@code org}, {@code roles}). It asserts
     * whatever it is given; the server decides what the issuer may say.
     */
    public String issueClaims(Config.User user, Duration ttl) {
        return sign(personClaims(user, ttl).build());
    }

    /** As {@link #issueClaims(Config.User, Duration)}, with the {@code nonce} of a sign-in that asked for one. */
    public String issueClaims(Config.User user, Duration ttl, String nonce) {
        return sign(personClaims(user, ttl).claim("nonce", nonce).build());
    }

    private JWTClaimsSet.Builder personClaims(Config.User user, Duration ttl) {
        return claims(user.name(), ttl).claim("nationality", user.nation())
                .claim("clearance", user.clearance() == null ? "NONE" : user.clearance())
                .claim("accesses", user.accesses()).claim("org", user.orgs()).claim("roles", user.roles());
    }

    /** The issuer ({@code iss}) of this issuer's tokens. */
    public String issuer() {
        return auth.issuer();
    }

    private JWTClaimsSet.Builder claims(String user, Duration ttl) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(auth.issuer()).audience(auth.audience()).subject(user)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        // verifiers refuse high-S signatures: the JDK's ECDSA may return either form
        String signed = jwt.serialize();
        return signed.substring(0, signed.lastIndexOf('.') + 1) + JwtKeys.canonicalEcdsaForm(jwt.getSignature());
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(directory(file), ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path directory(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IOException(file + " is not in a directory");
        }
        return dir;
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(directory(file), ".jwks", ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
