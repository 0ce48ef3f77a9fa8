package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import io.tearline.server.internal.JwtKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a token can be wrong is refused; each right way is accepted next to it. */
class AuthenticatorTest {

    static ECKey ec;
    static RSAKey rsa;
    static OctetKeyPair ed;
    static java.security.KeyPair edPair;
    static ECKey stranger;
    static Authenticator auth;
    static final Config.Auth CONFIG = new Config.Auth("https://issuer.example", "tearline", null, null, null);

    @BeforeAll
    static void keys() throws Exception {
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        edPair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = edPair.getPublic().getEncoded();
        ed = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
                .keyID("ed").build();
        stranger = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        JWKSet trusted = new JWKSet(List.<JWK>of(ec.toPublicJWK(), rsa.toPublicJWK(), ed.toPublicJWK()));
        UserDirectory users = new UserDirectory(List.of(
                new Config.User("kenji", "JPN", "SECRET", List.of(), List.of("JSDF-DIH"), List.of("analyst"))));
        auth = new Authenticator(CONFIG, new ImmutableJWKSet<>(trusted), users);
    }

    static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("https://issuer.example").audience("tearline").subject("kenji")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
                edit.apply(claims()).build());
        jwt.sign(signer);
        String serialized = jwt.serialize();
        // a conforming ES256 signer gives the low-S form; the JDK's may give either
        return JWSAlgorithm.ES256.equals(alg)
                ? serialized.substring(0, serialized.lastIndexOf('.') + 1) + JwtKeys.canonicalEcdsaForm(jwt.getSignature())
                : serialized;
    }

    /** EdDSA signed with the JDK, as an outside identity provider would. */
    static String eddsa(java.security.PrivateKey key, UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        SignedJWT unsigned = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("ed").build(), edit.apply(claims()).build());
        byte[] input = unsigned.getSigningInput();
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(input);
        return new String(input, StandardCharsets.US_ASCII) + "." + Base64URL.encode(s.sign());
    }

    static String es256(UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        return sign(JWSAlgorithm.ES256, "ec", new ECDSASigner(ec), edit);
    }

    @Test
    void acceptsEachAllowedAlgorithmAndTakesAttributesFromTheDirectory() throws Exception {
        Principal p = auth.authenticate("Bearer " + es256(b -> b.claim("clearance", "TOP_SECRET").claim("nation", "USA")));
        assertThat(p.nation()).isEqualTo("JPN");
        assertThat(p.clearance()).isEqualTo(Clearance.SECRET);
        assertThat(auth.authenticate("Bearer " + sign(JWSAlgorithm.RS256, "rsa", new RSASSASigner(rsa), b -> b)).name())
                .isEqualTo("kenji");
        assertThat(auth.authenticate("Bearer " + eddsa(edPair.getPrivate(), b -> b)).name()).isEqualTo("kenji");
        java.security.KeyPair other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        refused(eddsa(other.getPrivate(), b -> b));
    }

    @Test
    void refusesExpiredTokensBeyondTheSkew() throws Exception {
        Instant now = Instant.now();
        assertThat(auth.authenticate("Bearer " + es256(b -> b.expirationTime(Date.from(now.minusSeconds(30))))))
                .isNotNull();
        refused(es256(b -> b.expirationTime(Date.from(now.minusSeconds(120)))));
    }

    @Test
    void aRememberedTokenStillExpires() throws Exception {
        UserDirectory users = new UserDirectory(List.of(
                new Config.User("kenji", "JPN", "SECRET", List.of(), List.of("JSDF-DIH"), List.of("analyst"))));
        Authenticator strict = new Authenticator(new Config.Auth("https://issuer.example", "tearline", null, null, 0),
                new ImmutableJWKSet<>(new JWKSet(List.<JWK>of(ec.toPublicJWK()))), users);
        String token = es256(b -> b.expirationTime(Date.from(Instant.now().plusMillis(1500))));
        assertThat(strict.authenticate("Bearer " + token).name()).isEqualTo("kenji");
        assertThat(strict.authenticate("Bearer " + token).name()).isEqualTo("kenji"); // remembered
        Thread.sleep(2100);
        assertThatThrownBy(() -> strict.authenticate("Bearer " + token)).isInstanceOf(AuthException.class);
    }

    @Test
    void refusesNotYetValidTokens() throws Exception {
        Instant now = Instant.now();
        refused(es256(b -> b.notBeforeTime(Date.from(now.plusSeconds(600)))));
        assertThat(auth.authenticate("Bearer " + es256(b -> b.notBeforeTime(Date.from(now.minusSeconds(5)))))).isNotNull();
    }

    @Test
    void refusesWrongIssuerAndAudience() throws Exception {
        refused(es256(b -> b.issuer("https://evil.example")));
        refused(es256(b -> b.audience("someone-else")));
        refused(es256(b -> b.subject("mallory")));
        refused(es256(b -> b.subject(null)));
        refused(es256(b -> b.expirationTime(null)));
    }

    @Test
    void refusesTheWrongKey() throws Exception {
        refused(sign(JWSAlgorithm.ES256, "ec", new ECDSASigner(stranger), b -> b));
    }

    @Test
    void refusesUnsignedAndSymmetricTokens() throws Exception {
        refused(new PlainJWT(claims().build()).serialize());
        refused("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhdmEifQ.");
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        refused(sign(JWSAlgorithm.HS256, "ec", new MACSigner(secret), b -> b));
    }

    @Test
    void refusesTamperedTokens() throws Exception {
        String good = es256(b -> b);
        String[] parts = good.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8).replace("kenji", "ava");
        refused(parts[0] + "." + Base64URL.encode(payload) + "." + parts[2]);
        char last = parts[2].charAt(5);
        refused(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6));
    }

    @Test
    void refusesMissingAndMalformedHeaders() {
        for (String h : new String[] {null, "", "Bearer ", "Basic a2Vuamk6cHc=", "Bearer garbage", "bearer x.y.z"}) {
            assertThatThrownBy(() -> auth.authenticate(h)).as(String.valueOf(h)).isInstanceOf(AuthException.class);
        }
    }

    @Test
    void hundredYearTokenRefused() throws Exception {
        Instant now = Instant.now();
        AuthException e = refusedBecause(es256(b -> b.expirationTime(Date.from(now.plus(Duration.ofDays(36_500))))));
        assertThat(e.reason()).isEqualTo("token.lifetime");
        assertThat(e.failure()).isEqualTo(AuthException.Failure.INVALID);
        // the default bound is 12 hours: a token for 11 hours passes, one for 13 does not
        assertThat(auth.authenticate("Bearer " + es256(b -> b.expirationTime(Date.from(now.plus(Duration.ofHours(11))))))).isNotNull();
        assertThat(refusedBecause(es256(b -> b.expirationTime(Date.from(now.plus(Duration.ofHours(13)))))).reason())
                .isEqualTo("token.lifetime");
        // a recent iat does not buy a long life: exp is measured from now too
        assertThat(refusedBecause(es256(b -> b.issueTime(Date.from(now.plus(Duration.ofDays(30))))
                .expirationTime(Date.from(now.plus(Duration.ofDays(30)).plus(Duration.ofHours(1)))))).reason())
                .isEqualTo("token.issued-in-future");
    }

    @Test
    void tokenWithoutIssueTimeRefused() throws Exception {
        assertThat(refusedBecause(es256(b -> b.issueTime(null))).reason()).isEqualTo("token.claims");
        assertThat(auth.authenticate("Bearer " + es256(b -> b))).isNotNull();
    }

    @Test
    void configuredTokenLifetimeIsTheBound() throws Exception {
        UserDirectory users = new UserDirectory(List.of(
                new Config.User("kenji", "JPN", "SECRET", List.of(), List.of("JSDF-DIH"), List.of("analyst"))));
        Authenticator shortLived = new Authenticator(new Config.Auth("https://issuer.example", "tearline", null, null, null,
                Duration.ofMinutes(30)), new ImmutableJWKSet<>(new JWKSet(List.<JWK>of(ec.toPublicJWK()))), users);
        Instant now = Instant.now();
        assertThat(shortLived.authenticate("Bearer " + es256(b -> b.expirationTime(Date.from(now.plus(Duration.ofMinutes(29)))))))
                .isNotNull();
        assertThatThrownBy(() -> shortLived.authenticate("Bearer " + es256(b -> b.expirationTime(Date.from(now.plusSeconds(3600))))))
                .isInstanceOf(AuthException.class);
    }

    @Test
    void highSSignatureRefused() throws Exception {
        String good = es256(b -> b);
        String[] parts = good.split("\\.");
        byte[] sig = Base64URL.from(parts[2]).decode();
        java.math.BigInteger n = new java.math.BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        byte[] highS = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64)).negate().mod(n).toByteArray();
        byte[] twin = java.util.Arrays.copyOf(sig, 64);
        java.util.Arrays.fill(twin, 32, 64, (byte) 0);
        int from = Math.max(0, highS.length - 32);
        System.arraycopy(highS, from, twin, 64 - (highS.length - from), highS.length - from);
        String malleated = parts[0] + "." + parts[1] + "." + Base64URL.encode(twin);
        // the twin is a valid ECDSA signature: plain verification accepts it
        assertThat(SignedJWT.parse(malleated).verify(new com.nimbusds.jose.crypto.ECDSAVerifier(ec.toPublicJWK()))).isTrue();
        assertThat(malleated).isNotEqualTo(good);
        assertThat(auth.authenticate("Bearer " + good).name()).isEqualTo("kenji");
        assertThat(refusedBecause(malleated).reason()).isEqualTo("token.high-s");
        // and refused even if the canonical twin was seen (and remembered) first
        assertThat(refusedBecause(malleated).failure()).isEqualTo(AuthException.Failure.INVALID);
    }

    @Test
    void failuresAreClassedWithoutLibraryWords() throws Exception {
        assertThat(refusedBecause(es256(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(600))))).failure())
                .isEqualTo(AuthException.Failure.EXPIRED);
        assertThat(refusedBecause(es256(b -> b.audience("someone-else"))).failure()).isEqualTo(AuthException.Failure.INVALID);
        assertThat(refusedBecause("garbage").failure()).isEqualTo(AuthException.Failure.MALFORMED);
        assertThatThrownBy(() -> auth.authenticate(null)).isInstanceOfSatisfying(AuthException.class,
                e -> assertThat(e.failure()).isEqualTo(AuthException.Failure.MISSING));
        for (AuthException.Failure f : AuthException.Failure.values()) {
            assertThat(f.detail()).doesNotContainIgnoringCase("jwt").doesNotContain(":");
        }
    }

    static AuthException refusedBecause(String token) {
        try {
            auth.authenticate("Bearer " + token);
        } catch (AuthException e) {
            return e;
        }
        throw new AssertionError("accepted: " + token);
    }

    static void refused(String token) {
        assertThatThrownBy(() -> auth.authenticate("Bearer " + token)).as(token).isInstanceOf(AuthException.class);
    }
}
