package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with mutual TLS: a nation's CA vouches for its people's certificates; expired, revoked and
 * foreign certificates are refused, and a bearer token must name the certificate's person.
 */
class TlsHttpTest {

    static DemoFixture demo;
    static TestPki.Issued serverCa;
    static TestPki.Issued usaCa;
    static TestPki.Issued jpnCa;
    static TestPki.Issued foreignCa;
    static TestPki.Issued ava;
    static TestPki.Issued kenji;
    static TestPki.Issued kenjiRevoked;
    static Path crl;

    @BeforeAll
    static void start() throws Exception {
        serverCa = TestPki.ca("Tearline test server CA");
        usaCa = TestPki.ca("USA people CA");
        jpnCa = TestPki.ca("JPN people CA");
        foreignCa = TestPki.ca("USA people CA"); // the same name as USA's, another key
        TestPki.Issued server = TestPki.leaf(serverCa, "localhost", new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"));
        ava = TestPki.leaf(usaCa, "ava");
        kenji = TestPki.leaf(jpnCa, "JSDF kenji", new GeneralName(GeneralName.uniformResourceIdentifier, "urn:jpn:person:kenji"));
        kenjiRevoked = TestPki.leaf(jpnCa, "JSDF kenji", new GeneralName(GeneralName.uniformResourceIdentifier, "urn:jpn:person:kenji"));
        demo = new DemoFixture(List.of(), (dir, c) -> {
            try {
                Path root = dir.root();
                server.write(root.resolve("server.key"), root.resolve("server.pem"));
                TestPki.writeCerts(root.resolve("usa-ca.pem"), List.of(usaCa.cert()));
                TestPki.writeCerts(root.resolve("jpn-ca.pem"), List.of(jpnCa.cert()));
                crl = root.resolve("people.crl");
                TestPki.writeCrl(crl, TestPki.crl(jpnCa));
                Config.Tls tls = new Config.Tls("server.key", "server.pem", "want", List.of(
                        new Config.ClientCa("USA", "usa-ca.pem", "cn", null),
                        new Config.ClientCa("JPN", "jpn-ca.pem", "uri", "urn:jpn:person:")), "people.crl");
                Config.Server s = c.server();
                return c.withServer(new Config.Server(s.host(), s.port(), s.maxBodyBytes(), s.idleTimeout(), s.receiveTimeout(), tls));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    static HttpClient client(SSLContext ssl) {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return HttpClient.newBuilder().sslContext(ssl).sslParameters(p).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpResponse<String> get(HttpClient c, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + demo.server.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void plainHttpIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.server.port() + "/health"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> answer = plain.send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(400); // Jetty's answer to plain text on a TLS port
        } catch (Exception e) {
            assertThat(e).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aTokenAloneOverTlsStillWorksWhenCertificatesAreWantedNotNeeded() throws Exception {
        HttpClient c = client(TestPki.trustOnly(serverCa.cert()));
        assertThat(get(c, "/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> me = get(c, "/api/v1/me", demo.token("kenji"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(DemoFixture.JSON.readTree(me.body()).get("source").get("kind").asText()).isEqualTo("directory");
        assertThat(get(c, "/api/v1/me", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aGoodCertificateNamesItsPerson() throws Exception {
        JsonNode me = DemoFixture.JSON.readTree(get(client(ava.clientContext(serverCa.cert())), "/api/v1/me", null).body());
        assertThat(me.get("name").asText()).isEqualTo("ava");
        assertThat(me.get("nation").asText()).isEqualTo("USA");
        assertThat(me.get("source").get("kind").asText()).isEqualTo("certificate");
        assertThat(me.get("source").get("nation").asText()).isEqualTo("USA");
        // a SAN rule: JPN's certificates name the person in a URI
        HttpResponse<String> k = get(client(kenji.clientContext(serverCa.cert())), "/api/v1/me", null);
        assertThat(k.statusCode()).as(k.body()).isEqualTo(200);
        assertThat(DemoFixture.JSON.readTree(k.body()).get("name").asText()).isEqualTo("kenji");
        // the certificate decides reads like a token does
        HttpResponse<String> r1 = get(client(kenji.clientContext(serverCa.cert())), "/api/v1/reports/" + demo.id("R1"), null);
        assertThat(r1.statusCode()).isEqualTo(200);
    }

    @Test
    void aCertificateOfOneNationCannotNameAnothersPerson() throws Exception {
        // USA's CA issues a certificate for kenji, who is JPN's: refused
        TestPki.Issued fake = TestPki.leaf(usaCa, "kenji");
        assertThat(get(client(fake.clientContext(serverCa.cert())), "/api/v1/me", null).statusCode()).isEqualTo(401);
        // a certificate whose name rule finds nothing: refused
        TestPki.Issued noUri = TestPki.leaf(jpnCa, "kenji");
        assertThat(get(client(noUri.clientContext(serverCa.cert())), "/api/v1/me", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued expired = TestPki.leaf(usaCa, "ava", now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> get(client(expired.clientContext(serverCa.cert())), "/api/v1/me", null))
                .isInstanceOf(IOException.class);
        // with a valid token too: the connection is still refused
        assertThatThrownBy(() -> get(client(expired.clientContext(serverCa.cert())), "/api/v1/me", demo.token("ava")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aForeignCaIsRefused() throws Exception {
        TestPki.Issued foreign = TestPki.leaf(foreignCa, "ava");
        assertThatThrownBy(() -> get(client(foreign.clientContext(serverCa.cert())), "/api/v1/me", null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aRevokedCertificateIsRefusedOnceTheListChanges() throws Exception {
        HttpClient before = client(kenjiRevoked.clientContext(serverCa.cert()));
        assertThat(get(before, "/api/v1/me", null).statusCode()).isEqualTo(200);
        Thread.sleep(1100); // a new modification time, even on coarse file systems
        TestPki.writeCrl(crl, TestPki.crl(jpnCa, kenjiRevoked.cert()));
        // the same connection and a new one: both refused now
        assertThat(get(before, "/api/v1/me", null).statusCode()).isEqualTo(401);
        assertThat(get(client(kenjiRevoked.clientContext(serverCa.cert())), "/api/v1/me", demo.token("kenji")).statusCode())
                .isEqualTo(401);
        // another certificate of the same CA is untouched
        assertThat(get(client(kenji.clientContext(serverCa.cert())), "/api/v1/me", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenMustNameTheCertificatesPerson() throws Exception {
        HttpClient asAva = client(ava.clientContext(serverCa.cert()));
        HttpResponse<String> same = get(asAva, "/api/v1/me", demo.token("ava"));
        assertThat(same.statusCode()).isEqualTo(200);
        JsonNode me = DemoFixture.JSON.readTree(same.body());
        assertThat(me.get("source").get("kind").asText()).isEqualTo("directory");
        assertThat(me.get("source").get("certificate").asText()).contains("CN=ava");
        // ava's certificate with ben's token: refused, although each alone is good
        assertThat(get(asAva, "/api/v1/me", demo.token("ben")).statusCode()).isEqualTo(401);
        assertThat(get(client(kenji.clientContext(serverCa.cert())), "/api/v1/me", demo.token("ava")).statusCode()).isEqualTo(401);
        assertThat(get(client(TestPki.trustOnly(serverCa.cert())), "/api/v1/me", demo.token("ben")).statusCode()).isEqualTo(200);
    }
}
