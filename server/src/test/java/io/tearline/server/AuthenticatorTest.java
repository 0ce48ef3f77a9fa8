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
import java.nio.charset.StandardCharsets;
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
        return jwt.serialize();
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

    static void refused(String token) {
        assertThatThrownBy(() -> auth.authenticate("Bearer " + token)).as(token).isInstanceOf(AuthException.class);
    }
}
