package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import io.tearline.server.internal.JwtKeys;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Federated identity: each nation's provider vouches for its own people only, within the alliance's caps. */
class FederationTest {

    static final String JPN_IDP = "https://idp.mod.go.jp.example";
    static final String USA_IDP = "https://idp.dod.mil.example";

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    Path dir;
    ECKey jpn;
    ECKey usa;
    TestClock clock = new TestClock();
    Revocations revocations = Revocations.inMemory();

    @BeforeEach
    void keys() throws Exception {
        dir = Files.createTempDirectory("tearline-federation");
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/jwks.json"), new JWKSet().toString());
        jpn = newKey();
        usa = newKey();
        writeJwks("jpn.json", jpn);
        writeJwks("usa.json", usa);
    }

    @AfterEach
    void clean() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static ECKey newKey() throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.ES256).generate();
    }

    void writeJwks(String file, ECKey... keys) throws Exception {
        Files.writeString(dir.resolve(file), new JWKSet(List.<JWK>of(keys).stream().map(JWK::toPublicJWK).toList()).toString());
    }

    static Config.Federation federation(Config.Provider jpnProvider, Config.Provider usaProvider, Duration minRefresh) {
        return new Config.Federation(List.of(
                new Config.NationTrust("JPN", "SECRET", List.of(), List.of("analyst"), List.of(jpnProvider)),
                new Config.NationTrust("USA", "TOP_SECRET", List.of("SI", "TK"), List.of("analyst", "auditor"), List.of(usaProvider))),
                Duration.ofMinutes(15), minRefresh);
    }

    Authenticator open(Config.Federation f) throws Exception {
        Config c = new Config(".", null, null, new Config.Auth("https://tearline.example/demo", "tearline", null, null, null),
                null, List.of(new Config.User("kenji", "JPN", "SECRET", List.of(), List.of("JSDF-DIH"), List.of("analyst"))),
                null, f, null);
        return Authenticator.open(c, dir, new UserDirectory(c.users()), revocations, clock);
    }

    Authenticator fileBacked() throws Exception {
        return open(federation(new Config.Provider(JPN_IDP, null, "jpn.json", null, null),
                new Config.Provider(USA_IDP, null, "usa.json", null, null), Duration.ofSeconds(30)));
    }

    static JWTClaimsSet.Builder claims(String issuer, String sub, String nationality) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience("tearline").subject(sub)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("nationality", nationality);
    }

    static String sign(ECKey key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims.build());
        jwt.sign(new ECDSASigner(key));
        String s = jwt.serialize();
        return "Bearer " + s.substring(0, s.lastIndexOf('.') + 1) + JwtKeys.canonicalEcdsaForm(jwt.getSignature());
    }

    static String reason(Authenticator a, String header) {
        try {
            a.authenticate(header);
        } catch (AuthException e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + header);
    }

    @Test
    void aNationsProviderDescribesOnlyItsOwnNationals() throws Exception {
        Authenticator a = fileBacked();
        Principal kenji = a.authenticate(sign(jpn, claims(JPN_IDP, "kenji", "JPN").claim("clearance", "SECRET")));
        assertThat(kenji.nation()).isEqualTo("JPN");
        assertThat(kenji.clearance()).isEqualTo(Clearance.SECRET);
        // JPN's provider asserting a US national: refused, whatever else it says
        assertThat(reason(a, sign(jpn, claims(JPN_IDP, "ava", "USA").claim("clearance", "TOP_SECRET")))).isEqualTo("token.nationality");
        assertThat(reason(a, sign(jpn, claims(JPN_IDP, "ava", null)))).isEqualTo("token.nationality");
        assertThat(reason(a, sign(jpn, claims(JPN_IDP, "ava", "jpn")))).isEqualTo("token.nationality");
        // USA's own provider may describe ava
        assertThat(a.authenticate(sign(usa, claims(USA_IDP, "ava", "USA"))).nation()).isEqualTo("USA");
        // a token naming JPN's issuer but signed with USA's key: refused
        assertThat(reason(a, sign(usa, claims(JPN_IDP, "kenji", "JPN")))).isIn("token.key", "token.signature");
        // an issuer nobody configured
        assertThat(reason(a, sign(jpn, claims("https://idp.elsewhere.example", "kenji", "JPN")))).isEqualTo("token.issuer");
        // the wrong audience
        assertThat(reason(a, sign(jpn, claims(JPN_IDP, "kenji", "JPN").audience("other")))).isEqualTo("token.claims");
    }

    @Test
    void claimsAboveTheNationsCapsAreLoweredAndDropped() throws Exception {
        Authenticator a = fileBacked();
        Identity id = a.identify(sign(jpn, claims(JPN_IDP, "kenji", "JPN").claim("clearance", "TOP_SECRET")
                .claim("accesses", List.of("SI")).claim("roles", List.of("analyst", "admin")).claim("org", "JSDF-DIH")), null);
        assertThat(id.principal().clearance()).isEqualTo(Clearance.SECRET);
        assertThat(id.principal().accesses()).isEmpty();
        assertThat(id.principal().roles()).containsExactly("analyst");
        assertThat(id.principal().orgs()).containsExactly("JSDF-DIH");
        assertThat(id.caps()).hasSize(3).anyMatch(c -> c.contains("TOP_SECRET lowered to SECRET"))
                .anyMatch(c -> c.contains("access SI dropped")).anyMatch(c -> c.contains("role admin dropped"));
        assertThat(id.source()).isEqualTo(new Identity.Source.Provider(JPN_IDP, "JPN"));
        // within the caps, nothing is changed and no cap is reported
        Identity ava = a.identify(sign(usa, claims(USA_IDP, "ava", "USA").claim("clearance", "TOP SECRET")
                .claim("accesses", "SI TK").claim("roles", List.of("auditor"))), null);
        assertThat(ava.principal().clearance()).isEqualTo(Clearance.TOP_SECRET);
        assertThat(ava.principal().accesses()).containsExactlyInAnyOrder("SI", "TK");
        assertThat(ava.caps()).isEmpty();
        // no clearance claim: none; an unknown clearance: refused
        assertThat(a.authenticate(sign(usa, claims(USA_IDP, "sam", "USA"))).clearance()).isEqualTo(Clearance.NONE);
        assertThat(reason(a, sign(usa, claims(USA_IDP, "sam", "USA").claim("clearance", "COSMIC")))).isEqualTo("token.clearance");
        assertThat(reason(a, sign(usa, claims(USA_IDP, "sam", "USA").claim("accesses", List.of(1, 2))))).isEqualTo("token.claim-type");
    }

    @Test
    void configuredClaimNamesAreRead() throws Exception {
        Config.ClaimNames names = new Config.ClaimNames("preferred_username", "country", "level", null, null, null);
        Authenticator a = open(federation(new Config.Provider(JPN_IDP, null, "jpn.json", null, names),
                new Config.Provider(USA_IDP, null, "usa.json", null, null), Duration.ofSeconds(30)));
        Principal p = a.authenticate(sign(jpn, claims(JPN_IDP, "opaque-id-17", null).claim("preferred_username", "kenji")
                .claim("country", "JPN").claim("level", "CONFIDENTIAL")));
        assertThat(p.name()).isEqualTo("kenji");
        assertThat(p.clearance()).isEqualTo(Clearance.CONFIDENTIAL);
        // the standard name is not read when another is configured
        assertThat(reason(a, sign(jpn, claims(JPN_IDP, "kenji", "JPN").claim("preferred_username", "kenji")))).isEqualTo("token.nationality");
    }

    @Test
    void aRotatedKeyIsPickedUpWithoutARestart() throws Exception {
        Authenticator a = fileBacked();
        assertThat(a.authenticate(sign(jpn, claims(JPN_IDP, "kenji", "JPN"))).name()).isEqualTo("kenji");
        ECKey next = newKey();
        writeJwks("jpn.json", next); // JPN rotates: the old key is withdrawn, a new one published
        clock.advance(Duration.ofMinutes(1)); // past the minimum refresh interval
        assertThat(a.authenticate(sign(next, claims(JPN_IDP, "kenji", "JPN"))).name()).isEqualTo("kenji");
        // the withdrawn key's new tokens are refused
        assertThat(reason(a, sign(jpn, claims(JPN_IDP, "maki", "JPN")))).isIn("token.key", "token.signature");
        // once the cache's time is up the set is fetched again even without an unknown kid
        long before = a.keyFetches().get(JPN_IDP);
        clock.advance(Duration.ofMinutes(16));
        a.authenticate(sign(next, claims(JPN_IDP, "hana", "JPN")));
        assertThat(a.keyFetches().get(JPN_IDP)).isEqualTo(before + 1);
    }

    @Test
    void unknownKeyIdsCauseOneBoundedRefreshNotAFetchPerRequest() throws Exception {
        AtomicInteger jwksHits = new AtomicInteger();
        AtomicInteger discoveryHits = new AtomicInteger();
        String[] published = {new JWKSet(jpn.toPublicJWK()).toString()};
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/.well-known/openid-configuration", ex -> {
            discoveryHits.incrementAndGet();
            byte[] b = ("{\"issuer\":\"" + JPN_IDP + "\",\"jwks_uri\":\"/keys\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        idp.createContext("/keys", ex -> {
            jwksHits.incrementAndGet();
            byte[] b = published[0].getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        idp.start();
        try {
            String discovery = "http://127.0.0.1:" + idp.getAddress().getPort() + "/.well-known/openid-configuration";
            Authenticator a = open(federation(new Config.Provider(JPN_IDP, null, null, discovery, null),
                    new Config.Provider(USA_IDP, null, "usa.json", null, null), Duration.ofSeconds(30)));
            assertThat(a.authenticate(sign(jpn, claims(JPN_IDP, "kenji", "JPN"))).name()).isEqualTo("kenji");
            assertThat(jwksHits.get()).isEqualTo(1);
            assertThat(discoveryHits.get()).isEqualTo(1);
            // many requests with the known key: no more fetches
            for (int i = 0; i < 20; i++) {
                a.authenticate(sign(jpn, claims(JPN_IDP, "kenji-" + i, "JPN")));
            }
            assertThat(jwksHits.get()).isEqualTo(1);
            // a flood of tokens with made-up key ids: one refresh in the interval, not one per request
            clock.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 50; i++) {
                ECKey forged = newKey();
                assertThat(reason(a, sign(forged, claims(JPN_IDP, "kenji", "JPN")))).isEqualTo("token.key");
            }
            assertThat(jwksHits.get()).isEqualTo(2);
            assertThat(a.keyFetches()).containsEntry(JPN_IDP, 2L);
            // JPN rotates within the same interval: the new kid waits for the interval to pass...
            ECKey next = newKey();
            published[0] = new JWKSet(List.<JWK>of(jpn.toPublicJWK(), next.toPublicJWK())).toString();
            String rotated = sign(next, claims(JPN_IDP, "kenji", "JPN"));
            assertThat(reason(a, rotated)).isEqualTo("token.key");
            assertThat(jwksHits.get()).isEqualTo(2);
            // ...and is accepted after it, with exactly one more fetch
            clock.advance(Duration.ofSeconds(31));
            assertThat(a.authenticate(rotated).name()).isEqualTo("kenji");
            assertThat(jwksHits.get()).isEqualTo(3);
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void aFailedFetchKeepsTheKnownKeysAndAnUnreachableProviderIsRefused() throws Exception {
        Authenticator a = fileBacked();
        assertThat(a.authenticate(sign(jpn, claims(JPN_IDP, "kenji", "JPN"))).name()).isEqualTo("kenji");
        Files.writeString(dir.resolve("jpn.json"), "not a key set");
        clock.advance(Duration.ofMinutes(16)); // the cache's time is up: the fetch fails
        assertThat(a.authenticate(sign(jpn, claims(JPN_IDP, "hana", "JPN"))).name()).isEqualTo("hana");
        assertThat(a.keyFetches().get(JPN_IDP)).isEqualTo(2L);
        // a provider whose keys were never fetched refuses every token, and is not asked again per request
        Files.delete(dir.resolve("usa.json"));
        Authenticator b = fileBacked();
        for (int i = 0; i < 10; i++) {
            assertThat(reason(b, sign(usa, claims(USA_IDP, "ava", "USA")))).isEqualTo("token.key");
        }
        assertThat(b.keyFetches().get(USA_IDP)).isEqualTo(1L);
    }

    @Test
    void aRevokedSubjectsEarlierTokensAreRefused() throws Exception {
        Authenticator a = fileBacked();
        String early = sign(jpn, claims(JPN_IDP, "kenji", "JPN"));
        String other = sign(jpn, claims(JPN_IDP, "hana", "JPN"));
        assertThat(a.authenticate(early).name()).isEqualTo("kenji"); // remembered as verified
        revocations.revoke("kenji", Instant.now());
        assertThat(reason(a, early)).isEqualTo("token.revoked");
        assertThat(reason(a, sign(jpn, claims(JPN_IDP, "kenji", "JPN")))).isEqualTo("token.revoked");
        assertThat(a.authenticate(other).name()).isEqualTo("hana"); // another subject is untouched
        // a token issued after the revocation (from the next whole second) is accepted
        Thread.sleep(1100);
        assertThat(a.authenticate(sign(jpn, claims(JPN_IDP, "kenji", "JPN"))).name()).isEqualTo("kenji");
    }

    @Test
    void revocationsSurviveARestart() throws Exception {
        Path file = dir.resolve(Revocations.FILE);
        Revocations r = Revocations.open(file);
        Instant cut = r.revoke("kenji", Instant.parse("2026-12-07T10:00:00.250Z"));
        assertThat(cut).isEqualTo(Instant.parse("2026-12-07T10:00:01Z"));
        Revocations again = Revocations.open(file);
        assertThat(again.revoked("kenji", Instant.parse("2026-12-07T10:00:00Z"))).isTrue();
        assertThat(again.revoked("kenji", Instant.parse("2026-12-07T10:00:01Z"))).isFalse();
        assertThat(again.revoked("hana", Instant.parse("2026-12-07T10:00:00Z"))).isFalse();
        assertThat(Map.of("k", again.revokedBefore("kenji").orElseThrow())).containsEntry("k", cut);
    }

    @Test
    void theDirectoryIssuerStillNamesDirectoryUsersOnly() throws Exception {
        Authenticator a = fileBacked();
        assertThatThrownBy(() -> a.authenticate(null)).isInstanceOf(AuthException.class);
        ECKey demo = newKey();
        Files.writeString(dir.resolve("keys/jwks.json"), new JWKSet(demo.toPublicJWK()).toString());
        Authenticator b = fileBacked();
        Identity kenji = b.identify(sign(demo, claims("https://tearline.example/demo", "kenji", "USA").claim("clearance", "TOP_SECRET")), null);
        assertThat(kenji.principal().nation()).isEqualTo("JPN"); // the directory decides, not the claims
        assertThat(kenji.principal().clearance()).isEqualTo(Clearance.SECRET);
        assertThat(kenji.source()).isInstanceOf(Identity.Source.Directory.class);
        assertThat(reason(b, sign(demo, claims("https://tearline.example/demo", "mallory", "USA")))).isEqualTo("token.subject");
    }
}
